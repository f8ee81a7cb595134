#include "flows/engine.hpp"

#include "flows/choice.hpp"
#include "flows/command.hpp"
#include "flows/messages.hpp"
#include "flows/text.hpp"
#include "flows/validate.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace buurtbot::flows {
namespace {

enum class Word { none, cancel, back, help, menu };

constexpr std::array<std::string_view, 3> kCancelWords{"stop", "annuleer", "cancel"};
constexpr std::array<std::string_view, 2> kBackWords{"terug", "back"};
constexpr std::array<std::string_view, 9> kYesWords{"ja", "j", "yes", "y", "ok", "oke", "oké", "jazeker", "klopt"};
constexpr std::array<std::string_view, 4> kNoWords{"nee", "n", "no", "neen"};
constexpr std::array<std::string_view, 4> kMoreWords{"meer", "more", "volgende", "next"};
// Small talk outside a flow: a greeting (is_greeting) gets the welcome, thanks get a friendly answer and the menu.
constexpr std::array<std::string_view, 11> kThanksWords{
    "dank je", "dank je wel", "dankjewel", "dankje", "bedankt", "dank u", "dank u wel", "thanks", "thank you",
    "thanks a lot", "merci"};
constexpr std::string_view kStartCommand = "start";
constexpr std::string_view kYesKey = "yes";
constexpr std::string_view kNoKey = "no";
constexpr std::string_view kHelpCommand = "help";
constexpr std::string_view kFollowUpAction = "add_to_question";
constexpr std::string_view kPlanAnswerAction = "answer_plan_question";
// Values the engine keeps for itself in a conversation; they start with '_' so no step id can be one.
constexpr std::string_view kLeaving = "_leaving";      ///< "menu" was typed mid-flow: asked whether to throw answers away
constexpr std::string_view kChanging = "_changing";    ///< "nee" at a confirm: the answer to change is asked
constexpr std::string_view kReturnTo = "_return_to";   ///< an answer is being changed: back to this confirm after it
constexpr std::string_view kStopKey = "_stop";

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

Word global_word(std::string_view text) {
  const auto word = simplify(text);
  if (one_of(kCancelWords, word)) return Word::cancel;
  if (one_of(kBackWords, word)) return Word::back;
  if (word == "help") return Word::help;
  if (word == "menu") return Word::menu;
  return Word::none;
}

// The end step that receives free text with `action` (an open question, a plan's answer), wherever a
// flow file put it: the first step of a flow the bot starts itself.
std::pair<const Flow*, const Step*> follow_up_step(const FlowSet& flows, std::string_view action) {
  for (const auto& flow : flows.flows) {
    const Step* first = flow.steps.empty() ? nullptr : &flow.steps.front();
    if (first && first->type == StepType::end && first->action == action) return {&flow, first};
  }
  return {nullptr, nullptr};
}

/// One run of the engine over one input. Collects replies and at most one action.
class Turn final {
 public:
  Turn(const FlowSet& flows, const Facts& facts, Lang lang, const EngineSettings& settings)
      : flows_(flows), facts_(facts), lang_(lang), buttons_(settings.buttons), join_(settings.join_notice_and_question) {}

  /// Expires a stale conversation, handles the input and stamps the new state with `now`.
  StepResult run(const ConversationState& state, const Input& input, Clock::time_point now,
                 const EngineSettings& settings) {
    state_ = state;
    if (!state_.idle() && now - state_.updated_at > settings.idle_timeout) {
      say_message("idle_expired");
      reset();
    }
    if (!state_.idle() && !current_step()) {  // the flow files changed under a running conversation
      say_message("flow_changed");
      reset();
    }
    handle(input);
    if (!lead_.empty()) say("");  // a notice that no question followed goes out on its own
    state_.updated_at = now;
    return StepResult{std::move(state_), std::move(replies_), std::move(action_)};
  }

