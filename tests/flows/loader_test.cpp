#include "flows/loader.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

TEST(FlowLoader, RealFlowsLoadWithoutErrors) {
  auto result = load_flows(std::filesystem::path(BUURTBOT_SOURCE_DIR) / "flows");
  for (const auto& error : result.errors) ADD_FAILURE() << format_error(error);
  EXPECT_GE(result.flows.flows.size(), 10u);
}

}  // namespace
}  // namespace buurtbot::flows
