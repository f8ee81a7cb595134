#pragma once
// The one stylesheet of the public pages and the web chat (/plannen/site.css): the NL Design System's
// components with its neutral theme, then the municipality's own design tokens, then web/site.css.

#include "config/config.hpp"

#include <string>

namespace buurtbot::site {

/// The stylesheet, with the file of `site.theme_css` read now; throws StartupError when it cannot be read.
std::string stylesheet(const config::SiteConfig& site);

}  // namespace buurtbot::site
