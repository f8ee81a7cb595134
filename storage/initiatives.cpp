// Initiatives, their status history, supports and followers.

#include "storage/repositories.hpp"

#include "storage/internal.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>

namespace buurtbot::storage {
namespace {

// Shared by every query that returns initiatives; a WHERE clause below completes it.
constexpr std::string_view kSelectInitiatives =
    "SELECT i.id, i.ref, i.title, i.description, i.theme, i.neighbourhood, i.help, i.amount_cents, i.submitter_id, "
    "i.status, (SELECT COUNT(*) FROM supports s WHERE s.initiative_id = i.id), "
    "(SELECT COUNT(*) FROM follows f WHERE f.initiative_id = i.id), i.created_at, i.updated_at, i.published, i.hidden "
    "FROM initiatives i ";
constexpr std::string_view kWhereId = "WHERE i.id = ?1";
constexpr std::string_view kWhereRef = "WHERE i.ref = ?1";
// The list's filters, each written only when it is asked for (list_sql): ?1 status, ?2 theme,
// ?3 neighbourhood, ?4 submitter.
constexpr std::string_view kByStatus = "i.status = ?1";
constexpr std::string_view kByTheme = "i.theme = ?2";
constexpr std::string_view kByNeighbourhood = "i.neighbourhood = ?3";
constexpr std::string_view kBySubmitter = "i.submitter_id = ?4";
constexpr std::string_view kListOrder = " ORDER BY i.id";
// What the public pages show: published, not hidden, newest change first; a next page starts after the
// last plan of the one before (?7 its updated_at, ?8 its id).
constexpr std::string_view kWherePublic =
    "WHERE i.published = 1 AND i.hidden = 0 AND (?1 = '' OR i.status = ?1) AND (?2 = '' OR i.theme = ?2) "
    "AND (?3 = '' OR i.neighbourhood = ?3) "
    "AND (?4 = '' OR i.title LIKE ?4 ESCAPE '\\' OR i.description LIKE ?4 ESCAPE '\\' OR i.ref = ?5) ";
constexpr std::string_view kPublicPage =
    "AND (?7 IS NULL OR (i.updated_at, i.id) < (?7, ?8)) ORDER BY i.updated_at DESC, i.id DESC LIMIT ?6";
constexpr std::string_view kSetHidden = "UPDATE initiatives SET hidden = ?2 WHERE id = ?1";
constexpr std::string_view kWhereOpen =
    "WHERE i.status IN ('submitted', 'in_review', 'needs_info', 'accepted', 'in_progress') "
    "AND (?1 = '' OR i.title LIKE ?1 ESCAPE '\\' OR i.description LIKE ?1 ESCAPE '\\') "
    "ORDER BY (i.neighbourhood = ?2) DESC, i.id DESC LIMIT ?3";
// The home the resident named (none when they would rather not say), else the place of their newest plan.
constexpr std::string_view kNeighbourhoodOf =
    "SELECT CASE WHEN r.home = 'none' THEN '' WHEN r.home <> '' THEN r.home ELSE "
    "(SELECT neighbourhood FROM initiatives WHERE submitter_id = r.id ORDER BY id DESC LIMIT 1) END "
    "FROM residents r WHERE r.id = ?1";
constexpr std::string_view kWhereFollowedBy =
    "JOIN follows fo ON fo.initiative_id = i.id WHERE fo.resident_id = ?1 ORDER BY i.id";
constexpr std::string_view kWhereSupportedBy =
    "JOIN supports su ON su.initiative_id = i.id WHERE su.resident_id = ?1 ORDER BY i.id";

// GLOB on a literal prefix can use the index on ref.
constexpr std::string_view kLastRefNumber =
    "SELECT COALESCE(MAX(CAST(substr(ref, length(?1) + 1) AS INTEGER)), 0) FROM initiatives WHERE ref GLOB ?1 || '*'";
constexpr std::string_view kInsertInitiative =
    "INSERT INTO initiatives (ref, title, description, theme, neighbourhood, help, amount_cents, submitter_id, status, "
    "published) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'submitted', ?9)";
constexpr std::string_view kSelectStatus = "SELECT status FROM initiatives WHERE id = ?1";
constexpr std::string_view kUpdateStatus =
    "UPDATE initiatives SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
constexpr std::string_view kInsertStatusChange =
    "INSERT INTO initiative_status_history (initiative_id, from_status, to_status, answer, actor, answer_en) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSelectHistory =
    "SELECT from_status, to_status, answer, actor, at, answer_en FROM initiative_status_history WHERE initiative_id = ?1 "
    "ORDER BY id";
constexpr std::string_view kInsertSupport =
    "INSERT INTO supports (initiative_id, resident_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertFollow =
    "INSERT INTO follows (initiative_id, resident_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
constexpr std::string_view kDeleteFollow = "DELETE FROM follows WHERE initiative_id = ?1 AND resident_id = ?2";
constexpr std::string_view kSelectFollowers =
    "SELECT resident_id FROM follows WHERE initiative_id = ?1 ORDER BY resident_id";

constexpr std::string_view kSubmittedStatus = "submitted";

std::string join_help(const std::vector<std::string>& help) {
  std::string joined;
  for (const auto& item : help) {
    if (!joined.empty()) joined += ',';
    joined += item;
  }
  return joined;
}

std::vector<std::string> split_help(const std::string& joined) {
  std::vector<std::string> help;
  std::size_t start = 0;
  while (start < joined.size()) {
    const auto comma = std::min(joined.find(',', start), joined.size());
    if (comma > start) help.push_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  return help;
}

Initiative read_initiative(const Statement& row) {
  return Initiative{.id = row.int_at(0),
                    .ref = row.text_at(1),
                    .title = row.text_at(2),
                    .description = row.text_at(3),
                    .theme = row.text_at(4),
                    .neighbourhood = row.text_at(5),
                    .help = split_help(row.text_at(6)),
                    .amount_cents = row.optional_int_at(7),
                    .submitter_id = row.optional_int_at(8),
                    .status = row.text_at(9),
                    .supports = row.int_at(10),
                    .followers = row.int_at(11),
                    .created_at = row.text_at(12),
                    .updated_at = row.text_at(13),
                    .published = row.int_at(14) != 0,
                    .hidden = row.int_at(15) != 0};
}

std::vector<Initiative> read_initiatives(Statement& rows) {
  return read_all(rows, read_initiative);
}

std::optional<Initiative> find_by_id(Database& db, Id id) {
  auto row = db.prepare(concat(kSelectInitiatives, kWhereId));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return read_initiative(row);
}

std::string next_ref(Database& db, int year) {
  const auto prefix = fmt::format("BI-{}-", year);
  auto last = db.prepare(kLastRefNumber);
  last.bind(1, prefix);
  last.step();
  return fmt::format("{}{:04}", prefix, last.int_at(0) + 1);
}

void append_history(Database& db, Id id, std::string_view from, std::string_view to, std::string_view answer,
                    std::string_view actor, std::string_view answer_en = {}) {
  db.prepare(kInsertStatusChange)
      .bind(1, id)
      .bind(2, from)
      .bind(3, to)
      .bind(4, answer)
      .bind(5, actor)
      .bind(6, answer_en)
      .run();
}

}  // namespace

Initiative Initiatives::create(Initiative draft, int year) {
  Savepoint scope(db_);
  db_.prepare(kInsertInitiative)
      .bind(1, next_ref(db_, year))
      .bind(2, draft.title)
      .bind(3, draft.description)
      .bind(4, draft.theme)
      .bind(5, draft.neighbourhood)
      .bind(6, join_help(draft.help))
      .bind(7, draft.amount_cents)
      .bind(8, draft.submitter_id)
      .bind(9, draft.published ? 1 : 0)
      .run();
  const Id id = db_.last_insert_id();
  const auto actor = draft.submitter_id ? fmt::format("resident:{}", *draft.submitter_id) : std::string("system");
  append_history(db_, id, "", kSubmittedStatus, "", actor);
  scope.release();
  return *find_by_id(db_, id);
}

std::optional<Initiative> Initiatives::find(const std::string& ref) {
  auto row = db_.prepare(concat(kSelectInitiatives, kWhereRef));
  row.bind(1, ref);
  if (!row.step()) return std::nullopt;
  return read_initiative(row);
}

// Written as "(?4 IS NULL OR i.submitter_id = ?4)", a filter is planned once for every value and SQLite
// scans every plan: a resident's own plans (the inbox's thread view, /mijn) cost a read of all of them.
// With only the asked filters in the SQL, a submitter or a status uses its index.
std::string Initiatives::list_sql(const InitiativeFilter& filter) {
  std::vector<std::string_view> clauses;
  if (!filter.status.empty()) clauses.push_back(kByStatus);
  if (!filter.theme.empty()) clauses.push_back(kByTheme);
  if (!filter.neighbourhood.empty()) clauses.push_back(kByNeighbourhood);
  if (filter.submitter_id) clauses.push_back(kBySubmitter);
  std::string sql(kSelectInitiatives);
  for (std::size_t i = 0; i < clauses.size(); ++i) sql += concat(i == 0 ? "WHERE " : " AND ", clauses[i]);
  return sql + std::string(kListOrder);
}

std::vector<Initiative> Initiatives::list(const InitiativeFilter& filter) {
  auto rows = db_.prepare(list_sql(filter));
  // Only the filters written into the SQL: SQLite refuses a number above the highest it holds.
  if (!filter.status.empty()) rows.bind(1, filter.status);
  if (!filter.theme.empty()) rows.bind(2, filter.theme);
  if (!filter.neighbourhood.empty()) rows.bind(3, filter.neighbourhood);
  if (filter.submitter_id) rows.bind(4, *filter.submitter_id);
  return read_initiatives(rows);
}

std::vector<Initiative> Initiatives::open_plans(const std::string& words, const std::string& neighbourhood,
                                                int limit) {
  auto rows = db_.prepare(concat(kSelectInitiatives, kWhereOpen));
  rows.bind(1, contains_pattern(words)).bind(2, neighbourhood).bind(3, limit);
  return read_initiatives(rows);
}

std::vector<Initiative> Initiatives::public_plans(const PublicFilter& filter) {
  auto rows = db_.prepare(concat(kSelectInitiatives, concat(kWherePublic, kPublicPage)));
  rows.bind(1, filter.status).bind(2, filter.theme).bind(3, filter.neighbourhood);
  rows.bind(4, contains_pattern(filter.words)).bind(5, filter.words).bind(6, filter.limit);
  rows.bind(7, filter.after ? std::optional(filter.after->key) : std::nullopt);
  rows.bind(8, filter.after ? filter.after->id : 0);
  return read_initiatives(rows);
}

std::int64_t Initiatives::count_public(const PublicFilter& filter) {
  auto row = db_.prepare(concat("SELECT COUNT(*) FROM initiatives i ", kWherePublic));
  row.bind(1, filter.status).bind(2, filter.theme).bind(3, filter.neighbourhood);
  row.bind(4, contains_pattern(filter.words)).bind(5, filter.words);
  return row.step() ? row.int_at(0) : 0;
}

void Initiatives::set_hidden(Id initiative_id, bool hidden) {
  db_.prepare(kSetHidden).bind(1, initiative_id).bind(2, hidden ? 1 : 0).run();
}

std::string Initiatives::neighbourhood_of(Id resident_id) {
  auto row = db_.prepare(kNeighbourhoodOf);
  row.bind(1, resident_id);
  return row.step() ? row.text_at(0) : std::string();
}

void Initiatives::change_status(Id initiative_id, const std::string& to_status, const std::string& answer,
                                const std::string& actor, const std::string& answer_en) {
  Savepoint scope(db_);
  auto current = db_.prepare(kSelectStatus);
  current.bind(1, initiative_id);
  if (!current.step()) {
    throw StorageError(fmt::format("database {}: no initiative with id {}", db_.path().string(), initiative_id));
  }
  const auto from_status = current.text_at(0);
  db_.prepare(kUpdateStatus).bind(1, initiative_id).bind(2, to_status).run();
  append_history(db_, initiative_id, from_status, to_status, answer, actor, answer_en);
  scope.release();
}

std::vector<StatusChange> Initiatives::history(Id initiative_id) {
  auto rows = db_.prepare(kSelectHistory);
  rows.bind(1, initiative_id);
  std::vector<StatusChange> result;
  while (rows.step()) {
    result.push_back(StatusChange{.from_status = rows.text_at(0), .to_status = rows.text_at(1),
                                  .answer = rows.text_at(2), .actor = rows.text_at(3), .at = rows.text_at(4),
                                  .answer_en = rows.text_at(5)});
  }
  return result;
}

bool Initiatives::support(Id initiative_id, Id resident_id) {
  db_.prepare(kInsertSupport).bind(1, initiative_id).bind(2, resident_id).run();
  return db_.changes() == 1;
}

bool Initiatives::follow(Id initiative_id, Id resident_id) {
  db_.prepare(kInsertFollow).bind(1, initiative_id).bind(2, resident_id).run();
  return db_.changes() == 1;
}

bool Initiatives::unfollow(Id initiative_id, Id resident_id) {
  db_.prepare(kDeleteFollow).bind(1, initiative_id).bind(2, resident_id).run();
  return db_.changes() == 1;
}

std::vector<Id> Initiatives::followers(Id initiative_id) {
  auto rows = db_.prepare(kSelectFollowers);
  rows.bind(1, initiative_id);
  std::vector<Id> result;
  while (rows.step()) result.push_back(rows.int_at(0));
  return result;
}

std::vector<Initiative> Initiatives::followed_by(Id resident_id) {
  auto rows = db_.prepare(concat(kSelectInitiatives, kWhereFollowedBy));
  rows.bind(1, resident_id);
  return read_initiatives(rows);
}

std::vector<Initiative> Initiatives::supported_by(Id resident_id) {
  auto rows = db_.prepare(concat(kSelectInitiatives, kWhereSupportedBy));
  rows.bind(1, resident_id);
  return read_initiatives(rows);
}

}  // namespace buurtbot::storage
