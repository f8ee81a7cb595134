#include "adapters/telegram/render.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace buurtbot::adapters::telegram {
namespace {

using nlohmann::json;

const std::filesystem::path kFixtures = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "tests/fixtures/telegram";

std::string fixture(const std::string& name) {
  std::ifstream in(kFixtures / name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// True when the part does not stop halfway through a UTF-8 sequence.
bool ends_on_character(const std::string& part) {
  std::size_t i = part.size();
  std::size_t continuation = 0;
  while (i > 0 && (static_cast<unsigned char>(part[i - 1]) & 0xC0) == 0x80) --i, ++continuation;
  if (i == 0) return continuation == 0;
  auto lead = static_cast<unsigned char>(part[i - 1]);
  std::size_t expected = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  return continuation == expected;
}

std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// True when every "&" in the part is closed by a ";" inside it.
bool ends_outside_entity(const std::string& part) {
  std::size_t amp = part.rfind('&');
  return amp == std::string::npos || part.find(';', amp) != std::string::npos;
}

std::string joined(const std::vector<json>& requests) {
  std::string all;
  for (const auto& r : requests) all += r["text"].get<std::string>();
  return all;
}

TEST(TelegramRender, EscapesMarkupAmpersandsAndQuotes) {
  EXPECT_EQ(escape_html("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(escape_html("Fish & chips"), "Fish &amp; chips");
  EXPECT_EQ(escape_html("\"a\" & <b>"), "&quot;a&quot; &amp; &lt;b&gt;");
  EXPECT_EQ(escape_html("al &amp; escaped"), "al &amp;amp; escaped");  // text is text, even when it looks like HTML
  EXPECT_EQ(escape_html("🌳 l'été"), "🌳 l'été");
}

TEST(TelegramRender, CountsUtf16UnitsAsTelegramDoes) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("é€"), 2u);
  EXPECT_EQ(utf16_length("🌳"), 2u);
  EXPECT_EQ(utf16_length("👩🏽‍🌾"), 7u);  // woman, skin tone, zero-width joiner, ear of rice
}

TEST(TelegramRender, OneShortMessageIsOneRequest) {
  OutboundMessage m{.text = "Hoi <script>alert(1)</script> & welkom", .choices = {}, .answers_callback = {}};
  auto requests = send_message_requests("-1001876543210", m);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["chat_id"], -1001876543210);
  EXPECT_EQ(requests[0]["parse_mode"], "HTML");
  EXPECT_EQ(requests[0]["text"], "Hoi &lt;script&gt;alert(1)&lt;/script&gt; &amp; welkom");
  EXPECT_FALSE(requests[0].contains("reply_markup"));
  EXPECT_FALSE(requests[0].contains("reply_parameters"));
}

TEST(TelegramRender, NonNumericChatIdStaysAString) {
  auto requests = send_message_requests("@gemeente_nieuws", {.text = "x", .choices = {}, .answers_callback = {}});
  EXPECT_EQ(requests[0]["chat_id"], "@gemeente_nieuws");
}

TEST(TelegramRender, EmptyTextStillYieldsOneRequestSoTheApiSaysWhy) {
  auto requests = send_message_requests("1", {.text = "", .choices = {{"a", "A"}}, .answers_callback = {}});
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["text"], "");
  EXPECT_TRUE(requests[0].contains("reply_markup"));
}

TEST(TelegramRender, ReplyGoesOnTheFirstPartOnly) {
  OutboundMessage m{.text = std::string(5000, 'a'), .choices = {}, .answers_callback = {}, .erase_after_send = false, .thread = "311"};
  auto requests = send_message_requests("42", m);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["reply_parameters"], json({{"message_id", 311}, {"allow_sending_without_reply", true}}));
  EXPECT_FALSE(requests[1].contains("reply_parameters"));
}

TEST(TelegramRender, ReplyToSomethingNotAMessageIdIsDropped) {
  auto requests = send_message_requests("42", {.text = "x", .choices = {}, .answers_callback = {}, .erase_after_send = false, .thread = "abc"});
  EXPECT_FALSE(requests[0].contains("reply_parameters"));
}

TEST(TelegramRender, SplitsTenThousandCharactersWithEmojiSafely) {
  // Words, emoji (two UTF-16 units each), characters that escape, lines and paragraphs, 10 000 characters and a few.
  const std::string pieces[] = {"Beste ", "buurtbewoner", " 🌳", " & ", "<b>", "\"", "é", "\n", "\n\n", "💡💡"};
  std::string text;
  for (std::size_t i = 0; characters(text) < 10000; ++i) text += pieces[(i * 7) % std::size(pieces)];
  OutboundMessage m{.text = text, .choices = {{"ja", "Ja"}}, .answers_callback = {}};
  auto requests = send_message_requests("42", m);
  ASSERT_GE(requests.size(), 3u);
  for (const auto& r : requests) {
    std::string part = r["text"];
    EXPECT_LE(utf16_length(part), kMaxMessageUnits);
    EXPECT_TRUE(ends_on_character(part));
    EXPECT_TRUE(ends_outside_entity(part));
    EXPECT_EQ(r["parse_mode"], "HTML");
  }
  EXPECT_EQ(joined(requests), escape_html(text));
  EXPECT_TRUE(requests.back().contains("reply_markup"));
  for (std::size_t i = 0; i + 1 < requests.size(); ++i) EXPECT_FALSE(requests[i].contains("reply_markup"));
}

