// The web chat's requests as pure functions: posts, forgery checks, resume points, events.

#include "adapters/web/inbound.hpp"
#include "adapters/web/limits.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace buurtbot::adapters::web {
namespace {

http::Request post_from(std::map<std::string, std::string> headers) {
  http::Request request;
  request.method = "POST";
  request.path = "/chat/api/messages";
  request.headers = std::move(headers);
  return request;
}

TEST(WebChatPost, ReadsTextOrAButtonWithItsLabel) {
  auto text = std::get<Posted>(parse_post(R"({"id":"m-1","text":"Hallo","lang":"en"})"));
  EXPECT_EQ(text.client_id, "m-1");
  EXPECT_EQ(text.text, "Hallo");
  EXPECT_EQ(text.lang, "en");
  auto button = std::get<Posted>(parse_post(R"({"id":"m_2","choice":"initiative","label":"Een plan indienen","text":"x"})"));
  EXPECT_EQ(button.choice, "initiative");
  EXPECT_EQ(button.text, "");
  EXPECT_EQ(nlohmann::json::parse(resident_event(button))["text"], "Een plan indienen");
  EXPECT_EQ(std::get<Posted>(parse_post(R"({"id":"a","text":"x","lang":"fr"})")).lang, "");
}

TEST(WebChatPost, RefusesWhatCanNeverBeStored) {
  for (const auto* body : {"", "[]", "not json", R"({"text":"no id"})", R"({"id":"has space","text":"x"})",
                           R"({"id":"a","text":"   "})", R"({"id":"a"})"})
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_post(body))) << body;
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_post(R"({"id":")" + std::string(65, 'a') + R"(","text":"x"})")));
}

TEST(WebChatPost, IsJournaledUnderTheSessionAndTheClientsId) {
  const auto message = inbound_message(std::get<Posted>(parse_post(R"({"id":"c7","text":"<script>alert(1)</script>"})")),
                                       "web-abcdefghijklmnopqrstuv");
  EXPECT_EQ(message.channel, "web");
  EXPECT_EQ(message.conversation, "web-abcdefghijklmnopqrstuv");
  EXPECT_EQ(message.sender_address, "web-abcdefghijklmnopqrstuv");
  EXPECT_EQ(message.external_id, "web-abcdefghijklmnopqrstuv:c7");
  EXPECT_EQ(message.text, "<script>alert(1)</script>");
}

TEST(WebChatForgery, AcceptsOnlyOurOwnPageWithItsHeader) {
  const std::map<std::string, std::string> ours{
      {"x-buurtbot-chat", "1"}, {"origin", "http://127.0.0.1:8080"}, {"host", "127.0.0.1:8080"}, {"sec-fetch-site", "same-origin"}};
  EXPECT_EQ(forgery_reason(post_from(ours), ""), "");

  auto without_header = ours;
  without_header.erase("x-buurtbot-chat");
  EXPECT_NE(forgery_reason(post_from(without_header), ""), "");

  auto other_site = ours;
  other_site["origin"] = "https://evil.example";
  other_site["sec-fetch-site"] = "cross-site";
  EXPECT_NE(forgery_reason(post_from(other_site), ""), "");
  other_site.erase("sec-fetch-site");
  EXPECT_NE(forgery_reason(post_from(other_site), ""), "");

  auto same_site = ours;
  same_site["sec-fetch-site"] = "same-site";
  EXPECT_NE(forgery_reason(post_from(same_site), ""), "");

  auto nowhere = ours;
  nowhere.erase("origin");
  nowhere.erase("sec-fetch-site");
  EXPECT_NE(forgery_reason(post_from(nowhere), ""), "");

  // Behind a proxy the Host may be the internal one: the public address is ours as well.
  auto proxied = ours;
  proxied["host"] = "10.0.0.5:8080";
  proxied["origin"] = "https://bot.gemeente.nl";
  EXPECT_NE(forgery_reason(post_from(proxied), ""), "");
  EXPECT_EQ(forgery_reason(post_from(proxied), "https://bot.gemeente.nl"), "");
}

