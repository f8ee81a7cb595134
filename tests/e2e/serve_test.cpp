// `buurtbot serve` over loopback as a client sees it: the limits the config sets for connections.
#include "tests/bot/http/running_server.hpp"
#include "tests/e2e/service.hpp"

#include <gtest/gtest.h>

namespace buurtbot::testing {
namespace {

using http::testing::RawConnection;
using http::testing::status_of;

TEST(ServeConnections, TakesThePerAddressCapAndTheIdleTimeoutFromTheConfig) {
  Service service;
  service.set_env("BUURTBOT_SERVER_MAX_CONNECTIONS_PER_ADDRESS", "1");
  service.set_env("BUURTBOT_SERVER_IDLE_TIMEOUT_S", "1");
  ASSERT_TRUE(service.start());
  // From 127.0.0.2: the connection that waited for /readyz from 127.0.0.1 may still be closing.
  RawConnection first(service.port(), "127.0.0.2");
  ASSERT_TRUE(first.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(status_of(first.read_response()), 200);

  RawConnection second(service.port(), "127.0.0.2");
  second.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");  // may find the connection closed already
  bool closed = false;
  EXPECT_EQ(second.read_until_closed(closed), "");
  EXPECT_TRUE(closed);

  // The first one, kept alive, is closed once it waited a second for a next request.
  EXPECT_EQ(first.read_until_closed(closed), "");
  EXPECT_TRUE(closed);
  EXPECT_TRUE(service.stop());
}

}  // namespace
}  // namespace buurtbot::testing
