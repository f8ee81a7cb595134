#include "storage/database.hpp"

#include "storage/internal.hpp"
#include "storage/migrations.hpp"

#include <spdlog/fmt/fmt.h>

#include <cassert>
#include <memory>
#include <unordered_map>
#include <system_error>
#include <utility>

namespace buurtbot::storage {
namespace {

constexpr std::string_view kBeginImmediate = "BEGIN IMMEDIATE";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kUserVersion = "PRAGMA user_version";
constexpr std::string_view kRollback = "ROLLBACK";
constexpr std::string_view kSavepoint = "SAVEPOINT buurtbot";
constexpr std::string_view kReleaseSavepoint = "RELEASE buurtbot";
// ROLLBACK TO keeps the savepoint open, so it is released right after.
constexpr std::string_view kRollbackToSavepoint = "ROLLBACK TO buurtbot; RELEASE buurtbot";
constexpr std::string_view kJournalModeWal = "PRAGMA journal_mode=WAL";
// secure_delete: what "forget me" and retention erase is overwritten in the file, not left on free
// pages. Debian's SQLite is built with it on; saying so keeps it on with any other build.
constexpr std::string_view kConnectionPragmas =
    "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;";
constexpr std::string_view kDurableCommits = "PRAGMA synchronous=FULL;";
constexpr std::string_view kInMemory = ":memory:";
constexpr int kBackupMaxRetries = 100;
constexpr int kBackupRetryMs = 50;

std::string db_path(sqlite3* db) {
  const char* file = sqlite3_db_filename(db, "main");
  return file != nullptr && *file != '\0' ? file : std::string(kInMemory);
}

// Turns a SQLite failure into a sentence an administrator can act on: the file, SQLite's words, and a hint.
std::string explain(const std::string& path, int code, std::string_view detail) {
  std::string_view hint;
  switch (code & 0xff) {
    case SQLITE_NOTADB:
      hint = "; check that the configured path is a buurtbot database";
      break;
    case SQLITE_READONLY:
      hint = "; the file or its directory is read-only";
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      hint = "; locked by another writer (is another buurtbot using this file?)";
      break;
    case SQLITE_CANTOPEN:
      hint = "; check that the path is a file in a writable directory";
      break;
    case SQLITE_CORRUPT:
      hint = "; restore it from a backup";
      break;
    default:
      break;
  }
  return fmt::format("database {}: {}{}", path, detail, hint);
}

[[noreturn]] void fail(sqlite3* db, int code) {
  throw StorageError(explain(db_path(db), code, sqlite3_errmsg(db)), code);
}

// Logs from a destructor, where nothing may throw, not even a failing logger.
template <typename... Args>
void log_noexcept(spdlog::level::level_enum level, fmt::format_string<Args...> format, Args&&... args) noexcept {
  try {
    logger()->log(level, format, std::forward<Args>(args)...);
  } catch (...) {  // nothing sensible is left to do
  }
}

// Undoes an unfinished transaction or savepoint. It runs in destructors, so a failure can only be logged.
void rollback_noexcept(sqlite3* db, std::string_view sql) noexcept {
  // SQLite already rolled back by itself after some errors (disk full, I/O): nothing is left to undo.
  if (sqlite3_get_autocommit(db) != 0) return;
  char* error = nullptr;
  const int rc = sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) {
    log_noexcept(spdlog::level::debug, "rolled back uncommitted writes on {}", db_path(db));
  } else {
    log_noexcept(spdlog::level::err, "rollback failed on {}: {}", db_path(db),
                 error != nullptr ? error : sqlite3_errstr(rc));
  }
  sqlite3_free(error);
}

void create_parent_directory(const std::filesystem::path& path) {
  const auto parent = path.parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    throw StorageError(fmt::format("database {}: cannot create directory {}: {}", path.string(), parent.string(),
                                   ec.message()));
  }
}

// Opens a raw connection; the caller owns the handle on success.
sqlite3* open_handle(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc == SQLITE_OK) return db;
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  sqlite3_close(db);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) detail += ", the path is a directory";
  throw StorageError(explain(path.string(), rc, detail), rc);
}

void begin_immediate(Database& db) {
  try {
    db.exec(kBeginImmediate);
  } catch (const StorageError& e) {
    if ((e.sqlite_code() & 0xff) != SQLITE_BUSY) throw;
    throw StorageError(fmt::format("database {}: locked by another writer (still busy after {} ms); "
                                   "is another buurtbot using this file?",
                                   db.path().string(), db.busy_timeout().count()),
                       e.sqlite_code());
  }
}

// Prepares one statement; throws StorageError quoting the SQL when it does not compile.
sqlite3_stmt* prepare_raw(sqlite3* db, std::string_view sql, const char** tail = nullptr) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, tail);
  if (rc != SQLITE_OK) {
    // Quoting the SQL helps with a mistake in it, not with a file that is no database.
    std::string detail = sqlite3_errmsg(db);
    if ((rc & 0xff) == SQLITE_ERROR) detail += fmt::format(" in: {}", sql);
    sqlite3_finalize(stmt);
    throw StorageError(explain(db_path(db), rc, detail), rc);
  }
  return stmt;
}

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};

}  // namespace

