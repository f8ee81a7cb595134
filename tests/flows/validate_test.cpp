#include "flows/validate.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace buurtbot::flows {
namespace {

struct Row {
  std::string input;
  std::string value;  ///< expected normalised value; empty means refused
  std::string error = {};
};

Validation of_kind(InputKind kind) {
  Validation v;
  v.kind = kind;
  return v;
}

void check_rows(const Validation& validation, const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    SCOPED_TRACE("input: '" + row.input + "'");
    auto verdict = validate(validation, row.input, Lang::nl);
    EXPECT_EQ(verdict.ok, !row.value.empty());
    if (!row.value.empty()) {
      EXPECT_EQ(verdict.value, row.value);
    }
    if (!row.error.empty()) {
      EXPECT_EQ(verdict.error, row.error);
    }
  }
}

TEST(Validate, PostcodeIsFourDigitsNotStartingWithZeroAndTwoLetters) {
  check_rows(of_kind(InputKind::postcode), {
                                               {"4811 AB", "4811 AB"},
                                               {"4811ab", "4811 AB"},
                                               {"  4811 aB ", "4811 AB"},
                                               {"9999 ZZ", "9999 ZZ"},
                                               {"0123 AB", "", "error_postcode"},
                                               {"1234 SA", "", "error_postcode"},
                                               {"1234 SD", "", "error_postcode"},
                                               {"1234 ss", "", "error_postcode"},
                                               {"1234 SB", "1234 SB"},
                                               {"481 AB", "", "error_postcode"},
                                               {"48111 AB", "", "error_postcode"},
                                               {"4811  AB", "", "error_postcode"},
                                               {"4811 A1", "", "error_postcode"},
                                               {"4811 ÅB", "", "error_postcode"},
                                               {"", "", "error_required"},
                                           });
}

TEST(Validate, AmountInEverySpellingIsStoredAsCents) {
  check_rows(of_kind(InputKind::amount), {
                                             {"1250", "125000"},
                                             {"1.250", "125000"},
                                             {"1250,50", "125050"},
                                             {"1.250,50", "125050"},
                                             {"€ 1.250,50", "125050"},
                                             {"€1250", "125000"},
                                             {"€ 1250,-", "125000"},
                                             {"1250 euro", "125000"},
                                             {"1250.5", "125050"},
                                             {"1,250.50", "125050"},
                                             {"12,5", "1250"},
                                             {"1.000.000", "100000000"},
                                             {"1.000.000,01", "", "error_amount_too_high"},
                                             {"2000000", "", "error_amount_too_high"},
                                             {"99999999999999999999", "", "error_amount_too_high"},
                                             {"-50", "", "error_amount_negative"},
                                             {"€ -50", "", "error_amount_negative"},
                                             {"−50", "", "error_amount_negative"},
                                             {"veel", "", "error_amount"},
                                             {"1.25.0", "", "error_amount"},
                                             {"12,345", "1234500"},
                                             {"€", "", "error_amount"},
                                             {"1,2,3", "", "error_amount"},
                                         });
}

TEST(Validate, AmountHasALabelInTheResidentsLanguage) {
  auto verdict = validate(of_kind(InputKind::amount), "1250,5", Lang::nl);
  EXPECT_EQ(verdict.label, "€ 1.250,50");
  EXPECT_EQ(validate(of_kind(InputKind::amount), "1250", Lang::nl).label, "€ 1.250");
  EXPECT_EQ(validate(of_kind(InputKind::amount), "1250", Lang::en).label, "€1,250");
  auto too_high = validate(of_kind(InputKind::amount), "2000000", Lang::nl);
  EXPECT_EQ(too_high.vars.at("max"), "€ 1.000.000");
}

TEST(Validate, AmountRespectsTheStepsMinimum) {
  auto v = of_kind(InputKind::amount);
  v.min = 1;
  check_rows(v, {{"0", "", "error_amount_too_low"}, {"0,50", "", "error_amount_too_low"}, {"1", "100"}});
}

// Found by the flow_validators fuzz target: a bound far beyond what an amount may be overflowed when
// it became cents, and every amount was then refused as too high.
TEST(Validate, AmountBoundsBeyondTheLimitKeepToTheLimit) {
  auto v = of_kind(InputKind::amount);
  v.max = std::numeric_limits<long long>::max() / 10;
  v.min = std::numeric_limits<long long>::min() / 10;
  check_rows(v, {{"250", "25000"}, {"0", "0"}, {"2000000", "", "error_amount_too_high"}});
  v.min = std::numeric_limits<long long>::max() / 10;
  check_rows(v, {{"250", "", "error_amount_too_low"}, {"1000000", "100000000"}});
}

TEST(Validate, ReferenceIsNormalisedToUpperCase) {
  check_rows(of_kind(InputKind::reference), {
                                                {"BI-2026-0001", "BI-2026-0001"},
                                                {"bi-2026-0042", "BI-2026-0042"},
                                                {" Bi 2026 0042 ", "BI-2026-0042"},
                                                {"BI-26-1", "", "error_reference"},
                                                {"2026-0001", "", "error_reference"},
                                                {"BX-2026-0001", "", "error_reference"},
                                            });
}

