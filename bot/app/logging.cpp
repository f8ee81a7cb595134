#include "bot/app/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace buurtbot {

void setup_logging(const std::string& level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("buurtbot", sink));
  for (const char* area : {"http", "telegram", "matrix", "email", "flows", "storage", "outbox", "dispatch", "cli"}) {
    spdlog::drop(area);
    spdlog::register_logger(std::make_shared<spdlog::logger>(area, sink));
  }
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace buurtbot
