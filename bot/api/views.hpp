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

#include <string_view>
#include <vector>

namespace buurtbot::api {

/// {login, name, role}: never the password hash.
nlohmann::json officer_json(const storage::Officer& officer);

/// A thread as the inbox lists it: {id, status, channel, resident, last_message, assignee, created_at,
/// last_activity_at, overdue}.
nlohmann::json thread_json(const storage::ThreadSummary& summary);

/// {id, direction, author, text, created_at, attachments}.
nlohmann::json message_json(const storage::InboxMessage& message,
                            const std::vector<storage::StoredAttachment>& attachments = {});

/// ["email", "telegram"]: the channels the person behind a thread uses, by name (never their ids or addresses).
nlohmann::json channels_json(const std::vector<storage::Identity>& identities);

/// [{kind, name, channel, ref, created_at}]: photos and files by the channel's reference.
nlohmann::json attachments_json(const std::vector<storage::StoredAttachment>& attachments);

/// {id, author, text, created_at}; author is the officer's login or null.
nlohmann::json note_json(const storage::InboxNote& note);

/// An initiative as listed: reference, title, theme, neighbourhood, status, counts and times.
nlohmann::json initiative_json(const storage::Initiative& initiative);

/// An initiative in full: the listed fields, its text, help asked, status history, the next statuses
/// and the photos and files sent with it.
nlohmann::json initiative_detail_json(const storage::Initiative& initiative,
                                      const std::vector<storage::StatusChange>& history,
                                      const std::vector<std::string_view>& next_statuses,
                                      const std::vector<storage::StoredAttachment>& attachments);

/// The same, with its history, next statuses and attachments read from `db`.
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
