#include "tests/e2e/fake_homeserver.hpp"

#include "bot/http/client.hpp"
#include "tests/bot/http/running_server.hpp"

#include <algorithm>

namespace buurtbot::testing {
namespace {

using nlohmann::json;

http::Response json_response(int status, const json& body) { return {status, "application/json", body.dump(), {}}; }

http::Response matrix_error(int status, const std::string& errcode, const std::string& error, json extra = json::object()) {
  extra["errcode"] = errcode;
  extra["error"] = error;
  return json_response(status, extra);
}

// The value of `name` in a query whose values need no decoding (the fake's own sync tokens).
std::string query_value(const std::string& query, const std::string& name) {
  for (std::size_t at = 0; at < query.size();) {
    auto end = query.find('&', at);
    if (end == std::string::npos) end = query.size();
    const auto pair = query.substr(at, end - at);
    if (pair.starts_with(name + "=")) return pair.substr(name.size() + 1);
    at = end + 1;
  }
  return {};
}

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at <= path.size()) {
    const auto slash = path.find('/', at);
    parts.push_back(path.substr(at, slash == std::string::npos ? std::string::npos : slash - at));
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  return parts;
}

}  // namespace

std::string HomeserverCall::text() const { return body.is_object() ? body.value("body", std::string()) : std::string(); }

FakeHomeserver::FakeHomeserver() {
  http::Router router;
  for (const char* method : {"GET", "PUT", "POST"}) {
    router.add_prefix(method, "/_matrix/client/", [this](http::Request request, http::Respond respond) {
      handle(std::move(request), std::move(respond));
    });
  }
  server_ = std::make_unique<http::testing::RunningServer>(router);
  ticker_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      changed_.wait_for(lock, std::chrono::milliseconds(50));
      lock.unlock();
      answer_syncs();
      lock.lock();
    }
  });
}

FakeHomeserver::~FakeHomeserver() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& waiting : waiting_) waiting.until = std::chrono::steady_clock::now();
    for (auto& waiting : resident_waiting_) waiting.until = std::chrono::steady_clock::now();
  }
  changed_.notify_all();
  ticker_.join();
  if (pusher_.joinable()) pusher_.join();
  answer_syncs();
  server_->stop_and_join();
}

void FakeHomeserver::add_message(const std::string& room_id, const std::string& sender, const std::string& text) {
  std::lock_guard lock(mutex_);
  json event = {{"type", "m.room.message"}, {"event_id", "$sync" + std::to_string(next_event_++) + ":example.org"},
                {"sender", sender}, {"origin_server_ts", 1432735824653},
                {"content", {{"msgtype", "m.text"}, {"body", text}}}};
  batches_.push_back({{"join", {{room_id, {{"timeline", {{"events", json::array({event})}}}}}}}});
  changed_.notify_all();
}

void FakeHomeserver::add_invite(const std::string& room_id, const std::string& sender, bool direct) {
  std::lock_guard lock(mutex_);
  json member = {{"type", "m.room.member"}, {"sender", sender}, {"state_key", kBot},
                 {"content", {{"membership", "invite"}, {"is_direct", direct}}}};
  batches_.push_back({{"invite", {{room_id, {{"invite_state", {{"events", json::array({member})}}}}}}}});
  changed_.notify_all();
}

void FakeHomeserver::add_membership(const std::string& room_id, const std::string& user, const std::string& membership) {
  std::lock_guard lock(mutex_);
  json event = {{"type", "m.room.member"}, {"event_id", "$sync" + std::to_string(next_event_++) + ":example.org"},
                {"sender", user}, {"state_key", user}, {"origin_server_ts", 1432735824653},
                {"content", {{"membership", membership}}}};
  batches_.push_back({{"join", {{room_id, {{"timeline", {{"events", json::array({event})}}}}}}}});
  changed_.notify_all();
}

void FakeHomeserver::set_members(const std::string& room_id, std::vector<std::string> users) {
  std::lock_guard lock(mutex_);
  members_[room_id] = std::move(users);
}

bool FakeHomeserver::called(const std::string& kind, const std::string& room_id) const {
  std::lock_guard lock(mutex_);
  return std::any_of(calls_.begin(), calls_.end(), [&](const auto& c) { return c.kind == kind && c.room_id == room_id; });
}

json FakeHomeserver::sync_answer(std::size_t since) const {
  json rooms = {{"join", json::object()}, {"invite", json::object()}, {"leave", json::object()}};
  for (std::size_t i = since; i < batches_.size(); ++i) {
    const json joined = batches_[i].value("join", json::object());  // named: items() does not keep a temporary alive
    for (const auto& [room_id, room] : joined.items()) {
      auto& events = rooms["join"][room_id]["timeline"]["events"];
      if (events.is_null()) events = json::array();
      for (const auto& event : room["timeline"]["events"]) events.push_back(event);
    }
    const json invited = batches_[i].value("invite", json::object());
    for (const auto& [room_id, room] : invited.items()) rooms["invite"][room_id] = room;
  }
  return {{"next_batch", "s" + std::to_string(batches_.size())}, {"rooms", rooms}};
}

