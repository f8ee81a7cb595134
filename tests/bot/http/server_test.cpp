#include "bot/http/server.hpp"

#include "bot/http/client.hpp"
#include "tests/bot/http/running_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace buurtbot::http {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::RawConnection;
using testing::RunningServer;
using testing::status_of;

std::string header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

Response text(std::string body) {
  Response response;
  response.body = std::move(body);
  return response;
}

// Routes shared by most tests: GET /ok answers "ok", POST /echo answers its body and remembers the
// request it got.
class HttpServer : public ::testing::Test {
 protected:
  HttpServer() {
    router_.add("GET", "/ok", [](Request, Respond respond) { respond(text("ok")); });
    router_.add("POST", "/echo", [this](Request request, Respond respond) {
      ++echo_calls_;
      std::string body = request.body;
      {
        std::lock_guard lock(mutex_);
        last_ = std::move(request);
      }
      respond(text(body));
    });
  }

  Request last() {
    std::lock_guard lock(mutex_);
    return last_;
  }

  Router router_;
  std::atomic<int> echo_calls_{0};
  std::mutex mutex_;
  Request last_;
};

TEST_F(HttpServer, PassesTheRequestToItsRoute) {
  router_.add_prefix("GET", "/files/", [](Request request, Respond respond) { respond(text(request.path)); });
  RunningServer running(router_);
  ClientOptions options;
  options.headers = {{"X-Telegram-Bot-Api-Secret-Token", "s3cret"}};
  Client client(running.url(), options);

  auto response = client.post("/echo?a=1%202&b", "application/json", R"({"update_id":1})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"update_id":1})");
  auto request = last();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/echo?a=1%202&b");
  EXPECT_EQ(request.path, "/echo");
  EXPECT_EQ(request.query, "a=1%202&b");
  EXPECT_EQ(request.headers["x-telegram-bot-api-secret-token"], "s3cret");
  EXPECT_EQ(request.headers["content-type"], "application/json");
  EXPECT_TRUE(request.remote.starts_with("127.0.0.1:"));
  EXPECT_EQ(client.get("/files/a%20b").body, "/files/a b");
}

TEST_F(HttpServer, AnswersNotFoundAndMethodNotAllowed) {
  RunningServer running(router_);
  Client client(running.url());
  EXPECT_EQ(client.get("/missing").status, 404);
  auto response = client.get("/echo");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(header(response, "allow"), "POST");
  EXPECT_EQ(echo_calls_, 0);
}

TEST_F(HttpServer, SendsServerDateAndTheHandlersHeaders) {
  router_.add("GET", "/made", [](Request, Respond respond) {
    Response response;
    response.status = 201;
    response.content_type = "application/json";
    response.body = "{}";
    response.headers = {{"X-Request-Id", "7"}, {"Content-Length", "999"}, {"X-Bad", "a\r\nInjected: yes"}};
    respond(std::move(response));
  });
  RunningServer running(router_);
  auto response = Client(running.url()).get("/made");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(header(response, "server"), "buurtbot");
  EXPECT_TRUE(header(response, "date").ends_with(" GMT"));
  EXPECT_EQ(header(response, "x-request-id"), "7");
  EXPECT_EQ(header(response, "content-length"), "2");
  EXPECT_EQ(header(response, "x-bad"), "");
  EXPECT_EQ(header(response, "injected"), "");
}

TEST_F(HttpServer, AnswersHeadWithoutBody) {
  RunningServer running(router_);
  auto response = Client(running.url()).request("HEAD", "/ok", "", "");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(header(response, "content-length"), "2");
}

TEST_F(HttpServer, ServesTwoRequestsOnOneKeptAliveConnection) {
  RunningServer running(router_);
  Client client(running.url());
  EXPECT_EQ(client.get("/ok").body, "ok");
  EXPECT_EQ(client.post("/echo", "text/plain", "again").body, "again");
  EXPECT_EQ(running.server().accepted_connections(), 1u);
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST_F(HttpServer, AnswersPipelinedRequestsInOrder) {
  RunningServer running(router_);
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nfirst"
                       "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecond"));
  bool closed = false;
  auto received = raw.read_until_closed(closed);
  EXPECT_TRUE(closed);
  auto first = received.find("\r\n\r\nfirst");
  auto second = received.find("\r\n\r\nsecond");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
}

