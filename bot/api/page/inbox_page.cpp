#include "bot/api/page/inbox_page.hpp"

#include "bot/http/assets.hpp"
#include "bot/http/page_headers.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace buurtbot::web {
namespace {

constexpr std::string_view kIndex = "index.html";
// All of web/ is embedded together; the chat's and the public pages' files are served where they belong.
constexpr std::array<std::string_view, 3> kInboxFiles{kIndex, "app.js", "app.css"};

// The officers' page's own CSP on top of what every page gets.
http::Response inbox_headers(http::Response response) {
  return http::with_page_headers(std::move(response), kContentSecurityPolicy);
}

}  // namespace

http::Response inbox_response(std::string_view path) {
  if (path == kInboxPath.substr(0, kInboxPath.size() - 1)) {
    auto response = inbox_headers({308, "text/plain; charset=utf-8", "see /inbox/\n", {}});
    response.headers.emplace_back("Location", std::string(kInboxPath));
    return response;
  }
  const http::Asset* asset = nullptr;
  if (path.starts_with(kInboxPath)) {
    const auto name = path.substr(kInboxPath.size());
    if (name.empty() || std::ranges::find(kInboxFiles, name) != kInboxFiles.end())
      asset = http::find_asset(name.empty() ? kIndex : name);
  }
  if (!asset) return inbox_headers({404, "text/plain; charset=utf-8", "not found\n", {}});
  return inbox_headers({200, std::string(http::content_type_for(asset->name)), std::string(asset->bytes), {}});
}

void add_inbox_routes(http::Router& router) {
  auto handler = [](http::Request request, http::Respond respond) { respond(inbox_response(request.path)); };
  router.add("GET", std::string(kInboxPath.substr(0, kInboxPath.size() - 1)), handler);
  router.add_prefix("GET", std::string(kInboxPath), handler);
}

}  // namespace buurtbot::web
