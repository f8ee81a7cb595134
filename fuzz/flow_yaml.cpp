// Flow files and the file of global texts (flows/loader.cpp): whatever the YAML, loading ends in flows
// or a list of mistakes with their lines. Each input is read both as a flow file (next to the repo's
// messages.yaml) and as a messages file (next to the repo's start flow).
#include "flows/loader.hpp"
#include "fuzz/common.hpp"

namespace {

buurtbot::fuzz::InputFile* file = nullptr;

void format_all(const buurtbot::flows::LoadResult& result) {
  for (const auto& error : result.errors) buurtbot::flows::format(error);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  buurtbot::fuzz::quiet_logs();
  file = new buurtbot::fuzz::InputFile("flow.yaml");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using buurtbot::fuzz::source_dir;
  const auto& path = file->write(buurtbot::fuzz::as_text(data, size));
  format_all(buurtbot::flows::load_flow_files({path}, source_dir() / "flows" / buurtbot::flows::kMessagesFile));
  format_all(buurtbot::flows::load_flow_files({source_dir() / "flows" / "start.yaml"}, path));
  return 0;
}
