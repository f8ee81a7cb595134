#include "bot/http/client_address.hpp"

#include "bot/text/text.hpp"
#include "bot/http/headers.hpp"

namespace buurtbot::http {
namespace {

std::string without_brackets(std::string address) {
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') return address.substr(1, address.size() - 2);
  return address;
}

bool from_proxy(const Request& request, const std::string& trusted_proxy) {
  return !trusted_proxy.empty() && without_brackets(address_of(request.remote)) == trusted_proxy;
}

}  // namespace

std::string address_of(const std::string& remote) {
  const auto colon = remote.rfind(':');
  if (colon == std::string::npos || remote.find(']', colon) != std::string::npos) return remote;
  return remote.substr(0, colon);
}

std::string client_address(const Request& request, const std::string& trusted_proxy) {
  const auto peer = without_brackets(address_of(request.remote));
  if (!from_proxy(request, trusted_proxy)) return peer;
  const auto forwarded = header(request, "x-forwarded-for").value_or("");
  const auto last = trim(std::string_view(forwarded).substr(forwarded.rfind(',') + 1));  // npos + 1 is 0
  return last.empty() ? peer : without_brackets(last);
}

bool over_https(const Request& request, bool tls, const std::string& trusted_proxy) {
  if (tls) return true;
  if (!from_proxy(request, trusted_proxy)) return false;
  return lower(trim(header(request, "x-forwarded-proto").value_or(""))) == "https";
}

}  // namespace buurtbot::http
