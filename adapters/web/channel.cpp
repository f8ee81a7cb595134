#include "adapters/web/channel.hpp"

#include "adapters/web/inbound.hpp"
#include "adapters/web/limits.hpp"
#include "adapters/web/page.hpp"
#include "bot/core/digest.hpp"
#include "bot/core/file_type.hpp"
#include "bot/core/random_token.hpp"
#include "bot/http/accept_language.hpp"
#include "bot/http/assets.hpp"
#include "bot/http/client_address.hpp"
#include "bot/http/headers.hpp"
#include "bot/http/page_headers.hpp"
#include "flows/preferred_lang.hpp"
#include "storage/web_chat.hpp"

#include <boost/url/params_view.hpp>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <variant>

namespace buurtbot::adapters::web {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kRoot = "/chat/";
constexpr std::string_view kJson = "application/json; charset=utf-8";
constexpr std::string_view kAddressPrefix = "web-";
constexpr std::size_t kAddressRandom = 22;
constexpr int kEventsPerRead = 100;
constexpr std::chrono::seconds kSendTimeout{30};
constexpr std::chrono::minutes kExpiryEvery{10};
constexpr std::string_view kStreamRetry = "retry: 3000\n\n";
// A resume code: 8 characters that cannot be mistaken for one another (no 0/O, 1/I/L), 40 bits.
constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
constexpr std::size_t kCodeLength = 8;
// Resume mails to one mail address in an hour: enough for a typo and a second device.
constexpr int kResumeMailsPerHour = 3;
// The assets under /chat/ that web/ holds.
constexpr std::array<std::string_view, 3> kAssets{"chat.js", "chat.css", "widget.js"};

std::shared_ptr<spdlog::logger> log() {
  static auto logger = spdlog::get("web") ? spdlog::get("web") : spdlog::default_logger()->clone("web");
  return logger;
}

http::Response page_response(int status, std::string content_type, std::string body) {
  return http::with_page_headers({status, std::move(content_type), std::move(body), {}}, kContentSecurityPolicy);
}

http::Response json_response(int status, std::string body) { return page_response(status, std::string(kJson), std::move(body)); }

http::Response error(int status, std::string_view code, std::string_view message,
                     std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  auto response = json_response(status, error_json(code, message));
  if (retry_after) response.headers.emplace_back("Retry-After", std::to_string(retry_after->count()));
  return response;
}

std::string session_cookie(const std::string& key, int days, bool secure) {
  return std::string(kCookie) + "=" + key + "; Path=/chat; Max-Age=" + std::to_string(days * 86400) +
         "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string cleared_cookie(bool secure) {
  return std::string(kCookie) + "=; Path=/chat; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string new_address() { return std::string(kAddressPrefix) + random_token().substr(0, kAddressRandom); }

std::string new_resume_code() {
  std::array<unsigned char, kCodeLength> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) throw std::runtime_error("no random bytes for a resume code");
  std::string code;
  for (auto byte : bytes) code.push_back(kCodeAlphabet[byte % kCodeAlphabet.size()]);
  return code;
}

std::string text_of(const std::string& body, const char* field) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains(field) || !parsed[field].is_string()) return {};
  return parsed[field].get<std::string>();
}

std::string query_lang(const std::string& query) {
  try {
    for (const auto& param : boost::urls::params_view(query, boost::urls::encoding_opts(true)))
      if (param.key == "lang") return param.value;
  } catch (const std::exception&) {
  }
  return {};
}

// Which mail forms the page shows: answers by mail whenever mail is on, the resume link only when the
// link can be written down whole.
MailForms mail_forms(const Site& site) {
  return {.answers = site.mail, .resume = site.mail && !site.public_url.empty()};
}

class EventStream;

}  // namespace

