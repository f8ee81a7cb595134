#pragma once
// Long polling with getUpdates, for a machine without a public address. The offset moves past an
// update only after the update is journaled, so a crash never loses one (Telegram sends it again).

#include "adapters/telegram/bot_api.hpp"
#include "adapters/telegram/parse.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

namespace buurtbot::adapters::telegram {

/// Stores messages durably; returns false when they could not be stored (they are fetched again).
using StoreBatch = std::function<bool(std::vector<InboundMessage>)>;

/// How the poller paces itself.
struct PollOptions {
  int timeout_s = 30;                                   ///< getUpdates' long-poll timeout
  std::chrono::milliseconds min_interval{1000};         ///< between calls that came back empty at once
  std::chrono::milliseconds max_backoff{30000};         ///< after repeated errors
};

/// Fetches updates on its own thread and hands them to the journal.
class Poller final {
 public:
  Poller(BotApi api, ParseOptions parse, PollOptions options, StoreBatch sink);
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  void start();
  /// Stops after the call in flight (at most the long-poll timeout).
  void stop();

  /// One getUpdates call and its journaling; returns the number of updates fetched. Throws
  /// http::NetworkError, or std::runtime_error for an answer that is not ok.
  std::size_t poll_once();

 private:
  void run();
  void pause(std::chrono::milliseconds how_long);

  BotApi api_;
  ParseOptions parse_;
  PollOptions options_;
  StoreBatch sink_;
  std::int64_t offset_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace buurtbot::adapters::telegram
