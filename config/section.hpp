#pragma once
// A config section declared outside config/: a channel names its own keys here, and config/ reads,
// checks and documents them like its own (lines in errors, "did you mean", environment overrides)
// without knowing the channel. The values are kept as checked text and read back typed by the
// channel, so config/ holds no channel's struct.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::config {

/// One key of a declared section: its name below the section ("mode", "rate.chat_per_s"), its
/// default, what a valid value looks like, and the check a value must pass.
struct Setting {
  std::string name;
  std::string fallback;
  std::string expects;  ///< "true or false": follows "must be" in an error
  std::function<bool(const std::string&)> accepts;
};

/// true or false (also yes/no, on/off, 1/0).
Setting flag_setting(std::string name, bool fallback);

/// A whole number from `low` to `high`.
Setting whole_setting(std::string name, int fallback, int low, int high);

/// A text that is not empty.
Setting text_setting(std::string name, std::string fallback);

/// A text that may be empty (an optional name).
Setting optional_text_setting(std::string name, std::string fallback = "");

/// One of a few words.
Setting one_of_setting(std::string name, std::string fallback, std::vector<std::string> allowed);

/// A section and its keys, as a channel declares it.
struct SectionSpec {
  std::string name;  ///< the top-level YAML key, "telegram"
  std::vector<Setting> settings;
};

/// The checked values of one declared section, read back typed by the part that declared it. Asking
/// for a name the section did not declare is a programming error and throws std::logic_error.
class Settings {
 public:
  bool flag(std::string_view name) const;
  int whole(std::string_view name) const;
  const std::string& text(std::string_view name) const;

  /// Sets a value that has passed its setting's check.
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }

  bool operator==(const Settings&) const = default;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

/// The settings of a declared section filled with its defaults.
Settings defaults_of(const SectionSpec& spec);

}  // namespace buurtbot::config
