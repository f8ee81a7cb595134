#pragma once
// The error of a start-up that cannot go on: a config value, a missing secret, a file.

#include <stdexcept>

namespace buurtbot {

/// A start-up problem; `what()` holds every line to show the administrator.
class StartupError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace buurtbot
