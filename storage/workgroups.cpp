// Workgroups, their members and their linked group chats.

#include "storage/repositories.hpp"

#include "storage/internal.hpp"

namespace buurtbot::storage {
namespace {

constexpr std::string_view kInsertLinkCode =
    "INSERT INTO workgroup_link_codes (code, workgroup_id, expires_at) VALUES (?1, ?2, ?3)";
// An expired code is as good as none.
constexpr std::string_view kSelectLinkCode =
    "SELECT workgroup_id FROM workgroup_link_codes WHERE code = ?1 "
    "AND expires_at > strftime('%Y-%m-%dT%H:%M:%SZ','now')";
constexpr std::string_view kDeleteLinkCode = "DELETE FROM workgroup_link_codes WHERE code = ?1";
constexpr std::string_view kUnlinkChat = "DELETE FROM workgroup_chats WHERE channel = ?1 AND address = ?2";
// Shared by every query that returns workgroups; a WHERE clause below completes it.
constexpr std::string_view kSelectWorkgroups =
    "SELECT w.id, w.name, w.theme, w.description, "
    "(SELECT COUNT(*) FROM workgroup_members m WHERE m.workgroup_id = w.id) FROM workgroups w ";
constexpr std::string_view kWhereId = "WHERE w.id = ?1";
constexpr std::string_view kWhereName = "WHERE w.name = ?1";
constexpr std::string_view kOrderByName = "ORDER BY w.name";
constexpr std::string_view kWhereMember =
    "JOIN workgroup_members wm ON wm.workgroup_id = w.id WHERE wm.resident_id = ?1 ORDER BY w.name";

constexpr std::string_view kInsertWorkgroup = "INSERT INTO workgroups (name, theme, description) VALUES (?1, ?2, ?3)";
constexpr std::string_view kInsertMember =
    "INSERT INTO workgroup_members (workgroup_id, resident_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
constexpr std::string_view kDeleteMember = "DELETE FROM workgroup_members WHERE workgroup_id = ?1 AND resident_id = ?2";
constexpr std::string_view kSelectMembers =
    "SELECT resident_id FROM workgroup_members WHERE workgroup_id = ?1 ORDER BY resident_id";
constexpr std::string_view kLinkChat =
    "INSERT INTO workgroup_chats (workgroup_id, channel, address) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (channel, address) DO UPDATE SET workgroup_id = excluded.workgroup_id";
constexpr std::string_view kUpdateWorkgroup =
    "UPDATE workgroups SET name = ?2, theme = ?3, description = ?4 WHERE id = ?1";
constexpr std::string_view kSelectChats =
    "SELECT c.id, c.workgroup_id, c.channel, c.address, c.created_at FROM workgroup_chats c ";
constexpr std::string_view kWhereTheme =
    "JOIN workgroups w ON w.id = c.workgroup_id WHERE w.theme = ?1 ORDER BY c.id";
constexpr std::string_view kWhereWorkgroup = "WHERE c.workgroup_id = ?1 ORDER BY c.id";

Workgroup read_workgroup(const Statement& row) {
  return Workgroup{.id = row.int_at(0), .name = row.text_at(1), .theme = row.text_at(2),
                   .description = row.text_at(3), .members = row.int_at(4)};
}

std::vector<Workgroup> read_workgroups(Statement& rows) {
  return read_all(rows, read_workgroup);
}

GroupChat read_chat(const Statement& row) {
  return GroupChat{.id = row.int_at(0), .workgroup_id = row.int_at(1), .channel = row.text_at(2),
                   .address = row.text_at(3), .linked_at = row.text_at(4)};
}

std::optional<Workgroup> read_one(Statement& row) {
  if (!row.step()) return std::nullopt;
  return read_workgroup(row);
}

}  // namespace

Workgroup Workgroups::add(const std::string& name, const std::string& theme, const std::string& description) {
  db_.prepare(kInsertWorkgroup).bind(1, name).bind(2, theme).bind(3, description).run();
  return *find(db_.last_insert_id());
}

std::optional<Workgroup> Workgroups::find(Id id) {
  auto row = db_.prepare(concat(kSelectWorkgroups, kWhereId));
  row.bind(1, id);
  return read_one(row);
}

std::optional<Workgroup> Workgroups::find_by_name(const std::string& name) {
  auto row = db_.prepare(concat(kSelectWorkgroups, kWhereName));
  row.bind(1, name);
  return read_one(row);
}

std::vector<Workgroup> Workgroups::list() {
  auto rows = db_.prepare(concat(kSelectWorkgroups, kOrderByName));
  return read_workgroups(rows);
}

std::vector<Workgroup> Workgroups::of_resident(Id resident_id) {
  auto rows = db_.prepare(concat(kSelectWorkgroups, kWhereMember));
  rows.bind(1, resident_id);
  return read_workgroups(rows);
}

bool Workgroups::join(Id workgroup_id, Id resident_id) {
  db_.prepare(kInsertMember).bind(1, workgroup_id).bind(2, resident_id).run();
  return db_.changes() == 1;
}

bool Workgroups::leave(Id workgroup_id, Id resident_id) {
  db_.prepare(kDeleteMember).bind(1, workgroup_id).bind(2, resident_id).run();
  return db_.changes() == 1;
}

std::vector<Id> Workgroups::members(Id workgroup_id) {
  auto rows = db_.prepare(kSelectMembers);
  rows.bind(1, workgroup_id);
  std::vector<Id> result;
  while (rows.step()) result.push_back(rows.int_at(0));
  return result;
}

void Workgroups::add_link_code(Id workgroup_id, const std::string& code, const std::string& expires_at) {
  db_.prepare(kInsertLinkCode).bind(1, code).bind(2, workgroup_id).bind(3, expires_at).run();
}

std::optional<Id> Workgroups::redeem_link_code(const std::string& code) {
  auto row = db_.prepare(kSelectLinkCode);
  row.bind(1, code);
  if (!row.step()) return std::nullopt;
  const Id workgroup_id = row.int_at(0);
  db_.prepare(kDeleteLinkCode).bind(1, code).run();
  return workgroup_id;
}

void Workgroups::unlink_chat(const std::string& channel, const std::string& address) {
  db_.prepare(kUnlinkChat).bind(1, channel).bind(2, address).run();
}

void Workgroups::link_chat(Id workgroup_id, const std::string& channel, const std::string& address) {
  db_.prepare(kLinkChat).bind(1, workgroup_id).bind(2, channel).bind(3, address).run();
}

std::vector<GroupChat> Workgroups::chats_for_theme(const std::string& theme) {
  auto rows = db_.prepare(concat(kSelectChats, kWhereTheme));
  rows.bind(1, theme);
  return read_all(rows, read_chat);
}

std::vector<GroupChat> Workgroups::chats(Id workgroup_id) {
  auto rows = db_.prepare(concat(kSelectChats, kWhereWorkgroup));
  rows.bind(1, workgroup_id);
  return read_all(rows, read_chat);
}

bool Workgroups::update(const Workgroup& workgroup) {
  db_.prepare(kUpdateWorkgroup)
      .bind(1, workgroup.id)
      .bind(2, workgroup.name)
      .bind(3, workgroup.theme)
      .bind(4, workgroup.description)
      .run();
  return db_.changes() > 0;
}

}  // namespace buurtbot::storage
