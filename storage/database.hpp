#pragma once
// The SQLite database: one connection, opened in WAL mode with foreign keys on, migrated at open.

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace buurtbot::storage {

/// Thrown when the database cannot be opened, migrated or written; `what()` is meant for an administrator.
class StorageError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// An error with SQLite's (extended) result code, so callers can tell SQLITE_BUSY from a constraint.
  StorageError(const std::string& what, int sqlite_code) : std::runtime_error(what), sqlite_code_(sqlite_code) {}
  /// The SQLite result code behind the error, 0 when it did not come from SQLite.
  int sqlite_code() const noexcept { return sqlite_code_; }

 private:
  int sqlite_code_ = 0;
};

/// True when `error` is the database's failure rather than the statement's: the disk is full or failing,
/// the file is locked, read-only or damaged, memory ran out. SQLite may then have rolled back the whole
/// transaction, so nothing done in it since BEGIN is there any more.
bool database_failed(const StorageError& error);

/// Tuning for Database::open; the defaults are what production uses.
struct OpenOptions {
  /// How long a write waits for another writer before failing with "locked by another writer".
  std::chrono::milliseconds busy_timeout{5000};
  /// fsync every commit (synchronous=FULL), so a commit survives a power cut, not only a crash. The
  /// service's writer uses it and groups many acknowledgements into one commit to pay for it.
  bool durable = false;
};

class Statement;

namespace detail {
class StatementCache;
}  // namespace detail

/// One connection to the SQLite file; move-only owner of the handle. Use it from one thread at a time
/// (the writer thread owns the write connection; each reader has its own).
class Database final {
 public:
  /// Opens (creating if missing) and migrates `path`. Throws StorageError with the path on failure:
  /// not a database, read-only, locked by another writer, or a newer schema than this binary knows.
  static Database open(const std::filesystem::path& path);
  /// The same, with non-default options (a short busy timeout in tests).
  static Database open(const std::filesystem::path& path, const OpenOptions& options);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  /// Runs SQL without results (several statements allowed; a single one is prepared once and kept).
  void exec(std::string_view sql);
  /// Prepares one statement, or takes the one prepared for the same text before: a statement goes back
  /// to the connection's cache (reset, bindings cleared) when the Statement is destroyed. Nested use of
  /// the same text gets a second prepared statement.
  Statement prepare(std::string_view sql);
  /// The rowid of the last insert on this connection.
  std::int64_t last_insert_id() const;
  /// Rows changed by the last statement.
  int changes() const;
  /// The schema version after migrations.
  int schema_version();
  /// Copies the whole database to `target` with SQLite's online backup API, while it stays usable.
  void backup_to(const std::filesystem::path& target);

  /// The raw handle, for the few SQLite calls this class does not wrap.
  sqlite3* handle() const { return db_; }
  /// The file this connection was opened on, for error messages.
  const std::filesystem::path& path() const { return path_; }
  /// How long a write waits for another writer.
  std::chrono::milliseconds busy_timeout() const { return busy_timeout_; }

 private:
  Database(sqlite3* db, std::filesystem::path path, std::chrono::milliseconds busy_timeout);
  void configure();
  void close() noexcept;

  sqlite3* db_ = nullptr;
  std::shared_ptr<detail::StatementCache> cache_;  ///< shared with the statements it lends out
  std::filesystem::path path_;
  std::chrono::milliseconds busy_timeout_{5000};
};

/// A prepared statement with positional binding (1-based) and column reading (0-based).
class Statement final {
 public:
  /// Prepares `sql` (one statement) on `db`; throws StorageError quoting the SQL when it does not compile.
  Statement(sqlite3* db, std::string_view sql);
  /// Takes a prepared statement from `cache` (or prepares one), given back on destruction.
  Statement(std::shared_ptr<detail::StatementCache> cache, std::string_view sql);
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  /// Binds `value` to the 1-based parameter `index`; an empty optional binds NULL.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::optional<std::int64_t> value);
  Statement& bind(int index, const std::optional<std::string>& value);
  /// Binds NULL to the 1-based parameter `index`.
  Statement& bind_null(int index);
  /// Binds `bytes` as a BLOB: kept byte for byte, never read as text.
  Statement& bind_blob(int index, std::string_view bytes);
  /// Rewinds the statement and clears its bindings, to run it again.
  void reset();

  /// Advances to the next row; false when done. Throws StorageError (with the constraint's message) on failure.
  bool step();
  /// Runs a statement that returns no rows.
  void run();

  /// The column as an integer (0 for NULL).
  std::int64_t int_at(int column) const;
  /// The column as a real number (0 for NULL).
  double double_at(int column) const;
  /// The column as text ("" for NULL).
  std::string text_at(int column) const;
  /// The column as an integer, empty for NULL.
  std::optional<std::int64_t> optional_int_at(int column) const;
  /// The column as text, empty for NULL.
  std::optional<std::string> optional_text_at(int column) const;
  /// The column's bytes ("" for NULL).
  std::string blob_at(int column) const;

 private:
  void check_bind(int rc, int index);

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::shared_ptr<detail::StatementCache> cache_;  ///< where the statement goes back; empty: finalized
};

/// BEGIN IMMEDIATE on construction; rolls back in the destructor unless committed.
/// Throws StorageError ("locked by another writer") when another connection keeps the write lock
/// past the busy timeout.
class Transaction final {
 public:
  explicit Transaction(Database& db);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  /// Rolls back unless committed; logs (never throws) when the rollback fails.
  ~Transaction();
  /// Makes the changes durable; on failure it throws and the destructor rolls back.
  void commit();

 private:
  Database* db_;
  bool done_ = false;
};

/// Makes a group of writes atomic whether or not the caller holds a Transaction: a SAVEPOINT inside
/// an open transaction, otherwise a BEGIN IMMEDIATE transaction of its own. Repositories use it.
class Savepoint final {
 public:
  explicit Savepoint(Database& db);
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  /// Undoes the writes since construction unless released; logs instead of throwing.
  ~Savepoint();
  /// Keeps the writes (they become durable when the outermost transaction commits).
  void release();

 private:
  Database& db_;
  std::optional<Transaction> own_;  ///< set when no transaction was open, so this scope is the transaction
  bool done_ = false;
};

/// Writes and commits one page (the header's user_version, rewritten unchanged, which nothing reads):
/// throws StorageError when the file takes no writes, such as on a full disk.
void probe_write(Database& db);

}  // namespace buurtbot::storage
