#pragma once
// The bookkeeping of one IMAP mailbox, pure: where the import got to (the mailbox's UIDVALIDITY and the
// highest UID journaled, stored with the journal under the mailbox's name), which mails one poll imports,
// and the position to store with each batch of them, in the same transaction as their journal rows.
//
// UIDs only grow within one UIDVALIDITY, so "every UID above the last one journaled" is exactly the mail
// not yet taken: a restart or a reconnect carries on from the stored position, and a mail moved into the
// mailbox gets a new, higher UID (its Message-ID, the journal's key, stops a second import). A changed
// UIDVALIDITY makes every stored UID meaningless: the whole mailbox is scanned again, and the journal's
// unique Message-ID keeps what was imported before from being imported twice. The mailbox's history
// from before the first import (read mail, dated before it) is left alone then too.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::adapters::email {

/// Where the import of a mailbox got to.
struct MailboxPosition {
  std::uint64_t uidvalidity = 0;
  std::uint64_t last_uid = 0;  ///< the highest UID handled (journaled, or found automatic or unreadable)
  /// "YYYY-MM-DD": read mail that arrived before this day was history at the first import, and stays
  /// unanswered after a UIDVALIDITY change too; empty: not known (every mail is taken then).
  std::string since;

  bool operator==(const MailboxPosition&) const = default;
};

/// "UIDVALIDITY/LAST_UID/SINCE" ("UIDVALIDITY/LAST_UID" without a day), as channel_positions keeps it.
std::string to_text(const MailboxPosition& position);
/// A stored position read back; nullopt for an empty or malformed text (nothing stored yet).
std::optional<MailboxPosition> position_of(const std::string& text);

/// One mail in the mailbox's listing.
struct ListedMail {
  std::uint64_t uid = 0;
  bool seen = false;  ///< carries \Seen
  std::string date;   ///< the day it arrived (INTERNALDATE), "YYYY-MM-DD"; empty when not known
};

/// What one poll does with a mailbox.
struct Scan {
  enum class Start { carry_on, first, uidvalidity_changed } start = Start::carry_on;
  std::vector<ListedMail> to_import;   ///< ascending UIDs
  std::size_t skipped_seen = 0;        ///< history left alone: read before the first import
  MailboxPosition end;                 ///< the position once every mail of to_import is journaled
  bool moved_position = false;         ///< `end` differs from the stored position
};

/// The lowest UID a poll needs to list: above the stored position when the UIDVALIDITY is the same, else 1.
std::uint64_t first_uid_to_list(const std::optional<MailboxPosition>& stored, std::uint64_t uidvalidity);

/// Decides a poll. `stored`: the position kept (nullopt before the first import); `uidvalidity`: the
/// mailbox's now; `listed`: what the mailbox holds from first_uid_to_list() on (or more), in any order —
/// a server answers "UID n:*" with the highest mail even when it is below n, so UIDs are checked here.
/// The very first import takes the mails not yet \Seen (a mailbox's history stays unanswered), counts
/// the others, and records `first_day` (the day before today: a margin for time zones) as the position's
/// `since`. Later every new UID is taken, and after a UIDVALIDITY change every mail again, its
/// Message-ID deduping it, except the history: read mail that arrived before `since`.
Scan plan_scan(const std::optional<MailboxPosition>& stored, std::uint64_t uidvalidity, std::vector<ListedMail> listed,
               const std::string& first_day = "");

/// One transaction's worth of a scan: the mails to fetch and journal, and the position stored with them.
struct ImportBatch {
  std::vector<ListedMail> mails;
  MailboxPosition position;
};

/// `scan` cut into batches of at most `size` mails, oldest first; each batch's position is its last UID,
/// the last batch's the scan's end (past mails skipped as seen). No batch when nothing changes; one
/// without mails when only the position moves (a new UIDVALIDITY, a first start on read mail).
std::vector<ImportBatch> batches_of(const Scan& scan, std::size_t size);

}  // namespace buurtbot::adapters::email
