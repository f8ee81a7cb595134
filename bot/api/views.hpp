#pragma once
// The JSON shapes of the officers' API, one function per record, so every endpoint shows a thing the same way.
// The command line prints these same shapes: it may include bot/api, while bot/civic (the domain) must
// not know how the API presents it, so the views live here rather than there.

#include "storage/attachments.hpp"
#include "storage/canned.hpp"
#include "storage/database.hpp"
#include "storage/inbox_queries.hpp"
#include "storage/officers.hpp"
#include "storage/records.hpp"
#include "storage/reports.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::api {

/// {login, name, role}: never the password hash.
nlohmann::json officer_json(const storage::Officer& officer);

/// Officers' names by what the history and the messages call them ("officer:LOGIN").
using OfficerNames = std::map<std::string, std::string, std::less<>>;

/// The names of every officer, disabled ones included (they still wrote what they wrote).
OfficerNames officer_names(storage::Database& db);

/// A thread as the inbox lists it: {id, status, channel, resident, first_question, last_message,
/// last_from: {kind: resident|officer, name}, assignee, assignee_name, created_at, last_activity_at,
/// first_response_due, overdue}.
nlohmann::json thread_json(const storage::ThreadSummary& summary);

/// {id, direction, author, author_name, text, created_at, attachments}; author_name is the officer's
/// name for an officer's message, else null.
nlohmann::json message_json(const storage::InboxMessage& message, const OfficerNames& names,
                            const std::vector<storage::StoredAttachment>& attachments = {});

/// ["email", "telegram"]: the channels the person behind a thread uses, by name (never their ids or addresses).
nlohmann::json channels_json(const std::vector<storage::Identity>& identities);

/// [{channel, since, reason}]: the person's channels that nothing reaches any more (a bounce, a blocked
/// bot) and why, as the channel said it; never their addresses.
nlohmann::json unreachable_json(const std::vector<storage::Identity>& identities);

/// [{id, kind, name, channel, ref, created_at, content_type, size, url, picture, not_kept}]: photos and
/// files; `url` opens the bytes buurtbot keeps (null when it keeps none: the channel keeps them, or
/// `not_kept` says why not), `picture` when they are a picture the page may show.
nlohmann::json attachments_json(const std::vector<storage::StoredAttachment>& attachments);

/// {id, author, author_name, text, created_at}; author is the officer's login or null.
nlohmann::json note_json(const storage::InboxNote& note);

/// An initiative as listed: reference, title, theme, neighbourhood, status, counts and times.
nlohmann::json initiative_json(const storage::Initiative& initiative);

/// An initiative in full, as officers see it: the listed fields, its text, help asked, the photos and
/// files sent with it, its status history (by: {kind: officer|submitter|system, name}), the next statuses,
/// who submitted it (submitter: {name, channels}, null once forgotten), their inbox threads, the
/// municipality's questions with the submitter's answers in order, and who hears of a status change
/// (notifies: {submitter, followers, group_chats}).
nlohmann::json initiative_detail_json(storage::Database& db, const storage::Initiative& initiative);

/// {id, actor, action, subject, detail, at}.
nlohmann::json audit_json(const storage::AuditEntry& entry);

/// {id, title, text, updated_by, updated_at}.
nlohmann::json canned_json(const storage::CannedResponse& canned);

/// {id, name, theme, description, members, chats: [{channel, address, title, linked_at}]}; title is null
/// while the bot does not know the chat's name.
nlohmann::json workgroup_json(const storage::Workgroup& workgroup, const std::vector<storage::GroupChat>& chats);

/// The same, with the linked chats read from `db`.
nlohmann::json workgroup_json(storage::Database& db, const storage::Workgroup& workgroup);

/// {id, channel, address, kind, status, attempts, last_error, created_at}; kind is reply, notification or broadcast.
nlohmann::json outbox_row_json(const storage::OutboxRow& row);

/// {login, name, role, disabled, tokens}.
nlohmann::json officer_listing_json(const storage::OfficerListing& listing);

/// {from, to, initiatives: {total, by_status, by_theme, by_neighbourhood}, supports, questions: {total,
/// by_channel}, median_first_response_seconds, median_resolution_seconds}.
nlohmann::json report_json(const storage::DateRange& range, const storage::ReportSummary& report);

}  // namespace buurtbot::api
