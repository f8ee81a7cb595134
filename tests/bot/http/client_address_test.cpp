// Who sent a request and how it reached us, without a server.
#include "bot/http/client_address.hpp"

#include <gtest/gtest.h>

namespace buurtbot::http {
namespace {

TEST(ClientAddress, TheTrustedProxysLastForwardedAddressIsTheClient) {
  http::Request request;
  request.remote = "127.0.0.1:40000";
  request.headers = {{"x-forwarded-for", "10.9.9.9, 203.0.113.5"}};
  EXPECT_EQ(client_address(request, "127.0.0.1"), "203.0.113.5") << "the entries before the last are the client's own";
  EXPECT_EQ(client_address(request, ""), "127.0.0.1") << "without a proxy the header is anyone's";
  EXPECT_EQ(client_address(request, "192.0.2.1"), "127.0.0.1") << "from another peer it proves nothing";
  request.headers.clear();
  EXPECT_EQ(client_address(request, "127.0.0.1"), "127.0.0.1");
  request.remote = "[::1]:40000";
  request.headers = {{"x-forwarded-for", "2001:db8::7"}};
  EXPECT_EQ(client_address(request, "::1"), "2001:db8::7");
}

TEST(ClientAddress, HttpsWhenServedWithTlsOrWhenTheTrustedProxySaysSo) {
  http::Request request;
  request.remote = "127.0.0.1:40000";
  EXPECT_TRUE(over_https(request, true, ""));
  EXPECT_FALSE(over_https(request, false, "127.0.0.1"));
  request.headers = {{"x-forwarded-proto", "HTTPS"}};
  EXPECT_TRUE(over_https(request, false, "127.0.0.1"));
  EXPECT_FALSE(over_https(request, false, ""));
  EXPECT_FALSE(over_https(request, false, "192.0.2.1"));
}

TEST(ClientAddress, DropsThePort) {
  EXPECT_EQ(address_of("192.0.2.7:51234"), "192.0.2.7");
  EXPECT_EQ(address_of("[2001:db8::1]:443"), "[2001:db8::1]");
  EXPECT_EQ(address_of("[2001:db8::1]"), "[2001:db8::1]");
}

}  // namespace
}  // namespace buurtbot::http
