// Config files (config/): whatever the YAML, loading ends in a config or a list of issues with lines,
// the channels' own sections included.
#include "bot/app/channels.hpp"
#include "config/config.hpp"
#include "fuzz/common.hpp"

namespace {

buurtbot::fuzz::InputFile* file = nullptr;
std::vector<buurtbot::config::SectionSpec>* sections = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  buurtbot::fuzz::quiet_logs();
  file = new buurtbot::fuzz::InputFile("config.yaml");
  sections = new std::vector<buurtbot::config::SectionSpec>(buurtbot::channel_sections());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& path = file->write(buurtbot::fuzz::as_text(data, size));
  // A set secret, so the checks that read secrets run too; the real environment stays out of it.
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name.ends_with("_TOKEN") || name.ends_with("_SECRET")) return "fuzz-secret";
    return std::nullopt;
  };
  auto loaded = buurtbot::config::load_file(path, env, *sections);
  for (const auto& issue : loaded.errors) buurtbot::config::format(issue);
  return 0;
}
