#include "bot/http/page_headers.hpp"

#include <string>
#include <utility>

namespace buurtbot::http {

// Sent with every answer of a page, the 404 too: a page of ours is never framed, sniffed or leaked.
Response with_page_headers(Response response, std::string_view content_security_policy) {
  response.headers.emplace_back("Content-Security-Policy", std::string(content_security_policy));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  // The page is small and changes with the binary: the browser asks again each time.
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

}  // namespace buurtbot::http
