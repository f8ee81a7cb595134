#include "bot/http/headers.hpp"

#include <gtest/gtest.h>

namespace buurtbot::http {
namespace {

Request with_cookies(std::string cookies) {
  Request request;
  request.headers = {{"cookie", std::move(cookies)}};
  return request;
}

TEST(Headers, GivesAFieldByItsLowerCaseNameOrNothing) {
  Request request;
  request.headers = {{"x-csrf-token", "abc"}, {"origin", ""}};
  EXPECT_EQ(header(request, "x-csrf-token"), "abc");
  EXPECT_EQ(header(request, "origin"), "") << "sent empty is still sent";
  EXPECT_EQ(header(request, "authorization"), std::nullopt);
}

TEST(Cookie, FindsOneCookieAmongOthersTrimmed) {
  EXPECT_EQ(cookie(with_cookies("theme=dark; buurtbot_chat= k3y ; other=1"), "buurtbot_chat"), "k3y");
  EXPECT_EQ(cookie(with_cookies("buurtbot_chat=k3y"), "buurtbot_chat"), "k3y");
  EXPECT_EQ(cookie(with_cookies("a=1;b=2"), "b"), "2");
}

TEST(Cookie, LookalikesAndEmptyValuesAreNoCookie) {
  EXPECT_EQ(cookie(with_cookies("xbuurtbot_chat=1; buurtbot_chatx=2"), "buurtbot_chat"), std::nullopt);
  EXPECT_EQ(cookie(with_cookies("buurtbot_chat=; other=1"), "buurtbot_chat"), std::nullopt);
  EXPECT_EQ(cookie(with_cookies("buurtbot_chat"), "buurtbot_chat"), std::nullopt);
  EXPECT_EQ(cookie(Request{}, "buurtbot_chat"), std::nullopt);
}

TEST(Cookie, AnEmptyOneDoesNotHideALaterOneOfTheSameName) {
  EXPECT_EQ(cookie(with_cookies("buurtbot_chat=; buurtbot_chat=k3y"), "buurtbot_chat"), "k3y");
}

}  // namespace
}  // namespace buurtbot::http
