#pragma once
// The normalized messages every channel translates to and from.

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <string>
#include <vector>

namespace buurtbot {

/// A file a resident sent: by the channel's reference (Telegram file_id, Matrix mxc URI…) where the channel
/// keeps it, with its bytes where no channel does (a mail's part, a web chat upload).
struct Attachment {
  std::string kind;  ///< photo, document
  std::string ref;
  std::string name;
  std::string content_type{};  ///< of the kept bytes (file_type_of), else as the channel said; may be empty
  std::int64_t size = 0;       ///< in bytes, when known
  std::string digest{};        ///< the SHA-256 of the bytes buurtbot keeps; empty when it keeps none
  std::string not_kept{};      ///< why the bytes were not kept: "file_too_large", "message_too_large"
  /// The bytes, carried from the adapter to the journal, which keeps them under `digest` in the same
  /// commit as the message; never part of the JSON.
  std::string bytes{};
};

/// One event from a resident, as every adapter produces it.
struct InboundMessage {
  std::string channel;       ///< terminal, telegram, matrix, email, web
  std::string conversation;  ///< where to answer: chat id, room id, mail address, terminal name
  std::string sender_id;     ///< the channel's id of the person
  std::string sender_address;  ///< where to reach the person privately (Telegram: their user id); empty when unknown
  std::string sender_name;
  std::string language;      ///< the channel's language hint ("nl", "en" or empty)
  std::string text;
  std::string choice;        ///< the option key behind a pressed button
  std::vector<Attachment> attachments;
  std::string reply_to;
  std::string external_id;   ///< unique per channel event; the journal's dedupe key
  bool group = false;        ///< sent in a group chat rather than privately
  std::string event;         ///< a channel event without text: "bot_added", "bot_removed" (empty for messages)
  std::string callback_id;   ///< the channel's id of a button press, to acknowledge it
  std::size_t text_cut_from = 0;  ///< the text's bytes on arrival when the journal kept only its start; 0: whole
  /// The channel's own context of the thread this message belongs to, opaque to the core (e-mail: the
  /// mail's Message-ID, References and subject); the replies to this message carry it back.
  std::string thread;
  /// The plan or question the channel says this message is about ("BI-2026-0042", "vraag 12": a mail's
  /// subject reference); it counts only for the sender's own plan or question.
  std::string about;
  /// A mail address the resident typed into a channel's own form (the web chat's), for the events that
  /// ask for mail: "mail_answers" (officers' answers also by mail; empty stops it) and "mail_resume"
  /// (the text is the link that opens the conversation again).
  std::string mail_to;
};

/// One button or numbered option under a message.
struct OutboundChoice {
  std::string key;
  std::string label;
};

/// One message from buurtbot to a conversation, as the outbox stores it.
struct OutboundMessage {
  std::string text;
  std::vector<OutboundChoice> choices;
  std::string answers_callback;  ///< the button press this reply acknowledges (Telegram answerCallbackQuery)
  bool erase_after_send = false;  ///< the goodbye after "forget me": the outbox keeps nothing of it once sent
  /// The InboundMessage::thread of the message answered, for the channel to show what this answers
  /// (e-mail: In-Reply-To; Matrix and Telegram: a reply to the resident's message). An officer's answer
  /// carries the resident's latest on the inbox thread; other replies only on channels whose
  /// Capabilities::replies_in_thread say so; news never.
  std::string thread;
  /// The news this message is, for its reader, so a channel can offer a way to stop it: "follow:17" (an
  /// initiative followed), "workgroup:3" (a workgroup's chat), "all" (every update to this address);
  /// empty for answers and conversation.
  std::string list;
  /// The plan or question this message is about, for a channel that shows it ("[BI-2026-0042]" in a
  /// mail's subject), so a reply finds its way back when the channel's own threading is lost.
  std::string about;
};

/// "vraag 12": the `about` of inbox thread 12 (the word residents read in a subject, whatever their language).
std::string question_about(std::int64_t thread_id);

/// The inbox thread an `about` names ("vraag 12" → 12); 0 when it names none.
std::int64_t question_in_about(std::string_view about);

void to_json(nlohmann::json& j, const Attachment& a);
void from_json(const nlohmann::json& j, Attachment& a);
void to_json(nlohmann::json& j, const InboundMessage& m);
void from_json(const nlohmann::json& j, InboundMessage& m);
void to_json(nlohmann::json& j, const OutboundChoice& c);
void from_json(const nlohmann::json& j, OutboundChoice& c);
void to_json(nlohmann::json& j, const OutboundMessage& m);
void from_json(const nlohmann::json& j, OutboundMessage& m);

}  // namespace buurtbot
