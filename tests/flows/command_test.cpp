#include "flows/command.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

struct Row {
  std::string text;
  std::optional<Command> want;
};

const std::vector<Row> kRows{
    {"/steun", Command{"steun", ""}},
    {"/STEUN bi-2026-0001", Command{"steun", "bi-2026-0001"}},
    {"  /koppel   ABC 123  ", Command{"koppel", "ABC 123"}},
    {"/vraag\nWaar is de bank?", Command{"vraag", "Waar is de bank?"}},
    {"/taal\tEnglish", Command{"taal", "English"}},
    {"/", std::nullopt},
    {"/ steun", std::nullopt},
    {"steun", std::nullopt},
    {"", std::nullopt},
    {"Typ /steun", std::nullopt},
    // Deep links: t.me/<bot>?start=steun_BI-2026-0042 arrives as "/start steun_BI-2026-0042".
    {"/start steun_BI-2026-0042", Command{"steun", "BI-2026-0042"}},
    {"/start VOLG_BI-2026-0042", Command{"volg", "BI-2026-0042"}},
    {"/start", Command{"start", ""}},
    {"/start hallo daar", Command{"start", "hallo daar"}},
    {"/start _x", Command{"start", "_x"}},
};

TEST(Command, Rows) {
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.text);
    const auto got = parse_command(row.text);
    ASSERT_EQ(got.has_value(), row.want.has_value());
    if (got) {
      EXPECT_EQ(got->word, row.want->word);
      EXPECT_EQ(got->args, row.want->args);
    }
  }
}

}  // namespace
}  // namespace buurtbot::flows
