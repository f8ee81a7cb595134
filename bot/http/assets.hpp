#pragma once
// The files of web/ (the officers' page, the public pages' style, the web chat's script and style),
// compiled into the binary by bot/http/embed.cmake, so `buurtbot serve` needs no files on disk. Each
// page serves only its own.

#include <span>
#include <string_view>

namespace buurtbot::http {

/// One file of web/, by its name there ("app.js").
struct Asset {
  std::string_view name;
  std::string_view bytes;
};

/// Every embedded file, in the order bot/http/sources.cmake lists them.
std::span<const Asset> assets();

/// The embedded file with this name, or nullptr.
const Asset* find_asset(std::string_view name);

/// The Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view name);

}  // namespace buurtbot::http
