#include "adapters/email/imap.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <regex>

namespace buurtbot::adapters::email {
namespace {

std::uint64_t number_after(std::string_view text, std::string_view word) {
  for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    // A whole word: not the end of a longer one ("XUIDVALIDITY").
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) != 0 || text[at - 1] == '.')) continue;
    auto rest = text.substr(at + word.size());
    if (rest.empty() || rest.front() != ' ') continue;
    rest.remove_prefix(1);
    std::uint64_t value = 0;
    const auto [ptr, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (error == std::errc() && ptr != rest.data()) return value;
  }
  return 0;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

struct Download {
  std::string data;
  std::size_t max_bytes = 0;
  bool too_large = false;
};

std::size_t write_to(char* bytes, std::size_t size, std::size_t count, void* user) {
  auto& download = *static_cast<Download*>(user);
  const std::size_t n = size * count;
  if (download.max_bytes > 0 && download.data.size() + n > download.max_bytes) {
    download.too_large = true;
    return 0;  // ends the transfer: CURLE_WRITE_ERROR
  }
  download.data.append(bytes, n);
  return n;
}

int abort_when_stopping(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto& stopping = *static_cast<std::function<bool()>*>(user);
  return stopping && stopping() ? 1 : 0;
}

CURL* handle(void* curl) { return static_cast<CURL*>(curl); }

// "7", "DEC", "2026" → "2026-12-07"; "" for a month IMAP does not name.
std::string iso_day(const std::string& day, const std::string& month, const std::string& year) {
  static constexpr std::array<std::string_view, 12> kMonths{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                            "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  const auto found = std::ranges::find(kMonths, month);
  if (found == kMonths.end()) return "";
  char out[16];
  std::snprintf(out, sizeof out, "%s-%02d-%02d", year.c_str(), static_cast<int>(found - kMonths.begin()) + 1, std::stoi(day));
  return out;
}

}  // namespace

std::optional<MailboxStatus> parse_select(std::string_view answer) {
  MailboxStatus status;
  for (std::size_t start = 0; start < answer.size();) {
    auto end = answer.find('\n', start);
    if (end == std::string_view::npos) end = answer.size();
    const auto line = upper(answer.substr(start, end - start));
    start = end + 1;
    if (!line.starts_with("* OK [")) continue;
    const std::string_view code = std::string_view(line).substr(6);
    if (code.starts_with("UIDVALIDITY ")) status.uidvalidity = number_after(code, "UIDVALIDITY");
    else if (code.starts_with("UIDNEXT ")) status.uidnext = number_after(code, "UIDNEXT");
  }
  if (status.uidvalidity == 0) return std::nullopt;
  return status;
}

std::vector<ListedMail> parse_listing(std::string_view answer) {
  static const std::regex kFetch(R"(^\*\s+\d+\s+FETCH\s+\((.*)\)\s*$)", std::regex::icase);
  static const std::regex kFlags(R"(FLAGS\s+\(([^)]*)\))", std::regex::icase);
  static const std::regex kInternalDate(R"(INTERNALDATE\s+"\s?(\d{1,2})-([A-Z]{3})-(\d{4}))");
  std::vector<ListedMail> out;
  for (std::size_t start = 0; start < answer.size();) {
    auto end = answer.find('\n', start);
    if (end == std::string_view::npos) end = answer.size();
    std::string line(answer.substr(start, end - start));
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch fetch;
    if (!std::regex_match(line, fetch, kFetch)) continue;
    const std::string items = fetch[1].str();
    const std::string upper_items = upper(items);
    ListedMail mail{.uid = number_after(upper_items, "UID"), .seen = false, .date = {}};
    if (mail.uid == 0) continue;
    if (std::smatch flags; std::regex_search(upper_items, flags, kFlags))
      mail.seen = (" " + flags[1].str() + " ").find(" \\SEEN ") != std::string::npos;
    if (std::smatch date; std::regex_search(upper_items, date, kInternalDate)) mail.date = iso_day(date[1], date[2], date[3]);
    out.push_back(mail);
  }
  return out;
}

