#pragma once
// The Matrix channel: as an Application Service the homeserver pushes transactions to
// /_matrix/app/v1/transactions/{txnId} (inbound.hpp); in sync mode an ordinary bot account polls /sync
// (sync.hpp). Either way messages go out as the bot user with
// PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}, one transaction id per outbox row.

#include "adapters/matrix/homeserver.hpp"
#include "adapters/matrix/inbound.hpp"
#include "adapters/matrix/settings.hpp"
#include "adapters/matrix/sync.hpp"
#include "bot/core/channel.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace buurtbot::adapters::matrix {

/// True for a room id as a conversation address: "!opaque:server".
bool is_room_id(std::string_view address);

/// One bot user. Several sends may run at once, from several threads: each takes a kept-alive
/// connection of its own, opened when none is free.
class MatrixChannel final : public Channel {
 public:
  /// `token` authenticates buurtbot to the homeserver (the as_token, or in sync mode the account's access
  /// token); `hs_token` the homeserver to buurtbot (Application Service only).
  MatrixChannel(const MatrixSettings& config, std::string token, std::string hs_token);
  ~MatrixChannel() override;

  std::string_view name() const override { return kChannel; }
  std::vector<InboundRoute> routes(JournalSink& journal) override;
  void start(JournalSink& journal) override;
  void stop() override;
  void add_metrics(http::Metrics& metrics) override;
  Capabilities capabilities() const override { return {.buttons = false, .replies_in_thread = false, .join_notice_and_question = true}; }
  std::optional<StartLink> start_link(std::string_view command) const override;
  bool valid_address(std::string_view address) const override { return is_room_id(address); }
  DeliveryPolicy delivery() const override;
  SendResult send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) override;

 private:
  Homeserver borrow();
  void give_back(Homeserver homeserver);

  MatrixSettings config_;
  std::string token_;  ///< never logged
  std::string transaction_prefix_;  ///< set by start(), before the outbox sends
  http::ClientOptions options_;
  Inbound inbound_;
  std::unique_ptr<Syncer> syncer_;  ///< sync mode only; stopped before the inbound side it feeds
  std::mutex mutex_;
  std::vector<Homeserver> idle_;  ///< connections not in use, the most recently used last
};

/// The channel when the config enables it, else nullptr; throws StartupError for a mode that is not
/// available or a secret missing from the environment.
std::unique_ptr<Channel> build(const config::Config& config);

}  // namespace buurtbot::adapters::matrix
