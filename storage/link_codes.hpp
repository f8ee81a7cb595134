#pragma once
// One-time codes that join a resident's identities on two channels (`/verbind`).

#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>

namespace buurtbot::storage {

/// A link code as stored: only its hash, who made it on which identity, and who typed it.
struct LinkCode {
  Id id = 0;
  Id resident_id = 0;  ///< the resident who made the code; they survive the link
  Id identity_id = 0;  ///< where they made it: that channel confirms the link
  std::optional<Id> claimed_identity_id;  ///< the identity that typed the code, waiting for the confirmation
  std::string expires_at;                 ///< ISO 8601 UTC
  bool used = false;
};

/// Link codes; callers own the transaction.
class LinkCodes final {
 public:
  explicit LinkCodes(Database& db) : db_(db) {}
  /// Stores a code made on `identity_id`, replacing the resident's earlier code (one live code each).
  Id replace(Id resident_id, Id identity_id, const std::string& code_hash, const std::string& expires_at);
  /// The code with this hash, used or not.
  std::optional<LinkCode> find_by_hash(const std::string& code_hash);
  /// The code with this id.
  std::optional<LinkCode> find(Id id);
  /// Notes the identity that typed the code; it waits for the maker's confirmation.
  void claim(Id id, Id identity_id);
  /// Uses the code up: linked, or refused by its maker.
  void mark_used(Id id);

 private:
  Database& db_;
};

}  // namespace buurtbot::storage
