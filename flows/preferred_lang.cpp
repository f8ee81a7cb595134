#include "flows/preferred_lang.hpp"

namespace buurtbot::flows {

Lang preferred_lang(std::string_view chosen, const std::vector<std::string>& wished) {
  if (auto lang = parse_lang(chosen)) return *lang;
  for (const auto& code : wished)
    if (auto lang = parse_lang(code)) return *lang;
  return Lang::nl;
}

}  // namespace buurtbot::flows
