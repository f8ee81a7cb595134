#pragma once
// The Matrix channel as an ordinary bot account: long polls on /sync, for any homeserver, no admin
// needed. Each answer becomes a transaction for the same inbound side as the Application Service's
// (parse, join invites, journal), and its `next_batch` is saved in the same database transaction as
// everything it carried, so a crash before that commit syncs the same events again, which the journal's
// unique key (matrix, event_id) takes once. The very first start has no position: it skips the rooms' history,
// says how many events it skipped, and still accepts the invites waiting for it.

#include "adapters/matrix/homeserver.hpp"
#include "adapters/matrix/inbound.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>
#include <thread>

namespace buurtbot::adapters::matrix {

/// Where the position is kept, under the channel's name.
inline constexpr const char* kSyncPosition = "matrix.next_batch";

/// The events of one /sync answer, as a transaction `{"events": […]}`: the joined rooms' timelines and
/// state, the invites' stripped state and the left rooms' timelines, each event given its room id (sync
/// leaves it out). An invite has no event id, so it gets one from its room and `since`: the same sync
/// repeated after a crash gives the same id. With `history` false only invites are kept.
nlohmann::json transaction_of_sync(const nlohmann::json& sync, std::string_view since, bool history = true);

/// The number of timeline events of the joined rooms in a /sync answer, skipped on the first start.
std::size_t timeline_events(const nlohmann::json& sync);

/// The filter each /sync asks with: only the event types the parser reads.
const nlohmann::json& sync_filter();

struct SyncOptions {
  int timeout_ms = 30000;                        ///< /sync's long-poll timeout
  std::chrono::milliseconds max_backoff{30000};  ///< after repeated errors
};

/// Syncs on its own thread and hands what it finds to the inbound side.
class Syncer final {
 public:
  Syncer(Homeserver homeserver, Inbound& inbound, SyncOptions options);
  ~Syncer();
  Syncer(const Syncer&) = delete;
  Syncer& operator=(const Syncer&) = delete;

  void start(JournalSink& journal);
  /// Stops after the call in flight (at most the long-poll timeout).
  void stop();

  /// One /sync and its journaling; returns the events handed on. Throws std::runtime_error when the
  /// homeserver did not answer a sync or the events were not stored (the position then stays).
  std::size_t sync_once(JournalSink& journal);

 private:
  void run(JournalSink& journal);
  void pause(std::chrono::milliseconds how_long);

  Homeserver homeserver_;
  Inbound& inbound_;
  SyncOptions options_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace buurtbot::adapters::matrix
