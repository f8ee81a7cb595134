#pragma once
// The officers' API answers in JSON only, errors included, and never lets a browser cache or sniff it.

#include "bot/api/result.hpp"
#include "bot/http/server.hpp"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <exception>
#include <functional>

namespace buurtbot::api {

/// `body` as a JSON answer with `status`. Resident text goes out as JSON strings, unchanged: escaping
/// it for HTML is the page's job.
http::Response json_response(int status, const nlohmann::json& body);

/// The error as {"error": message}; 401 adds WWW-Authenticate, 429 no Retry-After (see too_many).
http::Response error_response(const ApiError& error);

/// `body` as a CSV download named `filename` (letters, digits, '.', '-' only, so it needs no quoting).
http::Response csv_response(std::string body, const std::string& filename);

/// 204 without a body.
http::Response no_content();

/// 429 with Retry-After, for a login that has to wait.
http::Response too_many(std::chrono::seconds retry_after);

/// 500 for a request that failed on our side; `failure` is logged, never shown to the client.
http::Response internal_error(const std::exception& failure);

/// Answers with what `work` returns, or 500 when it throws: the error is logged, never shown to the client.
void respond_with(const http::Respond& respond, const std::function<http::Response()>& work);

}  // namespace buurtbot::api
