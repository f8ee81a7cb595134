#include "adapters/matrix/inbound.hpp"

#include "adapters/matrix/appservice.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <set>
#include <stdexcept>

namespace buurtbot::adapters::matrix {
namespace {

std::shared_ptr<spdlog::logger> log() {
  auto logger = spdlog::get("matrix");
  return logger ? logger : spdlog::default_logger();
}

// The homeserver sends a transaction again after anything but 2xx, with growing pauses.
http::Response try_again(std::string_view why) { return matrix_error(503, "M_UNKNOWN", why); }

http::Response answer(const Inbound::Outcome& outcome, const std::string& body) {
  switch (outcome.kind) {
    case Inbound::Outcome::taken: return matrix_ok();
    case Inbound::Outcome::again: return try_again(outcome.why);
    case Inbound::Outcome::invalid: break;
  }
  return matrix_error(400, nlohmann::json::accept(body) ? "M_BAD_JSON" : "M_NOT_JSON", outcome.why);
}

// What a join or a leave came to: a 429, a 5xx or no answer at all is worth another try.
RoomDirectory::Answer answer_of(const std::function<http::Response()>& call) {
  using Answer = RoomDirectory::Answer;
  try {
    const auto response = call();
    if (response.status >= 200 && response.status < 300) return Answer::yes;
    if (response.status == 429 || response.status >= 500) return Answer::later;
    return Answer::refused;
  } catch (const http::NetworkError&) {
    return Answer::later;
  }
}

}  // namespace

RoomDirectory::Answer HomeserverDirectory::join(const std::string& room_id) {
  return answer_of([&] { return homeserver_.join(room_id); });
}

RoomDirectory::Answer HomeserverDirectory::leave(const std::string& room_id) {
  return answer_of([&] { return homeserver_.leave(room_id); });
}

std::optional<int> HomeserverDirectory::joined_members(const std::string& room_id) {
  http::Response response;
  try {
    response = homeserver_.joined_members(room_id);
  } catch (const http::NetworkError& e) {
    throw std::runtime_error(std::string("members of a room: ") + e.what());
  }
  if (response.status == 403 || response.status == 404) return std::nullopt;
  if (response.status != 200) throw std::runtime_error("members of a room: HTTP " + std::to_string(response.status));
  const auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("joined") || !body["joined"].is_object())
    throw std::runtime_error("members of a room: not a joined_members answer");
  return static_cast<int>(body["joined"].size());
}

Inbound::Inbound(std::string hs_token, ParseOptions parse, std::unique_ptr<RoomDirectory> rooms)
    : hs_token_(std::move(hs_token)), parse_(std::move(parse)), rooms_(std::move(rooms)) {
  parse_.is_group = [this](const std::string& room_id) { return is_group(room_id); };
  thread_ = std::thread([this] { run(); });
}

Inbound::~Inbound() { stop(); }

std::vector<InboundRoute> Inbound::routes(JournalSink& journal) {
  std::vector<InboundRoute> routes;
  for (const char* method : {"GET", "PUT", "POST", "DELETE"}) {
    routes.push_back({method, kAppPrefix, [this, &journal](http::Request request, http::Respond respond) {
                        handle(journal, std::move(request), std::move(respond));
                      }, /*prefix=*/true});
  }
  return routes;
}

void Inbound::handle(JournalSink& journal, http::Request request, http::Respond respond) {
  const auto match = route_of(request.path);
  if (auto refusal = refuse(request, match, hs_token_)) return respond(std::move(*refusal));
  switch (match.route) {
    case AppRoute::ping: return respond(matrix_ok());
    case AppRoute::user:
      // The bot's own user exists; the registration claims no other users.
      if (match.id == parse_.user_id) return respond(matrix_ok());
      return respond(matrix_error(404, "M_NOT_FOUND", "No such user"));
    case AppRoute::room: return respond(matrix_error(404, "M_NOT_FOUND", "No such room alias"));
    case AppRoute::transaction: break;
    case AppRoute::unknown: return respond(matrix_error(404, "M_UNRECOGNIZED", "Unrecognized request"));
  }
  if (journal.backlogged()) return respond(try_again("busy, try again"));
  // Handed to the inbound thread: it may wait on the homeserver and the journal, a network thread may not.
  auto respond_later = std::make_shared<http::Respond>(std::move(respond));
  const bool queued = queue([this, &journal, body = std::move(request.body), respond_later] {
    (*respond_later)(answer(take_transaction(journal, body), body));
  });
  if (!queued) (*respond_later)(try_again("stopping, try again"));
}

