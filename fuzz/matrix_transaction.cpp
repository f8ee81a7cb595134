// Application Service transaction bodies (PUT /_matrix/app/v1/transactions/{txnId}) and the text helpers
// their events go through: whatever the homeserver sends, parsing ends in messages or an error.
#include "adapters/matrix/parse.hpp"
#include "fuzz/common.hpp"

namespace matrix = buurtbot::adapters::matrix;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  buurtbot::fuzz::quiet_logs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto body = buurtbot::fuzz::as_text(data, size);
  // Rooms whose invite is not in the transaction are groups when their id has an odd length: both
  // kinds are reached without a homeserver.
  const matrix::ParseOptions options{.user_id = "@buurtbot:example.org",
                                     .allowed_servers = {"example.org", "matrix.org"},
                                     .is_group = [](const std::string& room) { return room.size() % 2 == 1; }};
  auto result = matrix::parse_transaction(body, options);
  if (result.invalid() && !result.messages.empty()) std::abort();
  matrix::server_of(body);
  matrix::command_text(body);
  matrix::without_reply_fallback(body);
  return 0;
}
