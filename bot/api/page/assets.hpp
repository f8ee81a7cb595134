#pragma once
// The files of web/ (the officers' page), compiled into the binary by bot/api/page/embed.cmake.

#include <span>
#include <string_view>

namespace buurtbot::web {

/// One file of web/, by its name there ("app.js").
struct Asset {
  std::string_view name;
  std::string_view bytes;
};

/// Every embedded file, in the order bot/api/page/sources.cmake lists them.
std::span<const Asset> assets();

/// The embedded file with this name, or nullptr.
const Asset* find_asset(std::string_view name);

}  // namespace buurtbot::web
