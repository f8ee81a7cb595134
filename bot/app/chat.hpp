#pragma once
// The terminal chat: the same journal, dispatcher and outbox as every channel, in one process.

#include "bot/app/app.hpp"

#include <iosfwd>
#include <string>

namespace buurtbot {

/// Chats as `name` until the input ends: each line is journaled and handled, then the replies waiting
/// for `name` are printed (also notifications that arrived while they were away). `language` is the
/// language of a new resident ("" for the config's default).
int run_chat(App& app, const std::string& name, const std::string& language, std::istream& in, std::ostream& out);

}  // namespace buurtbot
