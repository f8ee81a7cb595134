#pragma once
// The languages a browser asks for in its Accept-Language header.

#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::http {

/// The language tags of an Accept-Language header ("en-GB,en;q=0.9,nl;q=0.8"), the most wanted first: by
/// q, then in the header's order. Tags with q=0 or a q that cannot be read are left out.
std::vector<std::string> accepted_languages(std::string_view accept_language);

}  // namespace buurtbot::http