 private:
  void handle(const Input& input) {
    const auto text = trim(input.text);
    const auto command = input.choice.empty() ? parse_command(text) : std::nullopt;
    if (!input.attachments.empty() && input.choice.empty() && !command) return with_attachments(input, text);
    if (command) return run_command(*command);
    if (input.choice.empty())
      if (auto word = global_word(text); word != Word::none) return global(word);
    if (state_.idle()) return idle(input, text);
    if (state_.values.erase(std::string(kLeaving)) > 0) return answer_leaving(input);
    if (state_.values.contains(std::string(kChanging))) return answer_changing(*flows_.find(state_.flow), input);
    if (auto* flow = menu_flow_of_button(input)) return start(*flow, "");
    answer(*flows_.find(state_.flow), *current_step(), input);
  }

  // "menu" in the middle of a flow with answers: ask before throwing them away.
  void ask_leaving(const Flow& flow) {
    state_.values[std::string(kLeaving)] = "menu";
    say(fill(wording("leave_flow_confirm", lang_), {{"title", flow.title.in(lang_)}}), as_choices(yes_and_no()));
  }

  void answer_leaving(const Input& input) {
    if (yes_or_no(input) == kYesKey) {
      reset();
      return show_menu();
    }
    say_before_question(wording("leave_flow_stay", lang_));
    ask(*current_step());
  }

  // What the resident typed, not what the engine knew when the flow started.
  bool has_answers() const {
    return std::any_of(state_.values.begin(), state_.values.end(), [](const auto& v) {
      return !v.first.starts_with('_') && v.first != kStartedWithArgument && !v.first.starts_with(kResidentPrefix);
    });
  }

  // The answers a resident can change after "nee" at a confirm: those of steps with a label, in order.
  std::vector<ShownOption> changeable(const Flow& flow) const {
    std::vector<ShownOption> options;
    for (const auto& step : flow.steps) {
      const auto it = state_.values.find(step.id);
      if (step.label.empty() || it == state_.values.end()) continue;
      const auto label = state_.values.find(step.id + "_label");
      const auto& answer = label != state_.values.end() ? label->second : it->second;
      options.push_back({step.id, concat({step.label.in(lang_), ": ", shortened(answer)})});
    }
    if (!options.empty()) options.push_back({std::string(kStopKey), wording("change_stop", lang_)});
    return options;
  }

  static std::string shortened(const std::string& answer) {
    constexpr std::size_t kShown = 40;
    if (code_points(answer) <= kShown) return answer;
    std::size_t end = 0;
    for (std::size_t shown = 0; end < answer.size() && shown < kShown; ++shown) {
      ++end;
      while (end < answer.size() && (static_cast<unsigned char>(answer[end]) & 0xC0) == 0x80) ++end;
    }
    return concat({answer.substr(0, end), "…"});
  }

  void ask_changing(const Flow& flow, const Step& confirm) {
    state_.values[std::string(kChanging)] = confirm.id;
    say(wording("change_which", lang_), as_choices(changeable(flow)));
  }

  // The answer to change is picked: its question again, with the answer it had; the confirm after it.
  void answer_changing(const Flow& flow, const Input& input) {
    const auto options = changeable(flow);
    const auto picked = pick(options, input, false);
    if (!picked.ok) {
      say_before_question(fill(wording(picked.error, lang_), picked.vars));
      return say(wording("change_which", lang_), as_choices(options));
    }
    const auto& key = options[picked.indices.front()].key;
    if (key == kStopKey) return cancel();
    state_.values[std::string(kReturnTo)] = state_.values[std::string(kChanging)];
    state_.values.erase(std::string(kChanging));
    const Step& step = *flow.find(key);
    state_.step = step.id;
    say_previous_answer(step);
    ask(step);
  }

  void say_previous_answer(const Step& step) {
    const auto label = state_.values.find(step.id + "_label");
    const auto value = state_.values.find(step.id);
    if (value == state_.values.end()) return;
    const auto& answer = label != state_.values.end() ? label->second : value->second;
    say_before_question(fill(wording("previous_answer", lang_), {{"answer", answer}}));
  }

  void run_command(const Command& command) {
    if (auto* flow = flows_.by_command(command.word)) return start(*flow, command.args);
    if (auto word = global_word(command.word); word != Word::none) return global(word);  // /stop, /terug
    say_before_question(wording("unknown_command", lang_));
    reset();
    show_menu();
  }

