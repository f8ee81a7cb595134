#pragma once
// New secrets: session keys, API tokens, web chat addresses.

#include <string>

namespace buurtbot {

/// A new secret of 32 random bytes from OpenSSL's RAND_bytes, as unpadded base64url (43 characters).
std::string random_token();

}  // namespace buurtbot
