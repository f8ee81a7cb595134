#pragma once
// A test fixture: a temporary database with the demo config, the repo's flow files and the seed workgroups.

#include "bot/app/app.hpp"
#include "bot/pipeline/dispatcher.hpp"
#include "storage/repositories.hpp"
#include "bot/civic/officer_actions.hpp"
#include "tests/storage/temp_database.hpp"

#include <string>

namespace buurtbot::testing {

class DemoDatabaseTest : public storage::testing::TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    config_ = load_config(std::string(BUURTBOT_SOURCE_DIR) + "/config/demo.yaml");
    config_.flows.dir = std::string(BUURTBOT_SOURCE_DIR) + "/flows";
    flows_ = load_flow_set(config_);
    seed_workgroups(db(), config_);
  }

  config::Config config_;
  flows::FlowSet flows_;
};

/// The demo database and one resident, Anna, in her private Telegram chat (7001).
class AnnaOnTelegramTest : public DemoDatabaseTest {
 protected:
  /// Anna sends `text` (with any photos or files, and what the channel says it is about); the dispatcher
  /// handles it at once.
  void say(const std::string& text, std::vector<Attachment> attachments = {}, std::string about = {}) {
    InboundMessage m;
    m.channel = "telegram";
    m.conversation = "7001";
    m.sender_id = "7001";
    m.sender_name = "Anna";
    m.language = "nl";
    m.text = text;
    m.attachments = std::move(attachments);
    m.about = std::move(about);
    m.external_id = std::to_string(++update_id_);
    Dispatcher dispatcher(db(), config_, flows_);
    dispatcher.accept(m);
    dispatcher.drain(std::chrono::system_clock::now());
  }

  /// Anna as stored (made on her first message).
  storage::Resident anna() { return storage::Residents(db()).find_or_create("telegram", "7001", "7001", "Anna", "nl"); }

  int update_id_ = 0;
};

}  // namespace buurtbot::testing
