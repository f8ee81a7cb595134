#include "flows/validate.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace buurtbot::flows {
namespace {

constexpr std::string_view kEuroSign = "\xE2\x82\xAC";
constexpr std::string_view kMinusSign = "\xE2\x88\x92";  // U+2212, what phones sometimes type
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
// More integer digits than this is far beyond any limit; stop before long long overflows.
constexpr std::size_t kMaxAmountDigits = 15;

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

Verdict failure(std::string key, Vars vars = {}) { return Verdict{false, {}, {}, std::move(key), std::move(vars)}; }

Verdict success(std::string value, std::string label = {}) { return Verdict{true, std::move(value), std::move(label), {}, {}}; }

std::string without(std::string text, std::string_view part) {
  for (auto pos = text.find(part); pos != std::string::npos; pos = text.find(part, pos)) text.erase(pos, part.size());
  return text;
}

bool consume_prefix(std::string& text, std::string_view prefix) {
  if (lower(text.substr(0, prefix.size())) != prefix) return false;
  text.erase(0, prefix.size());
  return true;
}

bool consume_suffix(std::string& text, std::string_view suffix) {
  if (text.size() < suffix.size() || lower(text.substr(text.size() - suffix.size())) != suffix) return false;
  text.erase(text.size() - suffix.size());
  return true;
}

// Takes away the currency ("€", "eur", "euro") and the Dutch ",-" of whole amounts.
std::string strip_currency(std::string text) {
  text = without(without(trim(text), kNoBreakSpace), " ");
  for (std::string_view word : {kEuroSign, std::string_view("euro"), std::string_view("eur")})
    if (consume_prefix(text, word) || consume_suffix(text, word)) break;
  if (!consume_suffix(text, ",--")) consume_suffix(text, ",-");
  return text;
}

// Digits grouped by `separator` in threes ("1.250.000"), or plain digits; the digits, or nothing.
std::optional<std::string> whole_part(std::string_view text, char separator) {
  if (text.find(separator) == std::string_view::npos) return all_digits(text) ? std::optional(std::string(text)) : std::nullopt;
  std::string digits;
  std::size_t pos = 0;
  for (bool first = true; pos <= text.size(); first = false) {
    auto next = std::min(text.find(separator, pos), text.size());
    auto group = text.substr(pos, next - pos);
    if (!all_digits(group) || (first ? group.size() > 3 : group.size() != 3)) return std::nullopt;
    digits.append(group);
    pos = next + 1;
  }
  return digits;
}

// Which of '.' and ',' separates the cents, if any: the last one, when 1 or 2 digits follow it once.
std::optional<char> decimal_separator(std::string_view text) {
  auto last = text.find_last_of(".,");
  if (last == std::string_view::npos) return std::nullopt;
  const char sep = text[last];
  const auto after = text.size() - last - 1;
  const bool other_present = text.find(sep == '.' ? ',' : '.') != std::string_view::npos;
  if (other_present || (after >= 1 && after <= 2 && text.find(sep) == last)) return sep;
  return std::nullopt;
}

std::optional<long long> cents_of(std::string_view text) {
  auto sep = decimal_separator(text);
  std::string_view whole = text, fraction;
  if (sep) {
    auto at = text.rfind(*sep);
    whole = text.substr(0, at);
    fraction = text.substr(at + 1);
    if (!all_digits(fraction) || fraction.size() > 2) return std::nullopt;
  }
  const char thousands = sep == '.' ? ',' : (sep == ',' ? '.' : (text.find(',') != std::string_view::npos ? ',' : '.'));
  auto digits = whole_part(whole, thousands);
  if (!digits) return std::nullopt;
  if (digits->size() > kMaxAmountDigits) return std::numeric_limits<long long>::max();
  long long cents = std::stoll(*digits) * 100;
  if (!fraction.empty()) cents += std::stoll(std::string(fraction)) * (fraction.size() == 1 ? 10 : 1);
  return cents;
}

std::string grouped(long long whole, char separator) {
  auto digits = std::to_string(whole);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(separator);
    out.push_back(digits[i]);
  }
  return out;
}

