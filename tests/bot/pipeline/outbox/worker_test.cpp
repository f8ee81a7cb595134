#include "bot/pipeline/outbox/worker.hpp"

#include "tests/bot/pipeline/outbox/fake_channel.hpp"
#include "tests/bot/pipeline/outbox/fake_store.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

namespace buurtbot::outbox {
namespace {

using namespace std::chrono_literals;
using testing::FakeChannel;
using testing::FakeStore;

const Clock::time_point kT0 = Clock::time_point{} + 1'760'000'000s;
constexpr int kReply = 0;
constexpr int kNotification = 1;

std::string payload(const std::string& text) {
  return nlohmann::json(OutboundMessage{.text = text, .choices = {}, .answers_callback = {}, .erase_after_send = false}).dump();
}

RateLimits telegram() {
  RateLimits limits;
  limits.is_group = [](std::string_view address) { return address.starts_with('-'); };  // Telegram's rule
  return limits;
}

WorkerOptions options(std::chrono::milliseconds idle = 1s) {
  WorkerOptions o;
  o.idle = idle;
  return o;
}

class WorkerTest : public ::testing::Test {
 protected:
  explicit WorkerTest(RateLimits limits = telegram()) : worker_(store_, options(), [] { return 0.5; }) {
    worker_.add_channel(channel_, std::move(limits));
  }

