// The web chat's posts: parse_post must refuse or read every byte string without crashing, and whatever
// it reads must become a journaled message and an event whose JSON reads back as the same text.
#include "adapters/web/inbound.hpp"
#include "fuzz/common.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace web = buurtbot::adapters::web;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  buurtbot::fuzz::quiet_logs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto body = buurtbot::fuzz::as_text(data, size);
  auto parsed = web::parse_post(body);
  if (const auto* posted = std::get_if<web::Posted>(&parsed)) {
    const auto message = web::inbound_message(*posted, "web-abcdefghijklmnopqrstuv");
    if (message.external_id != "web-abcdefghijklmnopqrstuv:" + posted->client_id) std::abort();
    const auto event = nlohmann::json::parse(web::resident_event(*posted), nullptr, false);
    if (event.is_discarded() || !event["text"].is_string()) std::abort();
    const auto frame = web::sse_frame({1, web::resident_event(*posted)});
    // One event is one data line, whatever the resident wrote.
    if (std::count(frame.begin(), frame.end(), '\n') != 3) std::abort();
  }
  (void)web::normalized_code(body);
  return 0;
}
