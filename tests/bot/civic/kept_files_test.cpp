// The bytes of files no channel keeps for us (a mail's parts, web chat uploads): kept with the journal row
// that brought them, then with the plan or question that holds them, and gone with the last of these.
#include "bot/pipeline/dispatcher.hpp"

#include "bot/civic/actions.hpp"
#include "bot/core/digest.hpp"
#include "storage/attachments.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gtest/gtest.h>

namespace buurtbot {
namespace {

using namespace std::string_literals;

const std::string kPng = "\x89PNG\r\n\x1a\n"s + std::string(200, 'p');
const std::string kPdf = "%PDF-1.7\n"s + std::string(200, 'd');

class KeptFilesTest : public testing::DemoDatabaseTest {
 protected:
  // Anna mails `text` with `files`; the dispatcher only journals it (as the webhook does before its answer).
  bool mail(const std::string& text, std::vector<Attachment> files = {}, std::string id = {}) {
    InboundMessage m;
    m.channel = "email";
    m.conversation = "anna@example.nl";
    m.sender_id = m.conversation;
    m.sender_address = m.conversation;
    m.sender_name = "Anna";
    m.language = "nl";
    m.text = text;
    m.attachments = std::move(files);
    m.external_id = id.empty() ? "<" + std::to_string(++mail_id_) + "@example.nl>" : id;
    return Dispatcher(db(), config_, flows_).accept(m);
  }
  void handle() { Dispatcher(db(), config_, flows_).drain(std::chrono::system_clock::now()); }
  void say(const std::string& text, std::vector<Attachment> files = {}) {
    mail(text, std::move(files));
    handle();
  }

  static Attachment photo(const std::string& bytes = kPng, const std::string& name = "bankje.png") {
    return {.kind = "photo", .ref = "part", .name = name, .content_type = "image/png", .size = 0, .digest = {},
            .not_kept = {}, .bytes = bytes};
  }
  static Attachment document(const std::string& bytes = kPdf) {
    return {.kind = "document", .ref = "part", .name = "plan.pdf", .content_type = "application/pdf", .size = 0,
            .digest = {}, .not_kept = {}, .bytes = bytes};
  }

  std::int64_t count(const std::string& table) {
    auto row = db().prepare("SELECT COUNT(*) FROM " + table);
    row.step();
    return row.int_at(0);
  }
  storage::Resident anna() {
    return storage::Residents(db()).find_or_create("email", "anna@example.nl", "anna@example.nl", "Anna", "nl");
  }
  std::vector<storage::StoredAttachment> of_question() {
    storage::Inbox inbox(db());
    auto thread = inbox.open_thread_of(anna().id);
    EXPECT_TRUE(thread);
    return thread ? storage::Attachments(db()).of_message(inbox.messages(thread->id).back().id)
                  : std::vector<storage::StoredAttachment>{};
  }
  void ask_with(std::vector<Attachment> files) {
    say("/vraag");
    say("Wanneer wordt deze stoep hersteld?", std::move(files));
  }
  void submit_plan_with(std::vector<Attachment> files) {
    say("/initiatief");
    say("", std::move(files));
    for (const auto* answer : {"Bankje bij de speeltuin", "Een bankje zodat ouders kunnen zitten bij de speeltuin.", "1",
                               "1", "4", "ja", "ja"})
      say(answer);
  }
  // Handled journal rows older than retention, as the hourly sweep finds them.
  void expire_journal() {
    db().exec("UPDATE inbound SET processed_at = '2020-01-01T00:00:00Z' WHERE processed_at IS NOT NULL");
    while (storage::Journal(db()).expire(config_.privacy.retention_days, 100) > 0) {
    }
  }

