#pragma once
// One resident on several channels: the `link_identity` action of verbind.yaml and its sibling flows.

#include "bot/civic/actions.hpp"

#include <chrono>
#include <string>

namespace buurtbot {

/// How long a link code works: long enough to pick up the other device, short enough to be useless when it leaks.
inline constexpr std::chrono::minutes kIdentityLinkCodeLifetime{15};

/// Runs one part of linking, chosen by the field `op`: start (make a code, or check a typed one), propose,
/// confirm, refuse, unlink or prefer. See flows/README.md, "Linking channels".
flows::ActionOutcome link_identity(const flows::Action& action, ActionContext& context);

/// The SHA-256 of a normalized link code, as stored.
std::string link_code_hash(const std::string& code);

}  // namespace buurtbot