TEST_F(HttpServer, AsksForTheBodyWhenTheClientExpectsContinue) {
  RunningServer running(router_);
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  EXPECT_EQ(status_of(raw.read_response()), 100);
  ASSERT_TRUE(raw.send("body"));
  auto response = raw.read_response();
  EXPECT_EQ(status_of(response), 200);
  EXPECT_TRUE(response.ends_with("\r\n\r\nbody"));
}

// A webhook may take 25 MiB of mail, but not from someone without its secret: a route's check before
// the body answers from the header alone, and the body is never read (or asked for with 100 Continue).
TEST_F(HttpServer, AChecksRefusalBeforeTheBodyIsAnsweredWithoutReadingIt) {
  bool handled = false;
  router_.add("POST", "/hook", [&handled](Request, Respond respond) {
    handled = true;
    respond(text("ok\n"));
  });
  router_.limit_body("/hook", 32u << 20);
  router_.check_before_body("/hook", [](const Request& head) -> std::optional<Response> {
    const auto secret = head.headers.find("x-secret");
    if (secret != head.headers.end() && secret->second == "right") return std::nullopt;
    return Response{401, "text/plain", "wrong secret\n", {}};
  });
  RunningServer running(router_);
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send("POST /hook HTTP/1.1\r\nHost: t\r\nX-Secret: wrong\r\nContent-Length: 20000000\r\n\r\n"));
  const auto refused = raw.read_response();
  EXPECT_EQ(status_of(refused), 401) << "answered with no byte of the body sent";
  EXPECT_NE(refused.find("Connection: close"), std::string::npos) << refused;

  RawConnection expecting(running.server().port());
  ASSERT_TRUE(expecting.send("POST /hook HTTP/1.1\r\nHost: t\r\nContent-Length: 20000000\r\nExpect: 100-continue\r\n\r\n"));
  EXPECT_EQ(status_of(expecting.read_response()), 401) << "no 100 Continue for a request refused";

  ClientOptions right;
  right.headers = {{"X-Secret", "right"}};
  EXPECT_EQ(Client(running.url(), right).post("/hook", "text/plain", std::string(1 << 20, 'm')).status, 200);
  EXPECT_TRUE(handled);
}

TEST_F(HttpServer, AnswersHttp10AndCloses) {
  RunningServer running(router_);
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send("GET /ok HTTP/1.0\r\n\r\n"));
  bool closed = false;
  auto response = raw.read_until_closed(closed);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(response.starts_with("HTTP/1.0 200 OK\r\n")) << response;
  EXPECT_TRUE(response.ends_with("\r\n\r\nok")) << response;
}

TEST_F(HttpServer, RefusesAnOversizedBodyWithoutCallingTheHandler) {
  Limits limits;
  limits.max_body_bytes = 1024;
  RunningServer running(router_, limits);
  Client client(running.url());
  auto response = client.post("/echo", "text/plain", std::string(4096, 'x'));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body, "Request body too large: at most 1024 bytes\n");
  EXPECT_EQ(echo_calls_, 0);
  EXPECT_EQ(client.post("/echo", "text/plain", std::string(1024, 'x')).status, 200);
  EXPECT_EQ(client.connections_opened(), 2u);  // the refusal closed the first connection
}

// A route with its own limit (a mail webhook taking photos) takes more than the server's, chunked or
// not, up to its own limit; every other route keeps the server's.
TEST_F(HttpServer, ARouteWithItsOwnBodyLimitTakesMoreAndTheOthersKeepTheServers) {
  router_.add("POST", "/large", [this](Request request, Respond respond) {
    ++echo_calls_;
    respond(text(std::to_string(request.body.size())));
  });
  router_.limit_body("/large", 8192);
  Limits limits;
  limits.max_body_bytes = 1024;
  RunningServer running(router_, limits);
  Client client(running.url());
  EXPECT_EQ(client.post("/large?from=pipe", "text/plain", std::string(8192, 'x')).body, "8192");
  const auto beyond = client.post("/large", "text/plain", std::string(8193, 'x'));
  EXPECT_EQ(beyond.status, 413);
  EXPECT_EQ(beyond.body, "Request body too large: at most 8192 bytes\n");
  EXPECT_EQ(client.post("/echo", "text/plain", std::string(4096, 'x')).status, 413) << "the server's limit";
  EXPECT_EQ(echo_calls_, 1);

  const std::string chunk(3000, 'x');  // 0xbb8
  const auto chunked = [&](int chunks) {
    RawConnection raw(running.server().port());
    std::string request = "POST /large HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    for (int i = 0; i < chunks; ++i) request += "bb8\r\n" + chunk + "\r\n";
    EXPECT_TRUE(raw.send(request + "0\r\n\r\n"));
    bool closed = false;
    return status_of(raw.read_until_closed(closed));
  };
  EXPECT_EQ(chunked(2), 200);
  EXPECT_EQ(chunked(3), 413);
  EXPECT_EQ(echo_calls_, 2);
}

