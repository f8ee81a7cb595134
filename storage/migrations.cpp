#include "storage/migrations.hpp"

#include "storage/database.hpp"
#include "storage/internal.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <array>

namespace buurtbot::storage {
namespace {

constexpr std::string_view kHasMigrationsTable =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
constexpr std::string_view kMaxVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
))sql";
constexpr std::string_view kInsertVersion = "INSERT INTO schema_migrations (version) VALUES (?1)";

// Version 1: the whole domain. Timestamps are ISO 8601 UTC text; deleting a resident or an initiative
// takes its dependent rows along, but never an initiative (its submitter becomes NULL).
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE residents (
  id           INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL DEFAULT '',
  language     TEXT NOT NULL DEFAULT 'nl',
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  consent_at   TEXT,
  forgotten_at TEXT
);

CREATE TABLE identities (
  id             INTEGER PRIMARY KEY,
  resident_id    INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  channel        TEXT NOT NULL,
  external_id    TEXT NOT NULL,
  address        TEXT NOT NULL DEFAULT '',
  display_name   TEXT NOT NULL DEFAULT '',
  unreachable_at TEXT,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE (channel, external_id)
);
CREATE INDEX identities_by_resident ON identities(resident_id);

CREATE TABLE conversations (
  id          INTEGER PRIMARY KEY,
  channel     TEXT NOT NULL,
  address     TEXT NOT NULL,
  resident_id INTEGER REFERENCES residents(id) ON DELETE CASCADE,
  state_json  TEXT NOT NULL DEFAULT '{}',
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE (channel, address)
);
CREATE INDEX conversations_by_resident ON conversations(resident_id);

CREATE TABLE initiatives (
  id            INTEGER PRIMARY KEY,
  ref           TEXT NOT NULL UNIQUE,
  title         TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  theme         TEXT NOT NULL DEFAULT '',
  neighbourhood TEXT NOT NULL DEFAULT '',
  help          TEXT NOT NULL DEFAULT '',
  amount_cents  INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0),
  submitter_id  INTEGER REFERENCES residents(id) ON DELETE SET NULL,
  status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'in_review', 'needs_info',
                'accepted', 'rejected', 'in_progress', 'done', 'withdrawn')),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX initiatives_by_status ON initiatives(status);
CREATE INDEX initiatives_by_submitter ON initiatives(submitter_id);

