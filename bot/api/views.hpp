#pragma once
// The JSON shapes of the officers' API, one function per record, so every endpoint shows a thing the same way.

#include "storage/inbox_queries.hpp"
#include "storage/officers.hpp"
#include "storage/records.hpp"

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace buurtbot::api {

/// {login, name, role}: never the password hash.
nlohmann::json officer_json(const storage::Officer& officer);

/// A thread as the inbox lists it: {id, status, channel, resident, last_message, assignee, created_at,
/// last_activity_at, overdue}.
nlohmann::json thread_json(const storage::ThreadSummary& summary);

/// {id, direction, author, text, created_at}.
nlohmann::json message_json(const storage::InboxMessage& message);

/// {id, author, text, created_at}; author is the officer's login or null.
nlohmann::json note_json(const storage::InboxNote& note);

/// An initiative as listed: reference, title, theme, neighbourhood, status, counts and times.
nlohmann::json initiative_json(const storage::Initiative& initiative);

/// An initiative in full: the listed fields, its text, help asked, status history and the next statuses.
nlohmann::json initiative_detail_json(const storage::Initiative& initiative,
                                      const std::vector<storage::StatusChange>& history,
                                      const std::vector<std::string_view>& next_statuses);

/// {id, actor, action, subject, detail, at}.
nlohmann::json audit_json(const storage::AuditEntry& entry);

}  // namespace buurtbot::api