void FakeHomeserver::sync(const http::Request& request, http::Respond respond) {
  const auto since_token = query_value(request.query, "since");
  const std::size_t since = since_token.size() > 1 ? std::stoul(since_token.substr(1)) : 0;
  const auto timeout = std::chrono::milliseconds(std::stol("0" + query_value(request.query, "timeout")));
  HomeserverCall call;
  call.kind = "sync";
  call.txn_id = since_token;
  call.status = 200;
  calls_.push_back(std::move(call));
  changed_.notify_all();
  if (since_token.empty() || since < batches_.size() || timeout.count() == 0)
    return respond(json_response(200, sync_answer(since)));
  waiting_.push_back({since, std::chrono::steady_clock::now() + timeout, std::move(respond)});
}

void FakeHomeserver::answer_syncs() {
  std::vector<std::pair<http::Respond, json>> answers;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(waiting_, [&](WaitingSync& waiting) {
      if (waiting.since >= batches_.size() && now < waiting.until) return false;
      answers.emplace_back(std::move(waiting.respond), sync_answer(waiting.since));
      return true;
    });
  }
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    const auto known = resident_ ? resident_timeline().size() : 0;
    std::erase_if(resident_waiting_, [&](WaitingSync& waiting) {
      if (waiting.since >= known && now < waiting.until) return false;
      answers.emplace_back(std::move(waiting.respond), resident_sync_answer(waiting.since));
      return true;
    });
  }
  for (auto& [respond, body] : answers) respond(json_response(200, body));
  std::vector<LateAnswer> due;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(late_, [&](LateAnswer& late) {
      if (now < late.at && !stopping_) return false;
      due.push_back(std::move(late));
      return true;
    });
  }
  for (auto& late : due) late.respond(std::move(late.response));
}

void FakeHomeserver::serve_resident(const std::string& user, const std::string& room_id, const std::string& appservice_url,
                                    const std::string& hs_token) {
  {
    std::lock_guard lock(mutex_);
    resident_ = Resident{user, room_id, appservice_url, hs_token};
  }
  pusher_ = std::thread([this] { push_transactions(); });
}

std::vector<json> FakeHomeserver::resident_timeline() const {
  const auto& r = *resident_;
  auto state = [&](const std::string& type, const std::string& key, const std::string& sender, json content, int n) {
    return json{{"type", type}, {"state_key", key}, {"sender", sender}, {"content", std::move(content)},
                {"event_id", "$state" + std::to_string(n) + ":example.org"}, {"room_id", r.room_id},
                {"origin_server_ts", 1432735824000 + n}};
  };
  std::vector<json> timeline = {state("m.room.create", "", r.user, {{"creator", r.user}, {"room_version", "10"}}, 1),
                                state("m.room.member", r.user, r.user, {{"membership", "join"}}, 2),
                                state("m.room.member", kBot, kBot, {{"membership", "join"}}, 3)};
  for (const auto& call : calls_) {
    const bool bot = call.kind == "send" && call.status == 200 && !call.repeat;
    if ((!bot && call.kind != "resident_send") || call.room_id != r.room_id) continue;
    timeline.push_back({{"type", "m.room.message"}, {"sender", bot ? kBot : r.user}, {"content", call.body},
                        {"event_id", bot ? events_by_txn_.at(call.txn_id) : "$resident-" + call.txn_id + ":example.org"},
                        {"room_id", r.room_id}, {"origin_server_ts", 1432735825000 + static_cast<long>(timeline.size())},
                        {"unsigned", bot ? json::object() : json{{"transaction_id", call.txn_id}}}});
  }
  return timeline;
}

json FakeHomeserver::resident_sync_answer(std::size_t since) const {
  const auto timeline = resident_timeline();
  json rooms = {{"join", json::object()}};
  if (since < timeline.size()) {
    json events = json::array();
    for (std::size_t i = since; i < timeline.size(); ++i) events.push_back(timeline[i]);
    rooms["join"][resident_->room_id] = {{"timeline", {{"events", events}, {"limited", false}, {"prev_batch", "p0"}}},
                                         {"state", {{"events", json::array()}}},
                                         {"ephemeral", {{"events", json::array()}}},
                                         {"account_data", {{"events", json::array()}}},
                                         {"unread_notifications", json::object()}};
  }
  return {{"next_batch", "r" + std::to_string(timeline.size())}, {"rooms", rooms},
          {"account_data", {{"events", json::array()}}}, {"presence", {{"events", json::array()}}}};
}

