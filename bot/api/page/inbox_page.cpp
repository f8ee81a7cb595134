#include "bot/api/page/inbox_page.hpp"

#include "bot/api/page/assets.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace buurtbot::web {
namespace {

constexpr std::string_view kIndex = "index.html";

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kContentTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
}};

// The officers' page's own CSP on top of what every page gets.
http::Response inbox_headers(http::Response response) {
  return with_page_headers(std::move(response), kContentSecurityPolicy);
}

}  // namespace

// Sent with every answer of a page, the 404 too: a page of ours is never framed, sniffed or leaked.
http::Response with_page_headers(http::Response response, std::string_view content_security_policy) {
  response.headers.emplace_back("Content-Security-Policy", std::string(content_security_policy));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  // The page is small and changes with the binary: the browser asks again each time.
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

const Asset* find_asset(std::string_view name) {
  const auto files = assets();
  const auto it = std::find_if(files.begin(), files.end(), [&](const Asset& asset) { return asset.name == name; });
  return it == files.end() ? nullptr : &*it;
}

std::string_view content_type_for(std::string_view name) {
  for (const auto& [extension, type] : kContentTypes) {
    if (name.ends_with(extension)) return type;
  }
  return "application/octet-stream";
}

http::Response inbox_response(std::string_view path) {
  if (path == kInboxPath.substr(0, kInboxPath.size() - 1)) {
    auto response = inbox_headers({308, "text/plain; charset=utf-8", "see /inbox/\n", {}});
    response.headers.emplace_back("Location", std::string(kInboxPath));
    return response;
  }
  const Asset* asset = nullptr;
  if (path.starts_with(kInboxPath)) {
    const auto name = path.substr(kInboxPath.size());
    asset = find_asset(name.empty() ? kIndex : name);
  }
  if (!asset) return inbox_headers({404, "text/plain; charset=utf-8", "not found\n", {}});
  return inbox_headers({200, std::string(content_type_for(asset->name)), std::string(asset->bytes), {}});
}

void add_inbox_routes(http::Router& router) {
  auto handler = [](http::Request request, http::Respond respond) { respond(inbox_response(request.path)); };
  router.add("GET", std::string(kInboxPath.substr(0, kInboxPath.size() - 1)), handler);
  router.add_prefix("GET", std::string(kInboxPath), handler);
}

}  // namespace buurtbot::web
