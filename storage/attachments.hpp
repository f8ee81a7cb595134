#pragma once
// Photos and files residents sent with a plan or a question. Where the channel keeps the file (Telegram's
// file_id, Matrix's mxc URI) buurtbot remembers its reference; where no channel does (a mail's part, a
// web chat upload) it keeps the bytes itself, once per content, under their SHA-256.

#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::storage {

/// One kept photo or file.
struct StoredAttachment {
  Id id = 0;
  std::string channel;  ///< where the reference is valid
  std::string kind;     ///< photo, document
  std::string ref;      ///< the channel's reference to the file
  std::string name;     ///< the file name the resident's app gave, or empty
  std::string created_at;
  std::string content_type;  ///< as kept, or as the channel said
  std::int64_t size = 0;     ///< in bytes; 0 when unknown
  std::string digest;        ///< the kept bytes' SHA-256; empty when buurtbot keeps none
  std::string not_kept;      ///< why the bytes are not kept ("file_too_large"); empty when kept or never ours
};

/// Attachments belong to an initiative or to one message of an inbox thread; they go when it goes, and
/// their bytes with the last attachment or journal row that refers to them.
class Attachments final {
 public:
  explicit Attachments(Database& db) : db_(db) {}
  /// Keeps `attachment` with the initiative; a digest whose bytes are gone by now (the journal row that
  /// brought them expired while the plan was being written) is kept without bytes.
  void add_to_initiative(Id initiative_id, const StoredAttachment& attachment);
  void add_to_message(Id message_id, const StoredAttachment& attachment);
  std::vector<StoredAttachment> of_initiative(Id initiative_id);
  std::vector<StoredAttachment> of_message(Id message_id);
  /// The attachment with this id.
  std::optional<StoredAttachment> find(Id id);

 private:
  void add(std::optional<Id> initiative_id, std::optional<Id> message_id, const StoredAttachment& attachment);

  Database& db_;
};

/// The bytes of one file, as kept.
struct StoredFile {
  std::string digest;
  std::string content_type;
  std::string bytes;
};

/// The bytes buurtbot keeps for files no channel keeps.
class Files final {
 public:
  explicit Files(Database& db) : db_(db) {}
  /// Keeps `bytes` under their `digest` (once, however often they come) for journal row `inbound_id`,
  /// inside the caller's transaction: the same commit as the journal row.
  void keep_for_journal_row(Id inbound_id, const std::string& digest, const std::string& content_type,
                            std::string_view bytes);
  /// The bytes under `digest`, if kept.
  std::optional<StoredFile> find(const std::string& digest);

 private:
  Database& db_;
};

}  // namespace buurtbot::storage