  void global(Word word) {
    const Step* step = current_step();
    switch (word) {
      case Word::menu:
        if (step && has_answers()) return ask_leaving(*flows_.find(state_.flow));
        reset();
        return show_menu();
      case Word::help:
        return step ? step_help(*step) : general_help();
      case Word::cancel:
        return step ? cancel() : nothing_running();
      case Word::back:
        return step ? back(*step) : nothing_running();
      case Word::none:
        return;
    }
  }

  void step_help(const Step& step) {
    say_before_question(step.help.empty() ? wording("help_general", lang_) : step.help.in(lang_));
    ask(step);
  }

  // Idle, "help" means the same as /help: the help flow when the files have one.
  void general_help() {
    if (auto* flow = flows_.by_command(kHelpCommand)) return start(*flow, "");
    say_before_question(wording("help_general", lang_));
    show_menu();
  }

  void nothing_running() {
    say_before_question(wording("nothing_running", lang_));
    show_menu();
  }

  void idle(const Input& input, const std::string& text) {
    if (auto* flow = menu_pick(input, text)) return start(*flow, "");
    if (!text.empty() && input.choice.empty() && !is_small_talk(simplify(text)) && answer_waiting_plan(text, input))
      return;
    if (!text.empty() && input.choice.empty() && facts_.has_open_question()) return add_to_question(text, input);
    if (input.choice.empty() && small_talk(simplify(text))) return;
    say_before_question(wording("not_understood", lang_));
    show_menu();
  }

  // True when `word` was a greeting or thanks, answered as a person would answer it.
  bool small_talk(const std::string& word) {
    if (is_greeting(word)) {
      if (auto* welcome = flows_.by_command(kStartCommand)) {
        start(*welcome, "");
        return true;
      }
    }
    if (!one_of(kThanksWords, word)) return false;
    say_before_question(wording("thanks_reply", lang_));
    show_menu();
    return true;
  }

  static bool is_small_talk(const std::string& word) { return is_greeting(word) || one_of(kThanksWords, word); }

  void add_to_question(const std::string& text, const Input& input) {
    follow_up(kFollowUpAction, {{"text", text}}, input);
  }

  // Free text while a plan of the resident waits for their answer is that answer, not a word for an open
  // question: the notification said "Typ je antwoord hier". False when no plan waits.
  bool answer_waiting_plan(const std::string& text, const Input& input) {
    const auto ref = facts_.plan_waiting_for_answer();
    if (ref.empty()) return false;
    follow_up(kPlanAnswerAction, {{"ref", ref}, {"answer", text}}, input);
    return true;
  }

  void follow_up(std::string_view action, std::map<std::string, std::string> fields, const Input& input) {
    auto [flow, step] = follow_up_step(flows_, action);
    action_ = Action{std::string(action), flow ? flow->name : "", step ? step->id : "", std::move(fields)};
    if (!input.attachments.empty()) action_->fields[std::string(kAttachmentsField)] = join(input.attachments, "\n");
  }

  // Photos and files go to an open question when idle, or are kept for the running flow's action when
  // the flow keeps them; otherwise the resident hears that nothing took them. A caption is handled as text.
  void with_attachments(const Input& input, const std::string& text) {
    const Input text_only{input.text, {}, {}};
    if (state_.idle()) {
      if (answer_waiting_plan(text, input)) return;
      if (facts_.has_open_question()) return add_to_question(text, input);
      say_before_question(wording("attachment_not_here", lang_));
      return text.empty() ? show_menu() : handle(text_only);
    }
    const bool kept = keep_attachments(input.attachments);
    if (!text.empty()) {
      if (!kept) say_before_question(wording("attachment_not_here", lang_));
      return handle(text_only);
    }
    say_before_question(wording(kept ? "attachment_kept" : "attachment_not_here", lang_));
    ask(*current_step());
  }

  bool keep_attachments(const std::vector<std::string>& attachments) {
    const Flow* flow = flows_.find(state_.flow);
    if (!flow || !flow->attachments) return false;
    auto& kept = state_.values[std::string(kAttachmentsField)];
    for (const auto& attachment : attachments) kept += (kept.empty() ? "" : "\n") + attachment;
    return true;
  }

