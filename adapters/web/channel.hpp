#pragma once
// The web chat: a resident without a chat app talks to buurtbot on the municipality's site. The page
// at /chat/ posts each message to POST /chat/api/messages, acknowledged once it is journaled; replies
// reach it through GET /chat/api/events (Server-Sent Events, or ?poll=1), where the outbox stored them
// as the session's events, so they wait for a resident who comes back later.

#include "adapters/web/settings.hpp"
#include "bot/core/channel.hpp"
#include "flows/definition.hpp"

#include <memory>
#include <string>

namespace buurtbot::adapters::web {

/// The cookie that holds a browser's key to its session.
inline constexpr std::string_view kCookie = "buurtbot_chat";

/// True for a web chat address: "web-" and 22 letters, digits, - or _.
bool is_web_address(std::string_view address);

/// Where the chat is served: for the cookie's Secure flag, the check of a post's Origin, and the page's header.
struct Site {
  bool tls = false;           ///< buurtbot serves HTTPS itself
  std::string trusted_proxy;  ///< server.trusted_proxy: its X-Forwarded-Proto and X-Forwarded-For count
  std::string public_url;     ///< municipality.public_url: a post's Origin may also be this one
  std::string municipality;   ///< the name at the top of the page
  /// The e-mail channel is on: the page offers officers' answers by mail too and, with a public_url for
  /// the link, a mail that opens the conversation on another device (POST /chat/api/mail).
  bool mail = false;
};

class WebChannel final : public Channel {
 public:
  /// `texts` give the page its words in both languages; they are read once, here.
  WebChannel(const WebChatSettings& settings, Site site, const flows::FlowSet& texts);
  ~WebChannel() override;

  std::string_view name() const override;
  std::vector<InboundRoute> routes(JournalSink& journal) override;
  void start(JournalSink& journal) override;
  void stop() override;
  void add_metrics(http::Metrics& metrics) override;
  Capabilities capabilities() const override {
    return {.buttons = true, .replies_in_thread = false, .join_notice_and_question = false};
  }
  /// /chat/ on this server, with the command for the page to put in the message field (never sent by itself).
  std::optional<StartLink> start_link(std::string_view command) const override;
  bool valid_address(std::string_view address) const override { return is_web_address(address); }
  DeliveryPolicy delivery() const override;
  /// Stores the reply as an event of the session at `address` (once per outbox row) and wakes its
  /// open streams: delivered means committed. A session that expired is unreachable.
  SendResult send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) override;

  struct State;

 private:
  std::shared_ptr<State> state_;  ///< shared with the open streams, which may outlive a request
};

/// The channel when the config enables it (`webchat.enabled`), else nullptr; `mail`: whether the e-mail
/// channel is on too (Site::mail).
std::unique_ptr<Channel> build(const config::Config& config, const flows::FlowSet& flows, bool mail);

}  // namespace buurtbot::adapters::web
