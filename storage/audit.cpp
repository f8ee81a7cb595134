// The audit log: who changed what, and when.

#include "storage/repositories.hpp"

namespace buurtbot::storage {
namespace {

constexpr std::string_view kInsertAudit = "INSERT INTO audit (actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kSelectAudit =
    "SELECT id, actor, action, subject, detail, at FROM audit ORDER BY id DESC LIMIT ?1";

}  // namespace

void Audit::record(const std::string& actor, const std::string& action, const std::string& subject,
                   const std::string& detail) {
  db_.prepare(kInsertAudit).bind(1, actor).bind(2, action).bind(3, subject).bind(4, detail).run();
}

std::vector<AuditEntry> Audit::list(int limit) {
  auto rows = db_.prepare(kSelectAudit);
  rows.bind(1, limit);
  std::vector<AuditEntry> result;
  while (rows.step()) {
    result.push_back(AuditEntry{.id = rows.int_at(0), .actor = rows.text_at(1), .action = rows.text_at(2),
                                .subject = rows.text_at(3), .detail = rows.text_at(4), .at = rows.text_at(5)});
  }
  return result;
}

}  // namespace buurtbot::storage
