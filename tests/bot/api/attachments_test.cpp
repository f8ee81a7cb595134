// Officers open the photos and files residents sent: the bytes buurtbot keeps, as a download that runs
// nothing, a picture inline.
#include "tests/bot/api/api_fixture.hpp"

#include "bot/core/digest.hpp"
#include "storage/attachments.hpp"

namespace buurtbot::api::testing {
namespace {

using namespace std::string_literals;

const std::string kPng = "\x89PNG\r\n\x1a\n"s + std::string(64, '\0') + "\xff\x01"s;

class AttachmentsApiTest : public ApiTest {
 protected:
  // A question by mail with `bytes` attached as `name`; returns the attachment's id.
  storage::Id mailed(const std::string& bytes, const std::string& name, const std::string& declared) {
    return on_writer([&](storage::Database& db) {
      InboundMessage m;
      m.channel = "email";
      m.conversation = "anna@example.nl";
      m.external_id = "<" + name + "@example.nl>";
      m.attachments.push_back({.kind = "document", .ref = m.external_id + "#1", .name = name,
                               .content_type = declared, .size = 0, .digest = {}, .not_kept = {}, .bytes = bytes});
      journal_message(db, m, config_.storage);
      return keep_with_question(db, {.channel = "email", .kind = "document", .name = name, .content_type = declared,
                                     .size = static_cast<std::int64_t>(bytes.size()), .digest = sha256_hex(bytes)});
    });
  }
  storage::Id keep_with_question(storage::Database& db, storage::StoredAttachment attachment) {
    auto resident = storage::Residents(db).find_or_create("email", "anna@example.nl", "anna@example.nl", "Anna", "nl");
    storage::Inbox inbox(db);
    thread_ = inbox.open_thread(resident.id, "email", "anna@example.nl", "Zie de bijlage");
    storage::Attachments(db).add_to_message(inbox.messages(thread_).back().id, attachment);
    return db.last_insert_id();
  }
  std::string path(storage::Id id) { return "/api/v1/attachments/" + std::to_string(id); }

  storage::Id thread_ = 0;  ///< the latest question's, written on the writer thread before its result is read
};

TEST_F(AttachmentsApiTest, APictureOpensInlineWithItsOwnType) {
  const auto id = mailed(kPng, "bankje.png", "application/octet-stream");
  const auto response = as(anna_token_, "GET", path(id));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, kPng);
  EXPECT_EQ(response.content_type, "image/png");
  EXPECT_EQ(header(response, "content-disposition"), "inline; filename=\"bankje.png\"; filename*=UTF-8''bankje.png");
  EXPECT_EQ(header(response, "x-content-type-options"), "nosniff");
  EXPECT_NE(header(response, "content-security-policy").find("sandbox"), std::string::npos);
}

TEST_F(AttachmentsApiTest, APageOrAnSvgIsADownloadThatRunsNothing) {
  for (const auto& [bytes, name, declared] :
       {std::tuple{"<html><script>alert(1)</script></html>"s, "foto.html"s, "text/html"s},
        std::tuple{"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"s, "foto.svg"s, "image/svg+xml"s},
        std::tuple{"<html>not a picture</html>"s, "foto.png"s, "image/png"s}}) {
    const auto response = as(anna_token_, "GET", path(mailed(bytes, name, declared)));
    ASSERT_EQ(response.status, 200) << name;
    EXPECT_TRUE(header(response, "content-disposition").starts_with("attachment;")) << name;
    EXPECT_EQ(response.content_type.find("image/"), std::string::npos) << name << ": " << response.content_type;
    EXPECT_EQ(header(response, "x-content-type-options"), "nosniff");
    EXPECT_EQ(header(response, "content-security-policy"), "default-src 'none'; sandbox");
  }
}

TEST_F(AttachmentsApiTest, AStrangeNameIsQuotedSafely) {
  const auto id = mailed("%PDF-1.7", "plan \"nieuw\";\r\nX: y é.pdf", "application/pdf");
  const auto disposition = header(as(anna_token_, "GET", path(id)), "content-disposition");
  EXPECT_EQ(disposition, "attachment; filename=\"plan _nieuw____X_ y __.pdf\"; "
                         "filename*=UTF-8''plan%20%22nieuw%22%3B%0D%0AX%3A%20y%20%C3%A9.pdf");
}

TEST_F(AttachmentsApiTest, OnlyOfficersOpenThem) {
  const auto id = mailed(kPng, "bankje.png", "image/png");
  EXPECT_EQ(send("GET", path(id)).status, 401);
  const auto browser = sign_in("anna");
  EXPECT_EQ(send("GET", path(id), "", {browser.cookie}).status, 200) << "the page's links carry the cookie";
}

TEST_F(AttachmentsApiTest, AFileWithoutBytesSaysWhy) {
  const auto telegram = on_writer([&](storage::Database& db) {
    return keep_with_question(db, {.channel = "telegram", .kind = "photo", .ref = "AgACAgQ"});
  });
  const auto too_large = on_writer([&](storage::Database& db) {
    return keep_with_question(db, {.channel = "email", .kind = "photo", .not_kept = "file_too_large"});
  });
  auto response = as(anna_token_, "GET", path(telegram));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(json_of(response)["error"], "the file is kept by telegram, not by buurtbot");
  response = as(anna_token_, "GET", path(too_large));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(json_of(response)["error"], "the file was larger than storage.max_file_bytes, so it was not kept");
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/attachments/999").status, 404);
}

TEST_F(AttachmentsApiTest, TheThreadLinksToTheBytes) {
  const auto id = mailed(kPng, "bankje.png", "image/png");
  const auto attachment = json_of(as(anna_token_, "GET", "/api/v1/threads/" + std::to_string(thread_)))["messages"][0]
                              ["attachments"][0];
  EXPECT_EQ(attachment["url"], path(id));
  EXPECT_EQ(attachment["picture"], true);
  EXPECT_EQ(attachment["size"], kPng.size());
  EXPECT_TRUE(attachment["not_kept"].is_null());
}

}  // namespace
}  // namespace buurtbot::api::testing
