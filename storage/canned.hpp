#pragma once
// Canned responses: texts officers keep ready for questions that come back often.

#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>
#include <vector>

namespace buurtbot::storage {

/// One canned response as stored.
struct CannedResponse {
  Id id = 0;
  std::string title;
  std::string text;
  std::string updated_by;  ///< the audit actor of the last change ("officer:anna")
  std::string updated_at;
};

/// The shared list of canned responses.
class CannedResponses final {
 public:
  explicit CannedResponses(Database& db) : db_(db) {}

  /// Every canned response, by title.
  std::vector<CannedResponse> list();
  /// The canned response with this id.
  std::optional<CannedResponse> find(Id id);
  /// The canned response titled `title`, ignoring case.
  std::optional<CannedResponse> find_by_title(const std::string& title);
  /// Stores a new one; throws StorageError when the title is taken.
  CannedResponse add(const std::string& title, const std::string& text, const std::string& actor);
  /// Replaces title and text; false when there is no such id, throws StorageError when the title is taken.
  bool update(Id id, const std::string& title, const std::string& text, const std::string& actor);
  /// Deletes it; false when there is no such id.
  bool remove(Id id);

 private:
  Database& db_;
};

}  // namespace buurtbot::storage
