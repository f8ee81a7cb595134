#pragma once
// The registration file a homeserver needs to know buurtbot as an Application Service.

#include "adapters/matrix/settings.hpp"

#include <string>

namespace buurtbot::adapters::matrix {

/// The registration as YAML: id, url, as_token, hs_token, sender_localpart, empty namespaces (the bot
/// is its one user) and rate_limited false. Every value is quoted as YAML needs it.
std::string registration_yaml(const MatrixSettings& settings, const std::string& as_token, const std::string& hs_token);

}  // namespace buurtbot::adapters::matrix
