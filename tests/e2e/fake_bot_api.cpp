#include "tests/e2e/fake_bot_api.hpp"

#include "tests/bot/http/running_server.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace buurtbot::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

http::Response json_response(int status, const json& body) {
  return {status, "application/json", body.dump(), {}};
}

http::Response ok(json result) { return json_response(200, {{"ok", true}, {"result", std::move(result)}}); }

http::Response error(int code, const std::string& description, json parameters = nullptr) {
  json body = {{"ok", false}, {"error_code", code}, {"description", description}};
  if (!parameters.is_null()) body["parameters"] = std::move(parameters);
  return json_response(code, body);
}

std::string chat_of(const json& body) {
  if (!body.is_object() || !body.contains("chat_id")) return {};
  const auto& id = body["chat_id"];
  if (id.is_number_integer()) return std::to_string(id.get<std::int64_t>());
  return id.is_string() ? id.get<std::string>() : std::string{};
}

std::size_t utf16_units(std::string_view text) {
  std::size_t units = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

// The tags Telegram's HTML parse mode knows; anything else between < and > is "can't parse entities".
bool known_tag(std::string_view name) {
  static constexpr std::array<std::string_view, 16> kTags{"b",    "strong", "i",   "em",   "u",          "ins",
                                                         "s",    "strike", "del", "span", "tg-spoiler", "a",
                                                         "code", "pre",    "blockquote", "tg-emoji"};
  return std::find(kTags.begin(), kTags.end(), name) != kTags.end();
}

// Telegram's check of a parse_mode HTML text, enough to catch text that was not escaped: every '<'
// opens or closes a known tag, and the tags nest. Empty when the text parses, else Telegram's error.
std::string html_error(std::string_view text) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '>') return "Bad Request: can't parse entities: unexpected end tag";
    if (text[i] != '<') continue;
    const auto end = text.find('>', i);
    if (end == std::string_view::npos) return "Bad Request: can't parse entities: unclosed start tag";
    std::string_view inside = text.substr(i + 1, end - i - 1);
    const bool closing = !inside.empty() && inside.front() == '/';
    if (closing) inside.remove_prefix(1);
    std::string name(inside.substr(0, inside.find_first_of(" \t\n")));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!known_tag(name)) return "Bad Request: can't parse entities: unsupported start tag \"" + name + "\"";
    if (closing) {
      if (open.empty() || open.back() != name) return "Bad Request: can't parse entities: unmatched end tag";
      open.pop_back();
    } else {
      open.push_back(name);
    }
    i = end;
  }
  return open.empty() ? std::string{} : "Bad Request: can't parse entities: unclosed start tag";
}

// What Telegram itself would refuse in a sendMessage, so a rendering mistake fails the test as it
// would fail in production. Empty when the request is fine.
std::string send_message_error(const json& body) {
  if (!body.is_object() || chat_of(body).empty()) return "Bad Request: chat_id is empty";
  const auto text = body.value("text", std::string{});
  if (text.empty()) return "Bad Request: message text is empty";
  if (utf16_units(text) > 4096) return "Bad Request: message is too long";
  if (body.value("parse_mode", std::string{}) == "HTML")
    if (auto e = html_error(text); !e.empty()) return e;
  if (body.contains("reply_markup") && body["reply_markup"].contains("inline_keyboard")) {
    for (const auto& row : body["reply_markup"]["inline_keyboard"])
      for (const auto& button : row) {
        if (button.value("text", std::string{}).empty()) return "Bad Request: text buttons are unallowed";
        if (button.value("callback_data", std::string{}).size() > 64) return "Bad Request: BUTTON_DATA_INVALID";
      }
  }
  return {};
}

json sent_message(std::int64_t message_id, const json& body) {
  const auto chat = chat_of(body);
  const bool group = chat.starts_with('-');
  json chat_json = {{"id", body["chat_id"]}, {"type", group ? "supergroup" : "private"}};
  return {{"message_id", message_id},
          {"from", {{"id", 7012345678}, {"is_bot", true}, {"first_name", "Buurtbot (test)"},
                    {"username", "buurtbot_test_bot"}}},
          {"chat", chat_json},
          {"date", std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count()},
          {"text", body.value("text", std::string{})}};
}

}  // namespace

std::string ApiCall::chat() const { return chat_of(body); }

