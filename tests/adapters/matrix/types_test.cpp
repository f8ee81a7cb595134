// The Matrix types against the spec's own examples: read, written back, and read again the same.
#include "adapters/matrix/types.hpp"

#include "tests/adapters/matrix/fixtures.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;
using testing::event;

TEST(MatrixTypes, AClientEventRoundTrips) {
  for (const char* name : {"event_text.json", "event_image.json", "event_member_invite.json", "event_encryption.json"}) {
    const json raw = event(name);
    const auto parsed = raw.get<ClientEvent>();
    const json written = parsed;
    EXPECT_EQ(written.get<ClientEvent>().event_id, parsed.event_id) << name;
    EXPECT_EQ(written["content"], raw["content"]) << name;
    EXPECT_EQ(written.contains("state_key"), raw.contains("state_key")) << name << ": state events are told apart by state_key";
  }
}

TEST(MatrixTypes, MessageContentsKeepTheirFields) {
  for (const char* name : {"event_text.json", "event_notice.json", "event_file.json"}) {
    const json content = event(name)["content"];
    const auto parsed = content.get<MessageContent>();
    const json written = parsed;
    for (const char* key : {"msgtype", "body", "format", "formatted_body", "url", "filename"}) {
      EXPECT_EQ(written.contains(key), content.contains(key)) << name << " " << key;
      if (content.contains(key)) EXPECT_EQ(written[key], content[key]) << name << " " << key;
    }
  }
  const auto image = event("event_image.json")["content"].get<MessageContent>();
  EXPECT_EQ(image.url, "mxc://example.org/JWEIFJgwEIhweiWJE");
}

TEST(MatrixTypes, AReplyRelationRoundTrips) {
  const json relates = {{"m.in_reply_to", {{"event_id", "$original:example.org"}}}};
  const auto parsed = relates.get<RelatesTo>();
  EXPECT_EQ(parsed.in_reply_to, "$original:example.org");
  EXPECT_EQ(json(parsed), relates);
}

TEST(MatrixTypes, MembershipAndErrorsRoundTrip) {
  const auto member = event("event_member_invite.json")["content"].get<MemberContent>();
  EXPECT_EQ(member.membership, "invite");
  EXPECT_FALSE(member.is_direct);
  const json limited = {{"errcode", "M_LIMIT_EXCEEDED"}, {"error", "Too many requests"}, {"retry_after_ms", 2000}};
  EXPECT_EQ(json(limited.get<MatrixError>()), limited);
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
