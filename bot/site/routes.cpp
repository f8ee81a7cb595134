#include "bot/site/routes.hpp"

#include "bot/http/accept_language.hpp"
#include "bot/http/assets.hpp"
#include "bot/http/headers.hpp"
#include "bot/http/page_headers.hpp"
#include "bot/site/feed.hpp"
#include "bot/site/open_data.hpp"
#include "bot/site/pages.hpp"
#include "bot/site/stylesheet.hpp"
#include "flows/preferred_lang.hpp"
#include "storage/repositories.hpp"

#include <boost/url/params_view.hpp>

#include <map>

namespace buurtbot::site {
namespace {

constexpr std::string_view kRoot = "/plannen/";
constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr int kFeedSize = 50;

using Query = std::map<std::string, std::string>;

// Lenient on purpose: a link shared with tracking parameters still opens the page; the first of a
// repeated name counts, and a malformed query is no query.
Query query_of(const std::string& query) {
  Query values;
  try {
    for (const auto& param : boost::urls::params_view(query, boost::urls::encoding_opts(true)))
      values.emplace(param.key, param.value);
  } catch (const std::exception&) {
    values.clear();
  }
  return values;
}

std::string value_of(const Query& query, const std::string& name) {
  const auto it = query.find(name);
  return it == query.end() ? std::string() : it->second;
}

http::Response page_response(int status, std::string content_type, std::string body) {
  auto response = http::with_page_headers({status, std::move(content_type), std::move(body), {}}, kContentSecurityPolicy);
  response.headers.emplace_back("Vary", "Accept-Language");
  return response;
}

storage::PublicFilter filter_of(const Query& query) {
  storage::PublicFilter filter;
  filter.status = value_of(query, "status");
  filter.theme = value_of(query, "theme");
  filter.neighbourhood = value_of(query, "neighbourhood");
  filter.words = value_of(query, "q");
  filter.after = storage::PageCursor::parse(value_of(query, "after"));
  return filter;
}

std::vector<FeedItem> feed_items(storage::Database& db, storage::PublicFilter filter) {
  filter.limit = kFeedSize;
  storage::Initiatives initiatives(db);
  std::vector<FeedItem> items;
  for (auto& plan : initiatives.public_plans(filter)) {
    auto history = initiatives.history(plan.id);
    items.push_back({std::move(plan), history.empty() ? storage::StatusChange{} : history.back()});
  }
  return items;
}

http::Response plan_response(storage::Database& db, const PageContext& page, const std::string& ref) {
  storage::Initiatives initiatives(db);
  auto plan = initiatives.find(ref);
  if (!plan || !plan->published || plan->hidden) return page_response(404, std::string(kHtml), not_found_page(page));
  return page_response(200, std::string(kHtml), plan_page(page, *plan, initiatives.history(plan->id)));
}

// Everything under /plannen/ that needs the database, by the part of the path after it.
http::Response answer(storage::Database& db, const SiteContext& context, const http::Request& request) {
  const auto& config = context.config;
  const auto query = query_of(request.query);
  const auto wished = http::accepted_languages(http::header(request, "accept-language").value_or(""));
  const PageContext page{config, context.pipeline.flows(), flows::preferred_lang(value_of(query, "lang"), wished),
                         context.start_links};
  const auto rest = request.path.substr(kRoot.size());
  const auto filter = filter_of(query);
  storage::Initiatives initiatives(db);
  if (rest.empty())
    return page_response(200, std::string(kHtml),
                         plans_page(page, filter, initiatives.public_plans(filter), initiatives.count_public(filter)));
  if (rest == "feed.atom")
    return page_response(200, "application/atom+xml; charset=utf-8", atom_feed(page, list_url(request.path, filter, page.lang), feed_items(db, filter)));
  if (rest == "plannen.json" || rest == "plannen.csv") {
    const auto plans = initiatives.public_plans(filter);
    auto response = rest == "plannen.json"
                        ? page_response(200, "application/json; charset=utf-8", plans_json(plans, config.municipality.open_data_licence))
                        : page_response(200, "text/csv; charset=utf-8", plans_csv(plans));
    // Open data comes in pages too: a full one names the next, as the inbox API does (RFC 8288).
    if (!plans.empty() && plans.size() == static_cast<std::size_t>(filter.limit))
      response.headers.emplace_back("Link", "<" + next_page_url(request.path, filter, page.lang, plans.back()) + ">; rel=\"next\"");
    return response;
  }
  return plan_response(db, page, rest);
}

}  // namespace

void add_site_routes(http::Router& router, SiteContext& context) {
  router.add("GET", std::string(kRoot.substr(0, kRoot.size() - 1)), [](http::Request, http::Respond respond) {
    auto response = page_response(308, "text/plain; charset=utf-8", "see /plannen/\n");
    response.headers.emplace_back("Location", std::string(kRoot));
    respond(std::move(response));
  });
  router.add("GET", std::string(kRoot) + "site.css", [css = stylesheet(context.config.site)](http::Request, http::Respond respond) {
    respond(page_response(200, "text/css; charset=utf-8", css));
  });
  router.add_prefix("GET", std::string(kRoot), [&context](http::Request request, http::Respond respond) {
    context.pipeline.run([&context, request = std::move(request), respond](storage::Database& db) {
      try {
        respond(answer(db, context, request));
      } catch (const std::exception&) {
        respond(page_response(500, "text/plain; charset=utf-8", "something went wrong; try again later\n"));
      }
    });
  });
}

}  // namespace buurtbot::site
