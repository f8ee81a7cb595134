// Password hashes and digests.
#include "bot/api/auth/password.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::auth {
namespace {

using ::testing::MatchesRegex;
using ::testing::StartsWith;

constexpr ScryptParams kCheap{.n = 1 << 10, .r = 8, .p = 1};

TEST(Password, TheDefaultHashHasTheAgreedFormAndVerifies) {
  const auto stored = hash_password("correct horse battery");
  EXPECT_THAT(stored, StartsWith("scrypt$32768$8$1$"));
  EXPECT_THAT(stored, MatchesRegex(R"(scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=)"));
  EXPECT_TRUE(verify_password("correct horse battery", stored));
  EXPECT_FALSE(verify_password("correct horse batterY", stored));
}

TEST(Password, AWrongPasswordDoesNotVerify) {
  const auto stored = hash_password("geheim wachtwoord", kCheap);
  EXPECT_TRUE(verify_password("geheim wachtwoord", stored));
  EXPECT_FALSE(verify_password("geheim wachtwoord ", stored));
  EXPECT_FALSE(verify_password("", stored));
}

TEST(Password, EachHashHasItsOwnSalt) { EXPECT_NE(hash_password("zelfde", kCheap), hash_password("zelfde", kCheap)); }

TEST(Password, EmptyAndNonAsciiPasswordsRoundTrip) {
  EXPECT_TRUE(verify_password("", hash_password("", kCheap)));
  EXPECT_TRUE(verify_password("wachtwoord-ë-€-🌳", hash_password("wachtwoord-ë-€-🌳", kCheap)));
}

TEST(Password, MalformedOrExcessiveHashesNeverVerify) {
  const auto stored = hash_password("pw", kCheap);
  const auto salt_and_hash = stored.substr(std::string("scrypt$1024$8$1").size());  // "$salt$hash"
  ASSERT_TRUE(verify_password("pw", "scrypt$1024$8$1" + salt_and_hash));
  for (const std::string& bad :
       std::vector<std::string>{"", "plain", "scrypt$1024$8$1$", "bcrypt$1024$8$1" + salt_and_hash,
                                "scrypt$1000$8$1" + salt_and_hash, "scrypt$1048576$64$1" + salt_and_hash,
                                "scrypt$1024$8$1$!!!!$AAAA", "scrypt$1024$8$1" + salt_and_hash + "$extra"}) {
    EXPECT_FALSE(verify_password("pw", bad)) << bad;
  }
}

TEST(Password, NoPasswordMatchesTheUnmatchableHash) {
  EXPECT_THAT(std::string(unmatchable_hash()), StartsWith("scrypt$32768$8$1$"));
  EXPECT_FALSE(verify_password("", unmatchable_hash()));
  EXPECT_FALSE(verify_password("correct horse battery", unmatchable_hash()));
}

TEST(Password, ParametersOutOfRangeAreRefusedWhenHashing) {
  EXPECT_THROW(hash_password("pw", ScryptParams{.n = 1000, .r = 8, .p = 1}), std::invalid_argument);
  EXPECT_THROW(hash_password("pw", ScryptParams{.n = 1 << 10, .r = 0, .p = 1}), std::invalid_argument);
}

TEST(Sha256, MatchesTheStandardVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ConstantTimeCompare, ComparesWholeTexts) {
  EXPECT_TRUE(equal_in_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_in_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_in_constant_time("abc", "abcd"));
  EXPECT_TRUE(equal_in_constant_time("", ""));
}

}  // namespace
}  // namespace buurtbot::auth
