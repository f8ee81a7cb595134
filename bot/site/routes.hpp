#pragma once
// GET /plannen/…: the public pages, their feed and open data, for everyone and without a login.
// Reads run as jobs on the pipeline's writer thread, like the officers' API.

#include "bot/http/router.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "bot/site/pages.hpp"
#include "config/config.hpp"

namespace buurtbot::site {

/// What the public pages need from the service; the service keeps it alive while the server runs.
struct SiteContext {
  Pipeline& pipeline;
  const config::Config& config;
  StartLinks start_links = {};  ///< the channels' links to a conversation, shown on a plan's page
};

/// The Content-Security-Policy of every answer under /plannen/: no scripts at all, styles from here.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Adds GET /plannen and GET /plannen/… to `router`; reads the theme of site.theme_css, and throws
/// StartupError when it cannot.
void add_site_routes(http::Router& router, SiteContext& context);

}  // namespace buurtbot::site