bool FakeHomeserver::handle_resident(const http::Request& request, const std::vector<std::string>& parts,
                                     http::Response& response, http::Respond& respond) {
  const auto& method = request.method;
  const std::string what = parts.size() > 4 ? parts[4] : "";
  if (method == "GET" && what == "pushrules") {
    json none = json::array();
    response = json_response(200, {{"global", {{"content", none}, {"override", none}, {"room", none}, {"sender", none}, {"underride", none}}}});
  } else if (method == "GET" && what == "capabilities") {
    response = json_response(200, {{"capabilities", json::object()}});
  } else if (method == "POST" && parts.size() == 7 && what == "user" && parts[6] == "filter") {
    response = json_response(200, {{"filter_id", "1"}});
  } else if (method == "GET" && parts.size() == 8 && what == "user" && parts[6] == "filter") {
    response = json_response(200, json::object());
  } else if (method == "GET" && parts.size() == 5 && what == "sync") {
    const auto since_token = query_value(request.query, "since");
    const std::size_t since = since_token.size() > 1 ? std::stoul(since_token.substr(1)) : 0;
    const auto timeout = std::chrono::milliseconds(std::stol("0" + query_value(request.query, "timeout")));
    if (!since_token.empty() && since >= resident_timeline().size() && timeout.count() > 0) {
      resident_waiting_.push_back({since, std::chrono::steady_clock::now() + timeout, std::move(respond)});
      return false;
    }
    response = json_response(200, resident_sync_answer(since));
  } else if (method == "PUT" && parts.size() == 9 && what == "rooms" && parts[6] == "send") {
    HomeserverCall call;
    call.kind = "resident_send";
    call.room_id = parts[5];
    call.txn_id = parts[8];
    call.body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    call.status = 200;
    const auto event_id = "$resident-" + call.txn_id + ":example.org";
    to_push_.push_back({{"type", parts[7]}, {"event_id", event_id}, {"room_id", call.room_id}, {"sender", resident_->user},
                        {"origin_server_ts", 1432735826000}, {"content", call.body}});
    calls_.push_back(std::move(call));
    changed_.notify_all();
    response = json_response(200, {{"event_id", event_id}});
  }
  return true;
}

// On its own thread: a push waits for buurtbot, which may call the fake back meanwhile.
void FakeHomeserver::push_transactions() {
  int pushed = 0;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (to_push_.empty()) {
      changed_.wait_for(lock, std::chrono::milliseconds(50));
      continue;
    }
    const auto event = to_push_.front();
    const auto target = *resident_;
    lock.unlock();
    int status = 0;
    try {
      http::ClientOptions options;
      options.headers.emplace_back("Authorization", "Bearer " + target.hs_token);
      status = http::Client(target.appservice_url, options)
                   .request("PUT", "/_matrix/app/v1/transactions/resident-" + std::to_string(pushed), "application/json",
                            json{{"events", json::array({event})}}.dump())
                   .status;
    } catch (const http::NetworkError&) {
    }
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));  // as a homeserver backs off
    lock.lock();
    if (status == 200) {
      to_push_.pop_front();
      ++pushed;
    }
  }
}

std::string FakeHomeserver::url() const { return server_->url(); }

void FakeHomeserver::add_fault(HomeserverFault fault) {
  std::lock_guard lock(mutex_);
  faults_.push_back(fault);
}

std::vector<HomeserverCall> FakeHomeserver::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::vector<HomeserverCall> FakeHomeserver::delivered_to(const std::string& room_id) const {
  std::vector<HomeserverCall> out;
  for (auto& call : calls())
    if (call.kind == "send" && call.status == 200 && !call.repeat && call.room_id == room_id) out.push_back(std::move(call));
  return out;
}

bool FakeHomeserver::wait_for(const std::function<bool(const std::vector<HomeserverCall>&)>& condition) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, http::testing::kSafetyNet, [&] { return condition(calls_); });
}

// A room's own members when set, else a private chat: the bot and one resident. A room the bot left is
// closed to it, as a homeserver answers a non-member.
http::Response FakeHomeserver::joined_members(const std::string& room_id) const {
  if (left_.contains(room_id)) return matrix_error(403, "M_FORBIDDEN", "You are not in this room");
  json joined = {{kBot, json::object()}, {"@resident:example.org", json::object()}};
  if (auto own = members_.find(room_id); own != members_.end()) {
    joined = json::object();
    for (const auto& user : own->second) joined[user] = json::object();
  }
  return json_response(200, {{"joined", joined}});
}

