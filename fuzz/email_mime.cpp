// Raw RFC 5322 bytes as POST /webhook/email brings them (check_webhook with the right secret): GMime's
// reading into a mail (MIME structure, charsets, RFC 2047 words, HTML-only mail, attachments,
// delivery status reports), the loop guards that tell automatic mail from a person's, and the message
// the journal would keep, its thread and new text included. Every byte string ends in a message, an
// ignore or a 400.
#include "adapters/email/inbound.hpp"
#include "fuzz/common.hpp"

#include <cstdlib>

namespace email = buurtbot::adapters::email;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  buurtbot::fuzz::quiet_logs();
  // parse_mail calls g_mime_init() once itself (std::call_once); GMime keeps it for the process.
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto raw = buurtbot::fuzz::as_text(data, size);
  auto verdict = email::check_webhook(std::string("secret"), raw, "secret",
                                      {.our_address = "participatie@gemeente.example", .commands = {},
                                       .unsubscribe_secret = "unsubscribe-key"});
  if (verdict.status != 200 && verdict.status != 400) std::abort();
  if (verdict.message && verdict.status != 200) std::abort();
  // The same bytes as the HTML part of a mail.
  email::html_to_text(raw);
  return 0;
}
