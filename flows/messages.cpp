#include "flows/messages.hpp"

#include <algorithm>

namespace buurtbot::flows {

const std::vector<MessageSpec>& message_specs() {
  static const std::vector<MessageSpec> kSpecs{
      // The engine (flows/engine.cpp, flows/choice.cpp, flows/validate.cpp).
      {"menu_prompt", {}},
      {"cancelled", {}},
      {"back_at_first", {}},
      {"previous_answer", {"answer"}},
      {"leave_flow_confirm", {"title"}},
      {"leave_flow_stay", {}},
      {"change_which", {}},
      {"change_stop", {}},
      {"idle_expired", {}},
      {"flow_changed", {}},
      {"unknown_command", {}},
      {"not_understood", {}},
      {"thanks_reply", {}},
      {"nothing_running", {}},
      {"help_general", {}},
      {"nothing_to_choose", {}},
      {"search_results", {"words"}},
      {"search_more", {}},
      {"search_end", {}},
      {"search_nothing", {"words"}},
      {"yes", {}},
      {"no", {}},
      {"confirm_invalid", {}},
      {"choice_invalid", {"count"}},
      {"choice_invalid_multiple", {"count"}},
      {"choice_one_only", {"count"}},
      {"choice_exclusive", {"count", "label"}},
      {"error_required", {}},
      {"error_too_short", {"min", "length"}},
      {"error_too_long", {"max", "length"}},
      {"error_single_line", {}},
      {"error_number", {}},
      {"error_number_too_low", {"min"}},
      {"error_number_too_high", {"max"}},
      {"error_amount", {}},
      {"error_amount_negative", {}},
      {"error_amount_too_high", {"max"}},
      {"error_amount_too_low", {"min"}},
      {"error_pattern", {}},
      {"error_email", {}},
      {"error_postcode", {}},
      {"error_reference", {}},
      {"attachment_kept", {}},
      {"attachment_not_here", {}},
      // Outcome texts when a flow file has none: shared by every action, so they take no placeholders.
      {"outcome_ok", {}},
      {"outcome_already", {}},
      {"outcome_not_found", {}},
      {"outcome_not_allowed", {}},
      {"outcome_default", {}},
      {"outcome_link_wrong", {}},
      {"outcome_link_expired", {}},
      {"outcome_link_used", {}},
      {"outcome_link_same", {"channel_label"}},
      // The dispatcher, for group chats and for its own failures.
      {"group_welcome", {}},
      {"group_private_only", {}},
      {"group_link_in_group_only", {}},
      {"encrypted_unreadable", {}},
      {"sorry", {}},
      // Linking channels (bot/civic/linking.cpp).
      {"link_done", {}},
      {"channel_telegram", {}},
      {"channel_email", {}},
      {"channel_matrix", {}},
      {"channel_web", {}},
      {"channel_terminal", {}},
      // The states of an initiative and what each means for the resident (bot/civic/status.cpp).
      {"status_draft", {}},
      {"status_draft_meaning", {}},
      {"status_submitted", {}},
      {"status_submitted_meaning", {}},
      {"status_in_review", {}},
      {"status_in_review_meaning", {}},
      {"status_needs_info", {}},
      {"status_needs_info_meaning", {}},
      {"status_accepted", {}},
      {"status_accepted_meaning", {}},
      {"status_rejected", {}},
      {"status_rejected_meaning", {}},
      {"status_in_progress", {}},
      {"status_in_progress_meaning", {}},
      {"status_done", {}},
      {"status_done_meaning", {}},
      {"status_withdrawn", {}},
      {"status_withdrawn_meaning", {}},
      // The public pages (bot/site/).
      {"site_title", {}},
      {"site_intro", {}},
      {"site_search", {}},
      {"site_status", {}},
      {"site_theme", {}},
      {"site_neighbourhood", {}},
      {"site_all", {}},
      {"site_show", {}},
      {"site_found", {"count"}},
      {"site_next", {}},
      {"site_counts", {"supports", "followers"}},
      {"site_history", {}},
      {"site_take_part", {}},
      {"site_take_part_how", {"ref"}},
      {"site_support_via", {"channel"}},
      {"site_follow_via", {"channel"}},
      {"site_chat_via", {"channel"}},
      {"site_back", {}},
      {"site_not_found", {}},
      {"site_feed", {}},
      {"site_open_data", {"format"}},
      // The unsubscribe page of news mail (adapters/email/unsubscribe.cpp).
      {"unsubscribe_title", {}},
      {"unsubscribe_question_follow", {"ref"}},
      {"unsubscribe_question_workgroup", {}},
      {"unsubscribe_question_all", {}},
      {"unsubscribe_button", {}},
      {"unsubscribe_done", {}},
      {"unsubscribe_invalid", {}},
      // Notifications (bot/civic/notify.cpp) and the officers' announcements (bot/civic/announce.cpp).
      {"notify_status", {"ref", "title", "status", "meaning", "answer", "page"}},
      {"notify_status_follower", {"ref", "title", "status", "answer", "page"}},
      {"notify_status_workgroup", {"theme", "ref", "title", "status", "answer", "page"}},
      {"notify_plan_page", {"url"}},
      {"supporters_none", {}},
      {"working_days_one", {"count"}},
      {"working_days_many", {"count"}},
      {"supporters_one", {"count"}},
      {"supporters_many", {"count"}},
      {"followers_none", {}},
      {"followers_one", {"count"}},
      {"followers_many", {"count"}},
      {"initiative_details", {"ref", "title", "description", "status", "meaning", "answer", "supporters", "followers"}},
      {"official_answer", {"text"}},
      {"official_question", {"text"}},
      {"notify_new_plan", {"theme", "ref", "title", "neighbourhood"}},
      {"announce_question", {"number", "who", "channel", "text"}},
      {"announce_message", {"number", "who", "channel", "text"}},
      {"announce_someone", {}},
      // Options the flows list from storage (bot/civic/facts.cpp).
      {"option_initiative", {"ref", "title", "status"}},
      {"option_workgroup", {"name", "theme"}},
      {"option_workgroup_member", {"name", "theme"}},
      // "My data" (bot/civic/resident_data.cpp).
      {"data_export",
       {"name", "language", "home", "since", "channels", "notified_on", "initiatives", "following", "supporting",
        "workgroups", "questions"}},
      {"data_none", {}},
      {"data_home_unknown", {}},
      {"data_home_declined", {}},
      {"data_language", {}},
      {"data_photo", {}},
      {"data_photo_named", {"name"}},
      {"data_file", {"name"}},
      {"data_file_unnamed", {}},
      {"date", {"day", "month", "year"}},
      {"date_time", {"day", "month", "year", "time"}},
      {"months", {}},
      // The web chat's page (adapters/web/page.cpp); web/chat.js fills the placeholders.
      {"chat_title", {}},
      {"chat_intro", {}},
      {"chat_privacy", {}},
      {"chat_no_script", {}},
      {"chat_log", {}},
      {"chat_start", {}},
      {"chat_message", {}},
      {"chat_send", {}},
      {"chat_photo", {}},
      {"chat_photo_shown", {"name"}},
      {"chat_photo_too_large", {}},
      {"chat_photo_wrong_type", {}},
      {"chat_you", {}},
      {"chat_bot", {}},
      {"chat_sending", {}},
      {"chat_failed", {}},
      {"chat_too_fast", {"seconds"}},
      {"chat_offline", {}},
      {"chat_resume", {}},
      {"chat_resume_make", {}},
      {"chat_resume_shown", {"code", "minutes"}},
      {"chat_resume_code", {}},
      {"chat_resume_go", {}},
      {"chat_resume_wrong", {}},
      {"chat_resume_first", {}},
      {"chat_plans", {}},
      // A mail address left in the web chat (adapters/web, bot/civic/mail_left.cpp).
      {"chat_resume_mail", {}},
      {"chat_mail_send", {}},
      {"chat_answers_mail", {}},
      {"chat_answers_mail_intro", {}},
      {"chat_mail_address", {}},
      {"chat_mail_save", {}},
      {"chat_mail_wrong", {}},
      {"chat_mail_sent", {}},
      {"mail_answers_set", {"address"}},
      {"mail_answers_stopped", {}},
      {"mail_resume_sent", {"address"}},
      {"mail_resume_mail", {"municipality", "link"}},
      {"mydata_answer_email", {"address"}},
      // An officer's answer (bot/api/threads.cpp): what {{naam}} becomes for a resident without a name.
      {"reply_name_fallback", {}},
  };
  return kSpecs;
}

const MessageSpec* find_message_spec(std::string_view key) {
  // The wording of a text for channels with buttons fills what the text itself fills.
  if (key.ends_with(kButtonsVariant)) key.remove_suffix(kButtonsVariant.size());
  const auto& specs = message_specs();
  auto it = std::find_if(specs.begin(), specs.end(), [&](const MessageSpec& spec) { return spec.key == key; });
  return it == specs.end() ? nullptr : &*it;
}

std::vector<std::string> placeholders_in(std::string_view text) {
  std::vector<std::string> names;
  for (auto open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    auto close = text.find('}', open);
    if (close == std::string_view::npos) break;
    auto name = text.substr(open + 1, close - open - 1);
    if (name.find('\n') != std::string_view::npos) continue;  // fill reads line by line: no placeholder
    names.emplace_back(name);
    open = close;
  }
  return names;
}

}  // namespace buurtbot::flows