  FakeStore store_;
  FakeChannel channel_;
  Worker worker_;
};

class UnlimitedWorkerTest : public WorkerTest {
 protected:
  UnlimitedWorkerTest() : WorkerTest(RateLimits::unlimited()) {}
};

TEST_F(WorkerTest, SendsTheParsedPayloadAndMarksTheRowSent) {
  const auto id = store_.add("telegram", "42",
                             R"({"text":"Dank je!","choices":[{"key":"a","label":"Ja"},{"key":"b","label":"Nee"}],)"
                             R"("thread":"17"})",
                             kReply, kT0);
  EXPECT_EQ(worker_.run_once(kT0), 1u);
  ASSERT_EQ(channel_.calls.size(), 1u);
  const auto& call = channel_.calls[0];
  EXPECT_EQ(call.address, "42");
  EXPECT_EQ(call.idempotency_key, id);
  EXPECT_EQ(call.message.text, "Dank je!");
  ASSERT_EQ(call.message.choices.size(), 2u);
  EXPECT_EQ(call.message.choices[1].key, "b");
  EXPECT_EQ(call.message.choices[1].label, "Nee");
  EXPECT_EQ(call.message.thread, "17");
  EXPECT_EQ(store_.get(id).row.status, "sent");
  EXPECT_EQ(worker_.counters("telegram").sent, 1u);
}

TEST_F(WorkerTest, UnparsablePayloadIsDeadWithTheReason) {
  const auto garbage = store_.add("telegram", "1", "{not json", kReply, kT0);
  const auto array = store_.add("telegram", "2", "[1, 2]", kReply, kT0);
  const auto mistyped = store_.add("telegram", "3", R"({"text": 5})", kReply, kT0);
  EXPECT_EQ(worker_.run_once(kT0), 0u);
  EXPECT_TRUE(channel_.calls.empty());
  for (auto id : {garbage, array, mistyped}) {
    EXPECT_EQ(store_.get(id).row.status, "dead") << id;
    EXPECT_EQ(store_.get(id).row.last_error.rfind("unparsable payload: ", 0), 0u) << store_.get(id).row.last_error;
  }
  EXPECT_EQ(worker_.counters("telegram").dead, 3u);
}

TEST_F(WorkerTest, PrivateChatGetsOneMessagePerSecond) {
  store_.add("telegram", "42", payload("een"), kReply, kT0);
  store_.add("telegram", "42", payload("twee"), kReply, kT0);
  EXPECT_EQ(worker_.run_once(kT0), 1u);
  EXPECT_EQ(worker_.run_once(kT0), 0u);
  EXPECT_EQ(worker_.run_once(kT0 + 999ms), 0u);
  EXPECT_EQ(worker_.next_run(), kT0 + 1s) << "sleeps until the chat's second is over";
  EXPECT_EQ(worker_.run_once(kT0 + 1s), 1u);
  EXPECT_EQ(channel_.calls[1].message.text, "twee");
}

TEST_F(WorkerTest, GroupGetsTwentyMessagesPerMinute) {
  for (int i = 0; i < 25; ++i) store_.add("telegram", "-100777", payload("bericht"), kNotification, kT0);
  std::size_t sent = 0;
  for (int pass = 0; pass < 30; ++pass) sent += worker_.run_once(kT0 + pass * 1s);
  EXPECT_EQ(sent, 20u);
  EXPECT_EQ(store_.get(21).next_attempt_at, kT0 + 60s) << "held back in the store, not counted as an attempt";
  EXPECT_EQ(store_.get(21).row.attempts, 0);
  EXPECT_EQ(worker_.run_once(kT0 + 59s), 0u);
  EXPECT_EQ(worker_.run_once(kT0 + 60s), 1u);
}

TEST_F(WorkerTest, ChannelGetsThirtyMessagesPerSecond) {
  for (int i = 0; i < 40; ++i) store_.add("telegram", std::to_string(1000 + i), payload("nieuws"), kNotification, kT0);
  EXPECT_EQ(worker_.run_once(kT0), 30u);
  EXPECT_EQ(worker_.run_once(kT0 + 999ms), 0u);
  EXPECT_EQ(worker_.next_run(), kT0 + 1s);
  EXPECT_EQ(worker_.run_once(kT0 + 1s), 10u);
}

TEST_F(WorkerTest, RetryAfterIsHonouredExactly) {
  const auto id = store_.add("telegram", "42", payload("hoi"), kReply, kT0);
  channel_.answer({testing::too_many_requests(3s)});
  EXPECT_EQ(worker_.run_once(kT0), 0u);
  const auto row = store_.get(id);
  EXPECT_EQ(row.row.status, "pending");
  EXPECT_EQ(row.row.attempts, 1);
  EXPECT_EQ(row.next_attempt_at, kT0 + 3s);
  EXPECT_EQ(row.row.last_error, "HTTP 429, retry after 3000 ms: Too Many Requests: retry after 3");
  EXPECT_EQ(worker_.run_once(kT0 + 3s - 1ms), 0u);
  EXPECT_EQ(worker_.run_once(kT0 + 3s), 1u);
  EXPECT_EQ(channel_.calls.size(), 2u);
  EXPECT_EQ(channel_.calls[1].idempotency_key, id) << "the same key on every retry";
}

TEST_F(WorkerTest, SleepsUntilTheNextRowIsDue) {
  Worker worker(store_, options(1h), [] { return 0.5; });
  worker.add_channel(channel_, telegram());
  store_.add("telegram", "42", payload("hoi"), kReply, kT0);
  channel_.answer({testing::too_many_requests(3s)});
  worker.run_once(kT0);
  EXPECT_EQ(worker.next_run(), kT0) << "it made progress, so it looks again at once";
  worker.run_once(kT0);
  EXPECT_EQ(worker.next_run(), kT0 + 3s);
}

TEST_F(UnlimitedWorkerTest, ServerErrorsBackOffDoublingUnderTheCap) {
  const auto id = store_.add("telegram", "42", payload("hoi"), kReply, kT0);
  channel_.answer({testing::server_error(), testing::timeout(), testing::server_error(), testing::server_error()});
  auto now = kT0;
  // The fixed random number is one half: the delays are half the doubling ceiling.
  for (auto expected : {500ms, 1000ms, 2000ms, 4000ms}) {
    EXPECT_EQ(worker_.run_once(now), 0u);
    const auto row = store_.get(id);
    EXPECT_EQ(row.next_attempt_at - now, expected);
    EXPECT_EQ(row.first_attempt_at, kT0);
    now = row.next_attempt_at;
  }
  EXPECT_EQ(store_.get(id).row.attempts, 4);
  EXPECT_EQ(worker_.run_once(now), 1u);
  EXPECT_EQ(worker_.counters("telegram").retried, 4u);
}

TEST_F(UnlimitedWorkerTest, DeadlinePassedMakesTheRowDeadWithTheReason) {
  const auto id = store_.add("telegram", "42", payload("hoi"), kNotification, kT0);
  channel_.answer({testing::server_error(), testing::server_error()});
  worker_.run_once(kT0);
  EXPECT_EQ(worker_.run_once(kT0 + 24h), 0u);
  const auto row = store_.get(id).row;
  EXPECT_EQ(row.status, "dead");
  EXPECT_EQ(row.last_error,
            "gave up after 2 attempts: the next would fall after the 24 h deadline; "
            "last error: HTTP 500: Internal Server Error");
  EXPECT_EQ(worker_.counters("telegram").dead, 1u);
}

TEST_F(WorkerTest, ClientErrorIsDeadAtOnce) {
  const auto id = store_.add("telegram", "42", payload(""), kReply, kT0);
  channel_.answer({testing::bad_request()});
  worker_.run_once(kT0);
  EXPECT_EQ(store_.get(id).row.status, "dead");
  EXPECT_EQ(store_.get(id).row.last_error, "HTTP 400: Bad Request: message text is empty");
}

TEST_F(WorkerTest, UnreachableRecipientGetsNoFurtherRows) {
  const auto first = store_.add("telegram", "42", payload("een"), kReply, kT0);
  const auto second = store_.add("telegram", "42", payload("twee"), kNotification, kT0);
  const auto other = store_.add("telegram", "43", payload("ander"), kReply, kT0);
  channel_.answer_to("42", {testing::blocked()});
  worker_.run_once(kT0);
  for (int pass = 1; pass < 5; ++pass) worker_.run_once(kT0 + pass * 1s);
  EXPECT_EQ(channel_.addresses(), (std::vector<std::string>{"42", "43"}));
  EXPECT_TRUE(store_.unreachable("telegram", "42"));
  for (auto id : {first, second}) {
    EXPECT_EQ(store_.get(id).row.status, "dead");
    EXPECT_EQ(store_.get(id).row.last_error, "HTTP 403 (recipient unreachable): Forbidden: bot was blocked by the user");
  }
  EXPECT_EQ(store_.get(other).row.status, "sent");
  EXPECT_EQ(worker_.counters("telegram").unreachable, 1u);
}

TEST_F(UnlimitedWorkerTest, KeepsEachRecipientsOrderAcrossRetries) {
  store_.add("telegram", "42", payload("een"), kNotification, kT0);
  store_.add("telegram", "42", payload("twee"), kReply, kT0);  // a higher priority does not overtake in one chat
  channel_.answer({testing::server_error()});
  worker_.run_once(kT0);
  EXPECT_EQ(worker_.run_once(kT0 + 100ms), 0u) << "row 2 waits for row 1's retry";
  EXPECT_EQ(worker_.run_once(kT0 + 500ms), 1u);
  EXPECT_EQ(worker_.run_once(kT0 + 500ms), 1u);
  ASSERT_EQ(channel_.calls.size(), 3u);
  EXPECT_EQ(channel_.calls[1].message.text, "een");
  EXPECT_EQ(channel_.calls[2].message.text, "twee");
}

TEST_F(WorkerTest, ReplyGoesBeforeFiveThousandNotifications) {
  for (int i = 0; i < 5000; ++i) store_.add("telegram", std::to_string(10000 + i), payload("nieuws"), kNotification, kT0);
  store_.add("telegram", "42", payload("antwoord"), kReply, kT0);
  EXPECT_EQ(worker_.run_once(kT0), 30u);
  EXPECT_EQ(channel_.calls.front().address, "42");
}

TEST_F(WorkerTest, ReplyThatBecomesDueLaterIsNotHeldUpByWaitingNotifications) {
  for (int i = 0; i < 5000; ++i) store_.add("telegram", std::to_string(10000 + i), payload("nieuws"), kNotification, kT0);
  EXPECT_EQ(worker_.run_once(kT0), 30u);
  store_.add("telegram", "42", payload("antwoord"), kReply, kT0 + 300ms);
  EXPECT_EQ(worker_.run_once(kT0 + 300ms), 0u) << "the channel's second is used up";
  EXPECT_EQ(worker_.run_once(kT0 + 1s), 30u);
  EXPECT_EQ(channel_.calls[30].address, "42") << "the first free slot goes to the reply";
}

TEST(Worker, WakeEndsThePassOnceItRanFiftyMillisecondsSoANewReplyIsPickedUp) {
  FakeStore store;
  FakeChannel channel;
  auto clock = kT0;
  Worker worker(store, options(), [] { return 0.5; }, [&clock] { return clock; });
  worker.add_channel(channel, telegram());
  for (int i = 0; i < 10; ++i) store.add("telegram", std::to_string(100 + i), payload("nieuws"), kNotification, kT0);
  channel.on_send = [&] {
    worker.wake();
    clock += 20ms;
  };
  EXPECT_EQ(worker.run_once(kT0), 3u) << "woken after the first send, ended once 50 ms had passed";
  EXPECT_EQ(worker.next_run(), kT0);
  EXPECT_EQ(worker.run_once(kT0), 3u) << "a wake before the pass does not end it early";
}

TEST(Worker, PassThatSentSomethingSkipsTheScanForTheNextAttempt) {
  FakeStore store;
  FakeChannel channel;
  Worker worker(store, options(), [] { return 0.5; });
  worker.add_channel(channel, RateLimits::unlimited());
  store.add("telegram", "42", payload("hoi"), kReply, kT0);
  store.add("telegram", "43", payload("later"), kReply, kT0 + 10s);
  EXPECT_EQ(worker.run_once(kT0), 1u);
  EXPECT_EQ(store.next_attempt_scans(), 0) << "after progress the next pass comes at once anyway";
  EXPECT_EQ(worker.next_run(), kT0);
  EXPECT_EQ(worker.run_once(kT0), 0u);
  EXPECT_EQ(store.next_attempt_scans(), 1);
  EXPECT_EQ(worker.next_run(), kT0 + 1s) << "the idle sleep is shorter than the row's 10 s";
}

TEST_F(WorkerTest, ThrowingAdapterIsRetriedLikeANetworkError) {
  const auto id = store_.add("telegram", "42", payload("hoi"), kReply, kT0);
  channel_.on_send = [] { throw std::runtime_error("socket closed"); };
  worker_.run_once(kT0);
  EXPECT_EQ(store_.get(id).row.status, "pending");
  EXPECT_EQ(store_.get(id).row.last_error, "network error: socket closed");
}

TEST(Worker, ChannelWithoutAdapterLeavesTheRowPendingAndLogsOnce) {
  std::ostringstream out;
  spdlog::drop("outbox");
  spdlog::register_logger(
      std::make_shared<spdlog::logger>("outbox", std::make_shared<spdlog::sinks::ostream_sink_st>(out)));
  FakeStore store;
  Worker worker(store, options(), [] { return 0.5; });
  const auto a = store.add("signal", "+31600000000", payload("hoi"), kReply, kT0);
  store.add("signal", "+31600000001", payload("hoi"), kReply, kT0);
  EXPECT_EQ(worker.run_once(kT0), 0u);
  spdlog::drop("outbox");
  EXPECT_EQ(store.get(a).row.status, "pending");
  EXPECT_EQ(store.get(a).row.attempts, 0);
  EXPECT_EQ(store.get(a).next_attempt_at, kT0 + 5min) << "out of the batches for a while";
  const auto log = out.str();
  EXPECT_NE(log.find("no adapter for channel 'signal'"), std::string::npos);
  EXPECT_EQ(log.find("no adapter"), log.rfind("no adapter")) << "logged once";
  EXPECT_EQ(log.find("+316"), std::string::npos) << "no address in the log";
}

TEST(Worker, CountsEachChannelApart) {
  FakeStore store;
  FakeChannel telegram_channel("telegram");
  FakeChannel matrix_channel("matrix");
  Worker worker(store, options(), [] { return 0.5; });
  worker.add_channel(telegram_channel, telegram());
  worker.add_channel(matrix_channel, RateLimits::unlimited());
  store.add("telegram", "42", payload("hoi"), kReply, kT0);
  store.add("matrix", "!room:example.nl", payload("hoi"), kReply, kT0);
  store.add("matrix", "!other:example.nl", payload("hoi"), kReply, kT0);
  matrix_channel.answer({testing::server_error()});
  worker.run_once(kT0);
  EXPECT_EQ(worker.counters("telegram").sent, 1u);
  EXPECT_EQ(worker.counters("matrix").sent, 1u);
  EXPECT_EQ(worker.counters("matrix").retried, 1u);
  EXPECT_EQ(worker.counters("email").sent, 0u);
}

TEST(Worker, MatrixRateLimitPausesTheAccountWithoutStarvingOtherChannels) {
  FakeStore store;
  FakeChannel matrix_channel("matrix");
  FakeChannel telegram_channel("telegram");
  WorkerOptions o = options();
  o.batch = 3;
  Worker worker(store, o, [] { return 0.5; });
  auto matrix_limits = RateLimits::unlimited();
  matrix_limits.retry_after_pauses_channel = true;
  worker.add_channel(matrix_channel, std::move(matrix_limits));
  worker.add_channel(telegram_channel, telegram());
  for (int i = 0; i < 5; ++i) store.add("matrix", "!room" + std::to_string(i) + ":example.nl", payload("x"), kReply, kT0);
  store.add("telegram", "42", payload("hoi"), kReply, kT0);
  matrix_channel.answer({testing::too_many_requests(30s)});
  worker.run_once(kT0);  // the first room is told to wait; the two after it are parked with the account
  worker.run_once(kT0);  // so the batch of three now reaches the telegram row
  worker.run_once(kT0);
  EXPECT_EQ(telegram_channel.calls.size(), 1u);
  EXPECT_EQ(matrix_channel.calls.size(), 1u);
  EXPECT_EQ(worker.run_once(kT0 + 30s) + worker.run_once(kT0 + 30s), 5u) << "two batches of three";
}

TEST(Worker, ThreadSendsWhenWokenAndStops) {
  FakeStore store;
  FakeChannel channel;
  std::promise<void> sent;
  channel.on_send = [&sent] { sent.set_value(); };
  // An hour's idle sleep: only wake() can make the thread look again while this test waits.
  Worker worker(store, options(1h), [] { return 0.5; }, [] { return kT0; });
  worker.add_channel(channel, telegram());
  worker.start();
  store.add("telegram", "42", payload("hoi"), kReply, kT0);
  worker.wake();
  ASSERT_EQ(sent.get_future().wait_for(60s), std::future_status::ready);
  worker.stop();
  EXPECT_EQ(store.get(1).row.status, "sent");
  EXPECT_EQ(worker.counters("telegram").sent, 1u);
}


// A channel that holds each send until `expected` sends are under way at once (or `patience` passes),
// and records how many were under way together, overall and per recipient.
class GatedChannel final : public Channel {
 public:
  explicit GatedChannel(int expected, std::chrono::milliseconds patience = 5s)
      : expected_(expected), patience_(patience) {}

