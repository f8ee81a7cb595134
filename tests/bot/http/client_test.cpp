#include "bot/http/client.hpp"

#include "tests/bot/http/running_server.hpp"

#include <gtest/gtest.h>

#include <future>
#include <string>

namespace buurtbot::http {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::RunningServer;

// A handler that answers with the request line's target, so a test sees what the client sent.
Router target_echo() {
  Router router;
  auto echo = [](Request request, Respond respond) {
    Response response;
    response.body = request.method + " " + request.target;
    respond(std::move(response));
  };
  router.add_prefix("GET", "/", echo);
  router.add_prefix("PUT", "/", echo);
  return router;
}

// A free port on 127.0.0.1 with nothing listening: bound once, then released.
std::uint16_t closed_port() {
  boost::asio::io_context io;
  return Server(io, "127.0.0.1:0", {}, Router{}).port();
}

TEST(HttpClient, JoinsTheBaseUrlsPathAndThePath) {
  RunningServer running(target_echo());
  Client client(running.url() + "/prefix/");
  EXPECT_EQ(client.get("/getMe?x=1").body, "GET /prefix/getMe?x=1");
  EXPECT_EQ(client.request("PUT", "rooms/1/send/m.room.message/txn", "application/json", "{}").body,
            "PUT /prefix/rooms/1/send/m.room.message/txn");
}

TEST(HttpClient, ReturnsErrorStatusesAsResponses) {
  RunningServer running(Router{});
  auto response = Client(running.url()).get("/nothing");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "text/plain; charset=utf-8");
}

TEST(HttpClient, ReconnectsWhenTheServerClosedTheKeptAliveConnection) {
  Limits limits;
  limits.idle_timeout = 1s;
  RunningServer running(target_echo(), limits);
  Client client(running.url());
  EXPECT_EQ(client.get("/one").status, 200);
  ASSERT_TRUE(eventually([&] { return running.server().open_connections() == 0; }));
  EXPECT_EQ(client.get("/two").status, 200);
  EXPECT_EQ(client.connections_opened(), 2u);
  EXPECT_EQ(running.server().accepted_connections(), 2u);
}

TEST(HttpClient, ThrowsNetworkErrorWithoutThePathWhenNothingListens) {
  Client client("http://127.0.0.1:" + std::to_string(closed_port()));
  try {
    client.post("/bot123:secret/sendMessage", "application/json", "{}");
    ADD_FAILURE() << "no error";
  } catch (const NetworkError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("connect"), std::string::npos) << what;
    EXPECT_EQ(what.find("secret"), std::string::npos) << what;
  }
}

TEST(HttpClient, GivesUpWhenTheResponseTakesLongerThanTheReadTimeout) {
  std::promise<Respond> held;
  Router router;
  router.add("GET", "/slow", [&](Request, Respond respond) { held.set_value(std::move(respond)); });
  RunningServer running(router);
  ClientOptions options;
  options.read_timeout = 1s;
  Client client(running.url(), options);
  EXPECT_THROW(client.get("/slow"), NetworkError);
  held.get_future().get()(Response{});  // answered only after the client gave up
}

TEST(HttpClient, RejectsUrlsItCannotUse) {
  EXPECT_THROW(Client("ftp://example.org"), std::invalid_argument);
  EXPECT_THROW(Client("not a url"), std::invalid_argument);
}

}  // namespace
}  // namespace buurtbot::http