TEST(TelegramRender, PrefersAParagraphThenALineThenASpace) {
  std::string paragraph = std::string(3000, 'a') + "\n\n" + std::string(900, 'b') + "\n" + std::string(1000, 'c');
  auto parts = split_text(paragraph);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], std::string(3000, 'a') + "\n\n");

  std::string line = std::string(3000, 'a') + " " + std::string(900, 'b') + "\n" + std::string(1000, 'c');
  EXPECT_EQ(split_text(line)[0], std::string(3000, 'a') + " " + std::string(900, 'b') + "\n");

  std::string space = std::string(3000, 'a') + " " + std::string(2000, 'b');
  EXPECT_EQ(split_text(space)[0], std::string(3000, 'a') + " ");
}

TEST(TelegramRender, HardCutsNeverSplitAnEntityOrACharacter) {
  std::string escaped = escape_html(std::string(3000, '&') + std::string(3000, '"'));
  auto parts = split_text(escaped);
  std::string all;
  for (const auto& part : parts) {
    EXPECT_LE(utf16_length(part), kMaxMessageUnits);
    EXPECT_TRUE(ends_outside_entity(part)) << part.substr(part.size() - 8);
    all += part;
  }
  EXPECT_EQ(all, escaped);

  std::string emoji;
  for (int i = 0; i < 3000; ++i) emoji += "🌳";
  for (const auto& part : split_text(emoji)) {
    EXPECT_LE(utf16_length(part), kMaxMessageUnits);
    EXPECT_EQ(part.size() % 4, 0u);  // whole four-byte characters only
  }
}

TEST(TelegramRender, TinyLimitsStillMakeProgress) {
  EXPECT_EQ(split_text("🌳🌳", 1), (std::vector<std::string>{"🌳", "🌳"}));
  EXPECT_EQ(split_text("ab cd", 3), (std::vector<std::string>{"ab ", "cd"}));
}

TEST(TelegramRender, ShortLabelsGoTwoToARow) {
  OutboundMessage m{.text = "Kies", .choices = {{"ja", "Ja"}, {"nee", "Nee"}, {"later", "Later"}}, .answers_callback = {}};
  json keyboard = send_message_requests("42", m)[0]["reply_markup"]["inline_keyboard"];
  ASSERT_EQ(keyboard.size(), 2u);
  EXPECT_EQ(keyboard[0], json::parse(R"([{"text": "Ja", "callback_data": "ja"}, {"text": "Nee", "callback_data": "nee"}])"));
  EXPECT_EQ(keyboard[1], json::parse(R"([{"text": "Later", "callback_data": "later"}])"));
}

TEST(TelegramRender, LongLabelsGetARowEach) {
  OutboundMessage m{.text = "Kies",
                    .choices = {{"a", "Ja"}, {"b", "Ik wil graag meedoen aan de werkgroep"}, {"c", "Nee"}},
                    .answers_callback = {}};
  json keyboard = send_message_requests("42", m)[0]["reply_markup"]["inline_keyboard"];
  ASSERT_EQ(keyboard.size(), 3u);
  for (const auto& row : keyboard) EXPECT_EQ(row.size(), 1u);
}

TEST(TelegramRender, TwentyCharacterLabelsWithAccentsStillCountAsShort) {
  OutboundMessage m{.text = "Kies", .choices = {{"a", "éééééééééééééééééééé"}, {"b", "b"}}, .answers_callback = {}};
  EXPECT_EQ(send_message_requests("42", m)[0]["reply_markup"]["inline_keyboard"].size(), 1u);
}

TEST(TelegramRender, LabelsAreNotEscaped) {
  OutboundMessage m{.text = "Kies", .choices = {{"a", "Fish & <chips>"}}, .answers_callback = {}};
  EXPECT_EQ(send_message_requests("42", m)[0]["reply_markup"]["inline_keyboard"][0][0]["text"], "Fish & <chips>");
}