  int mail_id_ = 0;
};

TEST_F(KeptFilesTest, TheBytesAreKeptInTheCommitOfTheirJournalRow) {
  ASSERT_TRUE(mail("Kijk", {photo()}));
  EXPECT_EQ(count("inbound"), 1);
  auto file = storage::Files(db()).find(sha256_hex(kPng));
  ASSERT_TRUE(file) << "kept before the message is handled, so before it is acknowledged";
  EXPECT_EQ(file->bytes, kPng);
  EXPECT_EQ(file->content_type, "image/png");
}

TEST_F(KeptFilesTest, ADeliveryTheJournalKnowsKeepsNoSecondCopy) {
  ASSERT_TRUE(mail("Kijk", {photo()}, "<same@example.nl>"));
  EXPECT_FALSE(mail("Kijk", {photo()}, "<same@example.nl>"));
  EXPECT_TRUE(mail("Nog een keer dezelfde foto", {photo()}));
  EXPECT_EQ(count("files"), 1) << "the same bytes are kept once";
  EXPECT_EQ(count("inbound_files"), 2);
}

TEST_F(KeptFilesTest, AQuestionsAttachmentPointsAtItsBytes) {
  ask_with({photo(), document()});
  const auto kept = of_question();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].digest, sha256_hex(kPng));
  EXPECT_EQ(kept[0].content_type, "image/png");
  EXPECT_EQ(kept[0].size, static_cast<std::int64_t>(kPng.size()));
  EXPECT_EQ(kept[1].content_type, "application/pdf");
  EXPECT_TRUE(storage::Files(db()).find(kept[1].digest));
}

TEST_F(KeptFilesTest, TheBytesDecideTheContentType) {
  ask_with({photo("<svg onload=\"alert(1)\"/>", "bankje.svg")});
  const auto kept = of_question();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].content_type, "application/octet-stream") << "it said image/png";
}

TEST_F(KeptFilesTest, AFileOverTheLimitIsNamedNotKept) {
  config_.storage.max_file_bytes = 100;
  ask_with({photo()});
  const auto kept = of_question();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].name, "bankje.png");
  EXPECT_EQ(kept[0].size, static_cast<std::int64_t>(kPng.size()));
  EXPECT_EQ(kept[0].not_kept, "file_too_large");
  EXPECT_TRUE(kept[0].digest.empty());
  EXPECT_EQ(count("files"), 0);
}

TEST_F(KeptFilesTest, OfOneMessageTheFilesThatFitTogetherAreKept) {
  config_.storage.max_message_file_bytes = 300;
  ask_with({photo(), document()});
  const auto kept = of_question();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_FALSE(kept[0].digest.empty());
  EXPECT_EQ(kept[1].not_kept, "message_too_large");
  EXPECT_EQ(count("files"), 1);
}

TEST_F(KeptFilesTest, RetentionTakesTheBytesNothingHolds) {
  say("Hallo", {photo()});  // in the menu: no flow keeps a photo there
  EXPECT_EQ(count("files"), 1);
  expire_journal();
  EXPECT_EQ(count("files"), 0);
  EXPECT_EQ(count("inbound_files"), 0);
}

TEST_F(KeptFilesTest, RetentionLeavesTheBytesAQuestionHolds) {
  ask_with({photo()});
  expire_journal();
  EXPECT_TRUE(storage::Files(db()).find(sha256_hex(kPng)));
}

TEST_F(KeptFilesTest, APlanKeepsItsPhotosBytesAndMyDataListsThem) {
  submit_plan_with({photo()});
  const auto plans = storage::Initiatives(db()).list({});
  ASSERT_EQ(plans.size(), 1u);
  const auto kept = storage::Attachments(db()).of_initiative(plans[0].id);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].digest, sha256_hex(kPng));
  EXPECT_NE(describe_resident_data(db(), config_, flows_, anna()).find("[foto: bankje.png]"), std::string::npos);
}

TEST_F(KeptFilesTest, ForgetMeErasesTheBytesOfPlansAndQuestions) {
  submit_plan_with({photo()});
  ask_with({document()});
  // An answered question stays as the municipality's record, without the resident's files.
  db().exec("INSERT INTO inbox_messages (thread_id, direction, author, text) SELECT id, 'out', 'officer:x', 'Dank je' "
            "FROM inbox_threads");
  say("/vergeetmij");
  say("ja");
  EXPECT_EQ(count("attachments"), 0);
  EXPECT_EQ(count("files"), 0);
  EXPECT_EQ(count("inbox_threads"), 1);
}

}  // namespace
}  // namespace buurtbot