  // A menu entry picked while idle: a button with the flow's name, or its number, name or title, a
  // unique part of its title ("vraag") or a typo of it, as any option is picked.
  const Flow* menu_pick(const Input& input, const std::string& text) const {
    const auto entries = flows_.menu();
    std::vector<ShownOption> options;
    for (const Flow* flow : entries) options.push_back({flow->name, flow->title.in(lang_)});
    const auto picked = pick(options, Input{text, input.choice, {}}, false);
    return picked.ok ? entries[picked.indices.front()] : nullptr;
  }

  // An old menu button pressed in the middle of a flow starts that flow, unless the step has that key.
  const Flow* menu_flow_of_button(const Input& input) const {
    if (input.choice.empty()) return nullptr;
    const Step& step = *current_step();
    if (step.type == StepType::confirm && (input.choice == kYesKey || input.choice == kNoKey)) return nullptr;
    if (step.type == StepType::choice) {
      for (const auto& option : shown_options(step, facts_, lang_, state_.values))
        if (option.key == input.choice) return nullptr;
    }
    auto entries = flows_.menu();
    auto it = std::find_if(entries.begin(), entries.end(), [&](const Flow* f) { return f->name == input.choice; });
    return it == entries.end() ? nullptr : *it;
  }

  // Starts a flow; an argument after the command answers its first text or choice step.
  void start(const Flow& flow, const std::string& argument) {
    reset();
    state_.flow = flow.name;
    state_.values[std::string(kStartedWithArgument)] = argument.empty() ? "no" : "yes";
    for (const auto& [name, value] : facts_.about_resident()) state_.values[concat({kResidentPrefix, name})] = value;
    const auto mark = replies_.size();
    const auto lead = lead_;
    argument_follows_ = !argument.empty();
    intro_ = flow.intro.in(lang_);
    enter(flow, 0);
    argument_follows_ = false;
    if (argument.empty() || state_.flow != flow.name || action_) return;
    const Step& first = *current_step();
    if (first.type != StepType::text && first.type != StepType::choice) return;
    replies_.resize(mark);  // the argument answers the prompt, so the prompt need not be shown
    lead_ = lead;           // and a notice said before it goes with the next question instead
    answer(flow, first, Input{argument, {}, {}});
  }

  // Goes to the step at `index`, skipping steps whose `when` does not hold, and asks it.
  void enter(const Flow& flow, std::size_t index) {
    for (std::size_t guard = 0; index < flow.steps.size() && guard <= flow.steps.size(); ++guard) {
      const Step& step = flow.steps[index];
      if (!applies(step)) {
        forget(step.id);
        index = following(flow, step, step.next);
        continue;
      }
      if (skipped_while_changing(step)) {
        index = following(flow, step, step.next);
        continue;
      }
      state_.step = step.id;
      if (step.type == StepType::end) return finish(flow, step);
      return ask(step);
    }
    reset();  // ran past the last step: the loader prevents this, so just stop quietly
  }

  // After a changed answer the flow goes back to its confirm, asking on the way only what is still
  // unanswered (a new "Geld" needs an amount).
  bool skipped_while_changing(const Step& step) {
    const auto back_to = state_.values.find(std::string(kReturnTo));
    if (back_to == state_.values.end()) return false;
    if (step.id == back_to->second) {
      state_.values.erase(back_to);
      return false;
    }
    return state_.values.contains(step.id);
  }

  // Asks a step's question.
  void ask(const Step& step) {
    std::vector<Choice> choices;
    if (step.type == StepType::confirm) {
      choices = as_choices(yes_and_no());
    } else if (step.type == StepType::choice) {
      choices = as_choices(listed(step));
      // "/steun BI-2026-0001" when no plan is open: the number may still name one, so it gets its answer.
      const bool typed_value_follows = argument_follows_ && step.validation.kind != InputKind::plain;
      if (choices.empty() && !typed_value_follows) return nothing_to_choose(step);
    }
    if (!intro_.empty()) say(std::exchange(intro_, {}));  // the flow's intro comes with its first question
    say(step.search ? search_prompt(step) : fill(step.prompt.in(lang_), values()), std::move(choices));
  }

  // A search step's question: what was searched above it, and how to see more below it.
  std::string search_prompt(const Step& step) const {
    const auto words = search_words(step);
    std::string text = fill(step.prompt.in(lang_), values());
    if (!words.empty()) text = concat({fill(wording("search_results", lang_), {{"words", words}}), "\n", text});
    if (has_more(step)) text = concat({text, "\n", wording("search_more", lang_)});
    return text;
  }

