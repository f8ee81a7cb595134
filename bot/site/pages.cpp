#include "bot/site/pages.hpp"

#include "bot/civic/notify.hpp"
#include "bot/civic/status.hpp"
#include "bot/text/text.hpp"

#include <boost/url/url.hpp>
#include <spdlog/fmt/fmt.h>

namespace buurtbot::site {
namespace {

using flows::Lang;

// The NL Design System's (Utrecht) classes of the elements the pages are made of.
constexpr std::string_view kLink = "utrecht-link utrecht-link--html-a";
constexpr std::string_view kParagraph = "utrecht-paragraph";
constexpr std::string_view kListItem = "utrecht-unordered-list__item";

std::string say(const PageContext& page, std::string_view key, const flows::Vars& vars = {}) {
  return escape_html(page.texts.text(key, page.lang, vars));
}

// Resident text, escaped and isolated, so a right-to-left override in it cannot reorder the page around it.
std::string resident_text(std::string_view text) { return "<bdi>" + escape_html(text) + "</bdi>"; }

std::string status_name(const PageContext& page, const std::string& status) {
  return escape_html(status_label(page.texts, status, page.lang));
}

// The same page in the other language.
std::string language_switch(const PageContext& page, std::string_view path) {
  const bool dutch = page.lang == Lang::nl;
  return fmt::format(R"(<a class="{}" href="{}?lang={}" hreflang="{}" lang="{}">{}</a>)", kLink, path,
                     dutch ? "en" : "nl", dutch ? "en" : "nl", dutch ? "en" : "nl", dutch ? "English" : "Nederlands");
}

// The theme's class is on <html>, where a municipality's tokens on :root (site.theme_css) can override it.
std::string head(const PageContext& page, const std::string& title, std::string_view path) {
  return fmt::format(
      "<!doctype html>\n<html lang=\"{}\" class=\"voorbeeld-theme utrecht-document utrecht-document--surface\">\n"
      "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{} · {}</title>\n<link rel=\"stylesheet\" href=\"/plannen/site.css\">\n"
      "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/plannen/feed.atom\" title=\"{}\">\n"
      "</head>\n<body>\n<header class=\"utrecht-page-header\">\n<div class=\"utrecht-page-header__content\">\n"
      "<p class=\"{} municipality\">{}</p>\n<nav>{}</nav>\n</div>\n</header>\n"
      "<main class=\"utrecht-page-body\">\n<div class=\"utrecht-page-body__content\">\n",
      flows::to_string(page.lang), title, escape_html(page.config.municipality.name), say(page, "site_feed"), kParagraph,
      escape_html(page.config.municipality.name), language_switch(page, path));
}

std::string foot(const PageContext& page) {
  return fmt::format(
      "</div>\n</main>\n<footer class=\"utrecht-page-footer\">\n<div class=\"utrecht-page-footer__content\">\n"
      "<ul class=\"utrecht-unordered-list\">\n<li class=\"{0}\"><a class=\"{1}\" href=\"/plannen/feed.atom\">{2}</a></li>\n"
      "<li class=\"{0}\"><a class=\"{1}\" href=\"/plannen/plannen.json\">{3}</a></li>\n"
      "<li class=\"{0}\"><a class=\"{1}\" href=\"/plannen/plannen.csv\">{4}</a></li>\n"
      "</ul>\n</div>\n</footer>\n</body>\n</html>\n",
      kListItem, kLink, say(page, "site_feed"), say(page, "site_open_data", {{"format", "JSON"}}),
      say(page, "site_open_data", {{"format", "CSV"}}));
}

std::string option(const std::string& value, const std::string& label, const std::string& chosen) {
  return fmt::format("<option value=\"{}\"{}>{}</option>", escape_html(value), value == chosen ? " selected" : "",
                     escape_html(label));
}

// The opening of a form field and its label; the caller adds the input and closes the field.
std::string field_label(std::string_view id, const std::string& label) {
  return fmt::format(
      "<div class=\"utrecht-form-field\">\n<p class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" "
      "for=\"{}\">{}</label></p>\n",
      id, label);
}

std::string select(const PageContext& page, std::string_view name, std::string_view label_key,
                   const std::vector<std::pair<std::string, std::string>>& options, const std::string& chosen) {
  std::string html = field_label(name, say(page, label_key)) +
                     fmt::format("<p class=\"utrecht-form-field__input\"><select class=\"utrecht-select "
                                 "utrecht-select--html-select\" id=\"{0}\" name=\"{0}\">",
                                 name);
  html += option("", page.texts.text("site_all", page.lang), chosen);
  for (const auto& [value, label] : options) html += option(value, label, chosen);
  return html + "</select></p>\n</div>\n";
}

std::vector<std::pair<std::string, std::string>> listed_options(const std::vector<config::Listed>& listed, Lang lang) {
  std::vector<std::pair<std::string, std::string>> options;
  for (const auto& item : listed) options.emplace_back(item.key, lang == Lang::en ? item.en : item.nl);
  return options;
}

std::string filter_form(const PageContext& page, const storage::PublicFilter& asked) {
  std::vector<std::pair<std::string, std::string>> statuses;
  for (auto status : all_statuses())
    if (status != "draft") statuses.emplace_back(std::string(status), status_label(page.texts, status, page.lang));
  std::string html = "<form method=\"get\" action=\"/plannen/\" role=\"search\">\n";
  html += field_label("q", say(page, "site_search")) +
          fmt::format("<p class=\"utrecht-form-field__input\"><input class=\"utrecht-textbox utrecht-textbox--html-input\" "
                      "id=\"q\" name=\"q\" type=\"search\" value=\"{}\"></p>\n</div>\n",
                      escape_html(asked.words));
  html += select(page, "status", "site_status", statuses, asked.status);
  html += select(page, "theme", "site_theme", listed_options(page.config.municipality.themes, page.lang), asked.theme);
  html += select(page, "neighbourhood", "site_neighbourhood", listed_options(page.config.municipality.neighbourhoods, page.lang),
                 asked.neighbourhood);
  if (page.lang == Lang::en) html += "<input type=\"hidden\" name=\"lang\" value=\"en\">\n";
  return html + fmt::format("<p><button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\">{}</button></p>\n"
                            "</form>\n",
                            say(page, "site_show"));
}

std::string facts(const PageContext& page, const storage::Initiative& plan) {
  return fmt::format(
      "<p class=\"{0} facts\"><span class=\"ref\">{1}</span> · <strong class=\"status status-{2}\">{3}</strong> · {4} · {5}</p>\n"
      "<p class=\"{0} counts\">{6}</p>\n",
      kParagraph, escape_html(plan.ref), escape_html(plan.status), status_name(page, plan.status),
      escape_html(theme_label(page.config, plan.theme, flows::to_string(page.lang))),
      escape_html(neighbourhood_label(page.config, plan.neighbourhood, flows::to_string(page.lang))),
      say(page, "site_counts", {{"supports", std::to_string(plan.supports)}, {"followers", std::to_string(plan.followers)}}));
}

std::string plan_item(const PageContext& page, const storage::Initiative& plan) {
  return fmt::format("<li>\n<article>\n<h2 class=\"utrecht-heading-2\"><a class=\"{}\" href=\"/plannen/{}{}\">{}</a></h2>\n{}"
                     "</article>\n</li>\n",
                     kLink, escape_html(plan.ref), page.lang == Lang::en ? "?lang=en" : "", resident_text(plan.title),
                     facts(page, plan));
}

std::string history_item(const PageContext& page, const storage::StatusChange& change) {
  const auto date = change.at.substr(0, 10);
  auto html = fmt::format("<li class=\"utrecht-ordered-list__item\"><time datetime=\"{0}\">{0}</time> {1}", escape_html(date),
                          status_name(page, change.to_status));
  if (const auto answer = answer_in(change, page.lang); !answer.empty())
    html += fmt::format("\n<blockquote class=\"utrecht-blockquote utrecht-blockquote--html-blockquote\"><p class=\"{}\">{}</p>"
                        "</blockquote>",
                        kParagraph, escape_html(answer));
  return html + "</li>\n";
}

// Each channel's links: where the link carries the command, one to support and one to follow; elsewhere
// one that opens the chat, where the resident types the command the paragraph above names.
std::string start_links(const PageContext& page, const std::string& ref) {
  if (!page.start_links) return "";
  const auto follow = page.start_links("volg " + ref);
  std::string items;
  for (const auto& support : page.start_links("steun " + ref)) {
    const flows::Vars channel{{"channel", page.texts.text("channel_" + support.channel, page.lang)}};
    const auto item = [&](const StartLink& link, const char* text) {
      items += fmt::format("<li class=\"{}\"><a class=\"{}\" href=\"{}\">{}</a></li>\n", kListItem, kLink,
                           escape_html(link.url), say(page, text, channel));
    };
    if (!support.link.carries_command) {
      item(support.link, "site_chat_via");
      continue;
    }
    item(support.link, "site_support_via");
    for (const auto& other : follow)
      if (other.channel == support.channel && other.link.carries_command) item(other.link, "site_follow_via");
  }
  return items.empty() ? "" : "<ul class=\"utrecht-unordered-list start-links\">\n" + items + "</ul>\n";
}

std::string next_page_link(const PageContext& page, const storage::PublicFilter& asked,
                           const storage::Initiative& last) {
  return fmt::format("<p class=\"next\"><a href=\"{}\" rel=\"next\">{}</a></p>\n",
                     escape_html(next_page_url("/plannen/", asked, page.lang, last)), say(page, "site_next"));
}

}  // namespace

std::string list_url(std::string_view path, const storage::PublicFilter& asked, flows::Lang lang) {
  boost::urls::url url(path);
  const auto keep = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) url.params().append({name, value});
  };
  keep("q", asked.words);
  keep("status", asked.status);
  keep("theme", asked.theme);
  keep("neighbourhood", asked.neighbourhood);
  if (lang == Lang::en) keep("lang", "en");
  return std::string(url.buffer());
}

