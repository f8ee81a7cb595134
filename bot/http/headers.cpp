#include "bot/http/headers.hpp"

#include "bot/text/text.hpp"

namespace buurtbot::http {

std::optional<std::string> header(const Request& request, const std::string& name) {
  const auto it = request.headers.find(name);
  if (it == request.headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> cookie(const Request& request, std::string_view name) {
  const auto it = request.headers.find("cookie");
  if (it == request.headers.end()) return std::nullopt;
  std::string_view rest(it->second);
  while (!rest.empty()) {
    const auto end = rest.find(';');
    const auto pair = trim(rest.substr(0, end));
    const auto equals = pair.find('=');
    if (equals != std::string::npos && std::string_view(pair).substr(0, equals) == name) {
      auto value = trim(std::string_view(pair).substr(equals + 1));
      if (!value.empty()) return value;
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

}  // namespace buurtbot::http