std::string ApiCall::text() const {
  return body.is_object() && body.contains("text") && body["text"].is_string() ? body["text"].get<std::string>() : "";
}

/// A request answered later by the timer thread: a getUpdates waiting for updates, or a slow answer.
struct FakeBotApi::Held {
  http::Respond respond;
  std::size_t index = 0;  ///< the call in calls_
  bool poll = false;
  std::int64_t offset = 0;
  std::size_t limit = 100;
  http::Response answer;  ///< for a slow answer
};

FakeBotApi::FakeBotApi() {
  http::Router router;
  router.add_prefix("POST", "/bot", [this](http::Request request, http::Respond respond) {
    handle(std::move(request), std::move(respond));
  });
  server_ = std::make_unique<http::testing::RunningServer>(router);
  timer_ = std::thread([this] { run_timer(); });
}

FakeBotApi::~FakeBotApi() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  timer_.join();  // it answers every held request first, so no connection keeps the server waiting
  server_->stop_and_join();
}

std::string FakeBotApi::url() const { return server_->url(); }

void FakeBotApi::add_fault(Fault fault) {
  std::lock_guard lock(mutex_);
  faults_.push_back(std::move(fault));
}

void FakeBotApi::clear_faults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

std::vector<ApiCall> FakeBotApi::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::vector<ApiCall> FakeBotApi::calls(const std::string& method) const {
  std::vector<ApiCall> out;
  for (auto& call : calls())
    if (call.method == method) out.push_back(std::move(call));
  return out;
}

std::vector<ApiCall> FakeBotApi::delivered_to(const std::string& chat) const {
  std::vector<ApiCall> out;
  for (auto& call : calls("sendMessage"))
    if (call.ok() && call.chat() == chat) out.push_back(std::move(call));
  return out;
}

bool FakeBotApi::wait_for(const std::function<bool(const std::vector<ApiCall>&)>& condition) const {
  return wait_for(condition, http::testing::kSafetyNet);
}

bool FakeBotApi::wait_for(const std::function<bool(const std::vector<ApiCall>&)>& condition,
                          std::chrono::seconds limit) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, Clock::now() + limit, [&] { return condition(calls_); });
}

bool FakeBotApi::wait_for_delivered(const std::string& chat, std::size_t count) const {
  return wait_for([&](const std::vector<ApiCall>& calls) {
    return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(), [&](const ApiCall& c) {
             return c.method == "sendMessage" && c.ok() && c.chat() == chat;
           })) >= count;
  });
}

void FakeBotApi::queue_update(json update) {
  {
    std::lock_guard lock(mutex_);
    updates_.push_back(std::move(update));
  }
  changed_.notify_all();
}

std::vector<std::int64_t> FakeBotApi::offsets() const {
  std::lock_guard lock(mutex_);
  return offsets_;
}

std::optional<Fault> FakeBotApi::take_fault(const std::string& method, const std::string& chat) {
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->method != method || (it->chat && *it->chat != chat)) continue;
    Fault fault = *it;
    if (it->times > 0 && --it->times == 0) faults_.erase(it);
    return fault;
  }
  return std::nullopt;
}

json FakeBotApi::pending_updates_locked(std::int64_t offset, std::size_t limit) {
  json result = json::array();
  for (const auto& update : updates_) {
    if (result.size() >= limit) break;
    if (update.value("update_id", std::int64_t{0}) >= offset) result.push_back(update);
  }
  return result;
}

void FakeBotApi::record_status(std::size_t index, int status) {
  calls_[index].status = status;
  calls_[index].answered = Clock::now();
}

http::Response FakeBotApi::answer_locked(const std::string& method, const json& body) {
  if (method == "sendMessage") {
    auto refused = send_message_error(body);
    return refused.empty() ? ok(sent_message(++next_message_id_, body)) : error(400, refused);
  }
  if (method == "answerCallbackQuery") {
    return body.is_object() && body.contains("callback_query_id") ? ok(true) : error(400, "Bad Request: query is too old");
  }
  if (method == "getMe") {
    return ok({{"id", 7012345678}, {"is_bot", true}, {"first_name", "Buurtbot (test)"}, {"username", "buurtbot_test_bot"}});
  }
  if (method == "setWebhook" || method == "deleteWebhook") return ok(true);
  if (method == "getWebhookInfo") return ok({{"url", ""}, {"has_custom_certificate", false}, {"pending_update_count", 0}});
  return error(404, "Not Found");
}

