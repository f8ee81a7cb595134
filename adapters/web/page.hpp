#pragma once
// The web chat's page at /chat/: a server-rendered shell in the visitor's language, which web/chat.js
// turns into the conversation. Everything a resident reads on it comes from flows/messages.yaml.

#include "flows/definition.hpp"

#include <string>

namespace buurtbot::adapters::web {

/// The Content-Security-Policy of every answer under /chat/: scripts, styles and requests to this
/// server only, nothing inline, never framed.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The forms for a mail address the page shows (only while the e-mail channel is on).
struct MailForms {
  bool answers = false;  ///< "send officers' answers to my mail too"
  bool resume = false;   ///< "mail me a link to go on on another device"
};

/// The page in `lang` for the municipality named `municipality`.
std::string chat_page(const flows::FlowSet& texts, flows::Lang lang, const std::string& municipality,
                      MailForms mail = {});

}  // namespace buurtbot::adapters::web