// The password login of the spec's m.login.password, for the bot account only (by localpart or user id).
http::Response FakeHomeserver::login(const std::string& body) const {
  const auto request = json::parse(body, nullptr, /*allow_exceptions=*/false);
  const auto user = request.is_object() ? request.value("/identifier/user"_json_pointer, std::string()) : "";
  const bool ours = user == "buurtbot" || user == kBot;
  if (!request.is_object() || request.value("type", "") != "m.login.password" ||
      request.value("/identifier/type"_json_pointer, std::string()) != "m.id.user")
    return matrix_error(400, "M_UNKNOWN", "Unknown login type");
  if (!ours || request.value("password", "") != kBotPassword)
    return matrix_error(403, "M_FORBIDDEN", "Invalid username or password");
  return json_response(200, {{"user_id", kBot}, {"access_token", kAsToken}, {"device_id", "BUURTBOTDEV"}});
}

// The request path arrives percent-decoded, so a room id's '!' and ':' are back as themselves; a room id
// holds no '/', so the segments are safe to split.
void FakeHomeserver::handle(http::Request request, http::Respond respond) {
  if (request.path == "/_matrix/client/versions")
    return respond(json_response(200, {{"versions", {"v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6"}}}));
  if (request.method == "POST" && request.path == "/_matrix/client/v3/login") return respond(login(request.body));
  const auto auth = request.headers.find("authorization");
  const auto token = auth == request.headers.end() ? std::string() : auth->second;
  if (token == std::string("Bearer ") + kResidentToken) {
    std::lock_guard lock(mutex_);
    http::Response response = matrix_error(404, "M_UNRECOGNIZED", "Unrecognized request");
    if (resident_ && !handle_resident(request, segments(request.path), response, respond)) return;
    return respond(std::move(response));
  }
  if (token != std::string("Bearer ") + kAsToken) return respond(matrix_error(401, "M_UNKNOWN_TOKEN", "Unknown access token"));
  HomeserverCall call;
  call.body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (call.body.is_discarded()) call.body = nullptr;
  const auto parts = segments(request.path);  // "", "_matrix", "client", "v3", …
  http::Response response = matrix_error(404, "M_UNRECOGNIZED", "Unrecognized request");
  std::lock_guard lock(mutex_);
  if (request.method == "GET" && parts.size() == 5 && parts[4] == "sync") return sync(request, std::move(respond));
  if (request.method == "PUT" && parts.size() == 9 && parts[4] == "rooms" && parts[6] == "send") {
    call.kind = "send";
    call.room_id = parts[5];
    call.txn_id = parts[8];
    if (!faults_.empty() && faults_.front().status == 200) {
      auto& fault = faults_.front();
      auto [known, fresh] = events_by_txn_.try_emplace(call.txn_id, "$event" + std::to_string(next_event_) + ":example.org");
      if (fresh) ++next_event_;
      call.repeat = !fresh;
      call.status = 200;
      late_.push_back({std::chrono::steady_clock::now() + std::chrono::milliseconds(fault.answer_after_ms),
                       std::move(respond), json_response(200, {{"event_id", known->second}})});
      if (--fault.times == 0) faults_.pop_front();
      calls_.push_back(std::move(call));
      changed_.notify_all();
      return;
    }
    if (!faults_.empty()) {
      auto& fault = faults_.front();
      if (fault.status == 429)
        response = matrix_error(429, "M_LIMIT_EXCEEDED", "Too many requests", {{"retry_after_ms", fault.retry_after_ms}});
      else if (fault.status == 403)
        response = matrix_error(403, "M_FORBIDDEN", "User not in room");
      else
        response = matrix_error(fault.status, "M_UNKNOWN", "Internal server error");
      if (--fault.times == 0) faults_.pop_front();
    } else {
      auto [known, fresh] = events_by_txn_.try_emplace(call.txn_id, "$event" + std::to_string(next_event_) + ":example.org");
      if (fresh) ++next_event_;
      call.repeat = !fresh;
      response = json_response(200, {{"event_id", known->second}});
    }
  } else if (request.method == "POST" && parts.size() == 6 && parts[4] == "join") {
    call.kind = "join";
    call.room_id = parts[5];
    response = json_response(200, {{"room_id", call.room_id}});
  } else if (request.method == "GET" && parts.size() == 7 && parts[4] == "rooms" && parts[6] == "joined_members") {
    call.kind = "joined_members";
    call.room_id = parts[5];
    response = joined_members(call.room_id);
  } else if (request.method == "POST" && parts.size() == 7 && parts[4] == "rooms" && parts[6] == "leave") {
    call.kind = "leave";
    call.room_id = parts[5];
    left_.insert(call.room_id);
    response = json_response(200, json::object());
  } else {
    call.kind = "other";
  }
  call.status = response.status;
  calls_.push_back(std::move(call));
  changed_.notify_all();
  respond(std::move(response));
}

}  // namespace buurtbot::testing