  std::string_view name() const override { return "telegram"; }

  SendResult send(const std::string& address, const OutboundMessage& message, std::int64_t) override {
    std::unique_lock lock(mutex_);
    order_by_address[address].push_back(message.text);
    peak = std::max(peak, ++active_);
    if (++active_by_address_[address] > 1) overlapped_recipient = true;
    all_here_.notify_all();
    all_here_.wait_for(lock, patience_, [this] { return active_ >= expected_ || released_; });
    released_ = true;  // once the group met, later sends do not wait
    --active_;
    --active_by_address_[address];
    return testing::ok();
  }

  int peak = 0;
  bool overlapped_recipient = false;
  std::map<std::string, std::vector<std::string>> order_by_address;

 private:
  std::mutex mutex_;
  std::condition_variable all_here_;
  int expected_;
  std::chrono::milliseconds patience_;
  int active_ = 0;
  bool released_ = false;
  std::map<std::string, int> active_by_address_;
};

TEST(Worker, SendsToSeveralRecipientsAtOnceWithSeveralSenders) {
  FakeStore store;
  GatedChannel channel(4);
  Worker worker(store, options(), [] { return 0.5; });
  worker.add_channel(channel, RateLimits::unlimited(), 4);
  for (int i = 0; i < 4; ++i) store.add("telegram", std::to_string(i), payload("hoi"), kNotification, kT0);
  EXPECT_EQ(worker.run_once(kT0), 4u);
  EXPECT_EQ(channel.peak, 4) << "each send waited for the others: one slow chat holds up no other";
  for (storage::Id id = 1; id <= 4; ++id) EXPECT_EQ(store.get(id).row.status, "sent");
  EXPECT_EQ(worker.counters("telegram").sent, 4u);
}

TEST(Worker, OneSenderSendsOneAtATime) {
  FakeStore store;
  GatedChannel channel(2, 100ms);  // never met with one sender: each send waits 100 ms alone
  Worker worker(store, options(), [] { return 0.5; });
  worker.add_channel(channel, RateLimits::unlimited());
  for (int i = 0; i < 2; ++i) store.add("telegram", std::to_string(i), payload("hoi"), kNotification, kT0);
  EXPECT_EQ(worker.run_once(kT0), 2u);
  EXPECT_EQ(channel.peak, 1);
}

TEST(Worker, SeveralSendersKeepEachRecipientsOrder) {
  FakeStore store;
  GatedChannel channel(3);
  Worker worker(store, options(), [] { return 0.5; });
  worker.add_channel(channel, RateLimits::unlimited(), 3);
  for (int n = 0; n < 3; ++n)
    for (const char* address : {"1", "2", "3"}) store.add("telegram", address, payload(std::to_string(n)), kReply, kT0);
  std::size_t sent = 0;
  for (int pass = 0; pass < 10 && sent < 9; ++pass) sent += worker.run_once(kT0);
  EXPECT_EQ(sent, 9u);
  EXPECT_FALSE(channel.overlapped_recipient) << "two messages to one chat were on their way at once";
  for (const char* address : {"1", "2", "3"})
    EXPECT_EQ(channel.order_by_address[address], (std::vector<std::string>{"0", "1", "2"})) << address;
}

TEST(Worker, SendsInFlightStayWithinTheChannelsLimit) {
  FakeStore store;
  GatedChannel channel(2);
  auto limits = RateLimits::unlimited();
  limits.global_per_second = 2;
  Worker worker(store, options(), [] { return 0.5; });
  worker.add_channel(channel, std::move(limits), 8);
  for (int i = 0; i < 5; ++i) store.add("telegram", std::to_string(i), payload("hoi"), kNotification, kT0);
  EXPECT_EQ(worker.run_once(kT0), 2u) << "the third send would be over two a second";
  EXPECT_EQ(channel.peak, 2);
}


// A channel whose sends to `held` wait until release(); it records which chats' sends have started.
class HeldChannel final : public Channel {
 public:
  explicit HeldChannel(std::string held) : held_(std::move(held)) {}

