#include "bot/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <vector>

namespace buurtbot {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

unsigned char byte_at(std::string_view text, std::size_t i) { return static_cast<unsigned char>(text[i]); }

// The length of the well-formed UTF-8 character at the start of `text`, or 0 when there is none
// (RFC 3629: no overlong forms, no UTF-16 surrogates, nothing above U+10FFFF).
std::size_t char_length(std::string_view text) {
  const unsigned char lead = byte_at(text, 0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length || byte_at(text, 1) < low || byte_at(text, 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if ((byte_at(text, i) & 0xC0) != 0x80) return 0;
  return length;
}

// C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F, in UTF-8 C2 80 to C2 9F).
bool is_control(std::string_view character) {
  const unsigned char lead = byte_at(character, 0);
  if (character.size() == 1) return lead < 0x20 || lead == 0x7F;
  return character.size() == 2 && lead == 0xC2 && byte_at(character, 1) <= 0x9F;
}

// Calls `each` with every character of `text`, and with U+FFFD for every byte that starts none.
template <typename Each>
void for_each_character(std::string_view text, Each each) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = char_length(text.substr(at));
    if (length == 0) {
      each(kReplacement);
      ++at;
    } else {
      each(text.substr(at, length));
      at += length;
    }
  }
}

// A control character as a terminal user can read it: "\x1b" for C0 and DEL, "\u009b" for C1.
std::string shown(std::string_view control) {
  char out[8];
  if (control.size() == 1) std::snprintf(out, sizeof out, "\\x%02x", byte_at(control, 0));
  else std::snprintf(out, sizeof out, "\\u%04x", byte_at(control, 1));
  return out;
}

}  // namespace

std::string trim(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++count;  // every byte but a continuation byte starts a character
  return count;
}

// A swap of two neighbours counts as one edit: it is the commonest typo.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_character(text, [&](std::string_view c) { out += c; });
  return out;
}

bool has_control_characters(std::string_view text) {
  bool found = false;
  for_each_character(text, [&](std::string_view c) { found = found || is_control(c); });
  return found;
}

std::string one_line(std::string_view text) {
  std::string out;
  for_each_character(text, [&](std::string_view c) {
    if (c == "\n" || c == "\r" || c == "\t") out += ' ';
    else if (!is_control(c)) out += c;
  });
  return trim(out);
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_character(text, [&](std::string_view c) {
    if (is_control(c) && c != "\n" && c != "\t") out += shown(c);
    else out += c;
  });
  return out;
}

std::string_view cut_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (byte_at(text, end) & 0xC0) == 0x80) --end;  // back to the start of the cut character
  return text.substr(0, end);
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace buurtbot
