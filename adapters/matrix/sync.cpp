#include "adapters/matrix/sync.hpp"

#include "adapters/matrix/parse.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;

std::shared_ptr<spdlog::logger> log() {
  auto logger = spdlog::get("matrix");
  return logger ? logger : spdlog::default_logger();
}

const json& rooms_of(const json& sync, const char* kind) {
  static const json kNone = json::object();
  if (!sync.contains("rooms") || !sync["rooms"].is_object()) return kNone;
  const auto& rooms = sync["rooms"];
  return rooms.contains(kind) && rooms[kind].is_object() ? rooms[kind] : kNone;
}

const json& events_at(const json& room, const char* part, const char* list = "events") {
  static const json kNone = json::array();
  if (!room.is_object() || !room.contains(part) || !room[part].is_object()) return kNone;
  const auto& events = room[part];
  return events.contains(list) && events[list].is_array() ? events[list] : kNone;
}

// Events nested deeper than the parser reads are left out before they are copied (kMaxEventDepth).
bool takes(const json& event) { return event.is_object() && nested_at_most(event, kMaxEventDepth); }

void add_events(json& out, const json& events, const std::string& room_id) {
  for (const auto& taken : events) {
    if (!takes(taken)) continue;
    auto event = taken;
    event["room_id"] = room_id;
    out.push_back(std::move(event));
  }
}

// Stripped state has no event id; the bot's own invite needs one for the journal.
void add_invite(json& out, const json& events, const std::string& room_id, std::string_view since) {
  for (const auto& taken : events) {
    if (!takes(taken)) continue;
    auto event = taken;
    event["room_id"] = room_id;
    if (!event.contains("event_id")) event["event_id"] = "$invite:" + room_id + ":" + std::string(since);
    out.push_back(std::move(event));
  }
}

}  // namespace

nlohmann::json transaction_of_sync(const nlohmann::json& sync, std::string_view since, bool history) {
  json events = json::array();
  for (const auto& [room_id, room] : rooms_of(sync, "invite").items())
    add_invite(events, events_at(room, "invite_state"), room_id, since);
  if (history) {
    for (const auto& [room_id, room] : rooms_of(sync, "join").items()) {
      add_events(events, events_at(room, "state"), room_id);
      add_events(events, events_at(room, "timeline"), room_id);
    }
    for (const auto& [room_id, room] : rooms_of(sync, "leave").items())
      add_events(events, events_at(room, "timeline"), room_id);
  }
  return {{"events", std::move(events)}};
}

std::size_t timeline_events(const nlohmann::json& sync) {
  std::size_t count = 0;
  for (const auto& [room_id, room] : rooms_of(sync, "join").items()) count += events_at(room, "timeline").size();
  return count;
}

const nlohmann::json& sync_filter() {
  static const json filter = {
      {"presence", {{"types", json::array()}}},
      {"account_data", {{"types", json::array()}}},
      {"room",
       {{"timeline", {{"types", {"m.room.message", "m.room.encrypted", "m.room.member", "m.room.encryption"}}}},
        {"state", {{"types", {"m.room.member", "m.room.encryption"}}, {"lazy_load_members", true}}},
        {"ephemeral", {{"types", json::array()}}},
        {"account_data", {{"types", json::array()}}}}}};
  return filter;
}

Syncer::Syncer(Homeserver homeserver, Inbound& inbound, SyncOptions options)
    : homeserver_(std::move(homeserver)), inbound_(inbound), options_(options) {}

Syncer::~Syncer() { stop(); }

void Syncer::start(JournalSink& journal) { thread_ = std::thread([this, &journal] { run(journal); }); }

void Syncer::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

std::size_t Syncer::sync_once(JournalSink& journal) {
  const auto since = journal.position(kSyncPosition);
  const bool first = since.empty();
  const auto response = homeserver_.sync(since, first ? 0 : options_.timeout_ms, sync_filter().dump());
  const auto body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (response.status != 200 || !body.is_object() || !body.contains("next_batch") || !body["next_batch"].is_string())
    throw std::runtime_error("sync answered HTTP " + std::to_string(response.status));
  if (first) log()->info("first sync: skipped the {} events of the rooms' history", timeline_events(body));
  auto transaction = transaction_of_sync(body, since, /*history=*/!first);
  const auto events = transaction["events"].size();
  // The events and next_batch are stored in one transaction: a crash keeps both or neither.
  const ChannelPosition next{kSyncPosition, body["next_batch"].get<std::string>()};
  if (events > 0) {
    const auto outcome = inbound_.submit(journal, transaction.dump(), next).get();
    if (outcome.kind != Inbound::Outcome::taken) throw std::runtime_error("sync not taken: " + outcome.why);
  } else if (!journal.save_position(next.name, next.value)) {
    throw std::runtime_error("the sync position could not be stored");
  }
  return events;
}

void Syncer::run(JournalSink& journal) {
  auto backoff = std::chrono::milliseconds(500);
  while (!stopping_) {
    try {
      sync_once(journal);
      backoff = std::chrono::milliseconds(500);
    } catch (const std::exception& e) {
      log()->warn("sync failed, trying again in {} ms: {}", backoff.count(), e.what());
      pause(backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
  }
}

// Sleeps in short steps so that stop() is not kept waiting.
void Syncer::pause(std::chrono::milliseconds how_long) {
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (!stopping_ && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace buurtbot::adapters::matrix
