#pragma once
// RFC 3834's rules, and the habits of real mail systems, for mail that no one should answer: automatic
// replies, out-of-office notices, bounces, mailing lists, and our own mail coming back. Pure.

#include "adapters/email/parse.hpp"

#include <optional>
#include <string>

namespace buurtbot::adapters::email {

/// Why `mail` must never be answered, or nullopt when a person wrote it. `our_address` is the
/// municipality's (its X-Loop value too).
std::optional<std::string> automatic_reason(const ParsedMail& mail, const std::string& our_address);

/// The same without the marks of a mailing list (List-Id, List-Unsubscribe, Precedence: list), for a
/// list's own post that links the list to a workgroup: still nothing automatic gets through.
std::optional<std::string> automatic_reason_of_a_list_post(const ParsedMail& mail, const std::string& our_address);

}  // namespace buurtbot::adapters::email
