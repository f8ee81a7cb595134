#include "adapters/telegram/poller.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace buurtbot::adapters::telegram {
namespace {

std::shared_ptr<spdlog::logger> log() {
  auto logger = spdlog::get("telegram");
  return logger ? logger : spdlog::default_logger();
}

const nlohmann::json kAllowedUpdates = {"message", "edited_message", "callback_query", "my_chat_member"};

}  // namespace

Poller::Poller(BotApi api, ParseOptions parse, PollOptions options, StoreBatch sink)
    : api_(std::move(api)), parse_(std::move(parse)), options_(options), sink_(std::move(sink)) {}

Poller::~Poller() { stop(); }

void Poller::start() { thread_ = std::thread([this] { run(); }); }

void Poller::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

std::size_t Poller::poll_once() {
  auto answer = api_.call("getUpdates", {{"offset", offset_}, {"timeout", options_.timeout_s},
                                         {"allowed_updates", kAllowedUpdates}});
  auto body = answer.json();
  if (answer.status != 200 || !body.is_object() || !body.value("ok", false) || !body["result"].is_array()) {
    throw std::runtime_error("getUpdates answered " + std::to_string(answer.status) + ": " +
                             (body.is_object() ? body.value("description", std::string("no description")) : "not JSON"));
  }
  std::vector<InboundMessage> messages;
  std::int64_t next_offset = offset_;
  for (const auto& update : body["result"]) {
    auto parsed = translate_update(update, parse_);
    if (parsed.invalid()) log()->warn("getUpdates: dropped an update that is not a Telegram Update: {}", parsed.error);
    if (!parsed.ignored.empty()) log()->debug("getUpdates: ignored {}", parsed.ignored);
    if (parsed.message) messages.push_back(std::move(*parsed.message));
    if (update.contains("update_id") && update["update_id"].is_number_integer())
      next_offset = std::max(next_offset, update["update_id"].get<std::int64_t>() + 1);
  }
  if (!messages.empty() && !sink_(std::move(messages))) throw std::runtime_error("the journal could not store updates");
  offset_ = next_offset;  // only now: the next call confirms these updates to Telegram
  return body["result"].size();
}

void Poller::run() {
  auto backoff = std::chrono::milliseconds(500);
  while (!stopping_) {
    const auto started = std::chrono::steady_clock::now();
    try {
      const auto fetched = poll_once();
      backoff = std::chrono::milliseconds(500);
      // A server that answers an empty poll at once (not long polling) must not be hammered.
      if (fetched == 0 && std::chrono::steady_clock::now() - started < options_.min_interval) pause(options_.min_interval);
    } catch (const std::exception& e) {
      log()->warn("getUpdates failed, trying again in {} ms: {}", backoff.count(), e.what());
      pause(backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
  }
}

// Sleeps in short steps so that stop() is not kept waiting.
void Poller::pause(std::chrono::milliseconds how_long) {
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (!stopping_ && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace buurtbot::adapters::telegram
