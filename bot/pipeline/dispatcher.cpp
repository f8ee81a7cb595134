#include "bot/pipeline/dispatcher.hpp"

#include "bot/civic/actions.hpp"
#include "bot/civic/facts.hpp"
#include "bot/civic/mail_left.hpp"
#include "bot/civic/notify.hpp"
#include "bot/civic/unsubscribe.hpp"
#include "bot/core/digest.hpp"
#include "bot/core/file_type.hpp"
#include "bot/text/text.hpp"
#include "flows/command.hpp"
#include "flows/state_json.hpp"
#include "storage/attachments.hpp"
#include "storage/repositories.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>


namespace buurtbot {
namespace {

// The engine keeps attachments without reading them; the actions read these JSON lines back.
std::vector<std::string> attachment_tokens(const InboundMessage& m) {
  std::vector<std::string> tokens;
  for (const auto& attachment : m.attachments) tokens.push_back(nlohmann::json(attachment).dump());
  return tokens;
}

std::shared_ptr<spdlog::logger> log() {
  static auto logger = spdlog::get("dispatch") ? spdlog::get("dispatch") : spdlog::default_logger()->clone("dispatch");
  return logger;
}

std::string first_language(const InboundMessage& m, const config::Config& config) {
  if (auto lang = flows::parse_lang(m.language)) return std::string(flows::to_string(*lang));
  return config.locale.default_language;
}

// The first reply also acknowledges the button press that caused it, so the button stops spinning.
// After "forget me" the replies are the goodbye: the outbox empties them once they are sent.
// `about` is what the step's action made the conversation about (a question, a plan), for channels that show it.
void queue_replies(storage::Database& db, const InboundMessage& m, const std::vector<flows::Reply>& replies,
                   const Capabilities& shown, bool forgotten, const std::string& about = {}) {
  bool first = true;
  for (const auto& reply : replies) {
    OutboundMessage out{.text = reply.text, .choices = {}, .answers_callback = {}, .erase_after_send = forgotten,
                        .thread = shown.replies_in_thread ? m.thread : std::string(), .list = {}, .about = about};
    for (const auto& c : reply.choices) out.choices.push_back({c.key, c.label});
    if (first) out.answers_callback = m.callback_id;
    first = false;
    storage::Outbox(db).enqueue(m.channel, m.conversation, nlohmann::json(out).dump(), kPriorityReply);
  }
}

// The command word of a text such as "/koppel ABC", lower case and without slash; empty when not a command.
std::string command_of(const std::string& text) {
  auto command = flows::parse_command(text);
  return command ? command->word : "";
}

}  // namespace

// In a group only the group link runs. The identity link's words (/link) start it there too: linking
// your own channels belongs in a private chat, and linking the group is the only link a group has.
flows::FlowSet group_flows_of(const flows::FlowSet& all) {
  flows::FlowSet group{.flows = {}, .messages = all.messages};
  if (const auto* link = all.find("link")) {
    group.flows.push_back(*link);
    if (const auto* identity_link = all.find("verbind"))
      for (const auto& word : identity_link->commands) group.flows.back().commands.push_back(word);
  }
  return group;
}

// The attachments as the journal keeps them. Bytes a channel handed over (no channel keeps them for us)
// are kept within the limits: each file at most max_file_bytes, and of one message the first files that
// fit together in max_message_file_bytes. A file past a limit keeps its name and size and says why, so
// the officer sees that it came and what became of it. The content type is the one the bytes show.
std::vector<Attachment> attachments_kept(const InboundMessage& message, const config::StorageConfig& limits) {
  std::vector<Attachment> kept;
  std::int64_t total = 0;
  for (const auto& sent : message.attachments) {
    Attachment a{.kind = sent.kind, .ref = sent.ref, .name = sent.name, .content_type = sent.content_type,
                 .size = sent.size, .digest = {}, .not_kept = {}, .bytes = {}};
    if (!sent.bytes.empty()) {
      a.size = static_cast<std::int64_t>(sent.bytes.size());
      a.content_type = file_type_of(sent.bytes, sent.content_type);
      if (a.size > limits.max_file_bytes) {
        a.not_kept = "file_too_large";
      } else if (total + a.size > limits.max_message_file_bytes) {
        a.not_kept = "message_too_large";
      } else {
        a.digest = sha256_hex(sent.bytes);
        total += a.size;
      }
    }
    kept.push_back(std::move(a));
  }
  return kept;
}

// The payload as the journal keeps it. A text beyond `max_text_bytes` is cut and marked: every step
// refuses it long before that, so nothing a flow needs is lost, and a refused megabyte is not kept
// whole. Invalid UTF-8 from any channel becomes U+FFFD, so the row can be read back.
std::string journal_payload(const InboundMessage& message, const std::vector<Attachment>& attachments,
                            std::size_t max_text_bytes) {
  nlohmann::json payload = message;
  payload["attachments"] = attachments;
  if (message.text.size() > max_text_bytes) {
    payload["text"] = std::string(cut_utf8(message.text, max_text_bytes));
    payload["text_cut_from"] = message.text.size();
  }
  return payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The bytes go into the same transaction as the journal row, so they are durable when the message is
// acknowledged, and a delivery the journal knows already stores nothing twice.
bool journal_message(storage::Database& db, const InboundMessage& message, const config::StorageConfig& limits) {
  const auto attachments = attachments_kept(message, limits);
  const auto [id, fresh] = storage::Journal(db).append(
      {.id = 0, .channel = message.channel, .external_id = message.external_id, .conversation = message.conversation,
       .payload = journal_payload(message, attachments, static_cast<std::size_t>(limits.max_journal_text_bytes))});
  if (!fresh) return false;
  storage::Files files(db);
  for (std::size_t i = 0; i < attachments.size(); ++i)
    if (!attachments[i].digest.empty())
      files.keep_for_journal_row(id, attachments[i].digest, attachments[i].content_type, message.attachments[i].bytes);
  return true;
}

bool Dispatcher::accept(const InboundMessage& message) {
  storage::Transaction tx(db_);
  const bool fresh = journal_message(db_, message, config_.storage);
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
    // The disk or the file failed, not the message: the caller's transaction fails and the row waits.
    const auto* storage_error = dynamic_cast<const storage::StorageError*>(&e);
    if (storage_error && storage::database_failed(*storage_error)) throw;
    // A message that cannot be handled must not block the conversation behind it forever.
    log()->error("journal row {} failed: {}", row.id, e.what());
    apologise(message, row.id);
  }
}

// A savepoint: its own transaction, or a part of the caller's when the pipeline groups rows.
void Dispatcher::handle(const InboundMessage& m, storage::Id row_id, flows::Clock::time_point now) {
  storage::Savepoint tx(db_);
  if (!m.event.empty() || m.group || is_group_link_command(m.text)) {
    const bool done = handle_event_or_group(m, now);
    if (done) {
      storage::Journal(db_).mark_processed(row_id);
      tx.release();
      return;
    }
  }
  // The adapter knows where the person is reached privately; a message journaled without it (before
  // adapters said so) came from a private chat, or from a group, which is nobody's private address.
  const auto private_address = !m.sender_address.empty() ? m.sender_address : m.group ? std::string() : m.conversation;
  auto resident = storage::Residents(db_).find_or_create(m.channel, m.sender_id, private_address, m.sender_name,
                                                          first_language(m, config_));
  storage::Conversations conversations(db_);
  flows::ConversationState state;
  if (auto stored = conversations.load(m.channel, m.conversation)) state = flows::deserialize_state(*stored);

  StoredFacts facts(db_, config_, flows_, resident.id, m.about);
  const flows::Input input{.text = m.text, .choice = m.choice, .attachments = attachment_tokens(m)};
  const auto& flows = m.group ? group_flows_ : flows_;
  auto result = flows::step(flows, state, input, facts, lang_of(resident.language), now, settings_for(m.channel));
  std::string about;
  const bool forgotten = result.action && run_action(result, flows, m, resident, now, about);
  // After "forget me" nothing of the conversation may be stored again.
  if (!forgotten) conversations.save(m.channel, m.conversation, resident.id, flows::serialize_state(result.state));
  reply(m, result.replies, forgotten, about);
  storage::Journal(db_).mark_processed(row_id);
  if (forgotten) storage::Journal(db_).erase(row_id);
  tx.release();
}

Capabilities Dispatcher::shown_on(const std::string& channel) const {
  const auto found = capabilities_.find(channel);
  return found != capabilities_.end() ? found->second : Capabilities{};
}

void Dispatcher::reply(const InboundMessage& m, const std::vector<flows::Reply>& replies, bool forgotten,
                       const std::string& about) {
  queue_replies(db_, m, replies, shown_on(m.channel), forgotten, about);
}

flows::EngineSettings Dispatcher::settings_for(const std::string& channel) const {
  const Capabilities shown = shown_on(channel);
  return {.idle_timeout = std::chrono::minutes(config_.conversation.idle_minutes),
          .buttons = shown.buttons,
          .join_notice_and_question = shown.join_notice_and_question};
}

// Runs the step's action in the row's savepoint and adds its closing replies; true after a forget-me.
bool Dispatcher::run_action(flows::StepResult& result, const flows::FlowSet& flows, const InboundMessage& m,
                            storage::Resident& resident, flows::Clock::time_point now, std::string& replies_about) {
  ActionContext context{db_, config_, resident, m.channel, m.conversation, now, flows_, {}, m.thread, m.about, {}};
  auto outcome = execute_action(*result.action, context);
  replies_about = context.replies_about;
  if (context.follow_up) result.state = *context.follow_up;
  auto closing = flows::outcome_replies(flows, *result.action, outcome, lang_of(resident.language));
  result.replies.insert(result.replies.end(), closing.begin(), closing.end());
  return result.action->name == "forget_me" && outcome.code == "ok";
}

bool Dispatcher::is_group_link_command(const std::string& text) const {
  const auto* link = flows_.find("link");
  const auto command = command_of(text);
  return link && !command.empty() && std::ranges::find(link->commands, command) != link->commands.end();
}

bool Dispatcher::handle_event_or_group(const InboundMessage& m, flows::Clock::time_point now) {
  const auto lang = lang_of(first_language(m, config_));
  if (m.event == "bot_removed") {
    // A group that removed the bot gets no more notifications; a resident who blocked it, no more messages.
    // A chat is unlinked whatever its kind: a channel that finds a room empty may no longer know it was a group.
    storage::Workgroups(db_).unlink_chat(m.channel, m.conversation);
    // The event's text is the channel's reason (a bounce's Status and Diagnostic-Code), shown to officers.
    if (!m.group) storage::Residents(db_).mark_unreachable(m.channel, m.conversation, m.text);
    return true;
  }
  if (m.event == "unsubscribe") {
    // The reader stopped the news named in the text with a link that only we can make (the channel checked
    // it); nothing is said back, the link's own page already said what happens.
    stop_news(db_, config_, flows_, m.channel, m.conversation, m.text, now);
    return true;
  }
  if (m.event == "mail_answers" || m.event == "mail_resume") {
    reply(m, {{.text = leave_mail_address(db_, config_, flows_, m, lang), .choices = {}}});
    return true;
  }
  if (m.event == "bot_added") {
    if (m.group) reply(m, {{.text = flows_.message("group_welcome", lang), .choices = {}}});
    return true;
  }
  if (m.event == "encrypted") {
    // The channel could not read what was written (an encrypted Matrix room): say so in plain text.
    reply(m, {{.text = flows_.message("encrypted_unreadable", lang), .choices = {}}});
    return true;
  }
  if (!m.event.empty()) return true;  // an event we have nothing to say about
  if (!m.group) {
    // Linking a workgroup's chat is done in that chat: in a private chat it would link the person's own.
    reply(m, {{.text = flows_.message("group_link_in_group_only", lang), .choices = {}}});
    return true;
  }
  // In a group only linking is done there (as "/koppel CODE": groups send us commands only);
  // everything personal belongs in a private chat.
  const auto command = command_of(m.text);
  if (group_flows_.by_command(command)) return false;
  if (!command.empty())
    reply(m, {{.text = flows_.message("group_private_only", lang), .choices = {}}});
  return true;
}

void Dispatcher::apologise(const InboundMessage& m, storage::Id row_id) {
  try {
    storage::Savepoint tx(db_);
    if (!m.conversation.empty()) {
      const auto lang = lang_of(first_language(m, config_));
      reply(m, {{.text = flows_.message("sorry", lang), .choices = {}}});
    }
    storage::Journal(db_).mark_processed(row_id);
    tx.release();
  } catch (const std::exception& e) {
    log()->error("journal row {} could not be closed: {}", row_id, e.what());
  }
}

}  // namespace buurtbot
