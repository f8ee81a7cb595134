// The public pages' one stylesheet: the NL Design System's neutral theme and components, a municipality's
// own tokens after them, our own rules last.
#include "bot/site/stylesheet.hpp"

#include "bot/core/startup_error.hpp"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

namespace buurtbot::site {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kNeutralTheme = ".voorbeeld-theme {";
constexpr std::string_view kComponent = ".utrecht-button--primary-action";
constexpr std::string_view kOwnRules = ".plans > li";
constexpr std::string_view kMunicipalityTokens = ":root { --basis-color-action-2-color-default: #8a1538; }";

class SiteStylesheet : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("buurtbot-theme-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, std::string_view text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  std::filesystem::path dir_;
};

TEST_F(SiteStylesheet, IsTheNeutralThemeThenTheComponentsThenOurOwnRules) {
  const auto css = stylesheet({});
  const auto theme = css.find(kNeutralTheme);
  const auto component = css.find(kComponent);
  const auto own = css.find(kOwnRules);
  ASSERT_NE(theme, std::string::npos);
  ASSERT_NE(component, std::string::npos);
  ASSERT_NE(own, std::string::npos);
  EXPECT_LT(theme, component);
  EXPECT_LT(component, own);
  EXPECT_THAT(css, HasSubstr("--utrecht-button-primary-action-background-color:"));
  EXPECT_THAT(css, ::testing::Not(HasSubstr("--denhaag-"))) << "only the tokens the Utrecht components read";
}

// Equal selectors' weight on <html> (the theme's class, :root), so the later declaration wins.
TEST_F(SiteStylesheet, AMunicipalitysTokensComeAfterTheNeutralThemeSoTheyWin) {
  const auto css = stylesheet({.theme_css = write("tokens.css", kMunicipalityTokens)});
  const auto own = css.find(kMunicipalityTokens);
  ASSERT_NE(own, std::string::npos);
  EXPECT_LT(css.find(kNeutralTheme), own);
  EXPECT_LT(css.find("--basis-color-action-2-color-default:"), own) << "the neutral theme declares it first";
  EXPECT_LT(own, css.find(kOwnRules));
}

TEST_F(SiteStylesheet, AThemeFileThatCannotBeReadStopsTheStartWithItsKeyAndPath) {
  for (const auto& path : {(dir_ / "missing.css").string(), dir_.string(), write("empty.css", "")}) {
    try {
      stylesheet({.theme_css = path});
      ADD_FAILURE() << path << " was accepted";
    } catch (const StartupError& error) {
      EXPECT_THAT(error.what(), HasSubstr("site.theme_css"));
      EXPECT_THAT(error.what(), HasSubstr(path));
    }
  }
}

}  // namespace
}  // namespace buurtbot::site
