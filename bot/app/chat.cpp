#include "bot/app/chat.hpp"

#include "adapters/terminal/terminal.hpp"
#include "bot/pipeline/dispatcher.hpp"
#include "storage/repositories.hpp"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <iostream>

namespace buurtbot {
namespace {

// Prints what the outbox holds for this terminal user and marks it sent, in one transaction.
void deliver(storage::Database& db, const std::string& name, std::ostream& out) {
  storage::Transaction tx(db);
  storage::Outbox outbox(db);
  for (const auto& row : outbox.pending_for(adapters::terminal::kChannel, name)) {
    auto message = nlohmann::json::parse(row.payload).get<OutboundMessage>();
    out << adapters::terminal::render(message) << "\n\n";
    outbox.mark_sent(row.id);
  }
  tx.commit();
  out.flush();
}

// A journal key that stays unique across runs of the same name.
std::string event_id(std::uint64_t sequence) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch());
  return std::to_string(ns.count()) + "-" + std::to_string(sequence);
}

}  // namespace

int run_chat(App& app, const std::string& name, const std::string& language, std::istream& in, std::ostream& out) {
  Dispatcher dispatcher(app.db, app.config, app.flows);
  const bool interactive = &in == &std::cin && isatty(STDIN_FILENO);
  deliver(app.db, name, out);
  auto next_line = [&](std::string& line) {
    if (interactive) out << "> " << std::flush;
    return static_cast<bool>(std::getline(in, line));
  };
  std::uint64_t sequence = 0;
  for (std::string line; next_line(line);) {
    auto message = adapters::terminal::parse_line(name, line, event_id(++sequence));
    message.language = language;
    dispatcher.accept(message);
    dispatcher.drain(std::chrono::system_clock::now());
    deliver(app.db, name, out);
  }
  return 0;
}

}  // namespace buurtbot
