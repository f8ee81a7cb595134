// The homeserver's /sync answers as the Syncer reads them (adapters/matrix/sync.cpp, sync_once): JSON,
// the first sync's count of skipped events, transaction_of_sync with and without history, and the
// transaction through the same parser as the Application Service's (after its dump, as submit() gets
// it). Events come from other homeservers over federation: none of it is trusted.
#include "adapters/matrix/parse.hpp"
#include "adapters/matrix/sync.hpp"
#include "fuzz/common.hpp"

#include <cstdlib>

namespace matrix = buurtbot::adapters::matrix;
using nlohmann::json;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  buurtbot::fuzz::quiet_logs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto body = json::parse(buurtbot::fuzz::as_text(data, size), nullptr, /*allow_exceptions=*/false);
  // What sync_once refuses before reading any further.
  if (!body.is_object() || !body.contains("next_batch") || !body["next_batch"].is_string()) return 0;
  const matrix::ParseOptions options{.user_id = "@buurtbot:example.org",
                                     .allowed_servers = {"example.org", "localhost"},
                                     .is_group = [](const std::string& room) { return room.size() % 2 == 1; }};
  matrix::timeline_events(body);
  // The first sync keeps only the invites; later ones everything, with `since` in the invites' ids.
  for (const auto& [since, history] : {std::pair{"", false}, std::pair{"s72594_4483_1934", true}}) {
    const auto transaction = matrix::transaction_of_sync(body, since, history);
    if (!transaction["events"].is_array()) std::abort();
    const auto result = matrix::parse_transaction(transaction.dump(), options);
    // A transaction made by transaction_of_sync is always one the parser reads.
    if (result.invalid()) std::abort();
  }
  return 0;
}
