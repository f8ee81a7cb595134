#include "adapters/email/smtp.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>

namespace buurtbot::adapters::email {
namespace {

struct Upload {
  const std::string& data;
  std::size_t sent = 0;
};

std::size_t read_mail(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& upload = *static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload.data.size() - upload.sent);
  std::memcpy(buffer, upload.data.data() + upload.sent, n);
  upload.sent += n;
  return n;
}

bool refuses_recipient(long code) { return code == 550 || code == 551 || code == 553; }

}  // namespace

SendResult send_result_of(const SmtpOutcome& outcome) {
  if (outcome.delivered) return std::nullopt;
  SendError error;
  error.detail = "smtp " + std::to_string(outcome.code) + ": " + outcome.detail;
  if (!outcome.reached || outcome.code == 0) {
    error.network = true;
  } else if (outcome.code >= 400 && outcome.code < 500) {
    error.status = 503;  // the server asks to try again later, as an HTTP 503 would
  } else if (refuses_recipient(outcome.code)) {
    error.status = static_cast<int>(outcome.code);
    error.unreachable = true;
  } else {
    error.status = 400;  // a refusal another try will not change (authentication, size, policy)
  }
  return error;
}

SmtpOutcome smtp_send(const SmtpServer& server, const std::string& from, const std::string& to, const std::string& mail) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return {.delivered = false, .reached = false, .code = 0, .detail = "libcurl could not start"};
  const std::string mail_from = "<" + from + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(curl_slist_append(nullptr, ("<" + to + ">").c_str()),
                                                                         curl_slist_free_all);
  Upload upload{mail};
  curl_easy_setopt(curl.get(), CURLOPT_URL, server.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_mail);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(server.timeout.count()));
  // smtp:// uses STARTTLS when offered; a login is never sent in the clear to a server that offers none.
  curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(server.user.empty() ? CURLUSESSL_TRY : CURLUSESSL_ALL));
  if (!server.user.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_USERNAME, server.user.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, server.password.c_str());
  }
  const CURLcode result = curl_easy_perform(curl.get());
  long code = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &code);
  const bool reached = code != 0;
  return {.delivered = result == CURLE_OK, .reached = reached, .code = code, .detail = curl_easy_strerror(result)};
}

}  // namespace buurtbot::adapters::email