std::string next_page_url(std::string_view path, const storage::PublicFilter& asked, flows::Lang lang,
                          const storage::Initiative& last) {
  boost::urls::url next(list_url(path, asked, lang));
  next.params().append({"after", storage::PageCursor{last.updated_at, last.id}.text()});
  return std::string(next.buffer());
}

std::string answer_in(const storage::StatusChange& change, flows::Lang lang) {
  if (lang == Lang::en && !change.answer_en.empty()) return change.answer_en;
  return change.answer.empty() ? change.answer_en : change.answer;
}

std::string plans_page(const PageContext& page, const storage::PublicFilter& asked,
                       const std::vector<storage::Initiative>& plans, std::int64_t total) {
  const auto title = say(page, "site_title");
  auto html = head(page, title, "/plannen/");
  html += fmt::format("<h1 class=\"utrecht-heading-1\">{}</h1>\n<p class=\"{} utrecht-paragraph--lead\">{}</p>\n", title,
                      kParagraph, say(page, "site_intro"));
  html += filter_form(page, asked);
  html += fmt::format("<p class=\"{}\" role=\"status\">{}</p>\n", kParagraph,
                      say(page, "site_found", {{"count", std::to_string(total)}}));
  if (!plans.empty()) {
    html += "<ul class=\"plans\">\n";
    for (const auto& plan : plans) html += plan_item(page, plan);
    html += "</ul>\n";
  }
  if (!plans.empty() && plans.size() == static_cast<std::size_t>(asked.limit))
    html += next_page_link(page, asked, plans.back());
  return html + foot(page);
}

