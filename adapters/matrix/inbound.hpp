#pragma once
// The Matrix channel's inbound side: the Application Service's routes under /_matrix/app/v1/ and the
// thread that takes each transaction from parse to journal (in sync mode, each /sync answer made a
// transaction, see sync.hpp). The network thread checks the token and the route and answers
// what needs no storage; a transaction goes to the inbound thread, which may wait on the homeserver
// (joining a room, asking who is in one) and on the journal commit, and answers `200 {}` only after it.

#include "adapters/matrix/homeserver.hpp"
#include "adapters/matrix/parse.hpp"
#include "bot/core/channel.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace buurtbot::adapters::matrix {

/// The room kinds and the homeserver calls the inbound side needs; replaced in tests.
class RoomDirectory {
 public:
  virtual ~RoomDirectory() = default;
  /// What became of joining or leaving a room: done, refused for good (the invite was withdrawn, the
  /// room is gone), or later (try again).
  enum class Answer { yes, refused, later };
  /// Joins `room_id` after an invite.
  virtual Answer join(const std::string& room_id) = 0;
  /// Leaves `room_id`, or rejects an invite to it.
  virtual Answer leave(const std::string& room_id) = 0;
  /// The number of joined members, the bot included; nullopt when the bot is not in the room; throws
  /// std::runtime_error when the homeserver could not say.
  virtual std::optional<int> joined_members(const std::string& room_id) = 0;
};

/// The directory that asks the homeserver.
class HomeserverDirectory final : public RoomDirectory {
 public:
  explicit HomeserverDirectory(Homeserver homeserver) : homeserver_(std::move(homeserver)) {}
  Answer join(const std::string& room_id) override;
  Answer leave(const std::string& room_id) override;
  std::optional<int> joined_members(const std::string& room_id) override;

 private:
  Homeserver homeserver_;
};

/// The routes and the inbound thread of one Application Service.
class Inbound final {
 public:
  /// `hs_token` is checked on every request; `parse` names the bot (its is_group is set here).
  Inbound(std::string hs_token, ParseOptions parse, std::unique_ptr<RoomDirectory> rooms);
  /// Stops the thread after the transactions already queued.
  ~Inbound();
  Inbound(const Inbound&) = delete;
  Inbound& operator=(const Inbound&) = delete;

  /// The routes to serve: every method under /_matrix/app/, so unknown routes get Matrix's own errors.
  std::vector<InboundRoute> routes(JournalSink& journal);

  /// Handles one request to /_matrix/app/…; called on a network thread, never blocks.
  void handle(JournalSink& journal, http::Request request, http::Respond respond);

  /// Takes the transactions already queued, then stops the inbound thread; later ones are answered 503
  /// (the homeserver sends them again), and nothing reaches the journal after it returns.
  void stop();

  /// Encrypted events acknowledged so far (they are explained, never read).
  long encrypted_events() const;

  /// What became of one transaction.
  struct Outcome {
    enum Kind { taken, again, invalid } kind = taken;  ///< journaled; to be sent again; never takeable
    std::string why;                                   ///< for `again` and `invalid`
  };
  /// Hands a transaction to the inbound thread as a push from the homeserver does, for the sync mode:
  /// parsed, invites joined, journaled; the future tells what became of it. `position` (the sync's
  /// next_batch) is stored in the same database transaction as the events.
  std::future<Outcome> submit(JournalSink& journal, std::string transaction,
                              std::optional<ChannelPosition> position = std::nullopt);

 private:
  void run();
  /// On the inbound thread: parse, join, journal.
  Outcome take_transaction(JournalSink& journal, const std::string& body,
                           const std::optional<ChannelPosition>& position = std::nullopt);
  /// Joins the rooms the bot was invited to and rejects the invites it may not take; false to try again.
  bool answer_invites(ParseResult& parsed);
  /// Leaves the rooms that no resident is left in, with a removal for each; false to try again.
  bool leave_empty_rooms(ParseResult& parsed);
  /// Queues `job` for the inbound thread; false when stopping.
  bool queue(std::function<void()> job);
  /// Private chat or group, from what the bot learned or from the member count (bot and one person: private).
  bool is_group(const std::string& room_id);

  std::string hs_token_;  ///< never logged
  ParseOptions parse_;
  std::unique_ptr<RoomDirectory> rooms_;  ///< used on the inbound thread only
  std::map<std::string, bool> group_rooms_;  ///< room → group, learned from invites and member counts (inbound thread only)
  long encrypted_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;  ///< last: it uses everything above
};

}  // namespace buurtbot::adapters::matrix
