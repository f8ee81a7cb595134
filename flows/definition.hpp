#pragma once
// What a flow file says, after the loader checked it: flows, their steps and the global texts.
// The engine only reads these structs; it never sees YAML.

#include "flows/text.hpp"

#include <array>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::flows {

/// The languages every text exists in.
enum class Lang { nl, en };

/// The language of a code such as "nl", "en", "en-GB" or "NL"; nothing for any other language.
std::optional<Lang> parse_lang(std::string_view code);

/// The code of a language: "nl" or "en".
std::string_view to_string(Lang lang);

/// A text in Dutch and English.
struct Text {
  std::string nl;
  std::string en;

  /// The text in `lang`.
  const std::string& in(Lang lang) const { return lang == Lang::en ? en : nl; }
  /// True when neither language has text (the text was not given in the file).
  bool empty() const { return nl.empty() && en.empty(); }
};

/// The kinds of step a flow file may use.
enum class StepType { text, choice, confirm, end };

/// What a `text` step (or a `choice` step that also accepts typed values) expects.
enum class InputKind { plain, number, amount, email, postcode, reference };

/// Checks for a typed answer; lengths count code points, `min`/`max` are the number or euro range.
struct Validation {
  InputKind kind = InputKind::plain;
  bool required = true;
  std::optional<std::size_t> min_length;
  std::optional<std::size_t> max_length;
  bool single_line = false;            ///< a name or title: no line breaks, tabs or other control characters
  std::optional<long long> min;
  std::optional<long long> max;
  std::string pattern_source;          ///< as written in the file, for messages
  std::optional<std::regex> pattern;   ///< must match the whole answer
  Text pattern_error;                  ///< shown when the pattern does not match
};

/// `when: {field, contains}`: the step runs only when the comma list in values[field] holds `contains`.
/// `when` may also be a list of these, which must all hold.
struct Condition {
  std::string field;
  std::string contains;
};

/// Every one must hold; none means always.
using Conditions = std::vector<Condition>;

/// Fields the engine fills when a flow starts, for `when`: `started_with_argument` ("yes" after
/// "/steun BI-2026-0001"), and what the facts tell of the resident as `resident_<name>`.
inline constexpr std::string_view kStartedWithArgument = "started_with_argument";
inline constexpr std::string_view kResidentPrefix = "resident_";

/// One option of a `choice` step written in the file.
struct Option {
  std::string key;
  Text label;
  std::string next;    ///< step to go to when chosen (empty: the step's own next)
  std::string start;   ///< flow to start when chosen, instead of going on
  bool exclusive = false;  ///< may not be combined with other options ("geen")
  Conditions when;  ///< offered only when these hold
};

/// One step of a flow; which fields matter depends on `type`.
struct Step {
  std::string id;
  StepType type = StepType::text;
  int line = 0;  ///< 1-based line in the flow file, for messages about it
  Text prompt;
  Text help;
  Text label;  ///< what the answer is called ("Naam"): a step with a label can be changed after "nee" at a confirm
  Conditions when;  ///< the step is asked only when these hold, else skipped
  std::string next;

  Validation validation;  ///< text; for a choice: a typed value of `validation.kind` is accepted too

  std::vector<Option> options;
  std::string options_from;  ///< a fact source: themes, neighbourhoods, workgroups…
  bool multiple = false;
  /// A long list: shown kPageSize at a time ("meer" for the next ones), and a typed word searches it.
  bool search = false;
  Text empty;  ///< shown when `options_from` gives no options; the flow then ends

  std::string no_next;  ///< confirm: where "no" goes; empty means cancel

  std::string action;                       ///< end: the action to run, if any
  std::map<std::string, std::string> with;  ///< end: extra action fields
  std::map<std::string, Text> outcomes;     ///< end: text per outcome code
  Text text;                                ///< end without action: what to say
  bool show_menu = false;                   ///< end: show the menu after the text
};

/// One flow: a conversation that starts with a command or a menu pick.
struct Flow {
  std::string name;
  std::string file;
  std::vector<std::string> commands;  ///< without the slash, lower case
  Text title;
  Text intro;  ///< said when the flow starts, before its first question (what supporting means…)
  bool menu = false;
  int order = 100;  ///< place in the menu, low first
  bool attachments = false;  ///< photos and files sent while this flow runs are kept for its action
  std::vector<Step> steps;

  /// The step with this id, or nullptr.
  const Step* find(std::string_view id) const;
  /// The position of the step with this id, or steps.size() when there is none.
  std::size_t index_of(std::string_view id) const;
};

/// Every loaded flow plus the global texts of messages.yaml.
struct FlowSet {
  std::vector<Flow> flows;
  std::map<std::string, Text, std::less<>> messages;

  /// The flow with this name, or nullptr.
  const Flow* find(std::string_view name) const;
  /// The flow started by this command (lower case, no slash), or nullptr.
  const Flow* by_command(std::string_view command) const;
  /// The flows shown in the menu, in menu order.
  std::vector<const Flow*> menu() const;
  /// A global text in `lang`; the key itself when it is missing, so the bot is never silent.
  std::string message(std::string_view key, Lang lang) const;
  /// A global text in `lang` with its placeholders filled in (see fill). `vars` gives exactly the
  /// placeholders that message_specs() lists for `key`, so `flows check` holds the files to what the code fills.
  std::string text(std::string_view key, Lang lang, const Vars& vars = {}) const;
};

/// The actions an `end` step may name; the dispatcher knows how to run each of them.
inline constexpr std::array<std::string_view, 15> kActions{
    "create_initiative", "withdraw_initiative", "follow",       "unfollow",     "support",    "join_workgroup",
    "leave_workgroup",   "ask_question",        "add_to_question", "set_language", "export_data", "forget_me",
    "link_group",        "link_identity",       "answer_plan_question"};

/// The fact sources a `choice` step may take its options from (see Facts::options).
inline constexpr std::array<std::string_view, 6> kOptionSources{
    "themes", "neighbourhoods", "workgroups", "my_initiatives", "followed_initiatives", "open_initiatives"};

/// How many options a `search` step shows at once.
inline constexpr std::size_t kPageSize = 5;

}  // namespace buurtbot::flows