namespace detail {

/// The prepared statements of one connection, by SQL text. Preparing is a good part of a short query's
/// cost (parsing, name resolution, planning), and the writer thread runs the same few dozen texts for
/// every message; the cache keeps each one prepared. Used from the connection's thread only.
class StatementCache final {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache() { close(); }

  sqlite3* db() const { return db_; }

  /// A statement for `sql`, taken from the cache or prepared now; null for a text without a statement.
  sqlite3_stmt* take(std::string_view sql) {
    if (db_ == nullptr) throw StorageError("database connection is closed");
    if (auto it = idle_.find(sql); it != idle_.end() && !it->second.empty()) {
      auto* stmt = it->second.back();
      it->second.pop_back();
      return stmt;
    }
    return prepare_raw(db_, sql);
  }

  /// Takes `stmt` back, reset and without bindings, or finalizes it when the cache is closed or full.
  void give_back(sqlite3_stmt* stmt) noexcept {
    if (stmt == nullptr) return;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (db_ != nullptr) {
      try {
        const std::string_view sql = sqlite3_sql(stmt);
        auto it = idle_.find(sql);
        if (it == idle_.end() && idle_.size() < kMaxTexts) it = idle_.try_emplace(std::string(sql)).first;
        if (it != idle_.end() && it->second.size() < kMaxPerText) {
          it->second.push_back(stmt);
          return;
        }
      } catch (...) {  // out of memory: the statement is simply not kept
      }
    }
    sqlite3_finalize(stmt);
  }

  /// Finalizes every idle statement; statements still lent out are finalized when they come back.
  void close() noexcept {
    for (auto& [sql, stmts] : idle_)
      for (auto* stmt : stmts) sqlite3_finalize(stmt);
    idle_.clear();
    db_ = nullptr;
  }

 private:
  // Bounds for SQL built at run time; the texts buurtbot uses are constants, far fewer than this.
  static constexpr std::size_t kMaxTexts = 512;
  static constexpr std::size_t kMaxPerText = 4;

  sqlite3* db_;
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>, TextHash, std::equal_to<>> idle_;
};

}  // namespace detail

std::shared_ptr<spdlog::logger> logger() {
  if (auto registered = spdlog::get("storage")) return registered;
  const auto& fallback = spdlog::default_logger();
  auto unregistered = std::make_shared<spdlog::logger>("storage", fallback->sinks().begin(), fallback->sinks().end());
  unregistered->set_level(fallback->level());
  return unregistered;
}

// ---- Database ----

Database::Database(sqlite3* db, std::filesystem::path path, std::chrono::milliseconds busy_timeout)
    : db_(db), cache_(std::make_shared<detail::StatementCache>(db)), path_(std::move(path)), busy_timeout_(busy_timeout) {}

Database Database::open(const std::filesystem::path& path) { return open(path, OpenOptions{}); }

Database Database::open(const std::filesystem::path& path, const OpenOptions& options) {
  if (path != kInMemory) create_parent_directory(path);
  Database db(open_handle(path), path, options.busy_timeout);
  db.configure();
  if (options.durable) db.exec(kDurableCommits);
  migrate(db);
  return db;
}

void Database::configure() {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout_.count()));
  // SQLite silently falls back to read-only when the file is write-protected; say so now, not at the first write.
  if (sqlite3_db_readonly(db_, "main") == 1) {
    throw StorageError(explain(path_.string(), SQLITE_READONLY, "cannot write to the file"), SQLITE_READONLY);
  }
  auto wal = prepare(kJournalModeWal);
  wal.step();
  const auto mode = wal.text_at(0);
  if (mode != "wal" && mode != "memory") {
    throw StorageError(fmt::format("database {}: cannot switch to WAL mode (still \"{}\"); check that the directory "
                                   "is writable",
                                   path_.string(), mode));
  }
  exec(kConnectionPragmas);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      cache_(std::move(other.cache_)),
      path_(std::move(other.path_)),
      busy_timeout_(other.busy_timeout_) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    cache_ = std::move(other.cache_);
    path_ = std::move(other.path_);
    busy_timeout_ = other.busy_timeout_;
  }
  return *this;
}

Database::~Database() { close(); }

void Database::close() noexcept {
  if (db_ == nullptr) return;
  if (cache_) cache_->close();
  // close_v2 defers the close while statements are alive instead of failing.
  const int rc = sqlite3_close_v2(std::exchange(db_, nullptr));
  if (rc != SQLITE_OK) log_noexcept(spdlog::level::err, "closing {} failed: {}", path_.string(), sqlite3_errstr(rc));
}

