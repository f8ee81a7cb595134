// The registration file printed for the homeserver.
#include "adapters/matrix/registration.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace buurtbot::adapters::matrix {
namespace {

TEST(MatrixRegistration, HoldsWhatTheHomeserverNeeds) {
  MatrixSettings settings;
  settings.appservice_url = "http://10.0.0.5:8080";
  settings.sender_localpart = "buurtbot";
  const auto yaml = YAML::Load(registration_yaml(settings, "as: \"token\" #1", "hs-token"));
  EXPECT_EQ(yaml["id"].as<std::string>(), "buurtbot");
  EXPECT_EQ(yaml["url"].as<std::string>(), "http://10.0.0.5:8080");
  EXPECT_EQ(yaml["as_token"].as<std::string>(), "as: \"token\" #1") << "quoted as YAML needs it";
  EXPECT_EQ(yaml["hs_token"].as<std::string>(), "hs-token");
  EXPECT_EQ(yaml["sender_localpart"].as<std::string>(), "buurtbot");
  EXPECT_FALSE(yaml["rate_limited"].as<bool>());
  for (const char* list : {"users", "aliases", "rooms"}) {
    ASSERT_TRUE(yaml["namespaces"][list].IsSequence()) << list;
    EXPECT_EQ(yaml["namespaces"][list].size(), 0u) << list;
  }
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