CREATE TABLE initiative_status_history (
  id            INTEGER PRIMARY KEY,
  initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  from_status   TEXT NOT NULL,
  to_status     TEXT NOT NULL,
  answer        TEXT NOT NULL DEFAULT '',
  actor         TEXT NOT NULL,
  at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX status_history_by_initiative ON initiative_status_history(initiative_id);

CREATE TABLE supports (
  initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  resident_id   INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  PRIMARY KEY (initiative_id, resident_id)
) WITHOUT ROWID;
CREATE INDEX supports_by_resident ON supports(resident_id);

CREATE TABLE follows (
  initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  resident_id   INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  PRIMARY KEY (initiative_id, resident_id)
) WITHOUT ROWID;
CREATE INDEX follows_by_resident ON follows(resident_id);

CREATE TABLE workgroups (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  theme       TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX workgroups_by_theme ON workgroups(theme);

CREATE TABLE workgroup_members (
  workgroup_id INTEGER NOT NULL REFERENCES workgroups(id) ON DELETE CASCADE,
  resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  joined_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  PRIMARY KEY (workgroup_id, resident_id)
) WITHOUT ROWID;
CREATE INDEX workgroup_members_by_resident ON workgroup_members(resident_id);

CREATE TABLE workgroup_chats (
  id           INTEGER PRIMARY KEY,
  workgroup_id INTEGER NOT NULL REFERENCES workgroups(id) ON DELETE CASCADE,
  channel      TEXT NOT NULL,
  address      TEXT NOT NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE (channel, address)
);
CREATE INDEX workgroup_chats_by_workgroup ON workgroup_chats(workgroup_id);

CREATE TABLE workgroup_link_codes (
  code         TEXT PRIMARY KEY,
  workgroup_id INTEGER NOT NULL REFERENCES workgroups(id) ON DELETE CASCADE,
  expires_at   TEXT NOT NULL
);

CREATE TABLE officers (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL DEFAULT '',
  role          TEXT NOT NULL DEFAULT 'officer' CHECK (role IN ('officer', 'admin')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE officer_tokens (
  token_hash TEXT PRIMARY KEY,
  officer_id INTEGER NOT NULL REFERENCES officers(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX officer_tokens_by_officer ON officer_tokens(officer_id);

CREATE TABLE inbox_threads (
  id                INTEGER PRIMARY KEY,
  resident_id       INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  channel           TEXT NOT NULL,
  address           TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved')),
  assignee_id       INTEGER REFERENCES officers(id) ON DELETE SET NULL,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  last_activity_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  first_response_at TEXT,
  resolved_at       TEXT
);
CREATE INDEX inbox_threads_by_status ON inbox_threads(status, last_activity_at);
CREATE INDEX inbox_threads_by_resident ON inbox_threads(resident_id);
CREATE INDEX inbox_threads_by_assignee ON inbox_threads(assignee_id);

CREATE TABLE inbox_messages (
  id         INTEGER PRIMARY KEY,
  thread_id  INTEGER NOT NULL REFERENCES inbox_threads(id) ON DELETE CASCADE,
  direction  TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  author     TEXT NOT NULL DEFAULT '',
  text       TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX inbox_messages_by_thread ON inbox_messages(thread_id);

CREATE TABLE inbox_notes (
  id         INTEGER PRIMARY KEY,
  thread_id  INTEGER NOT NULL REFERENCES inbox_threads(id) ON DELETE CASCADE,
  officer_id INTEGER REFERENCES officers(id) ON DELETE SET NULL,
  text       TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX inbox_notes_by_thread ON inbox_notes(thread_id);

CREATE TABLE inbound (
  id           INTEGER PRIMARY KEY,
  channel      TEXT NOT NULL,
  external_id  TEXT NOT NULL,
  conversation TEXT NOT NULL DEFAULT '',
  payload      TEXT NOT NULL,
  received_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  processed_at TEXT,
  UNIQUE (channel, external_id)
);
CREATE INDEX inbound_unprocessed ON inbound(id) WHERE processed_at IS NULL;

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  channel         TEXT NOT NULL,
  address         TEXT NOT NULL,
  payload         TEXT NOT NULL,
  priority        INTEGER NOT NULL DEFAULT 1,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,  -- Unix milliseconds; 0: due at once
  first_attempt_ms INTEGER,                    -- the first failed attempt; the give-up deadline counts from it
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  sent_at         TEXT
);
CREATE INDEX outbox_pending ON outbox(priority, id) WHERE status = 'pending';
CREATE INDEX outbox_recipient ON outbox(channel, address, id) WHERE status = 'pending';

CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  detail  TEXT NOT NULL DEFAULT '',
  at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
)sql";

// Version 2: officers' browser sessions. Only the hash of the session token is stored, so a copy of
// the database does not sign anyone in; the CSRF token is useless without the cookie, so it is kept
// as is and handed to the page again when it reloads.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE officer_sessions (
  token_hash TEXT PRIMARY KEY,
  officer_id INTEGER NOT NULL REFERENCES officers(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  expires_at TEXT NOT NULL
);
CREATE INDEX officer_sessions_by_officer ON officer_sessions(officer_id);
CREATE INDEX officer_sessions_by_expiry ON officer_sessions(expires_at);
)sql";

// Version 3: canned responses officers pick from when they answer. Titles are unique regardless of
// case, so the list never shows two entries that read the same.
constexpr std::string_view kSchemaV3 = R"sql(
CREATE TABLE canned_responses (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  text       TEXT NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
)sql";

// Version 4: photos and files residents sent with a plan or a question, by the channel's reference.
// Each belongs to exactly one initiative or one inbox message and is deleted with it.
constexpr std::string_view kSchemaV4 = R"sql(
CREATE TABLE attachments (
  id            INTEGER PRIMARY KEY,
  initiative_id INTEGER REFERENCES initiatives(id) ON DELETE CASCADE,
  message_id    INTEGER REFERENCES inbox_messages(id) ON DELETE CASCADE,
  channel       TEXT NOT NULL,
  kind          TEXT NOT NULL,
  ref           TEXT NOT NULL,
  name          TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  CHECK ((initiative_id IS NULL) <> (message_id IS NULL))
);
CREATE INDEX attachments_by_initiative ON attachments(initiative_id);
CREATE INDEX attachments_by_message ON attachments(message_id);
)sql";

// Version 5: one resident on several channels. A link code joins two residents' identities after a
// confirmation in both channels. Only the code's SHA-256 is stored: a live code asks to join an account,
// so a copy of the database (a backup, a support dump) must not hand any out; no salt is needed since
// the code is looked up by its hash and lives 15 minutes. UNIQUE (resident_id): at most one code per
// resident, a new one replaces the old. `claimed_identity_id` is the identity that typed the code and
// waits for the first channel's "ja". Notifications go to the preferred identity, else the last used.
constexpr std::string_view kSchemaV5 = R"sql(
CREATE TABLE resident_link_codes (
  id                  INTEGER PRIMARY KEY,
  code_hash           TEXT NOT NULL UNIQUE,
  resident_id         INTEGER NOT NULL UNIQUE REFERENCES residents(id) ON DELETE CASCADE,
  identity_id         INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
  claimed_identity_id INTEGER REFERENCES identities(id) ON DELETE CASCADE,
  created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  expires_at          TEXT NOT NULL,
  used_at             TEXT
);
ALTER TABLE residents ADD COLUMN preferred_identity_id INTEGER REFERENCES identities(id) ON DELETE SET NULL;
ALTER TABLE residents ADD COLUMN last_identity_id INTEGER REFERENCES identities(id) ON DELETE SET NULL;
)sql";

// Version 6: where a resident lives, asked once when they look for plans and have none of their own,
// so open plans nearby come first. A neighbourhood key, 'none' for "rather not say", '' when not asked.
constexpr std::string_view kSchemaV6 = R"sql(
ALTER TABLE residents ADD COLUMN home TEXT NOT NULL DEFAULT '';
)sql";

// Version 7: where a channel that fetches its own messages got to (Matrix's /sync `next_batch`), saved
// only after what it fetched is journaled, so a restart goes on from there and skips nothing.
constexpr std::string_view kSchemaV7 = R"sql(
CREATE TABLE channel_positions (
  name       TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
)sql";

// Version 8: an official answer in English next to the Dutch one, so each resident reads theirs.
constexpr std::string_view kSchemaV8 = R"sql(
ALTER TABLE initiative_status_history ADD COLUMN answer_en TEXT NOT NULL DEFAULT '';
)sql";

// Version 9: a thread may belong to a plan (the submitter's answers to the municipality's question about
// it), and carries the deadline for its first answer, set when it opens (inbox.first_response_hours on
// working days). Threads from before get the default rule: 72 hours on
// Monday to Friday, so 3 working days.
constexpr std::string_view kSchemaV9 = R"sql(
ALTER TABLE inbox_threads ADD COLUMN initiative_id INTEGER REFERENCES initiatives(id) ON DELETE SET NULL;
ALTER TABLE inbox_threads ADD COLUMN due_at TEXT;
CREATE INDEX inbox_threads_by_initiative ON inbox_threads(initiative_id);
UPDATE inbox_threads SET due_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at,
  CASE CAST(strftime('%w', created_at) AS INTEGER)
    WHEN 6 THEN 'start of day' WHEN 0 THEN 'start of day' ELSE '+0 days' END,
  CASE CAST(strftime('%w', created_at) AS INTEGER)
    WHEN 1 THEN '+3 days' WHEN 2 THEN '+3 days' WHEN 0 THEN '+4 days' ELSE '+5 days' END);
)sql";