std::string quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string uid_set(const std::vector<std::uint64_t>& uids) {
  std::string out;
  for (auto uid : uids) out += (out.empty() ? "" : ",") + std::to_string(uid);
  return out;
}

std::set<std::string> parse_capabilities(std::string_view answer) {
  std::set<std::string> offered;
  for (std::size_t start = 0; start < answer.size();) {
    const auto end = std::min(answer.find('\n', start), answer.size());
    const auto line = upper(answer.substr(start, end - start));
    start = end + 1;
    if (!line.starts_with("* CAPABILITY ")) continue;
    std::size_t at = std::string_view("* CAPABILITY ").size();
    while (at < line.size()) {
      const auto space = std::min(line.find_first_of(" \r", at), line.size());
      if (space > at) offered.insert(line.substr(at, space - at));
      at = space + 1;
    }
  }
  return offered;
}

std::vector<std::string> move_commands(const std::vector<std::uint64_t>& uids, const std::string& folder,
                                       const std::set<std::string>& capabilities) {
  const auto set = uid_set(uids);
  if (capabilities.contains("MOVE")) return {"UID MOVE " + set + " " + quoted(folder)};
  std::vector<std::string> steps{"UID COPY " + set + " " + quoted(folder), "UID STORE " + set + " +FLAGS.SILENT (\\Deleted)"};
  if (capabilities.contains("UIDPLUS")) steps.push_back("UID EXPUNGE " + set);
  return steps;
}

bool valid_mailbox_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '&') return false;
  return true;
}

std::string root_url(const ImapServer& server) {
  return std::string(server.starttls ? "imap://" : "imaps://") + server.host + ":" + std::to_string(server.port) + "/";
}

void configure_connection(void* curl_handle, const ImapServer& server, const std::function<bool()>* stopping) {
  CURL* curl = handle(curl_handle);
  curl_easy_setopt(curl, CURLOPT_USERNAME, server.user.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, server.password.c_str());
  // TLS always: imaps:// from the start, imap:// only after STARTTLS, never a login in the clear.
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!server.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, server.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, abort_when_stopping);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, stopping);
}

void end_connection(void* curl_handle) {
  CURL* curl = handle(curl_handle);
  curl_socket_t socket = CURL_SOCKET_BAD;
  if (curl_easy_getinfo(curl, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK && socket != CURL_SOCKET_BAD)
    ::shutdown(socket, SHUT_RDWR);  // libcurl's LOGOUT then fails at once and the connection is dropped
  curl_easy_cleanup(curl);
}

struct ImapSession::Result {
  CURLcode code = CURLE_OK;
  std::string body;
  bool too_large = false;
  std::string error;  ///< libcurl's error buffer: names what went wrong ("Mailbox UIDVALIDITY has changed")
};

ImapSession::ImapSession(ImapServer server, std::function<bool()> stopping)
    : server_(std::move(server)), stopping_(std::move(stopping)) {}

ImapSession::~ImapSession() { disconnect(); }

void ImapSession::disconnect() {
  if (curl_) end_connection(curl_);
  curl_ = nullptr;
  capabilities_.reset();
}

std::string ImapSession::mailbox_url(const std::string& mailbox, std::uint64_t uidvalidity) const {
  std::unique_ptr<char, decltype(&curl_free)> escaped(curl_easy_escape(nullptr, mailbox.c_str(), static_cast<int>(mailbox.size())),
                                                      curl_free);
  return root_url(server_) + (escaped ? escaped.get() : "") + ";UIDVALIDITY=" + std::to_string(uidvalidity);
}

ImapSession::Result ImapSession::perform(const std::string& url, const std::string& custom_request, std::size_t max_bytes) {
  if (!curl_) {
    curl_ = curl_easy_init();
    if (!curl_) throw ImapError("libcurl could not start");
  }
  CURL* curl = handle(curl_);
  Download download{.data = {}, .max_bytes = max_bytes, .too_large = false};
  char error[CURL_ERROR_SIZE] = {0};
  configure_connection(curl, server_, &stopping_);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, custom_request.empty() ? nullptr : custom_request.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_to);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &download);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(server_.timeout.count()));
  Result result;
  result.code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  result.body = std::move(download.data);
  result.too_large = download.too_large;
  result.error = error[0] != '\0' ? error : curl_easy_strerror(result.code);
  return result;
}