void FakeBotApi::handle(http::Request request, http::Respond respond) {
  const auto received = Clock::now();
  const std::string prefix = std::string("/bot") + kToken + "/";
  const bool our_token = request.path.starts_with(prefix);
  const auto method = request.path.substr(request.path.rfind('/') + 1);
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) body = nullptr;

  std::unique_lock lock(mutex_);
  const std::size_t index = calls_.size();
  calls_.push_back(ApiCall{method, body, received, {}, 0});
  // Answers now, or holds the answer for the timer thread (a slow Bot API, a long poll).
  auto answer = [&](http::Response response, std::optional<Clock::time_point> hold_until = std::nullopt) {
    if (hold_until && !stopping_) {
      held_.emplace(*hold_until, std::make_shared<Held>(Held{std::move(respond), index, false, 0, 0, std::move(response)}));
      lock.unlock();
      changed_.notify_all();
      return;
    }
    record_status(index, response.status);
    lock.unlock();
    changed_.notify_all();
    respond(std::move(response));
  };

  if (!our_token) return answer(error(401, "Unauthorized"));

  if (auto fault = take_fault(method, chat_of(body))) {
    std::optional<Clock::time_point> until;
    if (fault->delay.count() > 0) until = received + fault->delay;
    switch (fault->kind) {
      case Fault::Kind::too_many_requests:
        return answer(error(429, "Too Many Requests: retry after " + std::to_string(fault->retry_after_s),
                            {{"retry_after", fault->retry_after_s}}),
                      until);
      case Fault::Kind::server_error:
        return answer(error(500, "Internal Server Error"), until);
      case Fault::Kind::blocked:
        return answer(error(403, "Forbidden: bot was blocked by the user"), until);
      case Fault::Kind::slow:
        // Answered as usual, late: when it comes the client may have given up, while Telegram did send.
        if (method != "getUpdates") return answer(answer_locked(method, body), until);
        break;
    }
  }

  if (method != "getUpdates") return answer(answer_locked(method, body));

  const auto offset = body.is_object() ? body.value("offset", std::int64_t{0}) : 0;
  const auto limit = static_cast<std::size_t>(std::clamp(body.is_object() ? body.value("limit", 100) : 100, 1, 100));
  const auto timeout = body.is_object() ? body.value("timeout", 0) : 0;
  offsets_.push_back(offset);
  // An offset confirms every update before it: Telegram forgets those.
  if (offset > 0) std::erase_if(updates_, [&](const json& u) { return u.value("update_id", std::int64_t{0}) < offset; });
  auto updates = pending_updates_locked(offset, limit);
  if (!updates.empty() || timeout <= 0 || stopping_) return answer(ok(std::move(updates)));
  // Long polling: the timer thread answers when an update is queued, or with [] when the timeout ends.
  held_.emplace(received + std::chrono::seconds(timeout),
                std::make_shared<Held>(Held{std::move(respond), index, true, offset, limit, {}}));
  lock.unlock();
  changed_.notify_all();
}

void FakeBotApi::run_timer() {
  std::unique_lock lock(mutex_);
  for (;;) {
    std::vector<std::pair<std::shared_ptr<Held>, http::Response>> due;
    const auto now = Clock::now();
    for (auto it = held_.begin(); it != held_.end();) {
      const auto& held = it->second;
      const bool expired = stopping_ || it->first <= now;
      std::optional<http::Response> answer;
      if (held->poll) {
        auto updates = pending_updates_locked(held->offset, held->limit);
        if (!updates.empty() || expired) answer = ok(std::move(updates));
      } else if (expired) {
        answer = held->answer;
      }
      if (!answer) {
        ++it;
        continue;
      }
      record_status(held->index, answer->status);
      due.emplace_back(held, std::move(*answer));
      it = held_.erase(it);
    }
    if (!due.empty()) {
      lock.unlock();
      changed_.notify_all();
      for (auto& [held, answer] : due) held->respond(std::move(answer));
      lock.lock();
      continue;
    }
    if (stopping_) return;
    if (held_.empty()) {
      changed_.wait(lock);
    } else {
      changed_.wait_until(lock, held_.begin()->first);
    }
  }
}

}  // namespace buurtbot::testing