// Version 10: the channel's own reference of the thread the resident's latest message on an inbox thread
// belongs to (e-mail: its Message-ID, References and subject), opaque to the core, so an officer's answer
// goes out as a reply in the resident's own thread on that channel.
constexpr std::string_view kSchemaV10 = R"sql(
ALTER TABLE inbox_threads ADD COLUMN channel_thread TEXT NOT NULL DEFAULT '';
)sql";

// Publication on the public pages: asked at confirm from now on. Plans submitted before the question
// existed were never agreed to be shown, so they start unpublished; an officer may hide any plan.
constexpr std::string_view kSchemaV11 = R"sql(
ALTER TABLE initiatives ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE initiatives ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 12: the web chat. A session is a resident's private address on the web channel (`address`,
// random, no secret); the browser holds a key to it in its cookie, of which only the SHA-256 is stored,
// so a copy of the database opens no conversation (a resume code adds a second key, for another device).
// Its events are what the resident sees in order: their own messages (stored once per client message
// id) and the replies the outbox delivered (once per outbox row, so a retried send is not shown twice).
// A session and everything of it is deleted when it expires.
constexpr std::string_view kSchemaV12 = R"sql(
CREATE TABLE web_sessions (
  id         INTEGER PRIMARY KEY,
  address    TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  expires_at TEXT NOT NULL
);
CREATE INDEX web_sessions_by_expiry ON web_sessions(expires_at);

