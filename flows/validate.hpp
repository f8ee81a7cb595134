#pragma once
// Validators for typed answers. Each returns the normalised value or the key of the global message
// (messages.yaml) that tells the resident how to fix the answer, with the message's placeholders.

#include "flows/definition.hpp"
#include "flows/text.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::flows {

/// Answers longer than this are refused even when a step sets no `max_length`.
inline constexpr std::size_t kDefaultMaxLength = 1000;

/// The highest amount in euros an `amount` answer may have unless the step sets `max`.
inline constexpr long long kMaxAmountEuros = 1'000'000;

/// Words that leave an optional (`required: false`) text step empty.
inline constexpr std::array<std::string_view, 3> kSkipWords{"-", "overslaan", "skip"};

/// The outcome of validating one answer: a value (and a label to show it by) or an error.
struct Verdict {
  bool ok = false;
  std::string value;
  std::string label;      ///< how to show the value, when it differs (amounts: "€ 1.250,50")
  std::string error;      ///< message key, e.g. "error_postcode"
  Vars vars;              ///< placeholders of the error message
};

/// Checks a typed answer against a step's validation, in order: empty, length, one line, kind, pattern.
Verdict validate(const Validation& validation, std::string_view input, Lang lang);

/// A Dutch postcode normalised to "4811 AB", or nothing when it is not one.
std::optional<std::string> normalize_postcode(std::string_view input);

/// An initiative reference normalised to "BI-2026-0001", or nothing when it is not one.
std::optional<std::string> normalize_reference(std::string_view input);

/// True for something that looks like an e-mail address (one @, a dot in the domain, no spaces).
bool is_email(std::string_view input);

/// The result of reading an amount in euros.
struct Amount {
  enum class Status { ok, invalid, negative } status = Status::invalid;
  long long cents = 0;
};

/// Reads "1250", "1.250", "1250,50", "€ 1.250,50", "€1250" or "1250.50" as cents.
Amount parse_amount(std::string_view input);

/// Cents as euros the way the resident reads them: "€ 1.250,50" (nl) or "€1,250.50" (en).
std::string format_euros(long long cents, Lang lang);

}  // namespace buurtbot::flows
