#include "bot/http/request_reader.hpp"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>

#include <string>
#include <vector>

namespace buurtbot::http::detail {
namespace {

namespace bhttp = boost::beast::http;

// Gives `pieces` to the parser one after the other as a connection's reads would: each put() sees what
// the earlier ones left plus the next piece. Returns the first error other than need_more.
boost::beast::error_code put_in_pieces(RequestParser& parser, const std::vector<std::string>& pieces) {
  std::string pending;
  boost::beast::error_code ec;
  for (const auto& piece : pieces) {
    pending += piece;
    const auto used = parser.put(boost::asio::buffer(pending), ec);
    pending.erase(0, used);
    if (ec == bhttp::error::need_more) ec = {};
    if (ec || parser.is_header_done()) break;
  }
  return ec;
}

// A header of `count` fields of about `size` bytes each, cut into pieces that each end one byte into
// the next field: Beast takes every field but the one begun, and what is left (one byte) is too little
// for its header_limit() to see. The last piece ends the header.
std::vector<std::string> header_in_pieces(int count, std::size_t size) {
  std::vector<std::string> pieces{"POST /echo HTTP/1.1\r\nHost: t\r\nX"};
  for (int i = 0; i < count; ++i) pieces.push_back("-F" + std::to_string(i) + ": " + std::string(size, 'v') + "\r\nX");
  pieces.push_back("-Last: 1\r\nContent-Length: 0\r\n\r\n");
  return pieces;
}

TEST(HttpRequestReader, ReadsAHeaderThatArrivesInPieces) {
  RequestParser parser;
  limit(parser, 1024);
  EXPECT_FALSE(put_in_pieces(parser, header_in_pieces(10, 100)));
  EXPECT_TRUE(parser.is_done());
  EXPECT_EQ(parser.fields(), 13u);
  EXPECT_EQ(parser.get()["X-F9"], std::string(100, 'v'));
}

TEST(HttpRequestReader, CountsTheHeaderOverAllThePiecesItArrivesIn) {
  // 40 fields of 1000 bytes: 40 KB, more than twice the limit, though no piece comes near it.
  RequestParser parser;
  limit(parser, 1024);
  EXPECT_EQ(put_in_pieces(parser, header_in_pieces(40, 1000)), bhttp::error::header_limit);
}

TEST(HttpRequestReader, RefusesAHeaderOverTheLimitInOnePiece) {
  RequestParser parser;
  limit(parser, 1024);
  auto pieces = header_in_pieces(20, 1000);
  std::string whole;
  for (const auto& piece : pieces) whole += piece;
  EXPECT_EQ(put_in_pieces(parser, {whole}), bhttp::error::header_limit);
}

TEST(HttpRequestReader, TakesAHundredHeaderFieldsButNotOneMore) {
  for (std::size_t count : {kMaxHeaderFields, kMaxHeaderFields + 1}) {
    std::string request = "GET /ok HTTP/1.1\r\n";
    for (std::size_t i = 0; i < count; ++i) request += "a: b\r\n";
    request += "\r\n";
    RequestParser parser;
    limit(parser, 1024);
    const auto ec = put_in_pieces(parser, {request});
    if (count <= kMaxHeaderFields) {
      EXPECT_FALSE(ec) << ec.message();
      EXPECT_TRUE(parser.is_done());
    } else {
      EXPECT_EQ(ec, bhttp::error::header_limit);
    }
  }
}

}  // namespace
}  // namespace buurtbot::http::detail
