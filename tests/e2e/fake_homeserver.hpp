#pragma once
// An in-process stand-in for a Matrix homeserver's client-server API on 127.0.0.1:<free port>, for
// end-to-end tests of `buurtbot serve` as an Application Service or a sync account: it records every
// call (sends, joins, member lists, syncs), answers as a homeserver does (a repeated transaction id gets
// the first event id back and stores nothing new; /sync long-polls and answers what came after `since`),
// and misbehaves on demand (429 M_LIMIT_EXCEEDED, 500, 403).

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
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace buurtbot::http::testing {
class RunningServer;
}  // namespace buurtbot::http::testing

namespace buurtbot::testing {

/// One client-server call the fake received.
struct HomeserverCall {
  std::string kind;     ///< "send", "join", "leave", "joined_members", "sync", "other"
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
  /// With status 200: the event is stored but its answer comes this much later, a timeout for a caller
  /// that waits less (the answer lost on the way, as a slow or overloaded homeserver loses it).
  int answer_after_ms = 0;
};

/// The fake homeserver. Every request must carry `Authorization: Bearer <kAsToken>`; others get 401.
class FakeHomeserver final {
 public:
  static constexpr const char* kAsToken = "as-token-of-the-fake-homeserver-0123456789";
  static constexpr const char* kServerName = "example.org";
  static constexpr const char* kBot = "@buurtbot:example.org";
  /// The bot account's password: POST /login with it gives kAsToken as the access token.
  static constexpr const char* kBotPassword = "correct horse battery staple";
  static constexpr const char* kResidentToken = "resident-token-of-the-fake-homeserver-0123456789";

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

  /// For sync accounts: `sender` says `text` in `room_id`, which the next /sync hands out.
  void add_message(const std::string& room_id, const std::string& sender, const std::string& text);
  /// For sync accounts: `sender` invites the bot to `room_id`, as a direct chat or not.
  void add_invite(const std::string& room_id, const std::string& sender, bool direct);

  /// For sync accounts: `user`'s membership of `room_id` becomes `membership` ("leave", "ban", "join").
  void add_membership(const std::string& room_id, const std::string& user, const std::string& membership);
  /// Who /joined_members says is in `room_id` from now on; by default the bot and one resident.
  void set_members(const std::string& room_id, std::vector<std::string> users);

  /// Lets a Matrix client log in as `user` with kResidentToken and talk in `room_id`: its /sync shows the
  /// room with what the bot sent there (and what the client sent), and each message it sends becomes a
  /// transaction pushed to the Application Service at `appservice_url` with `hs_token`, as a homeserver does.
  void serve_resident(const std::string& user, const std::string& room_id, const std::string& appservice_url,
                      const std::string& hs_token);

  /// True when a call of `kind` to `room_id` came (joins, leaves).
  bool called(const std::string& kind, const std::string& room_id) const;

  /// Waits (at most the safety net) until `condition` holds for the calls so far; false when it never did.
  /// `condition` runs under the fake's lock: it must not call the fake.
  bool wait_for(const std::function<bool(const std::vector<HomeserverCall>&)>& condition) const;

 private:
  /// A /sync waiting for something new.
  struct WaitingSync {
    std::size_t since = 0;
    std::chrono::steady_clock::time_point until;
    http::Respond respond;
  };

  void handle(http::Request request, http::Respond respond);
  /// The resident's client-server calls (caller holds the lock); false when `respond` was kept for later.
  bool handle_resident(const http::Request& request, const std::vector<std::string>& parts, http::Response& response,
                       http::Respond& respond);
  /// The resident's room timeline so far: the room's creation and members, then every message in it.
  std::vector<nlohmann::json> resident_timeline() const;
  /// The resident's /sync answer from timeline position `since` (caller holds the lock).
  nlohmann::json resident_sync_answer(std::size_t since) const;
  /// Pushes the resident's messages to the Application Service, one transaction each, until taken.
  void push_transactions();
  /// Answers a /sync at once when something came after its `since`, else keeps it waiting.
  void sync(const http::Request& request, http::Respond respond);
  /// The /sync answer with every batch from `since` on (caller holds the lock).
  nlohmann::json sync_answer(std::size_t since) const;
  /// The answer to /joined_members of `room_id` (caller holds the lock).
  http::Response joined_members(const std::string& room_id) const;
  http::Response login(const std::string& body) const;
  /// Answers the waiting syncs that have something new or waited long enough.
  void answer_syncs();

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<HomeserverCall> calls_;
  std::deque<HomeserverFault> faults_;
  std::map<std::string, std::string> events_by_txn_;  ///< transaction id → event id, as a homeserver remembers them
  int next_event_ = 1;
  std::map<std::string, std::vector<std::string>> members_;  ///< rooms with members of their own
  std::set<std::string> left_;  ///< rooms the bot left
  std::vector<nlohmann::json> batches_;  ///< each a /sync `rooms` object; the token "s<N>" has seen N of them
  std::vector<WaitingSync> waiting_;
  std::vector<WaitingSync> resident_waiting_;  ///< the resident's /sync calls waiting for something new
  struct LateAnswer {
    std::chrono::steady_clock::time_point at;
    http::Respond respond;
    http::Response response;
  };
  std::vector<LateAnswer> late_;  ///< answers held back by a fault with answer_after_ms
  struct Resident {
    std::string user, room_id, appservice_url, hs_token;
  };
  std::optional<Resident> resident_;
  std::deque<nlohmann::json> to_push_;  ///< the resident's events not yet taken by the Application Service
  std::thread pusher_;
  bool stopping_ = false;
  std::thread ticker_;  ///< ends waiting syncs whose time is up
  std::unique_ptr<http::testing::RunningServer> server_;  ///< last: its handlers use everything above
};

}  // namespace buurtbot::testing
