#pragma once
// Which language a visitor of the public pages reads: ?lang= first, then their browser's wishes.

#include "flows/definition.hpp"

#include <string_view>

namespace buurtbot::site {

/// `lang` from the query when it is nl or en; else the Accept-Language tag with the highest q that is
/// Dutch or English; else Dutch.
flows::Lang visitor_language(std::string_view query_lang, std::string_view accept_language);

}  // namespace buurtbot::site
