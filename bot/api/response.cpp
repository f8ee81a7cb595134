#include "bot/api/response.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

namespace buurtbot::api {
namespace {

constexpr std::string_view kJson = "application/json; charset=utf-8";

std::shared_ptr<spdlog::logger> log() {
  auto logger = spdlog::get("http");
  return logger ? logger : spdlog::default_logger();
}

http::Response with_safety_headers(http::Response response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

http::Response json_response(int status, const nlohmann::json& body) {
  // Invalid UTF-8 from a channel becomes U+FFFD instead of failing the whole answer.
  auto text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return with_safety_headers(http::Response{status, std::string(kJson), std::move(text), {}});
}

http::Response error_response(const ApiError& error) {
  auto response = json_response(error.status, {{"error", error.message}});
  if (error.status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

http::Response csv_response(std::string body, const std::string& filename) {
  auto response = with_safety_headers(http::Response{200, "text/csv; charset=utf-8", std::move(body), {}});
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return response;
}

http::Response no_content() { return with_safety_headers(http::Response{204, "", "", {}}); }

http::Response too_many(std::chrono::seconds retry_after) {
  auto response = error_response({429, "too many failed logins; try again later"});
  response.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
  return response;
}

http::Response internal_error(const std::exception& failure) {
  log()->error("officers' API request failed: {}", failure.what());
  return error_response({500, "internal error"});
}

void respond_with(const http::Respond& respond, const std::function<http::Response()>& work) {
  http::Response response;
  try {
    response = work();
  } catch (const std::exception& e) {
    response = internal_error(e);
  }
  respond(std::move(response));
}

}  // namespace buurtbot::api
