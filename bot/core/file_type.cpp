#include "bot/core/file_type.hpp"

#include "bot/text/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace buurtbot {
namespace {

struct Signature {
  std::string_view type;
  std::string_view start;
};

using namespace std::string_view_literals;
constexpr std::array kSignatures{
    Signature{"image/png", "\x89PNG\r\n\x1a\n"sv},
    Signature{"image/jpeg", "\xff\xd8\xff"sv},
    Signature{"image/gif", "GIF87a"sv},
    Signature{"image/gif", "GIF89a"sv},
};

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$&^_.+-").find(c) != std::string_view::npos;
}

// "type/subtype" (RFC 6838 names), nothing else: no parameters, no spaces, nothing to inject into a header.
bool plain_type(std::string_view type) {
  const auto slash = type.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == type.size() || type.size() > 127) return false;
  return std::ranges::all_of(type.substr(0, slash), token_char) && std::ranges::all_of(type.substr(slash + 1), token_char);
}

}  // namespace

std::string_view image_type_of(std::string_view bytes) {
  for (const auto& signature : kSignatures)
    if (bytes.starts_with(signature.start)) return signature.type;
  // RIFF, the chunk's size, then WEBP.
  if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") return "image/webp";
  return "";
}

bool is_picture_type(std::string_view content_type) {
  return std::ranges::any_of(kSignatures, [&](const Signature& s) { return s.type == content_type; }) ||
         content_type == "image/webp";
}

std::string file_type_of(std::string_view bytes, std::string_view declared) {
  if (const auto image = image_type_of(bytes); !image.empty()) return std::string(image);
  const auto type = lower(trim(declared.substr(0, declared.find(';'))));
  if (!plain_type(type) || type.starts_with("image/")) return "application/octet-stream";
  return type;
}

}  // namespace buurtbot
