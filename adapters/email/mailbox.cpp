#include "adapters/email/mailbox.hpp"

#include <algorithm>
#include <charconv>
#include <regex>

namespace buurtbot::adapters::email {
namespace {

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::string to_text(const MailboxPosition& position) {
  return std::to_string(position.uidvalidity) + "/" + std::to_string(position.last_uid) +
         (position.since.empty() ? "" : "/" + position.since);
}

std::optional<MailboxPosition> position_of(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const auto second = text.find('/', slash + 1);
  const auto validity = number(std::string_view(text).substr(0, slash));
  const auto last = number(std::string_view(text).substr(slash + 1, second == std::string::npos ? std::string::npos : second - slash - 1));
  if (!validity || !last || *validity == 0) return std::nullopt;
  std::string since = second == std::string::npos ? "" : text.substr(second + 1);
  static const std::regex kDay(R"(\d{4}-\d{2}-\d{2})");
  if (second != std::string::npos && !std::regex_match(since, kDay)) return std::nullopt;
  return MailboxPosition{*validity, *last, std::move(since)};
}

std::uint64_t first_uid_to_list(const std::optional<MailboxPosition>& stored, std::uint64_t uidvalidity) {
  return stored && stored->uidvalidity == uidvalidity ? stored->last_uid + 1 : 1;
}

Scan plan_scan(const std::optional<MailboxPosition>& stored, std::uint64_t uidvalidity, std::vector<ListedMail> listed,
               const std::string& first_day) {
  Scan scan;
  std::ranges::sort(listed, {}, &ListedMail::uid);
  const auto unique = std::ranges::unique(listed, {}, &ListedMail::uid);
  listed.erase(unique.begin(), unique.end());
  if (!stored) scan.start = Scan::Start::first;
  else if (stored->uidvalidity != uidvalidity) scan.start = Scan::Start::uidvalidity_changed;

  const std::uint64_t last = scan.start == Scan::Start::carry_on ? stored->last_uid : 0;
  scan.end = {uidvalidity, last, stored ? stored->since : first_day};
  // History: mail read before the first import; later on, read mail that arrived before it (found again
  // after a new UIDVALIDITY, or moved back into the mailbox by a person).
  const auto history = [&](const ListedMail& mail) {
    if (!mail.seen) return false;
    if (scan.start == Scan::Start::first) return true;
    return !scan.end.since.empty() && !mail.date.empty() && mail.date < scan.end.since;
  };
  for (const auto& mail : listed) {
    if (mail.uid == 0) continue;
    if (mail.uid <= last) continue;
    scan.end.last_uid = mail.uid;
    if (history(mail)) {
      ++scan.skipped_seen;
      continue;
    }
    scan.to_import.push_back(mail);
  }
  scan.moved_position = !stored || *stored != scan.end;
  return scan;
}

std::vector<ImportBatch> batches_of(const Scan& scan, std::size_t size) {
  std::vector<ImportBatch> batches;
  if (size == 0) size = 1;
  for (std::size_t i = 0; i < scan.to_import.size(); i += size) {
    ImportBatch batch;
    const auto end = std::min(scan.to_import.size(), i + size);
    batch.mails.assign(scan.to_import.begin() + static_cast<std::ptrdiff_t>(i), scan.to_import.begin() + static_cast<std::ptrdiff_t>(end));
    batch.position = {scan.end.uidvalidity, batch.mails.back().uid, scan.end.since};
    batches.push_back(std::move(batch));
  }
  if (!batches.empty()) batches.back().position = scan.end;
  else if (scan.moved_position) batches.push_back({{}, scan.end});
  return batches;
}

}  // namespace buurtbot::adapters::email