void Database::exec(std::string_view sql) {
  // One statement (BEGIN, COMMIT, SAVEPOINT, RELEASE: several for every message) runs from the cache.
  if (sql.find(';') == std::string_view::npos) {
    prepare(sql).run();
    return;
  }
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return;
  const std::string detail = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  throw StorageError(explain(path_.string(), rc, detail), rc);
}

Statement Database::prepare(std::string_view sql) { return Statement(cache_, sql); }

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

int Database::schema_version() { return current_schema_version(*this); }

void Database::backup_to(const std::filesystem::path& target) {
  create_parent_directory(target);
  const std::unique_ptr<sqlite3, decltype(&sqlite3_close)> dest(open_handle(target), &sqlite3_close);
  sqlite3_extended_result_codes(dest.get(), 1);
  sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", db_, "main");
  if (backup == nullptr) fail(dest.get(), sqlite3_extended_errcode(dest.get()));
  int rc = SQLITE_OK;
  // One step copies everything under a read snapshot; WAL lets writers go on meanwhile.
  for (int attempt = 0; attempt < kBackupMaxRetries; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(kBackupRetryMs);
  }
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw StorageError(explain(target.string(), rc, sqlite3_errstr(rc)), rc);
  if (finished != SQLITE_OK) fail(dest.get(), finished);
  logger()->info("backed up {} to {}", path_.string(), target.string());
}

// ---- Statement ----

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db), stmt_(prepare_raw(db, sql)) {
  if (stmt_ == nullptr) throw StorageError(fmt::format("database {}: empty SQL statement", db_path(db)));
}

Statement::Statement(std::shared_ptr<detail::StatementCache> cache, std::string_view sql)
    : db_(cache->db()), cache_(std::move(cache)) {
  if (db_ == nullptr) throw StorageError("database connection is closed");
  stmt_ = cache_->take(sql);
  if (stmt_ == nullptr) throw StorageError(fmt::format("database {}: empty SQL statement", db_path(db_)));
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), cache_(std::move(other.cache_)) {}

Statement::~Statement() {
  if (cache_) {
    cache_->give_back(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Statement::check_bind(int rc, int index) {
  if (rc != SQLITE_OK) {
    throw StorageError(explain(db_path(db_), rc, fmt::format("cannot bind parameter {}: {}", index,
                                                             sqlite3_errstr(rc))),
                       rc);
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // A null data pointer would bind NULL, but an empty string_view is the empty text.
  const char* data = value.data() != nullptr ? value.data() : "";
  check_bind(sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  // A null data pointer would bind NULL, but no bytes are an empty BLOB.
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  check_bind(sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT), index);
  return *this;
}

Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
  return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string message = explain(db_path(db_), rc, sqlite3_errmsg(db_));
  sqlite3_reset(stmt_);
  throw StorageError(message, rc);
}

void Statement::run() {
  while (step()) {
  }
}

std::int64_t Statement::int_at(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::double_at(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::text_at(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::int64_t> Statement::optional_int_at(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return int_at(column);
}

std::string Statement::blob_at(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (bytes == nullptr) return {};
  return std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::optional_text_at(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return text_at(column);
}

// ---- Transaction ----

Transaction::Transaction(Database& db) : db_(&db) { begin_immediate(db); }

Transaction::Transaction(Transaction&& other) noexcept : db_(other.db_), done_(std::exchange(other.done_, true)) {}

Transaction::~Transaction() {
  if (!done_) rollback_noexcept(db_->handle(), kRollback);
}

void Transaction::commit() {
  assert(!done_ && "transaction committed twice");
  db_->exec(kCommit);
  done_ = true;
}

// ---- Savepoint ----

Savepoint::Savepoint(Database& db) : db_(db) {
  if (sqlite3_get_autocommit(db.handle()) != 0) {
    own_.emplace(db);
  } else {
    db.exec(kSavepoint);
  }
}

Savepoint::~Savepoint() {
  if (done_ || own_) return;  // a Transaction of our own rolls back in its own destructor
  rollback_noexcept(db_.handle(), kRollbackToSavepoint);
}

void Savepoint::release() {
  assert(!done_ && "savepoint released twice");
  if (own_) {
    own_->commit();
  } else {
    db_.exec(kReleaseSavepoint);
  }
  done_ = true;
}

// ---- probe ----

bool database_failed(const StorageError& error) {
  switch (error.sqlite_code() & 0xff) {
    case SQLITE_IOERR: case SQLITE_FULL: case SQLITE_NOMEM: case SQLITE_BUSY: case SQLITE_LOCKED:
    case SQLITE_READONLY: case SQLITE_CORRUPT: case SQLITE_NOTADB: case SQLITE_CANTOPEN: case SQLITE_INTERRUPT:
      return true;
    default:
      return false;
  }
}

void probe_write(Database& db) {
  std::int64_t version = 0;
  {
    auto read = db.prepare(kUserVersion);
    read.step();
    version = read.int_at(0);
  }
  Transaction tx(db);
  db.exec(fmt::format("{} = {}", kUserVersion, version));
  tx.commit();
}

}  // namespace buurtbot::storage
