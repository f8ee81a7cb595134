#include "bot/dispatcher.hpp"

#include "bot/actions.hpp"
#include "bot/facts.hpp"
#include "bot/notify.hpp"
#include "flows/state_json.hpp"
#include "storage/repositories.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace buurtbot {
namespace {

std::shared_ptr<spdlog::logger> log() {
  static auto logger = spdlog::get("dispatch") ? spdlog::get("dispatch") : spdlog::default_logger()->clone("dispatch");
  return logger;
}

std::string first_language(const InboundMessage& m, const config::Config& config) {
  if (m.language.rfind("en", 0) == 0) return "en";
  if (m.language.rfind("nl", 0) == 0) return "nl";
  return config.locale.default_language;
}

flows::Lang lang_of(const std::string& language) { return language == "en" ? flows::Lang::en : flows::Lang::nl; }

void queue_replies(storage::Database& db, const InboundMessage& m, const std::vector<flows::Reply>& replies) {
  for (const auto& reply : replies) {
    OutboundMessage out{.text = reply.text, .choices = {}, .reply_to = {}};
    for (const auto& c : reply.choices) out.choices.push_back({c.key, c.label});
    storage::Outbox(db).enqueue(m.channel, m.conversation, nlohmann::json(out).dump(), kPriorityReply);
  }
}

}  // namespace

bool Dispatcher::accept(const InboundMessage& message) {
  storage::Transaction tx(db_);
  auto [id, fresh] = storage::Journal(db_).append(
      {.id = 0, .channel = message.channel, .external_id = message.external_id,
       .conversation = message.conversation, .payload = nlohmann::json(message).dump()});
  tx.commit();
  return fresh;
}

int Dispatcher::drain(flows::Clock::time_point now) {
  int handled = 0;
  for (auto rows = storage::Journal(db_).unprocessed(); !rows.empty(); rows = storage::Journal(db_).unprocessed()) {
    for (const auto& row : rows) process(row, now);
    handled += static_cast<int>(rows.size());
  }
  return handled;
}

void Dispatcher::process(const storage::JournalRow& row, flows::Clock::time_point now) {
  InboundMessage message;
  try {
    message = nlohmann::json::parse(row.payload).get<InboundMessage>();
    handle(message, row.id, now);
  } catch (const std::exception& e) {
    // A message that cannot be handled must not block the conversation behind it forever.
    log()->error("journal row {} failed: {}", row.id, e.what());
    apologise(message, row.id);
  }
}

void Dispatcher::handle(const InboundMessage& m, storage::Id row_id, flows::Clock::time_point now) {
  storage::Transaction tx(db_);
  auto resident = storage::Residents(db_).find_or_create(m.channel, m.sender_id, m.conversation, m.sender_name,
                                                          first_language(m, config_));
  storage::Conversations conversations(db_);
  flows::ConversationState state;
  if (auto stored = conversations.load(m.channel, m.conversation)) state = flows::deserialize_state(*stored);

  StoredFacts facts(db_, config_, resident.id);
  const flows::EngineSettings settings{.idle_timeout = std::chrono::minutes(config_.conversation.idle_minutes)};
  auto result = flows::step(flows_, state, {.text = m.text, .choice = m.choice}, facts, lang_of(resident.language),
                            now, settings);

  bool forgotten = false;
  if (result.action) {
    ActionContext context{db_, config_, resident, m.channel, m.conversation, now};
    auto outcome = execute_action(*result.action, context);
    auto closing = flows::outcome_replies(flows_, *result.action, outcome, lang_of(resident.language));
    result.replies.insert(result.replies.end(), closing.begin(), closing.end());
    forgotten = result.action->name == "forget_me" && outcome.code == "ok";
  }
  // After "forget me" nothing of the conversation may be stored again.
  if (!forgotten) conversations.save(m.channel, m.conversation, resident.id, flows::serialize_state(result.state));
  queue_replies(db_, m, result.replies);
  storage::Journal(db_).mark_processed(row_id);
  tx.commit();
}

void Dispatcher::apologise(const InboundMessage& m, storage::Id row_id) {
  try {
    storage::Transaction tx(db_);
    if (!m.conversation.empty()) {
      const bool en = first_language(m, config_) == "en";
      queue_replies(db_, m,
                    {{.text = en ? "Sorry, something went wrong on our side. Please try again later."
                                 : "Sorry, er ging bij ons iets mis. Probeer het later nog eens.",
                      .choices = {}}});
    }
    storage::Journal(db_).mark_processed(row_id);
    tx.commit();
  } catch (const std::exception& e) {
    log()->error("journal row {} could not be closed: {}", row_id, e.what());
  }
}

}  // namespace buurtbot
