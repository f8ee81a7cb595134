#include "bot/core/file_type.hpp"

#include <gtest/gtest.h>

namespace buurtbot {
namespace {

using namespace std::string_literals;

TEST(FileType, KnowsTheFourPicturesByTheirFirstBytes) {
  EXPECT_EQ(image_type_of("\x89PNG\r\n\x1a\n rest"s), "image/png");
  EXPECT_EQ(image_type_of("\xff\xd8\xff\xe0 rest"s), "image/jpeg");
  EXPECT_EQ(image_type_of("GIF89a rest"), "image/gif");
  EXPECT_EQ(image_type_of("RIFF\x10\0\0\0WEBPVP8 "s), "image/webp");
}

TEST(FileType, AnSvgOrAPageIsNoPicture) {
  EXPECT_EQ(image_type_of("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "");
  EXPECT_EQ(image_type_of("<html><body>hoi</body></html>"), "");
  EXPECT_EQ(image_type_of("RIFF\x10\0\0\0WAVE"s), "");
  EXPECT_EQ(image_type_of(""), "");
}

TEST(FileType, TheBytesDecideOverWhatTheChannelSaid) {
  EXPECT_EQ(file_type_of("\x89PNG\r\n\x1a\n"s, "application/octet-stream"), "image/png");
  EXPECT_EQ(file_type_of("<html>", "image/png"), "application/octet-stream") << "a page that says it is a picture";
  EXPECT_EQ(file_type_of("<svg/>", "image/svg+xml"), "application/octet-stream");
  EXPECT_EQ(file_type_of("%PDF-1.7", "Application/PDF; name=\"plan.pdf\""), "application/pdf");
  EXPECT_EQ(file_type_of("x", "text/html\r\nSet-Cookie: a=b"), "application/octet-stream");
  EXPECT_EQ(file_type_of("x", ""), "application/octet-stream");
}

}  // namespace
}  // namespace buurtbot
