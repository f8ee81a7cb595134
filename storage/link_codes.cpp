// One-time codes that join a resident's identities.

#include "storage/link_codes.hpp"

namespace buurtbot::storage {
namespace {

constexpr std::string_view kDeleteResidentCode = "DELETE FROM resident_link_codes WHERE resident_id = ?1";
constexpr std::string_view kInsertCode =
    "INSERT INTO resident_link_codes (code_hash, resident_id, identity_id, expires_at) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kSelectCode =
    "SELECT id, resident_id, identity_id, claimed_identity_id, expires_at, used_at IS NOT NULL "
    "FROM resident_link_codes ";
constexpr std::string_view kClaimCode = "UPDATE resident_link_codes SET claimed_identity_id = ?2 WHERE id = ?1";
constexpr std::string_view kUseCode =
    "UPDATE resident_link_codes SET used_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";

LinkCode read_code(const Statement& row) {
  return LinkCode{.id = row.int_at(0), .resident_id = row.int_at(1), .identity_id = row.int_at(2),
                  .claimed_identity_id = row.optional_int_at(3), .expires_at = row.text_at(4),
                  .used = row.int_at(5) != 0};
}

std::optional<LinkCode> first(Statement& rows) {
  if (!rows.step()) return std::nullopt;
  return read_code(rows);
}

}  // namespace

Id LinkCodes::replace(Id resident_id, Id identity_id, const std::string& code_hash, const std::string& expires_at) {
  db_.prepare(kDeleteResidentCode).bind(1, resident_id).run();
  db_.prepare(kInsertCode).bind(1, code_hash).bind(2, resident_id).bind(3, identity_id).bind(4, expires_at).run();
  return db_.last_insert_id();
}

std::optional<LinkCode> LinkCodes::find_by_hash(const std::string& code_hash) {
  auto rows = db_.prepare(std::string(kSelectCode) + "WHERE code_hash = ?1");
  rows.bind(1, code_hash);
  return first(rows);
}

std::optional<LinkCode> LinkCodes::find(Id id) {
  auto rows = db_.prepare(std::string(kSelectCode) + "WHERE id = ?1");
  rows.bind(1, id);
  return first(rows);
}

void LinkCodes::claim(Id id, Id identity_id) { db_.prepare(kClaimCode).bind(1, id).bind(2, identity_id).run(); }

void LinkCodes::mark_used(Id id) { db_.prepare(kUseCode).bind(1, id).run(); }

}  // namespace buurtbot::storage
