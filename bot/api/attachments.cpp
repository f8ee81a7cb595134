// The photos and files residents sent, opened by officers. These are a stranger's bytes served on our
// own origin: a download that the browser never sniffs and that runs nothing, shown inline only when the
// bytes are one of the pictures a browser draws and never runs.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/core/file_type.hpp"
#include "storage/attachments.hpp"

#include <cctype>
#include <cstdio>

namespace buurtbot::api {
namespace {

// A document opened from here may not run, load or submit anything, whatever it says it is.
constexpr std::string_view kSandbox = "default-src 'none'; sandbox";

// Why the bytes are not here, for the officer; the page words the same reasons in its own language.
std::string why_not_here(const storage::StoredAttachment& a) {
  if (a.not_kept == "file_too_large") return "the file was larger than storage.max_file_bytes, so it was not kept";
  if (a.not_kept == "message_too_large")
    return "the message's files were larger than storage.max_message_file_bytes together, so this one was not kept";
  if (a.channel == "telegram" || a.channel == "matrix") return "the file is kept by " + a.channel + ", not by buurtbot";
  return "the file is no longer kept";
}

// The name as a quoted-string fallback (ASCII letters, digits and a few signs) and as RFC 5987 UTF-8.
std::string content_disposition(std::string_view disposition, const std::string& name) {
  std::string ascii;
  std::string encoded;
  for (const unsigned char c : name) {
    const bool plain = std::isalnum(c) || c == '.' || c == '-' || c == '_';
    ascii += plain || c == ' ' ? static_cast<char>(c) : '_';
    if (plain) {
      encoded += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      encoded += hex;
    }
  }
  if (name.empty()) return std::string(disposition) + "; filename=\"bestand\"";
  return std::string(disposition) + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

http::Response file_response(storage::StoredFile file, const std::string& name) {
  const auto image = image_type_of(file.bytes);
  const bool inline_picture = !image.empty();
  http::Response response{200, inline_picture ? std::string(image) : file.content_type, std::move(file.bytes), {}};
  response.headers.emplace_back("Content-Disposition", content_disposition(inline_picture ? "inline" : "attachment", name));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Content-Security-Policy", std::string(kSandbox));
  response.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  // Forget-me erases the file; no copy stays behind in a cache.
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

http::Response show_attachment(Call& call) {
  const auto id = parse_id(call.params.at(0));
  auto attachment = id ? storage::Attachments(call.db).find(*id) : std::nullopt;
  if (!attachment) return error_response({404, "no attachment " + call.params.at(0)});
  auto file = attachment->digest.empty() ? std::nullopt : storage::Files(call.db).find(attachment->digest);
  if (!file) return error_response({404, why_not_here(*attachment)});
  return file_response(std::move(*file), attachment->name);
}

}  // namespace buurtbot::api
