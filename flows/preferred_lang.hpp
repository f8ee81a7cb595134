#pragma once
// Which of our languages someone gets when they tell us more than one thing about it.

#include "flows/definition.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::flows {

/// The language for someone who chose `chosen` ("" when they did not, such as a page's ?lang=) and wishes
/// for `wished` (such as a browser's languages, most wanted first): the chosen one when it is Dutch or
/// English, else the first of those wished that is, else Dutch.
Lang preferred_lang(std::string_view chosen, const std::vector<std::string>& wished);

}  // namespace buurtbot::flows