std::optional<long long> parse_integer(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Verdict check_number(const Validation& v, const std::string& text) {
  auto number = parse_integer(text);
  if (!number) return failure("error_number");
  if (v.min && *number < *v.min) return failure("error_number_too_low", {{"min", std::to_string(*v.min)}});
  if (v.max && *number > *v.max) return failure("error_number_too_high", {{"max", std::to_string(*v.max)}});
  return success(std::to_string(*number));
}

Verdict check_amount(const Validation& v, const std::string& text, Lang lang) {
  auto amount = parse_amount(text);
  if (amount.status == Amount::Status::negative) return failure("error_amount_negative");
  if (amount.status == Amount::Status::invalid) return failure("error_amount");
  // Bounds in whole euros, kept within what an amount may be before they become cents: a min or max a
  // flow file sets far beyond it would not fit in cents.
  const auto euros = [](long long bound) { return std::clamp(bound, 0LL, kMaxAmountEuros); };
  const long long max_cents = euros(v.max.value_or(kMaxAmountEuros)) * 100;
  if (amount.cents > max_cents) return failure("error_amount_too_high", {{"max", format_euros(max_cents, lang)}});
  if (v.min && amount.cents < euros(*v.min) * 100)
    return failure("error_amount_too_low", {{"min", format_euros(euros(*v.min) * 100, lang)}});
  return success(std::to_string(amount.cents), format_euros(amount.cents, lang));
}

Verdict check_kind(const Validation& v, const std::string& text, Lang lang) {
  switch (v.kind) {
    case InputKind::plain:
      return success(text);
    case InputKind::number:
      return check_number(v, text);
    case InputKind::amount:
      return check_amount(v, text, lang);
    case InputKind::email:
      return is_email(text) ? success(text) : failure("error_email");
    case InputKind::postcode: {
      auto postcode = normalize_postcode(text);
      return postcode ? success(*postcode) : failure("error_postcode");
    }
    case InputKind::reference: {
      auto reference = normalize_reference(text);
      return reference ? success(*reference) : failure("error_reference");
    }
  }
  return failure("error_pattern");
}

bool matches(const std::regex& pattern, const std::string& value) {
  try {
    return std::regex_match(value, pattern);
  } catch (const std::regex_error&) {  // too complex for std::regex: treat as not matching, never crash
    return false;
  }
}

Verdict check_length(const Validation& v, const std::string& text) {
  const auto length = code_points(text);
  const auto max = v.max_length.value_or(kDefaultMaxLength);
  if (length > max) return failure("error_too_long", {{"max", std::to_string(max)}, {"length", std::to_string(length)}});
  if (v.min_length && length < *v.min_length)
    return failure("error_too_short", {{"min", std::to_string(*v.min_length)}, {"length", std::to_string(length)}});
  return success(text);
}

}  // namespace

Verdict validate(const Validation& validation, std::string_view input, Lang lang) {
  const auto text = trim(input);
  const bool skip = std::find(kSkipWords.begin(), kSkipWords.end(), lower(text)) != kSkipWords.end();
  if (!validation.required && (text.empty() || skip)) return success("");
  if (text.empty()) return failure("error_required");
  if (auto length = check_length(validation, text); !length.ok) return length;
  // Names and titles end up in lists, notifications and window titles, where a line break or an
  // escape sequence would make them say something else.
  if (validation.single_line && has_control_characters(text)) return failure("error_single_line");
  auto verdict = check_kind(validation, text, lang);
  if (verdict.ok && validation.pattern && !matches(*validation.pattern, verdict.value)) return failure("error_pattern");
  return verdict;
}

std::optional<std::string> normalize_postcode(std::string_view input) {
  static const std::regex kPostcode(R"(^([1-9][0-9]{3}) ?([A-Za-z]{2})$)");
  const auto text = trim(input);
  std::smatch match;
  if (text.size() > 8 || !std::regex_match(text, match, kPostcode)) return std::nullopt;
  auto letters = match[2].str();
  std::transform(letters.begin(), letters.end(), letters.begin(), [](unsigned char c) { return std::toupper(c); });
  if (letters == "SA" || letters == "SD" || letters == "SS") return std::nullopt;  // never issued in the Netherlands
  return match[1].str() + " " + letters;
}

std::optional<std::string> normalize_reference(std::string_view input) {
  static const std::regex kReference(R"(^BI[- ]?([0-9]{4})[- ]?([0-9]{4,6})$)");
  std::string text = trim(input);
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  if (text.size() > 20) return std::nullopt;
  std::smatch match;
  if (!std::regex_match(text, match, kReference)) return std::nullopt;
  return "BI-" + match[1].str() + "-" + match[2].str();
}

bool is_email(std::string_view input) {
  const auto text = trim(input);
  const auto at = text.find('@');
  if (text.size() > 254 || at == std::string::npos || at == 0 || text.find('@', at + 1) != std::string::npos) return false;
  if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) || c < 0x20; })) return false;
  const auto domain = std::string_view(text).substr(at + 1);
  const auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) return false;
  return domain.find("..") == std::string_view::npos && domain.front() != '-' && domain.back() != '.';
}

Amount parse_amount(std::string_view input) {
  auto text = strip_currency(std::string(input));
  bool negative = false;
  if (consume_prefix(text, "-") || consume_prefix(text, kMinusSign)) negative = true;
  if (!negative) consume_prefix(text, "+");
  text = strip_currency(text);  // "-€ 10" and "€ -10" both occur
  auto cents = cents_of(text);
  if (!cents) return {};
  if (negative && *cents > 0) return {Amount::Status::negative, 0};
  return {Amount::Status::ok, *cents};
}

std::string format_euros(long long cents, Lang lang) {
  const long long whole = cents / 100, rest = cents % 100;
  const bool en = lang == Lang::en;
  std::string out = en ? "€" : "€ ";
  out += grouped(whole, en ? ',' : '.');
  if (rest != 0) out += concat({en ? "." : ",", rest < 10 ? "0" : "", std::to_string(rest)});
  return out;
}

}  // namespace buurtbot::flows