CREATE TABLE web_session_keys (
  key_hash   TEXT PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES web_sessions(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX web_session_keys_by_session ON web_session_keys(session_id);

CREATE TABLE web_events (
  session_id INTEGER NOT NULL REFERENCES web_sessions(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  json       TEXT NOT NULL,
  client_id  TEXT,
  outbox_id  INTEGER,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  PRIMARY KEY (session_id, seq),
  UNIQUE (session_id, client_id),
  UNIQUE (session_id, outbox_id)
);

CREATE TABLE web_resume_codes (
  code_hash  TEXT PRIMARY KEY,
  session_id INTEGER NOT NULL UNIQUE REFERENCES web_sessions(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL
);
)sql";

// Version 13: mail to people. Why an address became unreachable (a bounce's Status and Diagnostic-Code,
// an SMTP server's refusal), for the officers; and an address whose owner stopped every update with the
// unsubscribe link of a news mail (RFC 8058).
constexpr std::string_view kSchemaV13 = R"sql(
ALTER TABLE identities ADD COLUMN unreachable_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE identities ADD COLUMN news_stopped_at TEXT;
)sql";

// Version 14: the inbox list's order (latest activity first) served by an index, so the plain list reads
// only the threads it shows instead of sorting them all.
constexpr std::string_view kSchemaV14 = R"sql(
CREATE INDEX inbox_threads_by_activity ON inbox_threads(last_activity_at, id);
)sql";

// Version 15: the bytes of files no channel keeps for us (a mail's parts, a web chat's uploads), once per
// content: `files` is keyed by the SHA-256 of the bytes. They are written in the commit that journals
// their message, before it is acknowledged, and `inbound_files` ties them to that journal row. An
// attachment that a plan or a question kept points at its file by digest; `not_kept` says why a file has
// no bytes here (over a limit). A file lives while a journal row with content or an attachment refers to
// it: the triggers let it go with the last of them, so forget-me (which erases the journal rows and the
// attachments), retention (which empties journal rows) and deleting a plan or a question each take the
// bytes along, whichever statement did it.
constexpr std::string_view kSchemaV15 = R"sql(
CREATE TABLE files (
  digest       TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  bytes        BLOB NOT NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE inbound_files (
  inbound_id INTEGER NOT NULL REFERENCES inbound(id) ON DELETE CASCADE,
  digest     TEXT NOT NULL REFERENCES files(digest),
  PRIMARY KEY (inbound_id, digest)
) WITHOUT ROWID;
CREATE INDEX inbound_files_by_digest ON inbound_files(digest);

ALTER TABLE attachments ADD COLUMN content_type TEXT NOT NULL DEFAULT '';
ALTER TABLE attachments ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN digest TEXT REFERENCES files(digest);
ALTER TABLE attachments ADD COLUMN not_kept TEXT NOT NULL DEFAULT '';
CREATE INDEX attachments_by_digest ON attachments(digest) WHERE digest IS NOT NULL;

CREATE TRIGGER inbound_erased_lets_go_of_files AFTER UPDATE OF payload ON inbound
WHEN new.payload <> old.payload BEGIN
  DELETE FROM inbound_files WHERE inbound_id = new.id;
END;

CREATE TRIGGER inbound_files_release AFTER DELETE ON inbound_files BEGIN
  DELETE FROM files WHERE digest = old.digest
    AND NOT EXISTS (SELECT 1 FROM inbound_files WHERE digest = old.digest)
    AND NOT EXISTS (SELECT 1 FROM attachments WHERE digest = old.digest);
END;

CREATE TRIGGER attachments_release_file AFTER DELETE ON attachments WHEN old.digest IS NOT NULL BEGIN
  DELETE FROM files WHERE digest = old.digest
    AND NOT EXISTS (SELECT 1 FROM inbound_files WHERE digest = old.digest)
    AND NOT EXISTS (SELECT 1 FROM attachments WHERE digest = old.digest);
END;
)sql";

// Version 16: indexes for two reads that scanned whole tables. The officers' search finds its candidates in
// full-text indexes (FTS5), one each for what it looks in: the messages, the notes and the residents' names.
// The trigram tokenizer indexes every three characters, so a phrase query finds a text anywhere in a word,
// case aside, as the search's LIKE does (InboxQueries::list). They keep no copy of the text (external
// content); the triggers keep them in step with every insert, change and delete, cascades included, so a
// text "forget me" erased is no longer found. The last statements index what is already stored.
constexpr std::string_view kSchemaV16 = R"sql(
CREATE VIRTUAL TABLE inbox_messages_fts USING fts5(text, content='inbox_messages', content_rowid='id',
  tokenize='trigram');
CREATE TRIGGER inbox_messages_fts_insert AFTER INSERT ON inbox_messages BEGIN
  INSERT INTO inbox_messages_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER inbox_messages_fts_delete AFTER DELETE ON inbox_messages BEGIN
  INSERT INTO inbox_messages_fts (inbox_messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER inbox_messages_fts_update AFTER UPDATE OF text ON inbox_messages BEGIN
  INSERT INTO inbox_messages_fts (inbox_messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO inbox_messages_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE inbox_notes_fts USING fts5(text, content='inbox_notes', content_rowid='id',
  tokenize='trigram');
CREATE TRIGGER inbox_notes_fts_insert AFTER INSERT ON inbox_notes BEGIN
  INSERT INTO inbox_notes_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER inbox_notes_fts_delete AFTER DELETE ON inbox_notes BEGIN
  INSERT INTO inbox_notes_fts (inbox_notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER inbox_notes_fts_update AFTER UPDATE OF text ON inbox_notes BEGIN
  INSERT INTO inbox_notes_fts (inbox_notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO inbox_notes_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE residents_fts USING fts5(display_name, content='residents', content_rowid='id',
  tokenize='trigram');
CREATE TRIGGER residents_fts_insert AFTER INSERT ON residents BEGIN
  INSERT INTO residents_fts (rowid, display_name) VALUES (new.id, new.display_name);
END;
CREATE TRIGGER residents_fts_delete AFTER DELETE ON residents BEGIN
  INSERT INTO residents_fts (residents_fts, rowid, display_name) VALUES ('delete', old.id, old.display_name);
END;
CREATE TRIGGER residents_fts_update AFTER UPDATE OF display_name ON residents BEGIN
  INSERT INTO residents_fts (residents_fts, rowid, display_name) VALUES ('delete', old.id, old.display_name);
  INSERT INTO residents_fts (rowid, display_name) VALUES (new.id, new.display_name);
END;

-- What the hourly retention pass empties next, oldest first ('{}' is an emptied row): only rows that still
-- hold something are in these indexes, so a pass reads what it empties, not the years already emptied.
CREATE INDEX inbound_to_empty ON inbound(processed_at) WHERE processed_at IS NOT NULL AND payload <> '{}';
CREATE INDEX outbox_to_empty ON outbox(created_at) WHERE status <> 'pending' AND payload <> '{}';

INSERT INTO inbox_messages_fts (inbox_messages_fts) VALUES ('rebuild');
INSERT INTO inbox_notes_fts (inbox_notes_fts) VALUES ('rebuild');
INSERT INTO residents_fts (residents_fts) VALUES ('rebuild');
)sql";

// V17: an e-mail address a resident left in the web chat, so an officer's answer to a question asked
// there also reaches them by mail; erased with the identity.
constexpr std::string_view kSchemaV17 = R"sql(
ALTER TABLE identities ADD COLUMN answer_email TEXT NOT NULL DEFAULT '';
)sql";

constexpr std::array kMigrations{
    Migration{1, kSchemaV1},
    Migration{2, kSchemaV2},
    Migration{3, kSchemaV3},
    Migration{4, kSchemaV4},
    Migration{5, kSchemaV5},
    Migration{6, kSchemaV6},
    Migration{7, kSchemaV7},
    Migration{8, kSchemaV8},
    Migration{9, kSchemaV9},
    Migration{10, kSchemaV10},
    Migration{11, kSchemaV11},
    Migration{12, kSchemaV12},
    Migration{13, kSchemaV13},
    Migration{14, kSchemaV14},
    Migration{15, kSchemaV15},
    Migration{16, kSchemaV16},
    Migration{17, kSchemaV17},
};

static_assert(kMigrations.front().version == 1, "migrations start at version 1");
static_assert(std::ranges::is_sorted(kMigrations, {}, &Migration::version), "migrations are listed by version");

int read_version(Database& db) {
  auto has_table = db.prepare(kHasMigrationsTable);
  has_table.step();
  if (has_table.int_at(0) == 0) return 0;
  auto max = db.prepare(kMaxVersion);
  max.step();
  return static_cast<int>(max.int_at(0));
}

void apply(Database& db, const Migration& migration) {
  Transaction tx(db);
  db.exec(kCreateMigrationsTable);
  // Another process may have migrated between our check and our write lock.
  if (read_version(db) >= migration.version) return;
  db.exec(migration.sql);
  db.prepare(kInsertVersion).bind(1, migration.version).run();
  tx.commit();
  logger()->info("database {}: applied schema migration {}", db.path().string(), migration.version);
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

int current_schema_version(Database& db) { return read_version(db); }

void migrate(Database& db) {
  const int current = read_version(db);
  if (current > latest_schema_version()) {
    throw StorageError(fmt::format("database {}: schema version {} is newer than this buurtbot knows ({}); "
                                   "run a newer buurtbot or restore a backup",
                                   db.path().string(), current, latest_schema_version()));
  }
  for (const auto& migration : kMigrations) {
    if (migration.version > current) apply(db, migration);
  }
}

}  // namespace buurtbot::storage
