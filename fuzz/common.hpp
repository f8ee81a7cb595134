#pragma once
// What the fuzz targets share: quiet logs, and the input as a file for the loaders that read files.

#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace buurtbot::fuzz {

/// The input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Turns logging off: a target runs millions of inputs, and a log line each would be the bottleneck.
inline void quiet_logs() { spdlog::set_level(spdlog::level::off); }

/// A file of this process's own that each input overwrites, for loaders that take a path. In /dev/shm
/// when there is one, so millions of writes never reach a disk.
class InputFile final {
 public:
  explicit InputFile(std::string_view name) {
    const std::filesystem::path shm = "/dev/shm";
    const auto dir = std::filesystem::is_directory(shm) ? shm : std::filesystem::temp_directory_path();
    path_ = dir / ("buurtbot-fuzz-" + std::to_string(::getpid()) + "-" + std::string(name));
  }
  ~InputFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  /// Writes `text` as the whole file and returns its path.
  const std::filesystem::path& write(std::string_view text) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return path_;
  }

 private:
  std::filesystem::path path_;
};

/// The repository's root, for files a target reads besides its input (flows/messages.yaml).
inline std::filesystem::path source_dir() { return BUURTBOT_SOURCE_DIR; }

}  // namespace buurtbot::fuzz
