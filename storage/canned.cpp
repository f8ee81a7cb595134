// Canned responses: texts officers keep ready for questions that come back often.

#include "storage/canned.hpp"

#include "storage/internal.hpp"

namespace buurtbot::storage {
namespace {

constexpr std::string_view kSelectCanned = "SELECT id, title, text, updated_by, updated_at FROM canned_responses ";
constexpr std::string_view kOrderByTitle = "ORDER BY title, id";
constexpr std::string_view kWhereId = "WHERE id = ?1";
constexpr std::string_view kWhereTitle = "WHERE title = ?1";  // the column's NOCASE collation applies
constexpr std::string_view kInsertCanned = "INSERT INTO canned_responses (title, text, updated_by) VALUES (?1, ?2, ?3)";
constexpr std::string_view kUpdateCanned =
    "UPDATE canned_responses SET title = ?2, text = ?3, updated_by = ?4, "
    "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
constexpr std::string_view kDeleteCanned = "DELETE FROM canned_responses WHERE id = ?1";

CannedResponse read_canned(const Statement& row) {
  return CannedResponse{.id = row.int_at(0),
                        .title = row.text_at(1),
                        .text = row.text_at(2),
                        .updated_by = row.text_at(3),
                        .updated_at = row.text_at(4)};
}

std::optional<CannedResponse> read_one(Statement& row) {
  if (!row.step()) return std::nullopt;
  return read_canned(row);
}

}  // namespace

std::vector<CannedResponse> CannedResponses::list() {
  auto rows = db_.prepare(concat(kSelectCanned, kOrderByTitle));
  return read_all(rows, read_canned);
}

std::optional<CannedResponse> CannedResponses::find(Id id) {
  auto row = db_.prepare(concat(kSelectCanned, kWhereId));
  row.bind(1, id);
  return read_one(row);
}

std::optional<CannedResponse> CannedResponses::find_by_title(const std::string& title) {
  auto row = db_.prepare(concat(kSelectCanned, kWhereTitle));
  row.bind(1, title);
  return read_one(row);
}

CannedResponse CannedResponses::add(const std::string& title, const std::string& text, const std::string& actor) {
  db_.prepare(kInsertCanned).bind(1, title).bind(2, text).bind(3, actor).run();
  return *find(db_.last_insert_id());
}

bool CannedResponses::update(Id id, const std::string& title, const std::string& text, const std::string& actor) {
  db_.prepare(kUpdateCanned).bind(1, id).bind(2, title).bind(3, text).bind(4, actor).run();
  return db_.changes() > 0;
}

bool CannedResponses::remove(Id id) {
  db_.prepare(kDeleteCanned).bind(1, id).run();
  return db_.changes() > 0;
}

}  // namespace buurtbot::storage
