// The Bot API unreachable for an hour, on a simulated clock: the worker over the real SQLite outbox
// keeps every row waiting (none given up, none sent out of turn) and sends them all, each chat's in the
// order they were written, once the API answers again.
#include "bot/pipeline/outbox/sqlite_store.hpp"
#include "bot/pipeline/outbox/worker.hpp"

#include "tests/bot/pipeline/outbox/fake_channel.hpp"
#include "tests/storage/temp_database.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

namespace buurtbot::outbox {
namespace {

using namespace std::chrono_literals;

// Times out on every send until the simulated clock reaches `back_at`, then delivers.
class UnreachableApi final : public Channel {
 public:
  UnreachableApi(const Clock::time_point& clock, Clock::time_point back_at) : clock_(clock), back_at_(back_at) {}

  std::string_view name() const override { return "telegram"; }

  SendResult send(const std::string& address, const OutboundMessage& message, std::int64_t) override {
    if (clock_ < back_at_) {
      ++refused;
      return testing::timeout();
    }
    delivered[address].push_back(message.text);
    return std::nullopt;
  }

  int refused = 0;
  std::map<std::string, std::vector<std::string>> delivered;

 private:
  const Clock::time_point& clock_;
  const Clock::time_point back_at_;
};

class BotApiOutage : public storage::testing::TempDatabaseTest {
 protected:
  void write(const std::string& chat, const std::string& text, int priority) {
    const auto payload = nlohmann::json(OutboundMessage{.text = text, .choices = {},
                                                        .answers_callback = {}, .erase_after_send = false});
    storage::Outbox(db()).enqueue("telegram", chat, payload.dump(), priority);
    written[chat].push_back(text);
  }

  std::int64_t count(const std::string& status) {
    auto row = db().prepare("SELECT COUNT(*) FROM outbox WHERE status = ?1");
    row.bind(1, status);
    row.step();
    return row.int_at(0);
  }

  // Runs passes as the worker's thread would, from one due time to the next, until `until`.
  void run_until(Worker& worker, Clock::time_point until) {
    for (int pass = 0; pass < 10'000 && now < until; ++pass) {
      worker.run_once(now);
      now = std::clamp(worker.next_run(), now + 1s, until);
    }
  }

  Clock::time_point now = Clock::now();
  std::map<std::string, std::vector<std::string>> written;
};

TEST_F(BotApiOutage, RowsWaitAnHourAndThenGoOutInOrder) {
  const auto back_at = now + 1h;
  for (int i = 1; i <= 5; ++i) {
    write("101", "antwoord " + std::to_string(i), 0);
    write("-1002", "groep " + std::to_string(i), 1);
    write("303", "bericht " + std::to_string(i), i % 2);
  }
  UnreachableApi api(now, back_at);
  SqliteStore store(db());
  Worker worker(store, {}, [] { return 0.5; }, [this] { return now; });
  worker.add_channel(api, RateLimits::unlimited());

  run_until(worker, back_at - 1s);
  EXPECT_GT(api.refused, 3 * 10) << "each chat's first row was tried again and again during the hour";
  EXPECT_TRUE(api.delivered.empty());
  EXPECT_EQ(count("pending"), 15) << "nothing given up, nothing sent";

  run_until(worker, back_at + 30min);
  EXPECT_EQ(count("sent"), 15);
  EXPECT_EQ(api.delivered, written) << "each chat got all its rows, in the order they were written";
}

}  // namespace
}  // namespace buurtbot::outbox
