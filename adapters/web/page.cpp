#include "adapters/web/page.hpp"

#include "bot/text/text.hpp"

#include <spdlog/fmt/fmt.h>

#include <array>

namespace buurtbot::adapters::web {
namespace {

// What chat.js says itself (who wrote a message, what went wrong), handed over as data-* attributes.
constexpr std::array kScriptTexts{"chat_you", "chat_bot", "chat_sending", "chat_failed", "chat_too_fast",
                                  "chat_offline", "chat_resume_shown", "chat_resume_wrong", "chat_resume_first",
                                  "chat_start", "chat_photo_shown", "chat_photo_too_large", "chat_photo_wrong_type",
                                  "chat_mail_wrong", "chat_mail_sent"};

// A form with one mail address field and its button.
std::string mail_form(std::string_view id, std::string_view label, std::string_view button) {
  return fmt::format(
      "<form id=\"{id}\" class=\"utrecht-form-field mail-form\">\n"
      "<p class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"{id}-address\">{label}</label></p>\n"
      "<div class=\"row utrecht-form-field__input\"><input id=\"{id}-address\" class=\"utrecht-textbox utrecht-textbox--html-input\" "
      "name=\"address\" type=\"email\" autocomplete=\"email\" maxlength=\"254\">\n"
      "<button type=\"submit\" class=\"utrecht-button utrecht-button--secondary-action\">{button}</button></div>\n"
      "<p class=\"utrecht-paragraph\" role=\"status\"></p>\n</form>\n",
      fmt::arg("id", id), fmt::arg("label", label), fmt::arg("button", button));
}

}  // namespace

std::string chat_page(const flows::FlowSet& texts, flows::Lang lang, const std::string& municipality, MailForms mail) {
  // The stored wording, placeholders and all: chat.js fills those it needs.
  auto say = [&](std::string_view key) { return escape_html(texts.message(key, lang)); };
  const bool dutch = lang == flows::Lang::nl;
  const auto other = dutch ? "en" : "nl";
  std::string data;
  for (const auto* key : kScriptTexts) {
    std::string name(key);
    for (auto& c : name) c = c == '_' ? '-' : c;
    data += fmt::format(" data-{}=\"{}\"", name, say(key));
  }
  const auto resume_mail = mail.resume ? mail_form("resume-mail", say("chat_resume_mail"), say("chat_mail_send")) : "";
  const auto answers_mail =
      mail.answers ? fmt::format("<details id=\"answers-mail\" hidden>\n<summary>{}</summary>\n<p class=\"utrecht-paragraph\">{}</p>\n{}</details>\n",
                                 say("chat_answers_mail"), say("chat_answers_mail_intro"),
                                 mail_form("answers-mail-form", say("chat_mail_address"), say("chat_mail_save")))
                   : "";
  // The NL Design System's (Utrecht) classes, as on the public pages (bot/site/pages.cpp), whose stylesheet this is.
  return fmt::format(
      "<!doctype html>\n<html lang=\"{lang}\" class=\"voorbeeld-theme utrecht-document utrecht-document--surface\">\n"
      "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{title} · {municipality}</title>\n<link rel=\"stylesheet\" href=\"/plannen/site.css\">\n"
      "<link rel=\"stylesheet\" href=\"/chat/chat.css\">\n"
      "<script src=\"/chat/chat.js\" defer></script>\n</head>\n<body>\n"
      "<header class=\"utrecht-page-header\">\n<div class=\"utrecht-page-header__content\">\n"
      "<p class=\"utrecht-paragraph municipality\">{municipality}</p>\n"
      "<nav><a class=\"{link}\" href=\"/chat/?lang={other}\" hreflang=\"{other}\" lang=\"{other}\">{other_name}</a></nav>\n"
      "</div>\n</header>\n"
      "<main id=\"chat\" class=\"utrecht-page-body\" data-lang=\"{lang}\"{data}>\n<div class=\"utrecht-page-body__content\">\n"
      "<h1 class=\"utrecht-heading-1\">{title}</h1>\n<p class=\"utrecht-paragraph utrecht-paragraph--lead\">{intro}</p>\n"
      "<noscript><p class=\"utrecht-paragraph notice\">{no_script}</p></noscript>\n"
      "<h2 id=\"log-title\" class=\"visually-hidden\">{log}</h2>\n"
      "<div id=\"conversation\" class=\"conversation\" role=\"log\" aria-live=\"polite\" aria-labelledby=\"log-title\" "
      "tabindex=\"0\"><ol id=\"log\"></ol></div>\n"
      "<p id=\"start-line\" hidden><button type=\"button\" id=\"start\" class=\"{primary}\">{start}</button></p>\n"
      "<form id=\"send\" class=\"utrecht-form-field\" hidden>\n"
      "<p class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"text\">{message}</label></p>\n"
      "<div class=\"row utrecht-form-field__input\"><input id=\"text\" class=\"{textbox}\" name=\"text\" type=\"text\" "
      "autocomplete=\"off\" maxlength=\"2000\" aria-required=\"true\">\n"
      "<button type=\"submit\" class=\"{primary}\">{send}</button></div>\n</form>\n"
      "<form id=\"photo-form\" class=\"utrecht-form-field\" hidden>\n"
      "<p class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"photo\">{photo}</label></p>\n"
      "<input id=\"photo\" name=\"photo\" type=\"file\" accept=\"image/*\">\n</form>\n"
      "<p id=\"status\" class=\"utrecht-paragraph\" role=\"status\"></p>\n"
      "<details id=\"resume\" hidden>\n<summary>{resume}</summary>\n"
      "<p><button type=\"button\" id=\"resume-make\" class=\"{secondary}\">{resume_make}</button></p>\n"
      "<p id=\"resume-shown\" class=\"utrecht-paragraph\" role=\"status\"></p>\n"
      "<form id=\"resume-form\" class=\"utrecht-form-field\">\n"
      "<p class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"resume-code\">{resume_code}</label></p>\n"
      "<div class=\"row utrecht-form-field__input\"><input id=\"resume-code\" class=\"{textbox}\" name=\"code\" type=\"text\" "
      "autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" maxlength=\"20\" aria-required=\"true\">\n"
      "<button type=\"submit\" class=\"{secondary}\">{resume_go}</button></div>\n</form>\n{resume_mail}</details>\n"
      "{answers_mail}"
      "<p class=\"utrecht-paragraph privacy\">{privacy}</p>\n</div>\n</main>\n"
      "<footer class=\"utrecht-page-footer\">\n<div class=\"utrecht-page-footer__content\">\n"
      "<p class=\"utrecht-paragraph\"><a class=\"{link}\" href=\"/plannen/{plans_lang}\">{plans}</a></p>\n</div>\n</footer>\n"
      "</body>\n</html>\n",
      fmt::arg("link", "utrecht-link utrecht-link--html-a"),
      fmt::arg("primary", "utrecht-button utrecht-button--primary-action"),
      fmt::arg("secondary", "utrecht-button utrecht-button--secondary-action"),
      fmt::arg("textbox", "utrecht-textbox utrecht-textbox--html-input"),
      fmt::arg("lang", flows::to_string(lang)), fmt::arg("title", say("chat_title")),
      fmt::arg("municipality", escape_html(municipality)), fmt::arg("other", other),
      fmt::arg("other_name", dutch ? "English" : "Nederlands"), fmt::arg("data", data), fmt::arg("intro", say("chat_intro")),
      fmt::arg("no_script", say("chat_no_script")), fmt::arg("log", say("chat_log")), fmt::arg("start", say("chat_start")),
      fmt::arg("message", say("chat_message")), fmt::arg("send", say("chat_send")), fmt::arg("photo", say("chat_photo")),
      fmt::arg("resume", say("chat_resume")),
      fmt::arg("resume_make", say("chat_resume_make")), fmt::arg("resume_code", say("chat_resume_code")),
      fmt::arg("resume_go", say("chat_resume_go")), fmt::arg("privacy", say("chat_privacy")),
      fmt::arg("plans_lang", dutch ? "" : "?lang=en"), fmt::arg("plans", say("chat_plans")),
      fmt::arg("resume_mail", resume_mail), fmt::arg("answers_mail", answers_mail));
}

}  // namespace buurtbot::adapters::web