TEST(Validate, Email) {
  check_rows(of_kind(InputKind::email), {
                                            {"jan@voorbeeld.nl", "jan@voorbeeld.nl"},
                                            {" a.b+c@gemeente.example.nl ", "a.b+c@gemeente.example.nl"},
                                            {"jan", "", "error_email"},
                                            {"jan@voorbeeld", "", "error_email"},
                                            {"jan@@voorbeeld.nl", "", "error_email"},
                                            {"jan de vries@voorbeeld.nl", "", "error_email"},
                                            {"@voorbeeld.nl", "", "error_email"},
                                            {"jan@voorbeeld..nl", "", "error_email"},
                                        });
}

TEST(Validate, NumberWithRange) {
  auto v = of_kind(InputKind::number);
  v.min = 1;
  v.max = 10;
  check_rows(v, {
                    {"7", "7"},
                    {" 10 ", "10"},
                    {"0", "", "error_number_too_low"},
                    {"11", "", "error_number_too_high"},
                    {"zeven", "", "error_number"},
                    {"7.5", "", "error_number"},
                    {"99999999999999999999999", "", "error_number"},
                });
}

TEST(Validate, LengthCountsCharactersNotBytes) {
  Validation v;
  v.min_length = 5;
  v.max_length = 10;
  check_rows(v, {
                    {"🌳🌳🌳🌳🌳", "🌳🌳🌳🌳🌳"},          // 5 characters, 20 bytes
                    {"ééééééééé", "ééééééééé"},          // 9 characters, 18 bytes
                    {"🌳🌳🌳🌳", "", "error_too_short"},
                    {"🌳🌳🌳🌳🌳🌳🌳🌳🌳🌳🌳", "", "error_too_long"},
                    {"   ab   ", "", "error_too_short"},  // trimmed first
                });
  auto verdict = validate(v, "abc", Lang::nl);
  EXPECT_EQ(verdict.vars.at("min"), "5");
  EXPECT_EQ(verdict.vars.at("length"), "3");
}

TEST(Validate, TenKilobytesGiveALengthErrorNotACrash) {
  Validation v;
  v.max_length = 100;
  v.pattern.emplace("(a|b)*");
  const std::string huge(10 * 1024, 'a');
  auto verdict = validate(v, huge, Lang::nl);
  EXPECT_FALSE(verdict.ok);
  EXPECT_EQ(verdict.error, "error_too_long");
  EXPECT_EQ(verdict.vars.at("length"), "10240");

  std::string emoji;
  for (int i = 0; i < 2560; ++i) emoji += "😀";
  EXPECT_EQ(validate(v, emoji, Lang::nl).error, "error_too_long");
  EXPECT_EQ(validate(Validation{}, huge, Lang::nl).error, "error_too_long");  // a cap without max_length too
}

// A name or title is printed in lists and window titles: one line, nothing a terminal would obey.
TEST(Validate, ASingleLineAnswerRefusesControlCharactersLineBreaksAndTabs) {
  Validation v;
  v.single_line = true;
  check_rows(v, {
                    {"Bankje bij de speeltuin 🌳", "Bankje bij de speeltuin 🌳"},
                    {"  Bankje bij de speeltuin\r\n", "Bankje bij de speeltuin"},  // the end of the line itself
                    {"Bankje\x1b]0;pwned\x07", "", "error_single_line"},
                    {"Bankje\nbij de speeltuin", "", "error_single_line"},
                    {"Bankje\tbij de speeltuin", "", "error_single_line"},
                    {"Bankje\xc2\x85" "bij", "", "error_single_line"},  // U+0085, next line
                });
}

TEST(Validate, AnAnswerOfSeveralLinesKeepsItsLineBreaks) {
  check_rows(Validation{}, {{"Eerste regel.\nTweede regel.", "Eerste regel.\nTweede regel."}});
}

TEST(Validate, SqlLookingTextIsJustText) {
  Validation v;
  const std::string text = "Robert'); DROP TABLE initiatives;--";
  auto verdict = validate(v, text, Lang::nl);
  ASSERT_TRUE(verdict.ok);
  EXPECT_EQ(verdict.value, text);
}

TEST(Validate, PatternMustMatchTheWholeAnswer) {
  Validation v;
  v.pattern.emplace("[0-9]{3}");
  check_rows(v, {{"123", "123"}, {"1234", "", "error_pattern"}, {"a123", "", "error_pattern"}});
}

TEST(Validate, OptionalStepAcceptsEmptyAndSkipWords) {
  Validation v;
  v.required = false;
  v.min_length = 5;
  for (std::string input : {"", "  ", "-", "overslaan", "Skip"}) {
    auto verdict = validate(v, input, Lang::nl);
    EXPECT_TRUE(verdict.ok) << input;
    EXPECT_EQ(verdict.value, "") << input;
  }
  EXPECT_EQ(validate(Validation{}, "  ", Lang::nl).error, "error_required");
}

TEST(Validate, FormatEuros) {
  EXPECT_EQ(format_euros(125050, Lang::nl), "€ 1.250,50");
  EXPECT_EQ(format_euros(105, Lang::nl), "€ 1,05");
  EXPECT_EQ(format_euros(100000000, Lang::nl), "€ 1.000.000");
  EXPECT_EQ(format_euros(125050, Lang::en), "€1,250.50");
  EXPECT_EQ(format_euros(0, Lang::en), "€0");
}

}  // namespace
}  // namespace buurtbot::flows
