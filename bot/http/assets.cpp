#include "bot/http/assets.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace buurtbot::http {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kContentTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
}};

}  // namespace

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

}  // namespace buurtbot::http