bool is_web_address(std::string_view address) {
  if (!address.starts_with(kAddressPrefix) || address.size() != kAddressPrefix.size() + kAddressRandom) return false;
  address.remove_prefix(kAddressPrefix.size());
  return std::all_of(address.begin(), address.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

// What the routes, the streams and send() share.
struct WebChannel::State {
  State(const WebChatSettings& s, Site where, const flows::FlowSet& texts)
      : settings(s),
        site(std::move(where)),
        page_nl(chat_page(texts, flows::Lang::nl, site.municipality, mail_forms(site))),
        page_en(chat_page(texts, flows::Lang::en, site.municipality, mail_forms(site))),
        session_posts(s.limits.posts_per_minute, std::chrono::minutes(1)),
        address_posts(s.limits.posts_per_minute_per_address, std::chrono::minutes(1)),
        address_sessions(s.limits.new_sessions_per_hour_per_address, std::chrono::hours(1)),
        mails(kResumeMailsPerHour, std::chrono::hours(1)),
        streams(s.limits.streams, s.limits.streams_per_session) {}

  const WebChatSettings settings;
  const Site site;
  const std::string page_nl;
  const std::string page_en;
  std::atomic<JournalSink*> journal{nullptr};
  WindowLimit session_posts;
  WindowLimit address_posts;
  WindowLimit address_sessions;
  WindowLimit mails;  ///< resume mails per mail address: a form must not become a way to flood a mailbox
  StreamCount streams;

  /// Streams waiting for their session's next event; touched on the writer thread only.
  std::map<storage::Id, std::vector<std::weak_ptr<EventStream>>> waiting;
  Clock::time_point next_expiry{};

  /// Called on the writer thread after an event of `session` was committed.
  void wake(storage::Database& db, storage::Id session);
  /// Deletes expired sessions now and then; on the writer thread.
  void expire_if_due(storage::Database& db);
};

namespace {

// One open GET /chat/api/events: it hands the server every event after the last it sent, and waits on
// the writer thread (in State::waiting) while there is none.
class EventStream final : public http::BodyStream, public std::enable_shared_from_this<EventStream> {
 public:
  EventStream(std::shared_ptr<WebChannel::State> state, storage::Id session, std::int64_t after)
      : state_(std::move(state)), session_(session), after_(after) {}
  ~EventStream() override { state_->streams.close(session_); }

  void next(Deliver deliver) override {
    {
      std::lock_guard lock(mutex_);
      pending_ = std::move(deliver);
    }
    auto* journal = state_->journal.load();
    if (!journal) return finish();
    journal->run([self = shared_from_this()](storage::Database& db) { self->fetch(db); });
  }

  std::chrono::milliseconds keepalive_interval() const override { return std::chrono::seconds(state_->settings.keepalive_s); }

  // On the writer thread: what is new goes to the server's waiting request; with nothing new the
  // stream waits for State::wake(), and a session that ended ends the stream.
  void fetch(storage::Database& db) {
    {
      std::lock_guard lock(mutex_);
      if (!pending_) return;
    }
    storage::WebChat chat(db);
    auto events = chat.events_after(session_, after_, kEventsPerRead);
    if (events.empty()) {
      if (!chat.live(session_)) return finish();
      state_->waiting[session_].push_back(weak_from_this());
      return;
    }
    std::string frames;
    for (const auto& event : events) frames += sse_frame(event);
    after_ = events.back().seq;
    take()(std::move(frames));
  }

 private:
  void finish() {
    if (auto deliver = take()) deliver(std::nullopt);
  }

  Deliver take() {
    std::lock_guard lock(mutex_);
    return std::exchange(pending_, nullptr);
  }

  const std::shared_ptr<WebChannel::State> state_;
  const storage::Id session_;
  std::int64_t after_;  ///< on the writer thread only
  std::mutex mutex_;
  Deliver pending_;
};

}  // namespace

void WebChannel::State::wake(storage::Database& db, storage::Id session) {
  const auto it = waiting.find(session);
  if (it == waiting.end()) return;
  auto streams = std::move(it->second);
  waiting.erase(it);
  for (auto& weak : streams)
    if (auto stream = weak.lock()) stream->fetch(db);
}

void WebChannel::State::expire_if_due(storage::Database& db) {
  const auto now = Clock::now();
  if (now < next_expiry) return;
  next_expiry = now + kExpiryEvery;
  if (const int gone = storage::WebChat(db).expire(); gone > 0) log()->info("{} expired web chat sessions deleted", gone);
  for (auto it = waiting.begin(); it != waiting.end();) {
    std::erase_if(it->second, [](const auto& weak) { return weak.expired(); });
    it = it->second.empty() ? waiting.erase(it) : std::next(it);
  }
}

namespace {

using State = WebChannel::State;

// What storing a post gave: its session (new or found), the event that shows it, and the cookie's value.
struct StoredPost {
  storage::WebSession session;
  storage::AddedEvent event;
  std::string key;
};

// On the writer thread: the post's session (a new one without a live key) and its event, in one
// transaction; a 429 when the session or the address has posted or opened too much.
std::variant<StoredPost, http::Response> store_post(State& state, storage::Database& db, const Posted& posted,
                                                    const std::optional<std::string>& key, const std::string& client) {
  const int days = state.settings.session_days;
  storage::WebChat chat(db);
  std::optional<storage::WebSession> session;
  if (key) session = chat.by_key(sha256_hex(*key));
  if (!session) state.expire_if_due(db);
  std::string value = key.value_or("");
  storage::Transaction tx(db);
  if (!session) {
    if (auto wait = state.address_sessions.take(client, Clock::now()); wait.count() > 0)
      return error(429, "too_many", "too many new conversations from this address", wait);
    value = random_token();
    session = chat.create(new_address(), sha256_hex(value), days);
  }
  if (auto wait = state.session_posts.take(session->address, Clock::now()); wait.count() > 0)
    return error(429, "too_many", "too many messages in this conversation", wait);
  chat.extend(session->id, days);
  const auto event = chat.add_event(session->id, resident_event(posted), posted.client_id, std::nullopt);
  tx.commit();
  return StoredPost{std::move(*session), event, std::move(value)};
}

// The message a post becomes once its session's address is known: a text or a button, or a photo.
using MakeMessage = std::function<InboundMessage(const std::string& address)>;

// Stores the post as its session's event and journals the message `make` gives, answered after the
// commit. Every post passes here, a photo too: the same address limit, the same backlog refusal.
void store_and_journal(const std::shared_ptr<State>& state, JournalSink& journal, const http::Request& request,
                       Posted posted, MakeMessage make, http::Respond respond) {
  const auto client = http::client_address(request, state->site.trusted_proxy);
  if (auto wait = state->address_posts.take(client, Clock::now()); wait.count() > 0)
    return respond(error(429, "too_many", "too many messages from this address", wait));
  if (journal.backlogged()) return respond(error(503, "busy", "busy, try again", std::chrono::seconds(1)));
  const bool secure = http::over_https(request, state->site.tls, state->site.trusted_proxy);
  journal.run([state, &journal, posted = std::move(posted), make = std::move(make), key = http::cookie(request, kCookie), client,
               secure, respond](storage::Database& db) {
    try {
      auto stored = store_post(*state, db, posted, key, client);
      if (auto* refusal = std::get_if<http::Response>(&stored)) return respond(std::move(*refusal));
      const auto& [session, event, value] = std::get<StoredPost>(stored);
      if (event.added) state->wake(db, session.id);
      // The cookie comes with every answer, a refusal too: a new session is not lost when its journal
      // commit fails, and each message keeps the cookie as long as the session.
      auto cookie = session_cookie(value, state->settings.session_days, secure);
      journal.journal(make(session.address), [respond, cookie, seq = event.seq](Journaled result) {
        auto response = result == Journaled::failed
                            ? error(503, "not_stored", "not stored, try again", std::chrono::seconds(1))
                            : json_response(200, nlohmann::json{{"ok", true}, {"seq", seq}, {"duplicate", result == Journaled::duplicate}}.dump());
        response.headers.emplace_back("Set-Cookie", cookie);
        respond(std::move(response));
      });
    } catch (const std::exception& e) {
      log()->warn("a web chat message was not stored: {}", e.what());
      respond(error(503, "not_stored", "not stored, try again", std::chrono::seconds(1)));
    }
  });
}

// POST /chat/api/messages: a text or a button press.
void post_message(const std::shared_ptr<State>& state, JournalSink& journal, http::Request request, http::Respond respond) {
  if (request.body.size() > static_cast<std::size_t>(state->settings.limits.max_body_bytes))
    return respond(error(413, "too_large", "the message is too large"));
  if (auto why = forgery_reason(request, state->site.public_url); !why.empty()) return respond(error(403, "forbidden", why));
  auto parsed = parse_post(request.body);
  if (auto* why = std::get_if<std::string>(&parsed)) return respond(error(400, "bad_request", *why));
  auto posted = std::get<Posted>(std::move(parsed));
  MakeMessage make = [posted](const std::string& address) { return inbound_message(posted, address); };
  store_and_journal(state, journal, request, std::move(posted), std::move(make), std::move(respond));
}

// POST /chat/api/photos: one picture as the body, of at most limits.max_photo_bytes (the route's own body
// limit: the server refuses a larger one with 413 before reading it). Its type comes from its bytes, never
// from the browser; the journal keeps the bytes in the commit that acknowledges them.
void post_photo(const std::shared_ptr<State>& state, JournalSink& journal, http::Request request, http::Respond respond) {
  if (auto why = forgery_reason(request, state->site.public_url); !why.empty()) return respond(error(403, "forbidden", why));
  auto parsed = parse_photo(request);
  if (auto* why = std::get_if<std::string>(&parsed)) return respond(error(400, "bad_request", *why));
  if (image_type_of(request.body).empty())
    return respond(error(415, "not_a_photo", "send a photo as PNG, JPEG, GIF or WebP"));
  auto photo = std::get<PostedPhoto>(std::move(parsed));
  // Shared, so the function stays copyable without copying the picture; it is made into a message once.
  auto bytes = std::make_shared<std::string>(std::move(request.body));
  MakeMessage make = [photo, bytes](const std::string& address) { return inbound_photo(photo, std::move(*bytes), address); };
  store_and_journal(state, journal, request, photo.post, std::move(make), std::move(respond));
}

// GET /chat/api/events: the session's events after Last-Event-ID (or ?after=), as a stream or, with
// ?poll=1, at once as JSON.
void get_events(const std::shared_ptr<State>& state, JournalSink& journal, http::Request request, http::Respond respond) {
  const bool secure = http::over_https(request, state->site.tls, state->site.trusted_proxy);
  const auto key = http::cookie(request, kCookie);
  if (!key) return respond(error(401, "no_session", "no conversation yet"));
  journal.run([state, key = *key, after = resume_after(request), poll = wants_poll(request), slot = request.stream, secure,
               respond](storage::Database& db) {
    try {
      storage::WebChat chat(db);
      const auto session = chat.by_key(sha256_hex(key));
      if (!session) {
        auto response = error(401, "no_session", "this conversation has ended");
        response.headers.emplace_back("Set-Cookie", cleared_cookie(secure));
        return respond(std::move(response));
      }
      if (poll || !slot) return respond(json_response(200, poll_json(chat.events_after(session->id, after, kEventsPerRead))));
      if (!state->streams.open(session->id))
        return respond(error(429, "too_many_streams", "too many open event streams; poll instead", std::chrono::seconds(30)));
      slot->put(std::make_shared<EventStream>(state, session->id, after));
      auto response = page_response(200, "text/event-stream; charset=utf-8", std::string(kStreamRetry));
      response.headers.emplace_back("X-Accel-Buffering", "no");
      respond(std::move(response));
    } catch (const std::exception& e) {
      log()->warn("web chat events not read: {}", e.what());
      respond(error(503, "unavailable", "try again", std::chrono::seconds(1)));
    }
  });
}

// The checks every request that changes something passes first; an answer when it does not.
std::optional<http::Response> refused(State& state, const http::Request& request) {
  if (request.body.size() > static_cast<std::size_t>(state.settings.limits.max_body_bytes))
    return error(413, "too_large", "the request is too large");
  if (auto why = forgery_reason(request, state.site.public_url); !why.empty()) return error(403, "forbidden", why);
  const auto client = http::client_address(request, state.site.trusted_proxy);
  if (auto wait = state.address_posts.take(client, Clock::now()); wait.count() > 0)
    return error(429, "too_many", "too many requests from this address", wait);
  return std::nullopt;
}

// POST /chat/api/resume-code: a one-time code that opens this session on another device, shown once.
void make_resume_code(const std::shared_ptr<State>& state, JournalSink& journal, http::Request request, http::Respond respond) {
  if (auto refusal = refused(*state, request)) return respond(std::move(*refusal));
  const auto key = http::cookie(request, kCookie);
  if (!key) return respond(error(401, "no_session", "start a conversation first"));
  journal.run([state, key = *key, respond](storage::Database& db) {
    try {
      storage::WebChat chat(db);
      const auto session = chat.by_key(sha256_hex(key));
      if (!session) return respond(error(401, "no_session", "start a conversation first"));
      const auto code = new_resume_code();
      chat.set_resume_code(session->id, sha256_hex(code), state->settings.resume_code_minutes);
      respond(json_response(200, nlohmann::json{{"code", code.substr(0, 4) + "-" + code.substr(4)},
                                                {"minutes", state->settings.resume_code_minutes}}
                                     .dump()));
    } catch (const std::exception& e) {
      log()->warn("no resume code made: {}", e.what());
      respond(error(503, "unavailable", "try again", std::chrono::seconds(1)));
    }
  });
}

// The page's address with a resume code after '#': a browser never sends what follows '#', so the code
// stays out of every request line, log and Referer; the page reads it and posts it as a typed code.
std::string resume_link(const std::string& public_url, const std::string& code) {
  auto base = public_url;
  while (base.ends_with('/')) base.pop_back();
  return base + std::string(kRoot) + "#code=" + code.substr(0, 4) + "-" + code.substr(4);
}

// POST /chat/api/mail: a mail address for this session's answers, or for a mail with a link that opens
// the conversation on another device. Journaled as an event of the session and answered after the
// commit, as a message is; the flows say in the conversation what happens.
void post_mail(const std::shared_ptr<State>& state, JournalSink& journal, http::Request request, http::Respond respond) {
  if (request.body.size() > static_cast<std::size_t>(state->settings.limits.max_body_bytes))
    return respond(error(413, "too_large", "the request is too large"));
  if (auto refusal = refused(*state, request)) return respond(std::move(*refusal));
  auto parsed = parse_mail(request.body);
  if (auto* why = std::get_if<std::string>(&parsed)) return respond(error(400, "bad_request", *why));
  auto mail = std::get<PostedMail>(std::move(parsed));
  const bool resume = mail.purpose == PostedMail::Purpose::resume;
  if (resume && !mail_forms(state->site).resume) return respond(error(404, "not_found", "no resume mail without a public address"));
  const auto key = http::cookie(request, kCookie);
  if (!key) return respond(error(401, "no_session", "start a conversation first"));
  if (journal.backlogged()) return respond(error(503, "busy", "busy, try again", std::chrono::seconds(1)));
  if (resume) {
    if (auto wait = state->mails.take(lower(mail.address), Clock::now()); wait.count() > 0)
      return respond(error(429, "too_many", "a mail went to this address a short while ago", wait));
  }
  journal.run([state, &journal, mail = std::move(mail), key = *key, resume, respond](storage::Database& db) {
    try {
      storage::WebChat chat(db);
      const auto session = chat.by_key(sha256_hex(key));
      if (!session) return respond(error(401, "no_session", "start a conversation first"));
      std::string link;
      if (resume) {
        const auto code = new_resume_code();
        chat.set_resume_code(session->id, sha256_hex(code), state->settings.resume_code_minutes);
        link = resume_link(state->site.public_url, code);
      }
      journal.journal(inbound_mail(mail, session->address, link), [respond](Journaled result) {
        respond(result == Journaled::failed ? error(503, "not_stored", "not stored, try again", std::chrono::seconds(1))
                                            : json_response(200, R"({"ok":true})"));
      });
    } catch (const std::exception& e) {
      log()->warn("a web chat mail request was not stored: {}", e.what());
      respond(error(503, "not_stored", "not stored, try again", std::chrono::seconds(1)));
    }
  });
}

// POST /chat/api/resume: a resume code from another device binds this browser to that session.
void resume(const std::shared_ptr<State>& state, JournalSink& journal, http::Request request, http::Respond respond) {
  if (auto refusal = refused(*state, request)) return respond(std::move(*refusal));
  const auto code = normalized_code(text_of(request.body, "code"));
  if (code.size() != kCodeLength) return respond(error(400, "bad_code", "a code has 8 letters and digits"));
  const bool secure = http::over_https(request, state->site.tls, state->site.trusted_proxy);
  journal.run([state, code, secure, respond](storage::Database& db) {
    try {
      storage::WebChat chat(db);
      storage::Transaction tx(db);
      const auto session = chat.take_resume_code(sha256_hex(code));
      if (!session) {
        tx.commit();  // a wrong guess uses the code up as well
        return respond(error(404, "unknown_code", "this code does not work: it was used, is too old, or never existed"));
      }
      const auto key = random_token();
      chat.add_key(session->id, sha256_hex(key));
      tx.commit();
      auto response = json_response(200, R"({"ok":true})");
      response.headers.emplace_back("Set-Cookie", session_cookie(key, state->settings.session_days, secure));
      respond(std::move(response));
    } catch (const std::exception& e) {
      log()->warn("no resume: {}", e.what());
      respond(error(503, "unavailable", "try again", std::chrono::seconds(1)));
    }
  });
}

void page(const State& state, http::Request request, http::Respond respond) {
  const auto wished = http::accepted_languages(http::header(request, "accept-language").value_or(""));
  const auto lang = flows::preferred_lang(query_lang(request.query), wished);
  auto response = page_response(200, "text/html; charset=utf-8", lang == flows::Lang::en ? state.page_en : state.page_nl);
  response.headers.emplace_back("Vary", "Accept-Language");
  respond(std::move(response));
}

void asset(std::string_view name, http::Request, http::Respond respond) {
  const auto* file = http::find_asset(name);
  if (!file) return respond(page_response(404, "text/plain; charset=utf-8", "not found\n"));
  respond(page_response(200, std::string(http::content_type_for(name)), std::string(file->bytes)));
}

}  // namespace

WebChannel::WebChannel(const WebChatSettings& settings, Site site, const flows::FlowSet& texts)
    : state_(std::make_shared<State>(settings, std::move(site), texts)) {}

WebChannel::~WebChannel() { stop(); }

std::string_view WebChannel::name() const { return kChannel; }

std::vector<InboundRoute> WebChannel::routes(JournalSink& journal) {
  state_->journal = &journal;
  auto state = state_;
  std::vector<InboundRoute> routes;
  routes.push_back({"GET", "/chat", [](http::Request, http::Respond respond) {
                      auto response = page_response(308, "text/plain; charset=utf-8", "see /chat/\n");
                      response.headers.emplace_back("Location", std::string(kRoot));
                      respond(std::move(response));
                    }});
  routes.push_back({"GET", std::string(kRoot), [state](http::Request r, http::Respond s) { page(*state, std::move(r), std::move(s)); }});
  for (auto name : kAssets)
    routes.push_back({"GET", std::string(kRoot) + std::string(name),
                      [name](http::Request r, http::Respond s) { asset(name, std::move(r), std::move(s)); }});
  routes.push_back({"POST", "/chat/api/messages", [state, &journal](http::Request r, http::Respond s) {
                      post_message(state, journal, std::move(r), std::move(s));
                    }});
  routes.push_back({.method = "POST",
                    .path = "/chat/api/photos",
                    .handler = [state, &journal](http::Request r, http::Respond s) { post_photo(state, journal, std::move(r), std::move(s)); },
                    .max_body_bytes = static_cast<std::size_t>(state->settings.limits.max_photo_bytes)});
  routes.push_back({"GET", "/chat/api/events", [state, &journal](http::Request r, http::Respond s) {
                      get_events(state, journal, std::move(r), std::move(s));
                    }});
  if (state->site.mail) {
    routes.push_back({"POST", "/chat/api/mail", [state, &journal](http::Request r, http::Respond s) {
                        post_mail(state, journal, std::move(r), std::move(s));
                      }});
  }
  routes.push_back({"POST", "/chat/api/resume-code", [state, &journal](http::Request r, http::Respond s) {
                      make_resume_code(state, journal, std::move(r), std::move(s));
                    }});
  routes.push_back({"POST", "/chat/api/resume", [state, &journal](http::Request r, http::Respond s) {
                      resume(state, journal, std::move(r), std::move(s));
                    }});
  return routes;
}

void WebChannel::start(JournalSink& journal) { state_->journal = &journal; }

// The server ends the open streams when it stops; what the journal still runs for them finds no
// delivery waiting and does nothing.
void WebChannel::stop() {}

void WebChannel::add_metrics(http::Metrics& metrics) {
  metrics.describe("buurtbot_web_open_streams", "Open web chat event streams.");
  metrics.gauge("buurtbot_web_open_streams", [state = state_] { return double(state->streams.open_now()); });
}

// The page puts "/<command>" in the message field for the resident to send: a link, from anywhere, never
// says anything on the resident's behalf. A command in other characters than these stays out of the link.
std::optional<StartLink> WebChannel::start_link(std::string_view command) const {
  const bool plain = !command.empty() && command.size() <= 64 && std::all_of(command.begin(), command.end(), [](unsigned char c) {
    return std::isalnum(c) || c == ' ' || c == '-' || c == '_';
  });
  if (!plain) return StartLink{.url = std::string(kRoot), .carries_command = false};
  std::string query(command);
  std::replace(query.begin(), query.end(), ' ', '+');
  return StartLink{.url = std::string(kRoot) + "?command=" + query, .carries_command = true};
}

// Storing an event is all a delivery takes: no rate limit, a few at once.
DeliveryPolicy WebChannel::delivery() const {
  DeliveryPolicy policy;
  policy.senders = 2;
  return policy;
}

SendResult WebChannel::send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) {
  auto* journal = state_->journal.load();
  if (!journal)
    return SendError{.status = 0, .retry_after = {}, .network = true, .unreachable = false, .detail = "the web chat has not started"};
  auto result = std::make_shared<std::promise<SendResult>>();
  auto future = result->get_future();
  journal->run([state = state_, address, message, idempotency_key, result](storage::Database& db) {
    try {
      storage::WebChat chat(db);
      const auto session = chat.by_address(address);
      if (!session) {
        return result->set_value(SendError{.status = 410, .retry_after = {}, .network = false, .unreachable = true,
                                           .detail = "the web chat session has ended"});
      }
      storage::Transaction tx(db);
      // After "forget me" the conversation shown so far goes too; only the goodbye is left to read.
      if (message.erase_after_send) chat.erase_events(session->id);
      chat.add_event(session->id, bot_event(message), std::nullopt, idempotency_key);
      tx.commit();
      result->set_value(std::nullopt);
      state->wake(db, session->id);
    } catch (const std::exception& e) {
      result->set_value(SendError{.status = 503, .retry_after = {}, .network = false, .unreachable = false, .detail = e.what()});
    }
  });
  if (future.wait_for(kSendTimeout) != std::future_status::ready)
    return SendError{.status = 0, .retry_after = {}, .network = true, .unreachable = false,
                     .detail = "the database did not store the reply in time"};
  return future.get();
}

std::unique_ptr<Channel> build(const config::Config& config, const flows::FlowSet& flows, bool mail) {
  const auto settings = settings_of(config);
  if (!settings.enabled) return nullptr;
  Site site{.tls = !config.server.tls_cert.empty(), .trusted_proxy = config.server.trusted_proxy,
            .public_url = config.municipality.public_url, .municipality = config.municipality.name, .mail = mail};
  return std::make_unique<WebChannel>(settings, std::move(site), flows);
}

}  // namespace buurtbot::adapters::web
