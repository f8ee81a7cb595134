#include "adapters/matrix/login.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::matrix {
namespace {

// The request of the spec's m.login.password with a user identifier.
TEST(MatrixLoginRequest, IsAPasswordLoginOfTheUser) {
  const auto body = login_request("buurtbot", "geheim");
  EXPECT_EQ(body["type"], "m.login.password");
  EXPECT_EQ(body["identifier"], nlohmann::json({{"type", "m.id.user"}, {"user", "buurtbot"}}));
  EXPECT_EQ(body["password"], "geheim");
  EXPECT_EQ(body["initial_device_display_name"], "buurtbot");
}

TEST(MatrixLoginAnswer, GivesTheTokenOrSaysWhyNot) {
  const auto ok = login_of(200, R"({"user_id":"@b:x.org","access_token":"syt_abc","device_id":"DEV"})");
  ASSERT_TRUE(std::holds_alternative<Login>(ok));
  EXPECT_EQ(std::get<Login>(ok).access_token, "syt_abc");
  EXPECT_EQ(std::get<Login>(ok).device_id, "DEV");

  const auto refused = login_of(403, R"({"errcode":"M_FORBIDDEN","error":"Invalid password"})");
  ASSERT_TRUE(std::holds_alternative<std::string>(refused));
  EXPECT_NE(std::get<std::string>(refused).find("M_FORBIDDEN"), std::string::npos);
  EXPECT_TRUE(std::holds_alternative<std::string>(login_of(200, "{}"))) << "no token, no login";
  EXPECT_TRUE(std::holds_alternative<std::string>(login_of(200, "not json")));
  const auto odd = login_of(500, R"({"errcode":"M_UNKNOWN","error":"boom"})");
  EXPECT_EQ(std::get<std::string>(odd), "the homeserver answered 500 M_UNKNOWN: boom");
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