TEST_F(HttpServer, RefusesAnOversizedChunkedBody) {
  Limits limits;
  limits.max_body_bytes = 1024;
  RunningServer running(router_, limits);
  RawConnection raw(running.server().port());
  std::string chunk(800, 'x');
  ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk +
                       "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n"));
  bool closed = false;
  EXPECT_EQ(status_of(raw.read_until_closed(closed)), 413);
  EXPECT_TRUE(closed);
  EXPECT_EQ(echo_calls_, 0);
}

// A body whose length the server cannot be sure of could hide a second request: the chunked body
// below carries a complete POST, and a server reading no body at all would answer it separately.
const std::string kChunkedBodyWithARequestInside =
    "36\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nhid\r\n0\r\n\r\n";

TEST_F(HttpServer, ReadsAChunkedBody) {
  RunningServer running(router_);
  for (std::string coding : {"chunked", "Chunked"}) {
    RawConnection raw(running.server().port());
    ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: " + coding +
                         "\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
    bool closed = false;
    auto response = raw.read_until_closed(closed);
    EXPECT_EQ(status_of(response), 200) << coding;
    EXPECT_TRUE(response.ends_with("\r\n\r\nhello")) << response;
  }
}

TEST_F(HttpServer, RefusesATransferEncodingOtherThanChunkedAndCloses) {
  Limits limits;
  limits.idle_timeout = 1s;  // a connection kept open by mistake ends soon
  RunningServer running(router_, limits);
  for (std::string framing : {"Transfer-Encoding: xchunked\r\n", "Transfer-Encoding: chunked, identity\r\n",
                              "Transfer-Encoding: gzip\r\n", "Transfer-Encoding: identity\r\n",
                              "Transfer-Encoding: gzip, chunked\r\n",
                              "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"}) {
    RawConnection raw(running.server().port());
    ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: t\r\n" + framing + "\r\n" + kChunkedBodyWithARequestInside));
    bool closed = false;
    auto received = raw.read_until_closed(closed);
    EXPECT_EQ(status_of(received), 400) << framing << received;
    EXPECT_EQ(received.find("HTTP/1.1", 1), std::string::npos) << framing << received;  // one answer only
    EXPECT_TRUE(closed) << framing;
  }
  EXPECT_EQ(echo_calls_, 0);
}

TEST_F(HttpServer, RefusesATransferEncodingNextToAContentLengthOrFromHttp10AndCloses) {
  Limits limits;
  limits.idle_timeout = 1s;
  RunningServer running(router_, limits);
  for (std::string head : {"HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 65\r\n",
                           "HTTP/1.1\r\nContent-Length: 65\r\nTransfer-Encoding: chunked\r\n",
                           "HTTP/1.1\r\nTransfer-Encoding: gzip\r\nContent-Length: 65\r\n",
                           "HTTP/1.1\r\nContent-Length: 65\r\nTransfer-Encoding: gzip\r\n",
                           "HTTP/1.0\r\nTransfer-Encoding: chunked\r\n"}) {
    RawConnection raw(running.server().port());
    ASSERT_TRUE(raw.send("POST /echo " + head + "Host: t\r\n\r\n" + kChunkedBodyWithARequestInside));
    bool closed = false;
    auto received = raw.read_until_closed(closed);
    EXPECT_EQ(status_of(received), 400) << head << received;
    EXPECT_TRUE(closed) << head;
  }
  EXPECT_EQ(echo_calls_, 0);
}

TEST_F(HttpServer, AnswersBadRequestToGarbage) {
  RunningServer running(router_);
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send("HELLO\x01 there\r\n\r\n"));
  bool closed = false;
  EXPECT_EQ(status_of(raw.read_until_closed(closed)), 400);
  EXPECT_TRUE(closed);
}

