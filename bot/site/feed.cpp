#include "bot/site/feed.hpp"

#include "bot/civic/status.hpp"
#include "bot/core/digest.hpp"
#include "bot/text/text.hpp"

#include <spdlog/fmt/fmt.h>

namespace buurtbot::site {
namespace {

// Atom wants RFC 3339 times; the database keeps "2026-12-07T14:00:00Z" or SQLite's "2026-12-07 14:00:00".
std::string rfc3339(std::string at) {
  if (at.size() >= 19 && at[10] == ' ') at[10] = 'T';
  if (!at.empty() && at.back() != 'Z') at += 'Z';
  return at;
}

std::string entry(const PageContext& page, const FeedItem& item) {
  const auto& plan = item.plan;
  auto summary = status_label(page.texts, plan.status, page.lang);
  if (const auto answer = answer_in(item.latest, page.lang); !answer.empty()) summary += ": " + answer;
  return fmt::format(
      "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<published>{}</published>\n"
      "<link rel=\"alternate\" type=\"text/html\" href=\"/plannen/{}{}\"/>\n<category term=\"{}\"/>\n"
      "<summary>{}</summary>\n</entry>\n",
      entry_id(page.config.municipality.name, plan.ref), escape_html(plan.ref + " " + plan.title),
      rfc3339(item.latest.at.empty() ? plan.updated_at : item.latest.at), rfc3339(plan.created_at),
      escape_html(plan.ref), page.lang == flows::Lang::en ? "?lang=en" : "", escape_html(plan.theme),
      escape_html(summary));
}

}  // namespace

std::string entry_id(const std::string& municipality, const std::string& ref) {
  const auto hex = sha256_hex(municipality + "\n" + ref);
  // The layout of a version 5 (name-based) UUID, from a SHA-256 of the name rather than SHA-1.
  return fmt::format("urn:uuid:{}-{}-5{}-{}{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(13, 3),
                     "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3], hex.substr(17, 3), hex.substr(20, 12));
}

std::string atom_feed(const PageContext& page, const std::string& self, const std::vector<FeedItem>& items) {
  std::string updated = "1970-01-01T00:00:00Z";
  for (const auto& item : items) updated = std::max(updated, rfc3339(item.latest.at.empty() ? item.plan.updated_at : item.latest.at));
  auto xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n"
      "<id>{}</id>\n<title>{} · {}</title>\n<updated>{}</updated>\n<author><name>{}</name></author>\n"
      "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n"
      "<link rel=\"alternate\" type=\"text/html\" href=\"/plannen/\"/>\n",
      flows::to_string(page.lang), entry_id(page.config.municipality.name, self), escape_html(page.texts.text("site_title", page.lang)),
      escape_html(page.config.municipality.name), updated, escape_html(page.config.municipality.name), escape_html(self));
  for (const auto& item : items) xml += entry(page, item);
  return xml + "</feed>\n";
}

}  // namespace buurtbot::site
