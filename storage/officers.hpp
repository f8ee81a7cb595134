#pragma once
// Officers, their API tokens and their browser sessions. Tokens and sessions are stored as hashes
// only: callers hash what the client sent and look the hash up.

#include "storage/database.hpp"
#include "storage/records.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::storage {

/// One person who answers residents, as stored.
struct Officer {
  Id id = 0;
  std::string login;
  std::string name;
  std::string role;           ///< "officer" or "admin"
  std::string password_hash;  ///< scrypt$N$r$p$salt$hash, never the password
  bool disabled = false;
  std::string created_at;
};

/// A signed-in browser session and the officer it belongs to.
struct OfficerSession {
  Officer officer;
  std::string csrf_token;  ///< what non-GET requests with the cookie send back in X-CSRF-Token
  std::string expires_at;
};

/// An officer as the administrators' list shows them.
struct OfficerListing {
  Officer officer;
  std::int64_t tokens = 0;  ///< API tokens the officer holds
};

/// Officers and their credentials.
class Officers final {
 public:
  explicit Officers(Database& db) : db_(db) {}

  /// Stores a new officer; throws StorageError when the login is taken or the role unknown.
  Officer add(const std::string& login, const std::string& name, const std::string& role,
              const std::string& password_hash);
  /// The officer with this login, disabled ones included.
  std::optional<Officer> find_by_login(const std::string& login);
  /// The officer with this id, disabled ones included.
  std::optional<Officer> find(Id officer_id);
  /// Every officer, by login.
  std::vector<Officer> list();
  /// Every officer with the number of their API tokens, by login.
  std::vector<OfficerListing> list_with_token_counts();
  /// Disables the officer and takes every credential (sessions and API tokens); false when there is no
  /// such login.
  bool disable(const std::string& login);
  /// Lets a disabled officer sign in again with their password, with no session or API token from
  /// before; false when there is no such login.
  bool enable(const std::string& login);
  /// Sets the role ("officer" or "admin"); false when there is no such login, throws StorageError for another role.
  bool set_role(const std::string& login, const std::string& role);
  /// Replaces the password hash and ends the officer's sessions; false when there is no such login.
  bool set_password_hash(const std::string& login, const std::string& password_hash);

  /// Stores the hash of a new API token of the officer.
  void add_token(Id officer_id, const std::string& token_hash);
  /// Deletes every API token of the officer; returns how many there were.
  int revoke_tokens(Id officer_id);
  /// Ends every browser session of the officer; returns how many there were.
  int end_sessions(Id officer_id);
  /// The officer owning the token with this hash, disabled or not.
  std::optional<Officer> find_by_token(const std::string& token_hash);

  /// Stores a session (the hash of its token) that ends `lifetime` from now.
  void add_session(Id officer_id, const std::string& token_hash, const std::string& csrf_token,
                   std::chrono::seconds lifetime);
  /// The session with this token hash, unless it has expired.
  std::optional<OfficerSession> find_session(const std::string& token_hash);
  /// Ends a session (sign out); false when there was none.
  bool delete_session(const std::string& token_hash);
  /// Forgets expired sessions; returns how many.
  int delete_expired_sessions();

 private:
  void drop_credentials(const std::string& login);

  Database& db_;
};

}  // namespace buurtbot::storage