  std::string_view name() const override { return "telegram"; }

  SendResult send(const std::string& address, const OutboundMessage&, std::int64_t) override {
    std::unique_lock lock(mutex_);
    started_.insert(address);
    changed_.notify_all();
    if (address == held_) changed_.wait_for(lock, 10s, [this] { return released_; });
    return testing::ok();
  }

  bool wait_started(const std::string& address) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 10s, [&] { return started_.contains(address); });
  }

  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string held_;
  std::set<std::string> started_;
  bool released_ = false;
};

TEST(Worker, OnTheThreadASendThatHangsHoldsUpNoOtherChat) {
  FakeStore store;
  HeldChannel channel("slow");
  Worker worker(store, options(1h), [] { return 0.5; }, [] { return kT0; });
  worker.add_channel(channel, RateLimits::unlimited(), 4);
  worker.start();
  const auto slow = store.add("telegram", "slow", payload("hoi"), kReply, kT0);
  worker.wake();
  ASSERT_TRUE(channel.wait_started("slow"));
  const auto fast = store.add("telegram", "fast", payload("hoi"), kReply, kT0);
  worker.wake();
  EXPECT_TRUE(channel.wait_started("fast")) << "the next pass waited for the send still in flight";
  channel.release();
  worker.stop();
  EXPECT_EQ(store.get(slow).row.status, "sent") << "stop waits for the send in flight and records it";
  EXPECT_EQ(store.get(fast).row.status, "sent");
  EXPECT_EQ(worker.counters("telegram").sent, 2u);
}

}  // namespace
}  // namespace buurtbot::outbox
