#pragma once
// Numbered schema migrations, applied in order by Database::open.

#include <span>
#include <string_view>

namespace buurtbot::storage {

class Database;

/// One step of the schema, applied once and in its own transaction.
struct Migration {
  int version;
  std::string_view sql;
};

/// Every migration this binary knows, by ascending version.
std::span<const Migration> migrations();

/// The highest schema version this binary knows.
int latest_schema_version();

/// The schema version recorded in the database (0 for a new file).
int current_schema_version(Database& db);

/// Applies the missing migrations; throws StorageError when the database is newer than this binary.
void migrate(Database& db);

}  // namespace buurtbot::storage
