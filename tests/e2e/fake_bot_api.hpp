#pragma once
// An in-process stand-in for the Telegram Bot API on 127.0.0.1:<free port>, for end-to-end tests of
// `buurtbot serve`: it records every call, answers like Telegram does, misbehaves on demand (429 with
// retry_after, 500, 403 blocked, an answer that comes too late) and serves getUpdates from a queue.

#include "bot/http/server.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace buurtbot::http::testing {
class RunningServer;
}  // namespace buurtbot::http::testing

namespace buurtbot::testing {

/// One request the fake received.
struct ApiCall {
  std::string method;  ///< "sendMessage", "getUpdates", …
  nlohmann::json body;  ///< the JSON body (null when it was not JSON)
  std::chrono::steady_clock::time_point received;  ///< when the request had arrived whole
  std::chrono::steady_clock::time_point answered;  ///< when the fake answered it (unset while it has not)
  int status = 0;  ///< what the fake answered: 200, 429, …; 0 while it has not answered yet

  /// The body's chat_id as text ("123", "-100…"), "" when it has none.
  std::string chat() const;
  /// The body's text, "" when it has none.
  std::string text() const;
  bool ok() const { return status == 200; }
};

/// How the fake misbehaves for matching calls.
struct Fault {
  enum class Kind {
    too_many_requests,  ///< 429 with parameters.retry_after
    server_error,       ///< 500 "Internal Server Error"
    blocked,            ///< 403 "Forbidden: bot was blocked by the user"
    /// The usual answer, after `delay`: longer than the client waits, and it times out (not for
    /// getUpdates, whose long poll has its own timeout).
    slow,
  };
  Kind kind = Kind::server_error;
  std::string method;             ///< the method it applies to, e.g. "sendMessage"
  std::optional<std::string> chat;  ///< only calls with this chat_id; any chat when empty
  int times = 1;                  ///< how many matching calls it spoils; -1: all of them
  int retry_after_s = 1;          ///< for too_many_requests
  std::chrono::milliseconds delay{0};  ///< the answer (of any kind) comes this long after the request
};

/// The fake Bot API. Answers `{"ok":true,"result":…}` unless a fault says otherwise.
class FakeBotApi final {
 public:
  /// The token the fake accepts in `/bot<token>/<method>`; any other token gets 401 like Telegram's.
  static constexpr const char* kToken = "7012345678:AAtest-token-for-the-fake-bot-api";

  FakeBotApi();
  ~FakeBotApi();
  FakeBotApi(const FakeBotApi&) = delete;
  FakeBotApi& operator=(const FakeBotApi&) = delete;

  /// "http://127.0.0.1:<port>", the value for telegram.api_url.
  std::string url() const;

  /// Spoils the next matching call(s); faults are consumed in the order they were added.
  void add_fault(Fault fault);

  /// Drops the faults not used up yet: from now on every call is answered ok.
  void clear_faults();

  /// Every call so far, in arrival order.
  std::vector<ApiCall> calls() const;
  /// The calls of one method, in arrival order.
  std::vector<ApiCall> calls(const std::string& method) const;
  /// sendMessage calls to `chat` that were answered ok: what the chat's members got to see.
  std::vector<ApiCall> delivered_to(const std::string& chat) const;

  /// Waits (at most the safety net, or `limit`) until `condition` holds for the calls so far; false when
  /// it never did. `condition` runs under the fake's lock: it must not call the fake.
  bool wait_for(const std::function<bool(const std::vector<ApiCall>&)>& condition) const;
  bool wait_for(const std::function<bool(const std::vector<ApiCall>&)>& condition, std::chrono::seconds limit) const;
  /// Waits until at least `count` sendMessage calls to `chat` were answered ok.
  bool wait_for_delivered(const std::string& chat, std::size_t count) const;

  /// Makes `update` (a JSON Update with an update_id) available to getUpdates, as Telegram would after
  /// a resident wrote something. Updates stay until a getUpdates with a higher offset confirms them.
  void queue_update(nlohmann::json update);
  /// The `offset` of every getUpdates call, in order.
  std::vector<std::int64_t> offsets() const;

 private:
  struct Held;  // a response that goes out later, from the timer thread

  void handle(http::Request request, http::Respond respond);
  http::Response answer_locked(const std::string& method, const nlohmann::json& body);
  std::optional<Fault> take_fault(const std::string& method, const std::string& chat);
  nlohmann::json pending_updates_locked(std::int64_t offset, std::size_t limit);
  void run_timer();
  void record_status(std::size_t index, int status);

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;  ///< a call arrived or was answered, an update was queued
  std::vector<ApiCall> calls_;
  std::deque<Fault> faults_;
  std::deque<nlohmann::json> updates_;  ///< not yet confirmed by an offset
  std::vector<std::int64_t> offsets_;
  std::multimap<std::chrono::steady_clock::time_point, std::shared_ptr<Held>> held_;
  std::int64_t next_message_id_ = 1000;
  bool stopping_ = false;
  std::thread timer_;
  std::unique_ptr<http::testing::RunningServer> server_;  ///< last: its handlers use everything above
};

}  // namespace buurtbot::testing