  // The options as the resident sees them now: on a search step, one page of what the words found.
  std::vector<ShownOption> listed(const Step& step) const {
    auto all = shown_options(step, facts_, lang_, state_.values, search_words(step));
    if (!step.search) return all;
    const auto first = std::min(all.size(), page_of(step) * kPageSize);
    const auto last = std::min(all.size(), first + kPageSize);
    return {all.begin() + static_cast<std::ptrdiff_t>(first), all.begin() + static_cast<std::ptrdiff_t>(last)};
  }

  bool has_more(const Step& step) const {
    return shown_options(step, facts_, lang_, state_.values, search_words(step)).size() >
           (page_of(step) + 1) * kPageSize;
  }

  std::string search_words(const Step& step) const { return value_of(concat({"_words_", step.id})); }

  std::size_t page_of(const Step& step) const {
    const auto page = value_of(concat({"_page_", step.id}));
    return page.empty() ? 0 : std::stoul(page);
  }

  void set_search(const Step& step, std::string words, std::size_t page) {
    state_.values[concat({"_words_", step.id})] = std::move(words);
    state_.values[concat({"_page_", step.id})] = std::to_string(page);
  }

  std::string value_of(const std::string& key) const {
    const auto it = state_.values.find(key);
    return it == state_.values.end() ? std::string() : it->second;
  }

  // "meer": the next page, or back to the first after the last.
  void next_page(const Step& step) {
    if (has_more(step)) {
      set_search(step, search_words(step), page_of(step) + 1);
    } else {
      say_before_question(wording("search_end", lang_));
      set_search(step, search_words(step), 0);
    }
    ask(step);
  }

  // A typed answer that is no option on a search step: words are searched for. Anything with a digit
  // is meant as a number (an option's, or a plan's like "BI-12") and answered as on any other step.
  void search_instead(const Flow& flow, const Step& step, const Input& input, const Picked& picked) {
    const auto words = trim(input.text);
    const bool number = !words.empty() && words.find_first_not_of("0123456789") == std::string::npos;
    if (!input.choice.empty() || number || words.empty()) return typed_instead(flow, step, input, picked);
    if (words.find_first_of("0123456789") != std::string::npos && step.validation.kind != InputKind::plain) {
      auto verdict = validate(step.validation, words, lang_);
      return verdict.ok ? typed_instead(flow, step, input, picked) : refuse(step, verdict);
    }
    if (shown_options(step, facts_, lang_, state_.values, words).empty()) {
      say_before_question(fill(wording("search_nothing", lang_), {{"words", words}}));
    } else {
      set_search(step, words, 0);
    }
    ask(step);
  }


  void answer(const Flow& flow, const Step& step, const Input& input) {
    switch (step.type) {
      case StepType::text:
        return answer_text(flow, step, input);
      case StepType::choice:
        return answer_choice(flow, step, input);
      case StepType::confirm:
        return answer_confirm(flow, step, input);
      case StepType::end:
        return finish(flow, step);
    }
  }

  void answer_text(const Flow& flow, const Step& step, const Input& input) {
    auto verdict = validate(step.validation, input.text.empty() ? input.choice : input.text, lang_);
    if (!verdict.ok) return refuse(step, verdict);
    store(step.id, verdict.value, verdict.label);
    advance(flow, step, step.next);
  }

  void refuse(const Step& step, const Verdict& verdict) {
    const bool own_text = verdict.error == "error_pattern" && !step.validation.pattern_error.empty();
    const auto& error = own_text ? step.validation.pattern_error.in(lang_) : wording(verdict.error, lang_);
    say_before_question(fill(error, verdict.vars));
    ask(step);
  }

