// Problems in a config file: each reported with its file and line, all of them at once.

#include "config/config.hpp"
#include "tests/config/fixtures.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace buurtbot::config {
namespace {

using testing::no_env;
using testing::load_fixture;
using testing::reported;

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

TEST(ConfigErrors, UnknownKeyIsReportedWithItsLineAndASuggestion) {
  const LoadResult result = load_fixture("unknown_keys.yaml");
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(reported(result),
              ElementsAre("unknown_keys.yaml:2: unknown key 'sever' (did you mean 'server'?)",
                          "unknown_keys.yaml:5: unknown key 'treads' in server (did you mean 'threads'?)",
                          "unknown_keys.yaml:8: unknown key 'idle_minutes' "
                          "(did you mean 'conversation.idle_minutes'?)"));
}

TEST(ConfigErrors, KnownValuesNextToAnUnknownKeyAreStillRead) {
  const LoadResult result = load_fixture("unknown_keys.yaml");
  EXPECT_EQ(result.config.storage.path, "data/test.db");
  EXPECT_EQ(result.config.server.listen, "127.0.0.1:8080");
}

TEST(ConfigErrors, WrongTypesAreReportedWithTheirLines) {
  const LoadResult result = load_fixture("wrong_types.yaml");
  EXPECT_THAT(reported(result),
              ElementsAre("wrong_types.yaml:2: server.threads must be a whole number from 1 to 64, not 'many'",
                          "wrong_types.yaml:3: server.listen must be host:port, for example 127.0.0.1:8080, not a list",
                          "wrong_types.yaml:5: terminal.enabled must be true or false, not 'perhaps'",
                          "wrong_types.yaml:6: conversation must be a section with keys such as idle_minutes, not '30'",
                          AllOf(HasSubstr("wrong_types.yaml:8: municipality.themes must be a list of themes"),
                                EndsWith("not a section"))));
  EXPECT_EQ(result.config.server.threads, 2) << "a rejected value leaves the default";
}

TEST(ConfigErrors, BadValuesAreAllReportedAtOnce) {
  const LoadResult result = load_fixture("bad_values.yaml");
  const std::vector<std::string> errors = reported(result);
  EXPECT_THAT(errors, Contains("bad_values.yaml:2: server.listen must be host:port, for example 127.0.0.1:8080, "
                               "not 'localhost'"));
  EXPECT_THAT(errors, Contains("bad_values.yaml:3: server.threads must be a whole number from 1 to 64, not '65'"));
  EXPECT_THAT(errors, Contains("bad_values.yaml:5: locale.default must be nl or en, not 'de'"));
  EXPECT_THAT(errors, Contains("bad_values.yaml:7: conversation.idle_minutes must be a whole number from 1 to 1440, "
                               "not '0'"));
  EXPECT_THAT(errors, Contains(HasSubstr("bad_values.yaml:10: theme key 'Groen Links' may only use lowercase")));
  EXPECT_THAT(errors, Contains("bad_values.yaml:12: theme 'groen' is listed twice (first at line 11)"));
  EXPECT_THAT(errors, Contains("bad_values.yaml:15: neighbourhood 'centrum' is listed twice (first at line 14)"));
  EXPECT_THAT(errors, Contains("bad_values.yaml:18: workgroup 'Schone Straten' has theme 'afval', which is not in "
                               "municipality.themes"));
  EXPECT_THAT(errors, Contains("bad_values.yaml:20: workgroup 'Groen Noord' has theme 'gron', which is not in "
                               "municipality.themes (did you mean 'groen'?)"));
  EXPECT_THAT(errors, SizeIs(9));
}

TEST(ConfigErrors, SyntaxErrorIsReportedWithTheLineYamlCppGives) {
  const LoadResult result = load_fixture("syntax_error.yaml");
  EXPECT_THAT(reported(result), ElementsAre("syntax_error.yaml:3: YAML syntax error: end of map not found"));
}

TEST(ConfigErrors, SecretLookingKeysAreRefusedWithAPointerToTheEnvironment) {
  const LoadResult result = load_fixture("secrets.yaml");
  EXPECT_THAT(reported(result),
              ElementsAre("secrets.yaml:3: 'server.admin_password' looks like a secret, and secrets never go in the "
                          "config file: put it in an environment variable and name that variable with "
                          "'server.admin_password_env'",
                          HasSubstr("secrets.yaml:4: 'webhook_secret' looks like a secret"),
                          HasSubstr("secrets.yaml:5: 'api_token' looks like a secret")));
  for (const Issue& issue : result.errors) {
    EXPECT_THAT(issue.message, Not(HasSubstr("hunter2"))) << "the secret itself is never repeated";
  }
}

TEST(ConfigErrors, DuplicateKeyIsReportedAndTheFirstValueKept) {
  const LoadResult result = load_fixture("duplicate_key.yaml");
  EXPECT_THAT(reported(result), ElementsAre("duplicate_key.yaml:3: server.listen appears twice (first at line 2)"));
  EXPECT_EQ(result.config.server.listen, "127.0.0.1:8080");
}

TEST(ConfigErrors, DocumentThatIsNotAMapIsReported) {
  const LoadResult result = load_fixture("not_a_map.yaml");
  EXPECT_THAT(reported(result), ElementsAre(HasSubstr("not_a_map.yaml:1: a config file is a map of sections")));
}

}  // namespace
}  // namespace buurtbot::config
