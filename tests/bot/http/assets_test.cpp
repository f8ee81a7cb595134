// The files of web/ as the binary holds them.
#include "bot/http/assets.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace buurtbot::http {
namespace {

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(BUURTBOT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Assets, FindsAFileByItsNameOnly) {
  const auto* script = find_asset("app.js");
  ASSERT_NE(script, nullptr);
  EXPECT_EQ(script->bytes, source_file("web/app.js"));
  EXPECT_EQ(find_asset("web/app.js"), nullptr);
  EXPECT_EQ(find_asset("missing.js"), nullptr);
  EXPECT_EQ(find_asset(""), nullptr);
}

TEST(Assets, EmbedsEveryFileOfWebByteForByte) {
  // the officers' page, the public pages' style, the web chat's three files, and the NL Design System's part,
  // which the build writes from the npm packages and which is checked by the site's stylesheet tests
  ASSERT_EQ(assets().size(), 8u);
  for (const auto& asset : assets())
    if (std::string_view(asset.name) != "nlds.css")
      EXPECT_EQ(asset.bytes, source_file("web/" + std::string(asset.name))) << asset.name;
}

TEST(Assets, NamesContentTypesByExtension) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("notes.txt.exe"), "application/octet-stream");
}

}  // namespace
}  // namespace buurtbot::http
