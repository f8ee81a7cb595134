// Photos and files kept with initiatives and inbox messages, and the bytes of those no channel keeps.

#include "storage/attachments.hpp"

#include "storage/internal.hpp"

namespace buurtbot::storage {
namespace {

// A digest whose bytes are gone is stored as NULL, so the row never points at nothing.
constexpr std::string_view kInsert =
    "INSERT INTO attachments (initiative_id, message_id, channel, kind, ref, name, content_type, size, digest, "
    "not_kept) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT digest FROM files WHERE digest = ?9), ?10)";
constexpr std::string_view kSelect =
    "SELECT id, channel, kind, ref, name, created_at, content_type, size, digest, not_kept FROM attachments ";
constexpr std::string_view kOfInitiative = "WHERE initiative_id = ?1 ORDER BY id";
constexpr std::string_view kOfMessage = "WHERE message_id = ?1 ORDER BY id";
constexpr std::string_view kById = "WHERE id = ?1";

constexpr std::string_view kKeepFile =
    "INSERT INTO files (digest, content_type, size, bytes) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (digest) DO NOTHING";
constexpr std::string_view kLinkFile =
    "INSERT INTO inbound_files (inbound_id, digest) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
constexpr std::string_view kSelectFile = "SELECT digest, content_type, bytes FROM files WHERE digest = ?1";

StoredAttachment read_attachment(const Statement& row) {
  return {.id = row.int_at(0),
          .channel = row.text_at(1),
          .kind = row.text_at(2),
          .ref = row.text_at(3),
          .name = row.text_at(4),
          .created_at = row.text_at(5),
          .content_type = row.text_at(6),
          .size = row.int_at(7),
          .digest = row.text_at(8),
          .not_kept = row.text_at(9)};
}

}  // namespace

void Attachments::add(std::optional<Id> initiative_id, std::optional<Id> message_id, const StoredAttachment& a) {
  db_.prepare(kInsert)
      .bind(1, initiative_id)
      .bind(2, message_id)
      .bind(3, a.channel)
      .bind(4, a.kind)
      .bind(5, a.ref)
      .bind(6, a.name)
      .bind(7, a.content_type)
      .bind(8, a.size)
      .bind(9, a.digest)
      .bind(10, a.not_kept)
      .run();
}

void Attachments::add_to_initiative(Id initiative_id, const StoredAttachment& a) { add(initiative_id, std::nullopt, a); }

void Attachments::add_to_message(Id message_id, const StoredAttachment& a) { add(std::nullopt, message_id, a); }

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

std::optional<StoredAttachment> Attachments::find(Id id) {
  auto row = db_.prepare(concat(kSelect, kById));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return read_attachment(row);
}

void Files::keep_for_journal_row(Id inbound_id, const std::string& digest, const std::string& content_type,
                                 std::string_view bytes) {
  db_.prepare(kKeepFile)
      .bind(1, digest)
      .bind(2, content_type)
      .bind(3, static_cast<std::int64_t>(bytes.size()))
      .bind_blob(4, bytes)
      .run();
  db_.prepare(kLinkFile).bind(1, inbound_id).bind(2, digest).run();
}

std::optional<StoredFile> Files::find(const std::string& digest) {
  auto row = db_.prepare(kSelectFile);
  row.bind(1, digest);
  if (!row.step()) return std::nullopt;
  return StoredFile{.digest = row.text_at(0), .content_type = row.text_at(1), .bytes = row.blob_at(2)};
}

}  // namespace buurtbot::storage