  void answer_choice(const Flow& flow, const Step& step, const Input& input) {
    if (step.search && input.choice.empty() && one_of(kMoreWords, simplify(input.text))) return next_page(step);
    const auto options = listed(step);
    if (options.empty() && step.validation.kind == InputKind::plain) return nothing_to_choose(step);
    auto picked = pick(options, input, step.multiple, !step.search);
    if (!picked.ok) return step.search ? search_instead(flow, step, input, picked) : typed_instead(flow, step, input, picked);
    const ShownOption& first = options[picked.indices.front()];
    if (!step.multiple && first.def && !first.def->start.empty()) {
      if (auto* other = flows_.find(first.def->start)) return start(*other, "");
    }
    std::vector<std::string> keys, labels;
    for (auto index : picked.indices) {
      keys.push_back(options[index].key);
      labels.push_back(options[index].label);
    }
    store(step.id, join(keys, ","), join(labels, ", "));
    if (!step.multiple) keep_facts(step, first.facts);
    const bool own_next = !step.multiple && first.def && !first.def->next.empty();
    advance(flow, step, own_next ? first.def->next : step.next);
  }

  // A choice step with a `kind` also takes a typed value of that kind (a reference not in the list).
  void typed_instead(const Flow& flow, const Step& step, const Input& input, const Picked& picked) {
    if (step.validation.kind != InputKind::plain && input.choice.empty()) {
      if (auto verdict = validate(step.validation, input.text, lang_); verdict.ok) {
        store(step.id, verdict.value, verdict.label.empty() ? verdict.value : verdict.label);
        return advance(flow, step, step.next);
      }
    }
    say_before_question(fill(wording(picked.error, lang_), picked.vars));
    ask(step);
  }

  void answer_confirm(const Flow& flow, const Step& step, const Input& input) {
    const auto answer = yes_or_no(input);
    if (answer == kYesKey) {
      store(step.id, std::string(kYesKey), wording("yes", lang_));
      return advance(flow, step, step.next);
    }
    if (answer == kNoKey) {
      if (step.no_next.empty() && !changeable(flow).empty()) return ask_changing(flow, step);
      if (step.no_next.empty()) return cancel();
      store(step.id, std::string(kNoKey), wording("no", lang_));
      return advance(flow, step, step.no_next);
    }
    say_before_question(wording("confirm_invalid", lang_));
    ask(step);
  }

  // The two options a confirm step lists, in the order shown.
  std::vector<ShownOption> yes_and_no() const {
    return {{std::string(kYesKey), wording("yes", lang_), nullptr},
            {std::string(kNoKey), wording("no", lang_), nullptr}};
  }

  // Yes or no as a listed option (button, number or label), or as one of the usual words for it; empty otherwise.
  std::string_view yes_or_no(const Input& input) const {
    const auto options = yes_and_no();
    if (auto picked = pick(options, input, false, true); picked.ok) return picked.indices.front() == 0 ? kYesKey : kNoKey;
    if (!input.choice.empty()) return {};
    const auto word = simplify(input.text);
    if (one_of(kYesWords, word)) return kYesKey;
    if (one_of(kNoWords, word)) return kNoKey;
    return {};
  }

  void advance(const Flow& flow, const Step& step, const std::string& next) {
    state_.history.push_back(step.id);
    enter(flow, following(flow, step, next));
  }

  // Closes the flow: hands the action to the dispatcher, or says the end text.
  void finish(const Flow& flow, const Step& step) {
    if (!step.action.empty()) {
      Action action{step.action, flow.name, step.id, {state_.values.begin(), state_.values.end()}};
      for (const auto& [field, value] : step.with) action.fields[field] = value;
      action_ = std::move(action);
      return reset();
    }
    if (!step.text.empty()) say(fill(step.text.in(lang_), values()));
    if (step.show_menu) show_menu();
    reset();
  }

  void back(const Step& step) {
    if (state_.history.empty()) {
      say_before_question(wording("back_at_first", lang_));
      return ask(step);
    }
    const Step* previous = flows_.find(state_.flow)->find(state_.history.back());
    state_.history.pop_back();
    if (!previous) return global(Word::menu);
    state_.step = previous->id;
    say_previous_answer(*previous);
    ask(*previous);
  }

  void cancel() {
    say_message("cancelled");
    reset();
  }

  void nothing_to_choose(const Step& step) {
    say(step.empty.empty() ? wording("nothing_to_choose", lang_) : step.empty.in(lang_));
    reset();
  }

