// Faults while serving, end to end: `buurtbot serve` with Telegram's webhook against the fake Bot API,
// while the disk is full or the service is stopped in the middle of a burst. What Telegram was told
// was stored (200) must be handled; what it was not told (503) it delivers again.
#include "bot/http/client.hpp"
#include "storage/database.hpp"
#include "tests/e2e/fake_bot_api.hpp"
#include "tests/e2e/service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <future>
#include <thread>

namespace buurtbot::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* kSecret = "e2e-faults-secret_0123456789";
constexpr std::chrono::seconds kSafetyNet{20};
constexpr const char* kMenu = "Wat wil je doen?";

/// Polls `condition` until it holds or the safety net runs out.
bool eventually(const std::function<bool()>& condition) {
  const auto give_up = std::chrono::steady_clock::now() + kSafetyNet;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

/// A full disk for one process: its file-size limit at 0 makes every write to a file fail (EFBIG), as
/// ENOSPC would, without root or a mount. Only the soft limit moves, so no privilege is needed to put
/// it back when the disk "has space again" (the destructor).
class FullDisk final {
 public:
  explicit FullDisk(pid_t pid) : pid_(pid) {
    ok_ = ::prlimit(pid_, RLIMIT_FSIZE, nullptr, &before_) == 0;
    rlimit full = before_;
    full.rlim_cur = 0;
    ok_ = ok_ && ::prlimit(pid_, RLIMIT_FSIZE, &full, nullptr) == 0;
  }
  ~FullDisk() { space_returns(); }
  FullDisk(const FullDisk&) = delete;
  FullDisk& operator=(const FullDisk&) = delete;

  bool ok() const { return ok_; }
  void space_returns() {
    if (ok_) ::prlimit(pid_, RLIMIT_FSIZE, &before_, nullptr);
    ok_ = false;
  }

 private:
  pid_t pid_;
  rlimit before_{};
  bool ok_ = false;
};

class ServeFaults : public ::testing::Test {
 protected:
  ServeFaults() {
    service.set_env("BUURTBOT_TELEGRAM_ENABLED", "true");
    service.set_env("BUURTBOT_TELEGRAM_API_URL", api.url());
    service.set_env("BUURTBOT_TELEGRAM_TOKEN", FakeBotApi::kToken);
    service.set_env("BUURTBOT_TELEGRAM_SECRET", kSecret);
    service.set_env("BUURTBOT_TELEGRAM_BOT_USERNAME", "buurtbot_test_bot");
    service.set_env("BUURTBOT_TELEGRAM_RATE_CHAT_PER_S", "0");
    service.set_env("BUURTBOT_TELEGRAM_RATE_GLOBAL_PER_S", "0");
    service.set_env("BUURTBOT_TELEGRAM_RATE_GROUP_PER_MIN", "0");
    service.set_env("BUURTBOT_TELEGRAM_API_TIMEOUT_S", "2");
  }

  /// "/start" from resident `id` in their private chat, as Telegram sends it.
  json start_from(std::int64_t id) {
    const json chat = {{"id", id}, {"first_name", "Bewoner"}, {"type", "private"}};
    const json from = {{"id", id}, {"is_bot", false}, {"first_name", "Bewoner"}, {"language_code", "nl"}};
    return {{"update_id", ++update_id_},
            {"message",
             {{"message_id", ++update_id_}, {"from", from}, {"chat", chat}, {"date", 1760000000}, {"text", "/start"},
              {"entities", json::array({{{"offset", 0}, {"length", 6}, {"type", "bot_command"}}})}}}};
  }

  /// Posts `update` to the webhook; the status, or 0 when the service did not answer (it is stopping).
  int post(const json& update) {
    http::ClientOptions options;
    options.read_timeout = kSafetyNet;
    options.connect_timeout = std::chrono::seconds(2);
    options.headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", kSecret);
    try {
      return http::Client(service.url(), options).post("/webhook/telegram", "application/json", update.dump()).status;
    } catch (const http::NetworkError&) {
      return 0;
    }
  }

  http::Response readyz() {
    http::ClientOptions options;
    options.read_timeout = kSafetyNet;
    return http::Client(service.url(), options).get("/readyz");
  }

  std::int64_t count(const std::string& sql) {
    auto db = storage::Database::open(service.database());
    auto statement = db.prepare(sql);
    return statement.step() ? statement.int_at(0) : -1;
  }

  std::int64_t rows_of(std::int64_t chat) {
    return count("SELECT COUNT(*) FROM inbound WHERE conversation = '" + std::to_string(chat) + "'");
  }

  /// Whether the menu reached `chat`.
  bool answered(std::int64_t chat) {
    for (const auto& call : api.delivered_to(std::to_string(chat)))
      if (call.text().find(kMenu) != std::string::npos) return true;
    return false;
  }

  FakeBotApi api;
  Service service;  ///< after the fake: it stops first, while the fake still answers

 private:
  std::int64_t update_id_ = 846300000;
};

TEST_F(ServeFaults, AFullDiskIs503UntilSpaceReturnsAndNothingAcknowledgedIsLost) {
  ASSERT_TRUE(service.start());
  constexpr std::int64_t kAnna = 123456789, kBert = 223456789;
  ASSERT_EQ(post(start_from(kAnna)), 200);
  ASSERT_TRUE(eventually([&] { return answered(kAnna); })) << service.log();

  FullDisk disk(service.pid());
  ASSERT_TRUE(disk.ok()) << "cannot set the service's file-size limit";
  const auto refused = start_from(kBert);
  EXPECT_EQ(post(refused), 503) << "not stored: Telegram must deliver it again";
  const auto ready = readyz();
  EXPECT_EQ(ready.status, 503);
  EXPECT_THAT(ready.body, HasSubstr("database not writable: disk I/O error"));
  EXPECT_EQ(post(start_from(kBert)), 503);
  ASSERT_TRUE(service.running()) << "a full disk must not end the service";

  // Space returns: the service finds out without any request, and takes what Telegram delivers again.
  disk.space_returns();
  EXPECT_TRUE(eventually([&] { return readyz().status == 200; })) << service.log();
  EXPECT_EQ(post(refused), 200);
  EXPECT_TRUE(eventually([&] { return answered(kBert); })) << service.log();
  EXPECT_EQ(rows_of(kAnna), 1);
  EXPECT_EQ(rows_of(kBert), 1) << "the refused updates were not stored";
  ASSERT_TRUE(service.stop());
}

TEST_F(ServeFaults, SigtermDuringABurstLosesNothingAcknowledged) {
  ASSERT_TRUE(service.start());
  // Four senders post 40 residents' /start each, as fast as the service answers; SIGTERM comes as soon
  // as the first answers are in, so some are acknowledged, some refused or never answered.
  constexpr int kSenders = 4, kEach = 40;
  std::atomic<int> acknowledged{0};
  std::vector<std::vector<std::pair<std::int64_t, int>>> outcomes(kSenders);
  std::vector<json> updates;
  for (int i = 0; i < kSenders * kEach; ++i) updates.push_back(start_from(400000000 + i));
  std::vector<std::future<void>> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.push_back(std::async(std::launch::async, [&, s] {
      for (int i = s * kEach; i < (s + 1) * kEach; ++i) {
        const int status = post(updates[i]);
        outcomes[s].emplace_back(400000000 + i, status);
        if (status == 200) ++acknowledged;
      }
    }));
  }
  ASSERT_TRUE(eventually([&] { return acknowledged >= 5; })) << service.log();
  ::kill(service.pid(), SIGTERM);
  for (auto& sender : senders) sender.get();
  ASSERT_TRUE(service.stop());
  ASSERT_LT(acknowledged, kSenders * kEach) << "the burst was over before SIGTERM: this run proves nothing";

  ASSERT_TRUE(service.start());
  for (const auto& of_sender : outcomes) {
    for (const auto& [chat, status] : of_sender) {
      if (status != 200) continue;
      EXPECT_TRUE(eventually([&, chat = chat] { return answered(chat); })) << chat << " was acknowledged";
      EXPECT_EQ(rows_of(chat), 1) << chat;
    }
  }
  ASSERT_TRUE(service.stop());
}

}  // namespace
}  // namespace buurtbot::testing