TEST(TelegramRender, LongChoiceKeysGetAStableShortCallbackData) {
  std::string key(100, 'k');
  std::string data = callback_data_for(key);
  EXPECT_LE(data.size(), kMaxCallbackDataBytes);
  EXPECT_EQ(data, callback_data_for(key));
  EXPECT_EQ(data.substr(0, 4), "kkkk");
  EXPECT_NE(data, callback_data_for(std::string(99, 'k') + "x"));
  EXPECT_EQ(callback_data_for(std::string(64, 'k')), std::string(64, 'k'));

  std::string accents;
  for (int i = 0; i < 40; ++i) accents += "é";
  std::string short_accents = callback_data_for(accents);
  EXPECT_LE(short_accents.size(), kMaxCallbackDataBytes);
  EXPECT_TRUE(ends_on_character(short_accents.substr(0, short_accents.find('#'))));

  OutboundMessage m{.text = "Kies", .choices = {{key, "Ja"}}, .answers_callback = {}};
  EXPECT_EQ(send_message_requests("42", m)[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"], data);
}

TEST(TelegramRender, AnswersACallbackQuery) {
  EXPECT_EQ(answer_callback_query("530300712345678901"), json({{"callback_query_id", "530300712345678901"}}));
}

TEST(TelegramErrors, TooManyRequestsWaitsAsTold) {
  SendError e = error_from_response(429, fixture("response_429.json"));
  EXPECT_EQ(e.status, 429);
  EXPECT_EQ(e.retry_after, std::chrono::seconds(35));
  EXPECT_TRUE(e.retryable());
  EXPECT_FALSE(e.unreachable);
  EXPECT_EQ(e.detail, "Too Many Requests: retry after 35");
}

TEST(TelegramErrors, BlockedBotIsUnreachable) {
  SendError e = error_from_response(403, fixture("response_403_blocked.json"));
  EXPECT_TRUE(e.unreachable);
  EXPECT_FALSE(e.retryable());
  EXPECT_EQ(e.detail, "Forbidden: bot was blocked by the user");
}

TEST(TelegramErrors, KickedFromAGroupIsUnreachable) {
  SendError e = error_from_response(
      403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the supergroup chat"})");
  EXPECT_TRUE(e.unreachable);
}

TEST(TelegramErrors, ChatNotFoundIsUnreachable) {
  SendError e = error_from_response(400, fixture("response_400_chat_not_found.json"));
  EXPECT_EQ(e.status, 400);
  EXPECT_TRUE(e.unreachable);
  EXPECT_FALSE(e.retryable());
}

TEST(TelegramErrors, GroupUpgradedToSupergroupIsUnreachableAndSaysWhere) {
  SendError e = error_from_response(400, R"({"ok":false,"error_code":400,
      "description":"Bad Request: group chat was upgraded to a supergroup chat",
      "parameters":{"migrate_to_chat_id":-1001876543210}})");
  EXPECT_TRUE(e.unreachable);
  EXPECT_NE(e.detail.find("-1001876543210"), std::string::npos);
}

TEST(TelegramErrors, OtherBadRequestsAreNeitherRetriedNorUnreachable) {
  SendError e = error_from_response(
      400, R"({"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: Unsupported start tag"})");
  EXPECT_FALSE(e.unreachable);
  EXPECT_FALSE(e.retryable());
  EXPECT_EQ(e.detail, "Bad Request: can't parse entities: Unsupported start tag");
}

TEST(TelegramErrors, ServerErrorsAreRetried) {
  SendError e = error_from_response(500, R"({"ok":false,"error_code":500,"description":"Internal Server Error"})");
  EXPECT_TRUE(e.retryable());
  SendError proxy = error_from_response(502, "<html><body>502 Bad Gateway</body></html>\r\n");
  EXPECT_EQ(proxy.status, 502);
  EXPECT_TRUE(proxy.retryable());
  EXPECT_EQ(proxy.detail, "HTTP 502: <html><body>502 Bad Gateway</body></html>  ");
}

TEST(TelegramErrors, OkAnswerIsDelivered) {
  EXPECT_FALSE(result_from_response(200, fixture("response_ok.json")));
  EXPECT_FALSE(result_from_response(200, "garbled by a proxy"));
  auto refused = result_from_response(200, R"({"ok":false,"error_code":403,"description":"Forbidden: user is deactivated"})");
  ASSERT_TRUE(refused);
  EXPECT_TRUE(refused->unreachable);
  EXPECT_TRUE(result_from_response(429, fixture("response_429.json")));
}

}  // namespace
// The start parameter takes 64 of A-Z a-z 0-9 _ -: a command that fits goes in it, space as _; one that
// does not still opens the chat; without a bot username there is no link.
TEST(TelegramDeepLink, CarriesTheCommandWhenItFitsAStartParameter) {
  const auto support = deep_link("gemeente_bot", "steun BI-2026-0042");
  ASSERT_TRUE(support.has_value());
  EXPECT_EQ(support->url, "https://t.me/gemeente_bot?start=steun_BI-2026-0042");
  EXPECT_TRUE(support->carries_command);
  const auto odd = deep_link("gemeente_bot", "vraag wat is dit?");
  ASSERT_TRUE(odd.has_value());
  EXPECT_EQ(odd->url, "https://t.me/gemeente_bot");
  EXPECT_FALSE(odd->carries_command);
  EXPECT_FALSE(deep_link("gemeente_bot", std::string(65, 'a'))->carries_command);
  EXPECT_FALSE(deep_link("", "steun BI-2026-0042").has_value());
}

}  // namespace buurtbot::adapters::telegram
