#pragma once
// The web chat's sessions and what each resident sees in it (schema V12): a session is a resident's
// private address on the web channel, its events the conversation in order.

#include "storage/database.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::storage {

/// A live session: the conversation's address on the web channel, and until when it lasts.
struct WebSession {
  Id id = 0;
  std::string address;
  std::string expires_at;  ///< ISO 8601 UTC
};

/// One thing shown in a session's conversation, numbered from 1 in the order stored.
struct WebEvent {
  std::int64_t seq = 0;
  std::string json;
};

/// What add_event() did.
struct AddedEvent {
  std::int64_t seq = 0;  ///< the event's number, the earlier one for a duplicate
  bool added = false;    ///< false: the same client message or outbox row was stored before
};

/// The web chat's tables; callers own the transaction. A session that expired is no session: the
/// look-ups skip it until expire() deletes it with all that belongs to it.
class WebChat final {
 public:
  explicit WebChat(Database& db) : db_(db) {}

  /// A new session at `address` that lasts `days`, opened by the key with hash `key_hash`.
  WebSession create(const std::string& address, const std::string& key_hash, int days);
  /// The live session the key with this hash opens.
  std::optional<WebSession> by_key(const std::string& key_hash);
  /// The live session at `address`.
  std::optional<WebSession> by_address(const std::string& address);
  /// True while the session lasts.
  bool live(Id session_id);
  /// One more key to a session (a resumed browser).
  void add_key(Id session_id, const std::string& key_hash);
  /// Makes the session last `days` from now, unless it lasts longer already.
  void extend(Id session_id, int days);

  /// Stores one event; `client_id` or `outbox_id` (at most one) make a repeat of the same message a
  /// duplicate instead of a second event.
  AddedEvent add_event(Id session_id, const std::string& json, const std::optional<std::string>& client_id,
                       std::optional<std::int64_t> outbox_id);
  /// The session's events after `after`, oldest first, at most `limit`.
  std::vector<WebEvent> events_after(Id session_id, std::int64_t after, int limit);
  /// Deletes every event of the session (after "forget me").
  void erase_events(Id session_id);

  /// Stores a resume code's hash for the session, replacing its earlier one; it lasts `minutes`.
  void set_resume_code(Id session_id, const std::string& code_hash, int minutes);
  /// The live session a resume code opens; the code is used up (deleted) either way.
  std::optional<WebSession> take_resume_code(const std::string& code_hash);

  /// Deletes expired sessions (with their keys, events and codes) and expired codes; returns the
  /// sessions deleted.
  int expire();

 private:
  Database& db_;
};

}  // namespace buurtbot::storage
