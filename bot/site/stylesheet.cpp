#include "bot/site/stylesheet.hpp"

#include "bot/http/assets.hpp"
#include "bot/core/startup_error.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace buurtbot::site {
namespace {

std::string embedded(std::string_view name) {
  const auto* file = http::find_asset(name);
  if (!file) throw std::logic_error("web/" + std::string(name) + " is not embedded");
  return std::string(file->bytes);
}

// Read once at start: a theme that goes missing later does not change a running site. An empty file
// counts as unreadable, since it cannot be what the administrator meant.
std::string theme_file(const std::string& path) {
  std::error_code error;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!std::filesystem::is_regular_file(path, error) || !in || !(text << in.rdbuf()))
    throw StartupError("site.theme_css: cannot read '" + path + "'; it must name a CSS file of design tokens");
  return text.str();
}

}  // namespace

std::string stylesheet(const config::SiteConfig& site) {
  // The tokens of both themes hang on <html> (the neutral one by its class, a municipality's on :root)
  // with the same weight, so the later file wins.
  auto css = embedded("nlds.css");
  if (!site.theme_css.empty()) css += "\n/* site.theme_css */\n" + theme_file(site.theme_css) + "\n";
  return css + embedded("site.css");
}

}  // namespace buurtbot::site
