#pragma once
// A test fixture: a temporary database with the demo config, the repo's flow files and the seed workgroups.

#include "bot/app.hpp"
#include "bot/officer_actions.hpp"
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

}  // namespace buurtbot::testing
