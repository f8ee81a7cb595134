#pragma once
// The new text of a reply, without the quoted history and the signature that mail programs add below
// it (Outlook's "Van:/From:" block, Gmail's "Op … schreef …:", Apple Mail's "… het volgende geschreven:",
// "-- " signatures, "> " quotes, "Verzonden vanaf mijn iPhone"). Pure.

#include <string>
#include <string_view>

namespace buurtbot::adapters::email {

/// The lines of `body` before the first quote header or signature, without trailing blank lines.
std::string new_text_of(std::string_view body);

}  // namespace buurtbot::adapters::email
