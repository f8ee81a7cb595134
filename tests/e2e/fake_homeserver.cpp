#include "tests/e2e/fake_homeserver.hpp"

#include "tests/bot/http/running_server.hpp"

namespace buurtbot::testing {
namespace {

using nlohmann::json;

http::Response json_response(int status, const json& body) { return {status, "application/json", body.dump(), {}}; }

http::Response matrix_error(int status, const std::string& errcode, const std::string& error, json extra = json::object()) {
  extra["errcode"] = errcode;
  extra["error"] = error;
  return json_response(status, extra);
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
}

FakeHomeserver::~FakeHomeserver() { server_->stop_and_join(); }

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

// The request path arrives percent-decoded, so a room id's '!' and ':' are back as themselves; a room id
// holds no '/', so the segments are safe to split.
void FakeHomeserver::handle(http::Request request, http::Respond respond) {
  if (auto it = request.headers.find("authorization"); it == request.headers.end() || it->second != std::string("Bearer ") + kAsToken)
    return respond(matrix_error(401, "M_UNKNOWN_TOKEN", "Unknown access token"));
  HomeserverCall call;
  call.body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (call.body.is_discarded()) call.body = nullptr;
  const auto parts = segments(request.path);  // "", "_matrix", "client", "v3", …
  http::Response response = matrix_error(404, "M_UNRECOGNIZED", "Unrecognized request");
  std::lock_guard lock(mutex_);
  if (request.method == "PUT" && parts.size() == 9 && parts[4] == "rooms" && parts[6] == "send") {
    call.kind = "send";
    call.room_id = parts[5];
    call.txn_id = parts[8];
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
    // Every room here is a private chat: the bot and one resident.
    response = json_response(200, {{"joined", {{kBot, json::object()}, {"@resident:example.org", json::object()}}}});
  } else {
    call.kind = "other";
  }
  call.status = response.status;
  calls_.push_back(std::move(call));
  changed_.notify_all();
  respond(std::move(response));
}

}  // namespace buurtbot::testing