// A command whose answer is text; any failure drops the connection and throws.
std::string ImapSession::command(const std::string& url, const std::string& custom_request) {
  auto result = perform(url, custom_request, 0);
  if (result.code != CURLE_OK) {
    disconnect();
    const auto verb = custom_request.substr(0, custom_request.find(' ', custom_request.find(' ') + 1));
    throw ImapError("IMAP " + verb + ": " + result.error);
  }
  return std::move(result.body);
}

// A custom SELECT on the server's root URL: libcurl passes its answer on (its own SELECT keeps it). Later
// commands name the mailbox and this UIDVALIDITY, and libcurl selects again only when it has no such
// mailbox selected, checking the UIDVALIDITY then.
MailboxStatus ImapSession::select(const std::string& mailbox) {
  auto status = parse_select(command(root_url(server_), "SELECT " + quoted(mailbox)));
  if (!status) throw ImapError("IMAP SELECT gave no UIDVALIDITY for " + mailbox);
  return *status;
}

std::vector<ListedMail> ImapSession::list(const std::string& mailbox, std::uint64_t uidvalidity, std::uint64_t from_uid,
                                          std::uint64_t uidnext) {
  constexpr std::uint64_t kWindow = 100;  // 500 mails in one answer already passed the limit
  const auto url = mailbox_url(mailbox, uidvalidity);
  if (uidnext == 0)
    return parse_listing(command(url, "UID FETCH " + std::to_string(from_uid) + ":* (UID FLAGS INTERNALDATE)"));
  std::vector<ListedMail> listed;
  for (auto first = from_uid; first < uidnext; first += kWindow) {
    const auto last = std::min(first + kWindow - 1, uidnext - 1);
    auto window = parse_listing(
        command(url, "UID FETCH " + std::to_string(first) + ":" + std::to_string(last) + " (UID FLAGS INTERNALDATE)"));
    listed.insert(listed.end(), window.begin(), window.end());
  }
  return listed;
}

FetchedMail ImapSession::fetch(const std::string& mailbox, std::uint64_t uidvalidity, std::uint64_t uid, std::size_t max_bytes) {
  auto result = perform(mailbox_url(mailbox, uidvalidity) + "/;UID=" + std::to_string(uid), "", max_bytes);
  if (result.code == CURLE_OK) return {FetchedMail::Outcome::fetched, std::move(result.body)};
  disconnect();  // a transfer cut short leaves the connection in the middle of an answer
  if (result.too_large) return {FetchedMail::Outcome::too_large, {}};
  // libcurl answers a FETCH that found no mail, and a SELECT of a mailbox whose UIDVALIDITY changed, with
  // the same code: only its message tells them apart, and only the first means the mail is gone.
  if (result.code == CURLE_REMOTE_FILE_NOT_FOUND && result.error.find("UIDVALIDITY") == std::string::npos)
    return {FetchedMail::Outcome::gone, {}};
  throw ImapError("IMAP FETCH of UID " + std::to_string(uid) + ": " + result.error);
}

void ImapSession::set_seen(const std::string& mailbox, std::uint64_t uidvalidity, const std::vector<std::uint64_t>& uids, bool seen) {
  if (uids.empty()) return;
  command(mailbox_url(mailbox, uidvalidity), "UID STORE " + uid_set(uids) + (seen ? " +" : " -") + "FLAGS.SILENT (\\Seen)");
}

// Asked on the server's root URL, after libcurl's login: a server may offer more once logged in.
const std::set<std::string>& ImapSession::capabilities() {
  if (!capabilities_) capabilities_ = parse_capabilities(command(root_url(server_), "CAPABILITY"));
  return *capabilities_;
}

void ImapSession::move(const std::string& mailbox, std::uint64_t uidvalidity, const std::vector<std::uint64_t>& uids,
                       const std::string& folder) {
  if (uids.empty()) return;
  for (const auto& step : move_commands(uids, folder, capabilities())) command(mailbox_url(mailbox, uidvalidity), step);
}

}  // namespace buurtbot::adapters::email