  void show_menu() {
    std::vector<Choice> choices;
    for (const Flow* flow : flows_.menu()) choices.push_back({flow->name, flow->title.in(lang_)});
    say(wording("menu_prompt", lang_), std::move(choices));
  }

  bool applies(const Step& step) const { return holds(step.when, state_.values); }

  static std::size_t following(const Flow& flow, const Step& step, const std::string& next) {
    return next.empty() ? flow.index_of(step.id) + 1 : flow.index_of(next);
  }

  const Step* current_step() const {
    const Flow* flow = flows_.find(state_.flow);
    return flow ? flow->find(state_.step) : nullptr;
  }

  // What a picked option brings, as `<step>_<name>`; an earlier pick's facts go, so none is stale.
  void keep_facts(const Step& step, const std::map<std::string, std::string>& facts) {
    const auto prefix = concat({step.id, "_fact_"});
    std::erase_if(state_.values, [&](const auto& entry) { return entry.first.starts_with(prefix); });
    for (const auto& [name, value] : facts) state_.values[concat({prefix, name})] = value;
  }

  void store(const std::string& id, std::string value, std::string label) {
    state_.values[id] = std::move(value);
    if (label.empty()) {
      state_.values.erase(id + "_label");
    } else {
      state_.values[id + "_label"] = std::move(label);
    }
  }

  void forget(const std::string& id) {
    state_.values.erase(id);
    state_.values.erase(id + "_label");
  }

  Vars values() const { return Vars(state_.values.begin(), state_.values.end()); }

  void reset() { state_ = ConversationState{}; }

  // A notice said before a question goes out in the same message, so the resident waits for one message, not two.
  void say(std::string text, std::vector<Choice> choices = {}) {
    if (!lead_.empty()) text = text.empty() ? std::exchange(lead_, {}) : concat({std::exchange(lead_, {}), "\n\n", text});
    replies_.push_back({std::move(text), std::move(choices)});
  }

  // Keeps a refusal or notice to put above the question that follows it, or says it now where the
  // channel shows them apart.
  void say_before_question(std::string text) {
    if (!join_) return replies_.push_back({std::move(text), {}});
    lead_ = lead_.empty() ? std::move(text) : concat({lead_, "\n\n", text});
  }

  void say_message(std::string_view key) { say(wording(key, lang_)); }

  // A global text as this channel should word it: with buttons, its `_buttons` variant when there is one.
  std::string wording(std::string_view key, Lang lang) const {
    if (buttons_) {
      const auto variant = concat({key, kButtonsVariant});
      if (flows_.messages.contains(variant)) return flows_.message(variant, lang);
    }
    return flows_.message(key, lang);
  }

  const FlowSet& flows_;
  const Facts& facts_;
  Lang lang_;
  bool buttons_;
  bool join_;
  ConversationState state_;
  std::vector<Reply> replies_;
  std::string lead_;  ///< a refusal or notice waiting for the question it goes with
  std::string intro_;  ///< the flow's intro, said with its first question (none when nothing is asked)
  bool argument_follows_ = false;  ///< a command's argument will answer the step being entered
  std::optional<Action> action_;
};

std::string outcome_template(const FlowSet& flows, const Action& action, const std::string& code, Lang lang) {
  if (const Flow* flow = flows.find(action.flow)) {
    if (const Step* step = flow->find(action.step)) {
      if (auto it = step->outcomes.find(code); it != step->outcomes.end()) return it->second.in(lang);
    }
  }
  const auto key = "outcome_" + code;
  return flows.messages.contains(key) ? flows.message(key, lang) : flows.message("outcome_default", lang);
}

}  // namespace

StepResult step(const FlowSet& flows, const ConversationState& state, const Input& input, const Facts& facts,
                Lang lang, Clock::time_point now, const EngineSettings& settings) {
  return Turn(flows, facts, lang, settings).run(state, input, now, settings);
}

std::vector<Reply> outcome_replies(const FlowSet& flows, const Action& action, const ActionOutcome& outcome, Lang lang) {
  Vars vars(action.fields.begin(), action.fields.end());
  for (const auto& [name, value] : outcome.vars) vars[name] = value;
  return {Reply{fill(outcome_template(flows, action, outcome.code, lang), vars), {}}};
}

}  // namespace buurtbot::flows
