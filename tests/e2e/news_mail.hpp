#pragma once
// News by mail as the end-to-end tests read it: the mail that carries an unsubscribe link (RFC 8058),
// and the one-click POST a mail program sends to that link, aimed at the test's own server.

#include "adapters/email/parse.hpp"
#include "bot/http/client.hpp"
#include "tests/bot/http/running_server.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::testing {

/// Waits until `mails()` holds a mail with List-Unsubscribe; the newest such, or nothing.
inline std::optional<adapters::email::ParsedMail> wait_for_news(
    const std::function<std::vector<adapters::email::ParsedMail>()>& mails) {
  std::optional<adapters::email::ParsedMail> news;
  http::testing::eventually([&] {
    for (const auto& mail : mails())
      if (mail.headers.contains("list-unsubscribe")) news = mail;
    return news.has_value();
  });
  return news;
}

/// "/mail/unsubscribe?t=…" of the link "<https://bot.gemeente.example/mail/unsubscribe?t=…>", whose
/// public part is `public_url`; "" when the link is not under it.
inline std::string unsubscribe_path(const adapters::email::ParsedMail& news, std::string_view public_url) {
  const auto& link = news.headers.at("list-unsubscribe");
  const auto start = "<" + std::string(public_url);
  if (!link.starts_with(start) || !link.ends_with(">")) return "";
  return link.substr(start.size(), link.size() - start.size() - 1);
}

/// What a mail program's unsubscribe button does: POST List-Unsubscribe=One-Click to the link (RFC 8058).
inline http::Response one_click(const std::string& server_url, const std::string& path) {
  return http::Client(server_url).request("POST", path, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
}

}  // namespace buurtbot::testing
