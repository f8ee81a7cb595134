// Photos and files kept with initiatives and inbox messages.

#include "storage/attachments.hpp"

#include "storage/internal.hpp"

namespace buurtbot::storage {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO attachments (initiative_id, message_id, channel, kind, ref, name) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSelect = "SELECT id, channel, kind, ref, name, created_at FROM attachments ";
constexpr std::string_view kOfInitiative = "WHERE initiative_id = ?1 ORDER BY id";
constexpr std::string_view kOfMessage = "WHERE message_id = ?1 ORDER BY id";

StoredAttachment read_attachment(const Statement& row) {
  return {.id = row.int_at(0),
          .channel = row.text_at(1),
          .kind = row.text_at(2),
          .ref = row.text_at(3),
          .name = row.text_at(4),
          .created_at = row.text_at(5)};
}

}  // namespace

void Attachments::add_to_initiative(Id initiative_id, const StoredAttachment& a) {
  db_.prepare(kInsert).bind(1, initiative_id).bind_null(2).bind(3, a.channel).bind(4, a.kind).bind(5, a.ref)
      .bind(6, a.name).run();
}

void Attachments::add_to_message(Id message_id, const StoredAttachment& a) {
  db_.prepare(kInsert).bind_null(1).bind(2, message_id).bind(3, a.channel).bind(4, a.kind).bind(5, a.ref)
      .bind(6, a.name).run();
}

std::vector<StoredAttachment> Attachments::of_initiative(Id initiative_id) {
  auto rows = db_.prepare(concat(kSelect, kOfInitiative));
  rows.bind(1, initiative_id);
  return read_all(rows, read_attachment);
}

std::vector<StoredAttachment> Attachments::of_message(Id message_id) {
  auto rows = db_.prepare(concat(kSelect, kOfMessage));
  rows.bind(1, message_id);
  return read_all(rows, read_attachment);
}

}  // namespace buurtbot::storage
