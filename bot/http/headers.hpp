#pragma once
// Reading a request's headers: one field by name, one cookie of the Cookie header.

#include "bot/http/router.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::http {

/// The value of the header `name` (in lower case, as Request keeps them), or nothing when it was not sent.
std::optional<std::string> header(const Request& request, const std::string& name);

/// The value of the cookie `name` in the Cookie header ("a=1; buurtbot_session=xyz"), trimmed; nothing
/// when it was not sent or is empty.
std::optional<std::string> cookie(const Request& request, std::string_view name);

}  // namespace buurtbot::http
