// HTML-only mail (newsletters, some webmail) turned into the plain text the flows read.
#include "adapters/email/parse.hpp"

#include "bot/text/text.hpp"

#include <array>
#include <cctype>
#include <string>

namespace buurtbot::adapters::email {
namespace {

constexpr std::array kBlockTags{"br", "p", "/p", "div", "/div", "li", "/li", "tr", "/tr", "h1", "/h1", "h2",
                                "/h2", "h3", "/h3", "/table", "blockquote", "/blockquote", "hr"};

std::string tag_name(std::string_view tag) {
  std::string name;
  for (char c : tag) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '>' || (c == '/' && !name.empty())) break;
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name;
}

bool is_block(const std::string& name) {
  for (const char* block : kBlockTags)
    if (name == block) return true;
  return false;
}

void append_code_point(std::string& out, unsigned long cp) {
  if (cp == 0 || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the entity starting at html[i] ('&'); returns the bytes used, 0 when it is no entity we know.
std::size_t decode_entity(std::string_view html, std::size_t i, std::string& out) {
  const auto semicolon = html.find(';', i);
  if (semicolon == std::string_view::npos || semicolon - i > 10) return 0;
  const auto name = html.substr(i + 1, semicolon - i - 1);
  static const std::pair<const char*, const char*> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}, {"euro", "€"}};
  for (const auto& [entity, text] : kNamed)
    if (name == entity) {
      out += text;
      return semicolon - i + 1;
    }
  if (name.size() < 2 || name[0] != '#') return 0;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  try {
    append_code_point(out, std::stoul(std::string(name.substr(hex ? 2 : 1)), nullptr, hex ? 16 : 10));
  } catch (const std::exception&) {
    return 0;
  }
  return semicolon - i + 1;
}

// Spaces and newlines as a reader sees them: runs of spaces one space, runs of line ends one line end.
std::string tidy(const std::string& text) {
  std::string out;
  int newlines = 0;
  bool space = false;
  for (char c : text) {
    if (c == '\n') {
      ++newlines;
      space = false;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      space = true;
    } else {
      if (newlines > 0 && !out.empty()) out += '\n';
      else if (space && !out.empty()) out += ' ';
      out += c;
      newlines = 0;
      space = false;
    }
  }
  return out;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string out;
  std::string skip_until;  // inside <script> or <style>: the closing tag we wait for
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] == '<') {
      const auto end = html.find('>', i);
      if (end == std::string_view::npos) break;
      const auto name = tag_name(html.substr(i + 1, end - i - 1));
      i = end + 1;
      if (!skip_until.empty()) {
        if (name == skip_until) skip_until.clear();
        continue;
      }
      if (name == "script" || name == "style" || name == "head") skip_until = "/" + name;
      else if (is_block(name)) out += '\n';
      continue;
    }
    if (!skip_until.empty()) {
      ++i;
      continue;
    }
    if (html[i] == '&') {
      if (auto used = decode_entity(html, i, out)) {
        i += used;
        continue;
      }
    }
    out += html[i] == '\n' ? ' ' : html[i];
    ++i;
  }
  return valid_utf8(tidy(out));
}

}  // namespace buurtbot::adapters::email
