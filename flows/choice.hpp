#pragma once
// Options of a `choice` step and how a resident's answer picks among them: by number, key or
// label (typed, in either language), or by a button that carries the key.

#include "flows/types.hpp"
#include "flows/text.hpp"

#include <string>
#include <vector>

namespace buurtbot::flows {

/// An option as this step shows it now; `def` points into the flow file, or is null for a fact source.
struct ShownOption {
  std::string key;
  std::string label;
  const Option* def = nullptr;
  std::map<std::string, std::string> facts = {};  ///< from `facts`, for options_from
};

/// True when the comma list in values[condition.field] holds condition.contains.
bool holds(const Condition& condition, const std::map<std::string, std::string>& values);

/// True when every condition holds (and when there is none).
bool holds(const Conditions& conditions, const std::map<std::string, std::string>& values);

/// The options of a choice step: those of `facts` for `options_from`, then those written in the file
/// ("Zeg ik liever niet" after the neighbourhoods). Options written with `when` are left out unless
/// `values` (the answers so far) meet it; `values` also go to the facts, whose lists may depend on them.
std::vector<ShownOption> shown_options(const Step& step, const Facts& facts, Lang lang,
                                       const std::map<std::string, std::string>& values, const std::string& words = {});

/// The buttons for the options.
std::vector<Choice> as_choices(const std::vector<ShownOption>& options);

/// Which options an answer picked (positions in option order, no doubles), or the error message key.
struct Picked {
  bool ok = false;
  std::vector<std::size_t> indices;
  std::string error;  ///< choice_invalid, choice_invalid_multiple, choice_one_only or choice_exclusive
  Vars vars;          ///< {count}, {label}
};

/// Reads the answer to a choice step. With `multiple`, "1, 3", "1 3" and "geld en advies" pick several.
/// With `loose`, a unique part of a label or a typo of one picks it too; a long list that is searched
/// takes only exact answers, so a search word never picks a plan by accident.
Picked pick(const std::vector<ShownOption>& options, const Input& input, bool multiple, bool loose = true);

}  // namespace buurtbot::flows
