#include "bot/app/chat.hpp"

#include "adapters/terminal/terminal.hpp"
#include "bot/text/text.hpp"
#include "bot/pipeline/dispatcher.hpp"
#include "bot/pipeline/outbox/sqlite_store.hpp"
#include "bot/pipeline/outbox/worker.hpp"
#include "storage/repositories.hpp"

#include <unistd.h>

#include <chrono>
#include <iostream>

namespace buurtbot {
namespace {

// A journal key that stays unique across runs of the same name.
std::string event_id(std::uint64_t sequence) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch());
  return std::to_string(ns.count()) + "-" + std::to_string(sequence);
}

// The terminal's replies go through the outbox like every channel's: the worker sends this person's
// due rows through the terminal channel and records each as sent.
void deliver(outbox::Worker& worker) {
  while (worker.run_once(outbox::Clock::now()) > 0) {
  }
}

// `--lang` is a choice made at the keyboard, so unlike a channel's language hint it also switches a
// resident who chats already.
void choose_language(storage::Database& db, const std::string& name, const std::string& language) {
  if (language.empty()) return;
  storage::Residents residents(db);
  auto resident = residents.find_or_create(adapters::terminal::kChannel, name, name, name, language);
  residents.set_language(resident.id, language);
}

}  // namespace

int run_chat(App& app, const std::string& name, const std::string& language, std::istream& in, std::ostream& out) {
  if (!app.config.terminal.enabled) {
    std::cerr << "The terminal chat is off in this config (terminal.enabled: false).\n";
    return 2;
  }
  // The name is shown to officers and in lists; the person typing it can choose a plain one.
  if (has_control_characters(name) || valid_utf8(name) != name) {
    std::cerr << "A name is one line of UTF-8 text without control characters.\n";
    return 2;
  }
  Dispatcher dispatcher(app.db, app.config, app.flows);
  adapters::terminal::TerminalChannel terminal(out);
  outbox::SqliteStore store(app.db, outbox::Recipient{adapters::terminal::kChannel, name});
  outbox::Worker worker(store);
  worker.add_channel(terminal, terminal.delivery().limits, terminal.delivery().senders);

  const bool interactive = &in == &std::cin && isatty(STDIN_FILENO);
  deliver(worker);  // what arrived while the person was away
  auto next_line = [&](std::string& line) {
    if (interactive) out << "> " << std::flush;
    return static_cast<bool>(std::getline(in, line));
  };
  std::uint64_t sequence = 0;
  for (std::string line; next_line(line);) {
    if (sequence == 0) choose_language(app.db, name, language);
    auto message = adapters::terminal::parse_line(name, line, event_id(++sequence));
    message.language = language;
    dispatcher.accept(message);
    dispatcher.drain(std::chrono::system_clock::now());
    deliver(worker);
  }
  return 0;
}

}  // namespace buurtbot
