#include "bot/http/csv.hpp"

#include <gtest/gtest.h>

namespace buurtbot::http {
namespace {

TEST(Csv, QuotesFieldsWithCommasQuotesAndLineBreaks) {
  EXPECT_EQ(csv_field("gewoon"), "gewoon");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("zeg \"hoi\""), "\"zeg \"\"hoi\"\"\"");
  EXPECT_EQ(csv_field("regel\nregel"), "\"regel\nregel\"");
  EXPECT_EQ(csv_field("regel\r\n"), "\"regel\r\n\"");
  EXPECT_EQ(csv_record({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(Csv, FieldsThatStartLikeAFormulaGetAnApostrophe) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_field("+31 6"), "'+31 6");
  EXPECT_EQ(csv_field("-5"), "'-5");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\tx"), "'\tx");
  EXPECT_EQ(csv_field("a=b"), "a=b");
}

}  // namespace
}  // namespace buurtbot::http