std::string plan_page(const PageContext& page, const storage::Initiative& plan,
                      const std::vector<storage::StatusChange>& history) {
  auto html = head(page, escape_html(plan.title), "/plannen/" + plan.ref);
  html += fmt::format("<p class=\"{}\"><a class=\"{}\" href=\"/plannen/{}\">{}</a></p>\n", kParagraph, kLink,
                      page.lang == Lang::en ? "?lang=en" : "", say(page, "site_back"));
  html += fmt::format("<h1 class=\"utrecht-heading-1\">{}</h1>\n{}", resident_text(plan.title), facts(page, plan));
  html += fmt::format("<p class=\"{} description\">{}</p>\n", kParagraph, resident_text(plan.description));
  html += fmt::format("<h2 class=\"utrecht-heading-2\">{}</h2>\n<ol class=\"utrecht-ordered-list history\">\n",
                      say(page, "site_history"));
  for (const auto& change : history) html += history_item(page, change);
  html += "</ol>\n";
  html += fmt::format("<h2 class=\"utrecht-heading-2\">{}</h2>\n<p class=\"{}\">{}</p>\n", say(page, "site_take_part"),
                      kParagraph, say(page, "site_take_part_how", {{"ref", plan.ref}}));
  html += start_links(page, plan.ref);
  return html + foot(page);
}

std::string not_found_page(const PageContext& page) {
  const auto title = say(page, "site_not_found");
  auto html = head(page, title, "/plannen/");
  html += fmt::format("<h1 class=\"utrecht-heading-1\">{}</h1>\n<p class=\"{}\"><a class=\"{}\" href=\"/plannen/\">{}</a></p>\n",
                      title, kParagraph, kLink, say(page, "site_back"));
  return html + foot(page);
}

}  // namespace buurtbot::site