TEST(WebChatPhoto, IsJournaledAsAPhotoWithoutTextUnderTheClientsId) {
  http::Request request;
  request.query = "id=p1&lang=en&name=bank%20je.jpg&label=Photo%3A%20bank%20je.jpg";
  const auto photo = std::get<PostedPhoto>(parse_photo(request));
  EXPECT_EQ(photo.name, "bank je.jpg");
  EXPECT_EQ(nlohmann::json::parse(resident_event(photo.post))["text"], "Photo: bank je.jpg");
  const auto message = inbound_photo(photo, "\xff\xd8\xff\xe0 jpeg", "web-abcdefghijklmnopqrstuv");
  EXPECT_EQ(message.external_id, "web-abcdefghijklmnopqrstuv:p1");
  EXPECT_EQ(message.text, "");
  ASSERT_EQ(message.attachments.size(), 1u);
  EXPECT_EQ(message.attachments[0].kind, "photo");
  EXPECT_EQ(message.attachments[0].content_type, "image/jpeg");
  EXPECT_EQ(message.attachments[0].bytes, "\xff\xd8\xff\xe0 jpeg");
}

TEST(WebChatPhoto, RefusesAQueryThatCanNeverBeStored) {
  for (const auto* query : {"", "lang=nl", "id=has%20space", "id=a&label=" "0123456789012345678901234567890123456789"
                            "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
                            "0123456789012345678901234567890123456789012345678901234567890123456789"}) {
    http::Request request;
    request.query = query;
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_photo(request))) << query;
  }
}

TEST(WebChatEvents, ResumeAfterTheLastEventIdElseTheQuery) {
  http::Request request;
  EXPECT_EQ(resume_after(request), 0);
  request.query = "after=7&poll=1";
  EXPECT_EQ(resume_after(request), 7);
  EXPECT_TRUE(wants_poll(request));
  request.headers["last-event-id"] = "12";
  EXPECT_EQ(resume_after(request), 12);
  request.headers["last-event-id"] = "-3";
  EXPECT_EQ(resume_after(request), 7);
  request.query = "after=x";
  EXPECT_EQ(resume_after(request), 0);
  EXPECT_FALSE(wants_poll(request));
}

TEST(WebChatEvents, AReplyKeepsItsChoicesAndLineBreaksInOneDataLine) {
  OutboundMessage reply;
  reply.text = "Wat wil je doen?\nKies een knop.";
  reply.choices = {{"initiative", "Een plan indienen"}, {"question", "Een vraag <stellen>"}};
  const auto frame = sse_frame({3, bot_event(reply)});
  EXPECT_TRUE(frame.starts_with("id: 3\ndata: {")) << frame;
  EXPECT_TRUE(frame.ends_with("}\n\n")) << frame;
  EXPECT_EQ(std::count(frame.begin(), frame.end(), '\n'), 3) << frame;
  const auto data = nlohmann::json::parse(frame.substr(frame.find("data: ") + 6));
  EXPECT_EQ(data["from"], "bot");
  EXPECT_EQ(data["text"], reply.text);
  EXPECT_EQ(data["choices"][1]["label"], "Een vraag <stellen>");
  EXPECT_EQ(data["choices"][1]["key"], "question");
}

TEST(WebChatResumeCode, IsReadWithoutSpacesDashesOrCase) {
  EXPECT_EQ(normalized_code(" abcd-2345 "), "ABCD2345");
  EXPECT_EQ(normalized_code("AB CD 23 45"), "ABCD2345");
}

TEST(WebChatLimits, AWindowLetsNoMoreThroughAndSaysHowLongToWait) {
  WindowLimit limit(2, std::chrono::seconds(60));
  const auto start = WindowLimit::Clock::now();
  EXPECT_EQ(limit.take("a", start).count(), 0);
  EXPECT_EQ(limit.take("a", start + std::chrono::seconds(10)).count(), 0);
  EXPECT_EQ(limit.take("a", start + std::chrono::seconds(20)).count(), 40);
  EXPECT_EQ(limit.take("b", start + std::chrono::seconds(20)).count(), 0);
  EXPECT_EQ(limit.take("a", start + std::chrono::seconds(60)).count(), 0);
}

TEST(WebChatLimits, StreamsAreCountedPerSessionAndInAll) {
  StreamCount streams(3, 2);
  EXPECT_TRUE(streams.open(1));
  EXPECT_TRUE(streams.open(1));
  EXPECT_FALSE(streams.open(1));
  EXPECT_TRUE(streams.open(2));
  EXPECT_FALSE(streams.open(3));
  streams.close(1);
  EXPECT_TRUE(streams.open(3));
  EXPECT_EQ(streams.open_now(), 3);
}

}  // namespace
}  // namespace buurtbot::adapters::web
