#include "bot/http/connections.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace buurtbot::http::detail {
namespace {

// A connection that only remembers what the table asked of it.
class FakeSession final : public ServerSession {
 public:
  void close_if_idle() override {}
  void evict() override { evicted = true; }
  bool evicted = false;
};

TEST(HttpConnections, CountsEachAddressUntilItsConnectionsLeave) {
  Connections table;
  auto a = std::make_shared<FakeSession>();
  auto first = table.enter(a, "192.0.2.1");
  auto second = table.enter(a, "192.0.2.1");
  table.enter(a, "192.0.2.2");
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.from("192.0.2.1"), 2u);
  EXPECT_EQ(table.from("192.0.2.2"), 1u);
  EXPECT_EQ(table.from("192.0.2.3"), 0u);
  table.leave(first);
  table.leave(second);
  EXPECT_EQ(table.from("192.0.2.1"), 0u);
  EXPECT_EQ(table.size(), 1u);
}

TEST(HttpConnections, GivesUpTheLongestIdleFirstAndEachOnlyOnce) {
  Connections table;
  std::vector<std::shared_ptr<FakeSession>> sessions;
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 3; ++i) {
    sessions.push_back(std::make_shared<FakeSession>());
    ids.push_back(table.enter(sessions.back(), "192.0.2.1"));
  }
  table.idle(ids[1]);
  table.idle(ids[0]);
  table.idle(ids[2]);
  table.busy(ids[2]);  // a request came in: no longer idle
  EXPECT_EQ(table.idle_count(), 2u);
  EXPECT_EQ(table.take_longest_idle(), sessions[1]);
  EXPECT_EQ(table.take_longest_idle(), sessions[0]);
  EXPECT_EQ(table.take_longest_idle(), nullptr);
  EXPECT_EQ(table.size(), 3u);  // taken is not gone: the connection leaves when it has closed
}

TEST(HttpConnections, AConnectionIdleAgainWaitsFromTheStart) {
  Connections table;
  auto a = std::make_shared<FakeSession>();
  auto b = std::make_shared<FakeSession>();
  auto first = table.enter(a, "192.0.2.1");
  auto second = table.enter(b, "192.0.2.2");
  table.idle(first);
  table.idle(second);
  table.busy(first);
  table.idle(first);
  EXPECT_EQ(table.take_longest_idle(), b);
}

TEST(HttpConnections, SkipsAConnectionThatIsAlreadyGoing) {
  Connections table;
  auto going = std::make_shared<FakeSession>();
  auto staying = std::make_shared<FakeSession>();
  auto gone_id = table.enter(going, "192.0.2.1");
  auto staying_id = table.enter(staying, "192.0.2.2");
  table.idle(gone_id);
  table.idle(staying_id);
  going.reset();  // its last owner let go; it leaves the table a moment later
  EXPECT_EQ(table.take_longest_idle(), staying);
  table.leave(gone_id);
  EXPECT_EQ(table.live().size(), 1u);
}

}  // namespace
}  // namespace buurtbot::http::detail
