#include "adapters/matrix/channel.hpp"

#include "adapters/matrix/render.hpp"
#include "bot/core/startup_error.hpp"

#include <cstdio>
#include <cstdlib>
#include <random>

namespace buurtbot::adapters::matrix {
namespace {

std::string secret_from(const std::string& variable, const std::string& what) {
  const char* value = std::getenv(variable.c_str());
  if (!value || !*value) throw StartupError(what + " needs the environment variable " + variable);
  return value;
}

http::ClientOptions client_options(const MatrixSettings& config) {
  http::ClientOptions options;
  options.read_timeout = std::chrono::seconds(config.api_timeout_s);
  return options;
}

// A /sync waits up to its own timeout before it answers, so its connection waits longer than that.
http::ClientOptions sync_options(const MatrixSettings& config) {
  http::ClientOptions options;
  options.read_timeout = std::chrono::seconds(config.sync_timeout_s + config.api_timeout_s);
  return options;
}

ParseOptions parse_options(const MatrixSettings& config) {
  return {.user_id = config.user_id(), .allowed_servers = config.allowed_servers(), .is_group = {}};
}

constexpr const char* kTransactionPrefix = "matrix.transaction_prefix";

// The homeserver remembers the bot user's transaction ids longer than this database may live: one made
// anew numbers its outbox from 1 again, and its sends would be taken for repeats and dropped (so would
// rows renumbered after deletes). A random prefix, made once and kept with the journal, keeps them apart.
std::string transaction_prefix(JournalSink& journal) {
  if (auto kept = journal.position(kTransactionPrefix); !kept.empty()) return kept;
  std::mt19937_64 random{std::random_device{}()};
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(random()));
  const std::string prefix = std::string("buurtbot-") + hex;
  if (!journal.save_position(kTransactionPrefix, prefix))
    throw StartupError("matrix: the prefix of transaction ids could not be stored in the database");
  return prefix;
}

}  // namespace

bool is_room_id(std::string_view address) {
  const auto colon = address.find(':');
  return address.starts_with('!') && colon != std::string_view::npos && colon > 1 && colon + 1 < address.size();
}

MatrixChannel::MatrixChannel(const MatrixSettings& config, std::string token, std::string hs_token)
    : config_(config),
      token_(std::move(token)),
      options_(client_options(config_)),
      inbound_(std::move(hs_token), parse_options(config_),
               std::make_unique<HomeserverDirectory>(Homeserver(config_.homeserver_url, token_, options_))) {
  idle_.push_back(Homeserver(config_.homeserver_url, token_, options_));  // a bad address fails at start, not at the first send
  if (config_.mode == "sync")
    syncer_ = std::make_unique<Syncer>(Homeserver(config_.homeserver_url, token_, sync_options(config_)), inbound_,
                                       SyncOptions{.timeout_ms = config_.sync_timeout_s * 1000});
}

MatrixChannel::~MatrixChannel() { stop(); }

// An Application Service serves the homeserver's pushes; a sync account has no routes.
std::vector<InboundRoute> MatrixChannel::routes(JournalSink& journal) {
  return syncer_ ? std::vector<InboundRoute>{} : inbound_.routes(journal);
}

void MatrixChannel::start(JournalSink& journal) {
  transaction_prefix_ = transaction_prefix(journal);
  if (syncer_) syncer_->start(journal);
}

void MatrixChannel::stop() {
  if (syncer_) syncer_->stop();
  inbound_.stop();
}

// Encrypted events are acknowledged without being read; the count shows how often residents meet that.
void MatrixChannel::add_metrics(http::Metrics& metrics) {
  metrics.describe("buurtbot_matrix_encrypted_events_total", "Encrypted Matrix events acknowledged unread.");
  metrics.gauge("buurtbot_matrix_encrypted_events_total", [this] { return double(inbound_.encrypted_events()); });
}

// The homeserver limits the bot user as a whole, so its M_LIMIT_EXCEEDED holds back every room.
std::optional<StartLink> MatrixChannel::start_link(std::string_view command) const {
  (void)command;  // a matrix.to link opens a chat but cannot say anything in it
  return chat_link(config_.user_id());
}

DeliveryPolicy MatrixChannel::delivery() const {
  DeliveryPolicy policy;
  policy.limits.global_per_second = config_.rate.global_per_s;
  policy.limits.chat_per_second = config_.rate.room_per_s;
  policy.limits.group_per_minute = 0;
  policy.limits.retry_after_pauses_channel = true;
  policy.senders = config_.senders;
  return policy;
}

// The transaction ids come from the outbox row, so a retry after a timeout is the same event to the
// homeserver, not a second one; a message too long for one event goes as several, in order, and a
// retry sends the parts that already arrived again under the same ids, which the homeserver takes once.
SendResult MatrixChannel::send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) {
  const auto contents = message_contents(message);
  auto homeserver = borrow();
  SendResult result;
  try {
    for (std::size_t part = 1; part <= contents.size() && !result; ++part) {
      auto response = homeserver.send(address, part_transaction_id(transaction_prefix_, idempotency_key, part, contents.size()), contents[part - 1]);
      result = result_from_response(response.status, response.body, header_of(response, "retry-after"));
    }
  } catch (const http::NetworkError& e) {
    result = SendError{.status = 0, .retry_after = {}, .network = true, .unreachable = false, .detail = e.what()};
  }
  give_back(std::move(homeserver));
  return result;
}

Homeserver MatrixChannel::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto homeserver = std::move(idle_.back());
      idle_.pop_back();
      return homeserver;
    }
  }
  return Homeserver(config_.homeserver_url, token_, options_);
}

void MatrixChannel::give_back(Homeserver homeserver) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(homeserver));
}

std::unique_ptr<Channel> build(const config::Config& config) {
  const MatrixSettings m = settings_of(config);
  if (!m.enabled) return nullptr;
  if (m.mode == "sync") return std::make_unique<MatrixChannel>(m, secret_from(m.access_token_env, "matrix.mode sync"), "");
  auto as_token = secret_from(m.as_token_env, "matrix.enabled");
  auto hs_token = secret_from(m.hs_token_env, "matrix.enabled");
  return std::make_unique<MatrixChannel>(m, std::move(as_token), std::move(hs_token));
}

}  // namespace buurtbot::adapters::matrix