TEST_F(HttpServer, RefusesARequestWithTooManyHeaderFieldsAndServesTheNextClient) {
  RunningServer running(router_);
  // A thousand fields in 7 KB, well within the header's byte limit.
  std::string head = "POST /echo HTTP/1.1\r\nHost: t\r\n";
  for (int i = 0; i < 1000; ++i) head += "a: b\r\n";
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send(head + "Content-Length: 2\r\n\r\n{}"));
  bool closed = false;
  auto received = raw.read_until_closed(closed);
  EXPECT_EQ(status_of(received), 431) << received;
  EXPECT_TRUE(closed);
  EXPECT_EQ(echo_calls_, 0);
  RawConnection next(running.server().port());
  ASSERT_TRUE(next.send("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(status_of(next.read_response()), 200);
}

TEST_F(HttpServer, RefusesAChunkLineThatDoesNotEnd) {
  Limits limits;
  limits.read_timeout = 2s;  // without a limit of its own, the server would wait this long and close unanswered
  RunningServer running(router_, limits);
  // A chunk extension of 256 KB without its line's end, and a trailer of as many: held whole, they
  // would let every connection grow the server's memory until the read timeout.
  for (std::string body : {"1;" + std::string(256 * 1024, 'e'), "1\r\na\r\n0\r\n" + std::string(256 * 1024, 't')}) {
    RawConnection raw(running.server().port());
    ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"));
    raw.send(body);  // the server may close before it took all of it
    bool closed = false;
    auto received = raw.read_until_closed(closed);
    EXPECT_EQ(status_of(received), 400) << body.substr(0, 12) << received;
    EXPECT_TRUE(closed);
  }
  EXPECT_EQ(echo_calls_, 0);
}

TEST_F(HttpServer, CutsOffAClientThatSendsItsHeaderTooSlowly) {
  Limits limits;
  limits.header_timeout = 1s;
  RunningServer running(router_, limits);
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nX-Slow: "));
  // One byte at a time keeps the connection busy, but must not keep it open.
  bool cut_off = eventually([&] { return raw.closed_now() || !raw.send("a"); });
  EXPECT_TRUE(cut_off);
  EXPECT_EQ(echo_calls_, 0);
}

TEST_F(HttpServer, ClosesAnIdleKeptAliveConnection) {
  Limits limits;
  limits.idle_timeout = 1s;
  RunningServer running(router_, limits);
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(status_of(raw.read_response()), 200);
  bool closed = false;
  EXPECT_EQ(raw.read_until_closed(closed), "");
  EXPECT_TRUE(closed);
}

// Sends one kept-alive GET /ok on `raw` and returns the status of its answer (0 when closed instead).
int get_ok(RawConnection& raw) {
  if (!raw.send("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n")) return 0;
  return status_of(raw.read_response());
}

// Whether the server closed `raw` without answering the request sent on it.
bool closed_unanswered(RawConnection& raw) {
  raw.send("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n");  // may find the connection closed already
  bool closed = false;
  return raw.read_until_closed(closed).empty() && closed;
}

TEST_F(HttpServer, ClosesConnectionsOverTheCapOfOneAddressButLetsAnotherAddressIn) {
  Limits limits;
  limits.max_connections_per_address = 2;
  RunningServer running(router_, limits);
  const auto port = running.server().port();
  RawConnection first(port);
  RawConnection second(port);
  EXPECT_EQ(get_ok(first), 200);
  EXPECT_EQ(get_ok(second), 200);

  RawConnection third(port);
  EXPECT_TRUE(closed_unanswered(third));
  RawConnection elsewhere(port, "127.0.0.2");
  ASSERT_TRUE(elsewhere.connected());
  EXPECT_EQ(get_ok(elsewhere), 200);
  EXPECT_EQ(running.server().rejected_connections(), 1u);
  EXPECT_EQ(get_ok(first), 200);  // the connections within the cap keep working
}

TEST_F(HttpServer, LetsTheTrustedProxyOpenMoreConnectionsThanOneAddressMay) {
  Limits limits;
  limits.max_connections_per_address = 1;
  limits.trusted_proxy = "127.0.0.1";
  RunningServer running(router_, limits);
  const auto port = running.server().port();
  std::vector<std::unique_ptr<RawConnection>> proxied;
  for (int i = 0; i < 3; ++i) {
    proxied.push_back(std::make_unique<RawConnection>(port));
    EXPECT_EQ(get_ok(*proxied.back()), 200);
  }
  RawConnection client(port, "127.0.0.2");
  EXPECT_EQ(get_ok(client), 200);
  RawConnection again(port, "127.0.0.2");
  EXPECT_TRUE(closed_unanswered(again));
}

TEST_F(HttpServer, ClosesTheLongestIdleConnectionToLetANewClientIn) {
  Limits limits;
  limits.max_connections = 3;
  RunningServer running(router_, limits);
  const auto port = running.server().port();
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (const char* from : {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
    idle.push_back(std::make_unique<RawConnection>(port, from));
    EXPECT_EQ(get_ok(*idle.back()), 200);
    // The order in which they turned idle decides which one goes first.
    ASSERT_TRUE(eventually([&] { return running.server().idle_connections() == idle.size(); }));
  }

  RawConnection newcomer(port, "127.0.0.5");
  EXPECT_EQ(get_ok(newcomer), 200);
  bool closed = false;
  EXPECT_EQ(idle[0]->read_until_closed(closed), "");
  EXPECT_TRUE(closed);
  EXPECT_EQ(get_ok(*idle[1]), 200);
  EXPECT_EQ(get_ok(*idle[2]), 200);
  EXPECT_EQ(running.server().rejected_connections(), 0u);
}

TEST_F(HttpServer, ClosesNewConnectionsWhenNoneIsIdle) {
  std::promise<Respond> held;
  router_.add("POST", "/slow", [&](Request, Respond respond) { held.set_value(std::move(respond)); });
  Limits limits;
  limits.max_connections = 2;
  RunningServer running(router_, limits);
  const auto port = running.server().port();
  RawConnection fresh(port);  // has not sent its first request: not idle between requests
  auto answer = std::async(std::launch::async, [url = running.url()] {
    return Client(url).post("/slow", "text/plain", "x");
  });
  Respond respond = held.get_future().get();  // the other connection is now busy in its handler

  RawConnection turned_away(port);
  EXPECT_TRUE(closed_unanswered(turned_away));
  EXPECT_EQ(running.server().rejected_connections(), 1u);

  respond(text("done"));
  EXPECT_EQ(answer.get().status, 200);
  ASSERT_TRUE(eventually([&] { return running.server().open_connections() == 1; }));
  EXPECT_EQ(Client(running.url()).get("/ok").status, 200);
  EXPECT_EQ(get_ok(fresh), 200);
}

TEST_F(HttpServer, LetsAHandlerAnswerFromAnotherThread) {
  std::mutex mutex;
  std::vector<std::thread> workers;
  router_.add("POST", "/later", [&](Request request, Respond respond) {
    std::lock_guard lock(mutex);
    // As the journal does: the answer comes after work on a thread of its own.
    workers.emplace_back([request = std::move(request), respond = std::move(respond)] {
      respond(text("stored " + request.body));
    });
  });
  RunningServer running(router_);
  Client client(running.url());
  EXPECT_EQ(client.post("/later", "text/plain", "one").body, "stored one");
  EXPECT_EQ(client.post("/later", "text/plain", "two").body, "stored two");
  std::lock_guard lock(mutex);
  for (auto& worker : workers) worker.join();
}

TEST_F(HttpServer, AnswersServerErrorForADroppedOrFailedRequest) {
  router_.add("GET", "/dropped", [](Request, Respond) {});
  router_.add("GET", "/throws", [](Request, Respond) { throw std::runtime_error("broken"); });
  router_.add("GET", "/twice", [](Request, Respond respond) {
    respond(text("first"));
    respond(text("second"));
  });
  RunningServer running(router_);
  Client client(running.url());
  EXPECT_EQ(client.get("/dropped").status, 500);
  EXPECT_EQ(client.get("/throws").status, 500);
  EXPECT_EQ(client.get("/twice").body, "first");
  EXPECT_EQ(client.get("/ok").status, 200);
}

TEST_F(HttpServer, StopLetsTheRequestInFlightFinishAndClosesIdleConnections) {
  std::promise<Respond> held;
  router_.add("POST", "/slow", [&](Request, Respond respond) { held.set_value(std::move(respond)); });
  RunningServer running(router_);
  Client idle(running.url());
  EXPECT_EQ(idle.get("/ok").status, 200);
  auto answer = std::async(std::launch::async, [url = running.url()] {
    return Client(url).post("/slow", "text/plain", "x");
  });
  Respond respond = held.get_future().get();  // the request is now in its handler

  running.server().stop();
  respond(text("done"));
  auto response = answer.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "done");
  EXPECT_EQ(header(response, "connection"), "close");

  running.stop_and_join();  // returns once the io_context ran out of work: every connection closed
  EXPECT_EQ(running.server().open_connections(), 0u);
  EXPECT_THROW(Client(running.url()).get("/ok"), NetworkError);
}

// A body that goes on: pieces handed over one at a time by the test, from its own thread.
class TestStream final : public BodyStream {
 public:
  explicit TestStream(std::chrono::milliseconds keepalive = 10s) : keepalive_(keepalive) {}

  void next(Deliver deliver) override {
    std::lock_guard lock(mutex_);
    waiting_ = std::move(deliver);
    ++asked_;
  }
  std::chrono::milliseconds keepalive_interval() const override { return keepalive_; }

  // Hands `piece` (or the end) to the server once it asked for one; false when it never did.
  bool deliver(std::optional<std::string> piece) {
    if (!eventually([this] {
          std::lock_guard lock(mutex_);
          return static_cast<bool>(waiting_);
        }))
      return false;
    Deliver deliver;
    {
      std::lock_guard lock(mutex_);
      deliver = std::exchange(waiting_, nullptr);
    }
    deliver(std::move(piece));
    return true;
  }

 private:
  std::chrono::milliseconds keepalive_;
  std::mutex mutex_;
  Deliver waiting_;
  int asked_ = 0;
};

TEST_F(HttpServer, StreamsABodyPieceByPieceUntilItEnds) {
  auto stream = std::make_shared<TestStream>();
  router_.add("GET", "/events", [stream](Request request, Respond respond) {
    request.stream->put(stream);
    Response response;
    response.content_type = "text/event-stream";
    response.body = "retry: 1000\n\n";
    respond(std::move(response));
  });
  RunningServer running(router_);
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(stream->deliver("id: 1\ndata: one\n\n"));
  ASSERT_TRUE(stream->deliver("id: 2\ndata: two\n\n"));
  ASSERT_TRUE(stream->deliver(std::nullopt));
  bool closed = false;
  auto received = raw.read_until_closed(closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(status_of(received), 200);
  EXPECT_EQ(received.find("Content-Length"), std::string::npos) << received;
  EXPECT_NE(received.find("Connection: close"), std::string::npos) << received;
  EXPECT_TRUE(received.ends_with("\r\n\r\nretry: 1000\n\nid: 1\ndata: one\n\nid: 2\ndata: two\n\n")) << received;
}

TEST_F(HttpServer, KeepsAQuietStreamAliveAndEndsItWhenStopping) {
  auto stream = std::make_shared<TestStream>(20ms);
  router_.add("GET", "/events", [stream](Request request, Respond respond) {
    request.stream->put(stream);
    respond(text(""));
  });
  RunningServer running(router_);
  RawConnection raw(running.server().port());
  ASSERT_TRUE(raw.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n"));
  std::this_thread::sleep_for(100ms);
  running.stop_and_join();  // returns only once the stream ended
  bool closed = false;
  auto received = raw.read_until_closed(closed);
  EXPECT_TRUE(closed);
  EXPECT_NE(received.find("\r\n\r\n:\n\n"), std::string::npos) << received;
}

TEST_F(HttpServer, AnswersAStreamedRouteToHeadWithoutTheStream) {
  router_.add("GET", "/events", [](Request request, Respond respond) {
    EXPECT_EQ(request.stream, nullptr);
    respond(text("start"));
  });
  RunningServer running(router_);
  auto response = Client(running.url()).request("HEAD", "/events", "", "");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(header(response, "content-length"), "5");
}

TEST(HttpServerStart, ThrowsNamingAnAddressInUse) {
  boost::asio::io_context io;
  Server first(io, "127.0.0.1:0", {}, Router{});
  auto listen = "127.0.0.1:" + std::to_string(first.port());
  try {
    Server second(io, listen, {}, Router{});
    ADD_FAILURE() << "bound twice";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(listen), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace buurtbot::http
