// Officers, their API tokens and their browser sessions.

#include "storage/officers.hpp"

#include "storage/internal.hpp"

namespace buurtbot::storage {
namespace {

// Shared by every query that returns officers; a clause below completes it.
constexpr std::string_view kSelectOfficers =
    "SELECT o.id, o.login, o.name, o.role, o.password_hash, o.disabled, o.created_at FROM officers o ";
constexpr std::string_view kWhereLogin = "WHERE o.login = ?1";
constexpr std::string_view kWhereId = "WHERE o.id = ?1";
constexpr std::string_view kOrderByLogin = "ORDER BY o.login";
constexpr std::string_view kJoinToken = "JOIN officer_tokens t ON t.officer_id = o.id WHERE t.token_hash = ?1";

constexpr std::string_view kInsertOfficer =
    "INSERT INTO officers (login, name, role, password_hash) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kDisable = "UPDATE officers SET disabled = 1 WHERE login = ?1";
constexpr std::string_view kEnable = "UPDATE officers SET disabled = 0 WHERE login = ?1";
constexpr std::string_view kSetRole = "UPDATE officers SET role = ?2 WHERE login = ?1";
constexpr std::string_view kSelectWithTokenCounts =
    "SELECT o.id, o.login, o.name, o.role, o.password_hash, o.disabled, o.created_at, "
    "(SELECT COUNT(*) FROM officer_tokens t WHERE t.officer_id = o.id) FROM officers o ORDER BY o.login";
constexpr std::string_view kDeleteTokens = "DELETE FROM officer_tokens WHERE officer_id = ?1";
constexpr std::string_view kSetPasswordHash = "UPDATE officers SET password_hash = ?2 WHERE login = ?1";
constexpr std::string_view kDeleteSessionsOfLogin =
    "DELETE FROM officer_sessions WHERE officer_id = (SELECT id FROM officers WHERE login = ?1)";
constexpr std::string_view kDeleteTokensOfLogin =
    "DELETE FROM officer_tokens WHERE officer_id = (SELECT id FROM officers WHERE login = ?1)";
constexpr std::string_view kDeleteSessionsOfOfficer = "DELETE FROM officer_sessions WHERE officer_id = ?1";

constexpr std::string_view kInsertToken = "INSERT INTO officer_tokens (token_hash, officer_id) VALUES (?1, ?2)";

constexpr std::string_view kInsertSession =
    "INSERT INTO officer_sessions (token_hash, officer_id, csrf_token, expires_at) "
    "VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?4 || ' seconds'))";
// Expiry compares ISO 8601 texts, which order like the times they name.
constexpr std::string_view kSelectSession =
    "SELECT o.id, o.login, o.name, o.role, o.password_hash, o.disabled, o.created_at, s.csrf_token, s.expires_at "
    "FROM officer_sessions s JOIN officers o ON o.id = s.officer_id "
    "WHERE s.token_hash = ?1 AND s.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
constexpr std::string_view kDeleteSession = "DELETE FROM officer_sessions WHERE token_hash = ?1";
constexpr std::string_view kDeleteExpired =
    "DELETE FROM officer_sessions WHERE expires_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

Officer read_officer(const Statement& row) {
  return Officer{.id = row.int_at(0),
                 .login = row.text_at(1),
                 .name = row.text_at(2),
                 .role = row.text_at(3),
                 .password_hash = row.text_at(4),
                 .disabled = row.int_at(5) != 0,
                 .created_at = row.text_at(6)};
}

std::optional<Officer> read_one(Statement& row) {
  if (!row.step()) return std::nullopt;
  return read_officer(row);
}

}  // namespace

Officer Officers::add(const std::string& login, const std::string& name, const std::string& role,
                      const std::string& password_hash) {
  db_.prepare(kInsertOfficer).bind(1, login).bind(2, name).bind(3, role).bind(4, password_hash).run();
  auto added = find(db_.last_insert_id());
  return *added;
}

std::optional<Officer> Officers::find_by_login(const std::string& login) {
  auto row = db_.prepare(concat(kSelectOfficers, kWhereLogin));
  row.bind(1, login);
  return read_one(row);
}

std::optional<Officer> Officers::find(Id officer_id) {
  auto row = db_.prepare(concat(kSelectOfficers, kWhereId));
  row.bind(1, officer_id);
  return read_one(row);
}

std::vector<Officer> Officers::list() {
  auto rows = db_.prepare(concat(kSelectOfficers, kOrderByLogin));
  return read_all(rows, read_officer);
}

std::vector<OfficerListing> Officers::list_with_token_counts() {
  auto rows = db_.prepare(kSelectWithTokenCounts);
  return read_all(rows, [](const Statement& row) { return OfficerListing{read_officer(row), row.int_at(7)}; });
}

// Disabling took every credential already; an officer disabled by an older version may still hold
// tokens, which must not come back with the account.
bool Officers::enable(const std::string& login) {
  Savepoint scope(db_);
  db_.prepare(kEnable).bind(1, login).run();
  const bool found = db_.changes() > 0;
  drop_credentials(login);
  scope.release();
  return found;
}

bool Officers::set_role(const std::string& login, const std::string& role) {
  db_.prepare(kSetRole).bind(1, login).bind(2, role).run();
  return db_.changes() > 0;
}

int Officers::revoke_tokens(Id officer_id) {
  db_.prepare(kDeleteTokens).bind(1, officer_id).run();
  return db_.changes();
}

int Officers::end_sessions(Id officer_id) {
  db_.prepare(kDeleteSessionsOfOfficer).bind(1, officer_id).run();
  return db_.changes();
}

bool Officers::disable(const std::string& login) {
  Savepoint scope(db_);
  db_.prepare(kDisable).bind(1, login).run();
  const bool found = db_.changes() > 0;
  drop_credentials(login);
  scope.release();
  return found;
}

void Officers::drop_credentials(const std::string& login) {
  db_.prepare(kDeleteSessionsOfLogin).bind(1, login).run();
  db_.prepare(kDeleteTokensOfLogin).bind(1, login).run();
}

bool Officers::set_password_hash(const std::string& login, const std::string& password_hash) {
  Savepoint scope(db_);
  db_.prepare(kSetPasswordHash).bind(1, login).bind(2, password_hash).run();
  const bool found = db_.changes() > 0;
  db_.prepare(kDeleteSessionsOfLogin).bind(1, login).run();
  scope.release();
  return found;
}

void Officers::add_token(Id officer_id, const std::string& token_hash) {
  db_.prepare(kInsertToken).bind(1, token_hash).bind(2, officer_id).run();
}

std::optional<Officer> Officers::find_by_token(const std::string& token_hash) {
  auto row = db_.prepare(concat(kSelectOfficers, kJoinToken));
  row.bind(1, token_hash);
  return read_one(row);
}

void Officers::add_session(Id officer_id, const std::string& token_hash, const std::string& csrf_token,
                           std::chrono::seconds lifetime) {
  db_.prepare(kInsertSession)
      .bind(1, token_hash)
      .bind(2, officer_id)
      .bind(3, csrf_token)
      .bind(4, static_cast<std::int64_t>(lifetime.count()))
      .run();
}

std::optional<OfficerSession> Officers::find_session(const std::string& token_hash) {
  auto row = db_.prepare(kSelectSession);
  row.bind(1, token_hash);
  if (!row.step()) return std::nullopt;
  return OfficerSession{.officer = read_officer(row), .csrf_token = row.text_at(7), .expires_at = row.text_at(8)};
}

bool Officers::delete_session(const std::string& token_hash) {
  db_.prepare(kDeleteSession).bind(1, token_hash).run();
  return db_.changes() > 0;
}

int Officers::delete_expired_sessions() {
  db_.prepare(kDeleteExpired).run();
  return db_.changes();
}

}  // namespace buurtbot::storage
