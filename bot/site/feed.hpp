#pragma once
// The public pages as an Atom feed (RFC 4287): one entry per published plan, updated at its latest
// change, so a feed reader shows a plan again whenever its status changes.

#include "bot/site/pages.hpp"

#include <string>
#include <vector>

namespace buurtbot::site {

/// One plan in the feed: the plan and its latest status change.
struct FeedItem {
  storage::Initiative plan;
  storage::StatusChange latest;
};

/// A stable entry id for `ref` on this municipality's site: a name-based UUID, the same on every request.
std::string entry_id(const std::string& municipality, const std::string& ref);

/// The Atom document; `self` is the feed's own path with its query ("/plannen/feed.atom?theme=groen").
std::string atom_feed(const PageContext& page, const std::string& self, const std::vector<FeedItem>& items);

}  // namespace buurtbot::site
