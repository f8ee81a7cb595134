#pragma once
// An in-process stand-in for a Matrix homeserver's client-server API on 127.0.0.1:<free port>, for
// end-to-end tests of `buurtbot serve` as an Application Service: it records every call (sends, joins,
// member lists), answers as a homeserver does (a repeated transaction id gets the first event id back
// and stores nothing new), and misbehaves on demand (429 M_LIMIT_EXCEEDED, 500, 403).

#include "bot/http/server.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace buurtbot::http::testing {
class RunningServer;
}  // namespace buurtbot::http::testing

namespace buurtbot::testing {

/// One client-server call the fake received.
struct HomeserverCall {
  std::string kind;     ///< "send", "join", "joined_members", "other"
  std::string room_id;  ///< decoded from the path
  std::string txn_id;   ///< for sends
  nlohmann::json body;  ///< the JSON body (null when none or not JSON)
  int status = 0;       ///< what the fake answered
  bool repeat = false;  ///< a send whose transaction id was seen before: no new event

  /// The message's plain body, "" when none.
  std::string text() const;
};

/// How the fake spoils the next sends.
struct HomeserverFault {
  int status = 500;        ///< 429 answers M_LIMIT_EXCEEDED with retry_after_ms, 403 M_FORBIDDEN, else M_UNKNOWN
  int times = 1;
  int retry_after_ms = 200;
};

/// The fake homeserver. Every request must carry `Authorization: Bearer <kAsToken>`; others get 401.
class FakeHomeserver final {
 public:
  static constexpr const char* kAsToken = "as-token-of-the-fake-homeserver-0123456789";
  static constexpr const char* kServerName = "example.org";
  static constexpr const char* kBot = "@buurtbot:example.org";

  FakeHomeserver();
  ~FakeHomeserver();
  FakeHomeserver(const FakeHomeserver&) = delete;
  FakeHomeserver& operator=(const FakeHomeserver&) = delete;

  /// "http://127.0.0.1:<port>", the value for matrix.homeserver_url.
  std::string url() const;

  /// Spoils the next sends.
  void add_fault(HomeserverFault fault);

  /// Every call so far, in arrival order.
  std::vector<HomeserverCall> calls() const;
  /// The events that reached `room_id`: sends answered 200 that were not repeats.
  std::vector<HomeserverCall> delivered_to(const std::string& room_id) const;

  /// Waits (at most the safety net) until `condition` holds for the calls so far; false when it never did.
  /// `condition` runs under the fake's lock: it must not call the fake.
  bool wait_for(const std::function<bool(const std::vector<HomeserverCall>&)>& condition) const;

 private:
  void handle(http::Request request, http::Respond respond);

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<HomeserverCall> calls_;
  std::deque<HomeserverFault> faults_;
  std::map<std::string, std::string> events_by_txn_;  ///< transaction id → event id, as a homeserver remembers them
  int next_event_ = 1;
  std::unique_ptr<http::testing::RunningServer> server_;  ///< last: its handlers use everything above
};

}  // namespace buurtbot::testing