std::future<Inbound::Outcome> Inbound::submit(JournalSink& journal, std::string transaction,
                                             std::optional<ChannelPosition> position) {
  auto outcome = std::make_shared<std::promise<Outcome>>();
  auto future = outcome->get_future();
  const bool queued = queue([this, &journal, transaction = std::move(transaction), position = std::move(position), outcome] {
    outcome->set_value(take_transaction(journal, transaction, position));
  });
  if (!queued) outcome->set_value({Outcome::again, "stopping"});
  return future;
}

bool Inbound::queue(std::function<void()> job) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  jobs_.push_back(std::move(job));
  wake_.notify_one();
  return true;
}

void Inbound::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

long Inbound::encrypted_events() const {
  std::lock_guard lock(mutex_);
  return encrypted_;
}

void Inbound::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

Inbound::Outcome Inbound::take_transaction(JournalSink& journal, const std::string& body,
                                           const std::optional<ChannelPosition>& position) {
  ParseResult parsed;
  try {
    parsed = parse_transaction(body, parse_);
  } catch (const std::exception& e) {
    log()->warn("transaction not taken, the homeserver will send it again: {}", e.what());
    return {Outcome::again, "cannot tell the room's kind yet, try again"};
  }
  if (parsed.invalid()) return {Outcome::invalid, parsed.error};
  if (!answer_invites(parsed)) return {Outcome::again, "could not answer an invite yet, try again"};
  try {
    if (!leave_empty_rooms(parsed)) return {Outcome::again, "could not leave a room yet, try again"};
  } catch (const std::runtime_error& e) {
    log()->warn("transaction not taken, the homeserver will send it again: {}", e.what());
    return {Outcome::again, "cannot tell who is in a room yet, try again"};
  }
  const bool stored = position ? journal.journal_with_position(std::move(parsed.messages), *position)
                               : journal.journal_all(std::move(parsed.messages));
  if (!stored) return {Outcome::again, "not stored, try again"};
  if (parsed.encrypted > 0) {
    std::lock_guard lock(mutex_);
    encrypted_ += parsed.encrypted;
    log()->info("{} encrypted events acknowledged; the bot cannot read them", parsed.encrypted);
  }
  return {};
}

// Joined before the invite is journaled: the welcome the invite causes can then reach the room.
bool Inbound::answer_invites(ParseResult& parsed) {
  for (const auto& invite : parsed.invites) {
    const auto joined = rooms_->join(invite.room_id);
    if (joined == RoomDirectory::Answer::later) return false;
    if (joined == RoomDirectory::Answer::refused) {
      log()->warn("an invite could not be accepted: the homeserver refused the join");
      std::erase_if(parsed.messages, [&](const InboundMessage& m) { return m.event == "bot_added" && m.conversation == invite.room_id; });
      continue;
    }
    group_rooms_[invite.room_id] = invite.group;
  }
  // Rejected rather than left pending, so the inviter sees the answer and a sync account is not offered it again.
  for (const auto& room_id : parsed.declined) {
    if (rooms_->leave(room_id) == RoomDirectory::Answer::later) return false;
    log()->info("declined an invite from a homeserver that is not in matrix.allowed_homeservers");
  }
  return true;
}

// A room nobody but the bot is in has no one to talk to: the bot leaves it and treats it as removed
// (a resident's chat unreachable, a workgroup's chat unlinked). The removal is keyed by the leave event,
// so a transaction sent again stores it once; by then the bot is out of the room and asks nothing more.
bool Inbound::leave_empty_rooms(ParseResult& parsed) {
  std::set<std::string> checked;
  for (auto it = parsed.departures.rbegin(); it != parsed.departures.rend(); ++it) {
    if (!checked.insert(it->room_id).second) continue;
    const auto members = rooms_->joined_members(it->room_id);
    if (!members || *members > 1) continue;
    const bool group = is_group(it->room_id);
    if (rooms_->leave(it->room_id) == RoomDirectory::Answer::later) return false;
    InboundMessage removed;
    removed.channel = kChannel;
    removed.conversation = it->room_id;
    removed.external_id = it->event_id;
    removed.group = group;
    removed.event = "bot_removed";
    parsed.messages.push_back(std::move(removed));
    group_rooms_.erase(it->room_id);
    log()->info("left a room that no resident is in any more");
  }
  return true;
}

bool Inbound::is_group(const std::string& room_id) {
  if (auto known = group_rooms_.find(room_id); known != group_rooms_.end()) return known->second;
  const auto members = rooms_->joined_members(room_id);
  // A room the bot is no longer in is taken for a group: nothing personal is sent there.
  const bool group = !members || *members > 2;
  group_rooms_[room_id] = group;
  return group;
}

}  // namespace buurtbot::adapters::matrix
