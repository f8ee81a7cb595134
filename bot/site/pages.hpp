#pragma once
// The public pages as HTML: the list of published plans with its filters, and one plan with its
// history. Plain server-rendered HTML that works without JavaScript; no resident's name ever.

#include "bot/core/channel.hpp"
#include "config/config.hpp"
#include "flows/definition.hpp"
#include "storage/records.hpp"
#include "storage/repositories.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::site {

/// One channel's public link for a command.
struct ChannelStart {
  std::string channel;  ///< the channel's name; the text channel_<name> is its label
  StartLink link;
};

/// The links of every channel that has one, for a command such as "steun BI-2026-0042".
using StartLinks = std::function<std::vector<ChannelStart>(std::string_view command)>;

/// What every page needs: whose site it is, the texts, the visitor's language, and the channels' links.
struct PageContext {
  const config::Config& config;
  const flows::FlowSet& texts;
  flows::Lang lang;
  StartLinks start_links = {};
};

/// The official answer in the visitor's language, else the one language the officer wrote.
std::string answer_in(const storage::StatusChange& change, flows::Lang lang);

/// /plannen/: the filter form as the visitor filled it in, how many plans match in all (`total`), and one
/// page of them; a full page links to the next one (a plain link, so it works without JavaScript).
std::string plans_page(const PageContext& page, const storage::PublicFilter& asked,
                       const std::vector<storage::Initiative>& plans, std::int64_t total);

/// The address of the list at `path` with the visitor's filters and language, in one order whatever
/// order they came in: a feed's identity, which other parameters do not change.
std::string list_url(std::string_view path, const storage::PublicFilter& asked, flows::Lang lang);

/// The address of the page after `last` of the list at `path` ("/plannen/", "/plannen/plannen.json"):
/// the visitor's filters and language, and the cursor. Only a full page has one.
std::string next_page_url(std::string_view path, const storage::PublicFilter& asked, flows::Lang lang,
                          const storage::Initiative& last);

/// /plannen/BI-…: one plan, its status history with the official answers, and how to support or follow it.
std::string plan_page(const PageContext& page, const storage::Initiative& plan,
                      const std::vector<storage::StatusChange>& history);

/// The page for a plan that does not exist or is not public.
std::string not_found_page(const PageContext& page);

}  // namespace buurtbot::site
