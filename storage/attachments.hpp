#pragma once
// Photos and files residents sent with a plan or a question. Kept by the channel's own reference
// (Telegram's file_id), not their bytes: the channel keeps the file, buurtbot remembers which it was.

#include "storage/database.hpp"
#include "storage/records.hpp"

#include <string>
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
};

/// Attachments belong to an initiative or to one message of an inbox thread; they go when it goes.
class Attachments final {
 public:
  explicit Attachments(Database& db) : db_(db) {}
  void add_to_initiative(Id initiative_id, const StoredAttachment& attachment);
  void add_to_message(Id message_id, const StoredAttachment& attachment);
  std::vector<StoredAttachment> of_initiative(Id initiative_id);
  std::vector<StoredAttachment> of_message(Id message_id);

 private:
  Database& db_;
};

}  // namespace buurtbot::storage
