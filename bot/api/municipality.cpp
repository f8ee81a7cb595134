// What the municipality configured that the page shows: its name and logo, the labels of themes and
// neighbourhoods, and the words residents know for the channels and the states of a plan.

#include "bot/api/endpoints.hpp"
#include "bot/api/response.hpp"
#include "bot/civic/notify.hpp"
#include "bot/civic/status.hpp"
#include "flows/messages.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

namespace buurtbot::api {
namespace {

constexpr std::string_view kLogoPath = "/api/v1/municipality/logo";
constexpr std::string_view kChannelPrefix = "channel_";
// A logo is a small picture; a larger file is a mistake in the config, not something to send on every page.
constexpr std::uintmax_t kMaxLogoBytes = 512 * 1024;
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kLogoTypes{{
    {".png", "image/png"},
    {".svg", "image/svg+xml"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
}};

nlohmann::json listed_json(const std::vector<config::Listed>& list) {
  auto out = nlohmann::json::array();
  for (const auto& item : list) out.push_back({{"key", item.key}, {"nl", item.nl}, {"en", item.en}});
  return out;
}

// Every channel that has a name in the message files, in the words residents know ("Telegram", "e-mail").
nlohmann::json channels_json(const flows::FlowSet& texts) {
  auto out = nlohmann::json::array();
  for (const auto& spec : flows::message_specs()) {
    if (!spec.key.starts_with(kChannelPrefix)) continue;
    const std::string channel(spec.key.substr(kChannelPrefix.size()));
    out.push_back({{"key", channel},
                   {"nl", channel_label(texts, channel, flows::Lang::nl)},
                   {"en", channel_label(texts, channel, flows::Lang::en)}});
  }
  return out;
}

// The states of a plan in the order of its life, in the bot's own words.
nlohmann::json statuses_json(const flows::FlowSet& texts) {
  auto out = nlohmann::json::array();
  for (auto status : all_statuses())
    out.push_back({{"key", std::string(status)},
                   {"nl", status_label(texts, status, flows::Lang::nl)},
                   {"en", status_label(texts, status, flows::Lang::en)}});
  return out;
}

std::string_view logo_type(const std::filesystem::path& file) {
  auto extension = file.extension().string();
  for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [known, type] : kLogoTypes)
    if (extension == known) return type;
  return {};
}

std::shared_ptr<spdlog::logger> log() {
  auto logger = spdlog::get("http");
  return logger ? logger : spdlog::default_logger();
}

// The logo's bytes, or why not; the reason goes to the log, the page just shows no logo.
std::optional<std::string> read_logo(const std::filesystem::path& file) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error) {
    log()->warn("municipality.logo_file {}: {}", file.string(), error.message());
    return std::nullopt;
  }
  if (size > kMaxLogoBytes) {
    log()->warn("municipality.logo_file {}: {} bytes, more than {}", file.string(), size, kMaxLogoBytes);
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

http::Response show_municipality(Call& call) {
  const auto& municipality = call.context.config.municipality;
  const auto& texts = call.context.pipeline.flows();
  return json_response(200, {{"name", municipality.name},
                             {"logo", municipality.logo_file.empty() ? nlohmann::json(nullptr) : nlohmann::json(kLogoPath)},
                             {"themes", listed_json(municipality.themes)},
                             {"neighbourhoods", listed_json(municipality.neighbourhoods)},
                             {"channels", channels_json(texts)},
                             {"statuses", statuses_json(texts)}});
}

http::Response show_municipality_logo(Call& call) {
  const std::filesystem::path file = call.context.config.municipality.logo_file;
  const auto type = file.empty() ? std::string_view() : logo_type(file);
  auto bytes = type.empty() ? std::nullopt : read_logo(file);
  if (!bytes) return error_response({404, "no logo"});
  http::Response response{200, std::string(type), std::move(*bytes), {}};
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  // An SVG opened on its own is a document: it may draw, never run a script.
  response.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  response.headers.emplace_back("Cache-Control", "private, max-age=3600");
  return response;
}

}  // namespace buurtbot::api
