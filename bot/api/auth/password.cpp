#include "bot/api/auth/password.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace buurtbot::auth {
namespace {

constexpr std::string_view kScheme = "scrypt";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// A stored hash may not make a login cost more memory than this: the database is trusted, but a
// typo in a hand-edited row should not take the service down.
constexpr std::uint64_t kMaxScryptMemory = std::uint64_t{256} << 20;
// 16 zero bytes of salt and 32 zero bytes of hash: finding a password for it means breaking scrypt.
constexpr std::string_view kUnmatchable =
    "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

struct KdfFree {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
  void operator()(EVP_KDF_CTX* context) const { EVP_KDF_CTX_free(context); }
};

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::optional<std::string> unbase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * text.size() / 4, '\0');
  const int written =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(text.data()),
                      static_cast<int>(text.size()));
  if (written < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  std::size_t padding = 0;
  while (padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

std::string random_bytes(std::size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1)
    throw std::runtime_error("the system's random generator failed");
  return bytes;
}

bool acceptable(const ScryptParams& params) {
  const bool power_of_two = params.n >= 2 && (params.n & (params.n - 1)) == 0;
  return power_of_two && params.r >= 1 && params.r <= 32 && params.p >= 1 && params.p <= 16 &&
         params.n <= kMaxScryptMemory / (128 * std::uint64_t{params.r});
}

std::optional<std::string> derive(std::string_view password, std::string_view salt, ScryptParams params,
                                  std::size_t length) {
  std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
  if (!kdf) return std::nullopt;
  std::unique_ptr<EVP_KDF_CTX, KdfFree> context(EVP_KDF_CTX_new(kdf.get()));
  if (!context) return std::nullopt;
  static char empty = 0;
  std::uint64_t max_memory = 2 * kMaxScryptMemory;
  const std::array parameters{
      OSSL_PARAM_construct_octet_string(
          OSSL_KDF_PARAM_PASSWORD, password.empty() ? &empty : const_cast<char*>(password.data()), password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &params.n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &params.r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &params.p),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &max_memory),
      OSSL_PARAM_construct_end()};
  std::string out(length, '\0');
  if (EVP_KDF_derive(context.get(), reinterpret_cast<unsigned char*>(out.data()), length, parameters.data()) != 1)
    return std::nullopt;
  return out;
}

template <typename Number>
std::optional<Number> number(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

/// The parts of a stored hash, when it is well formed.
struct Stored {
  ScryptParams params;
  std::string salt;
  std::string hash;
};

std::optional<Stored> parse(std::string_view stored) {
  const auto parts = split(stored, '$');
  if (parts.size() != 6 || parts[0] != kScheme) return std::nullopt;
  const auto n = number<std::uint64_t>(parts[1]);
  const auto r = number<std::uint32_t>(parts[2]);
  const auto p = number<std::uint32_t>(parts[3]);
  auto salt = unbase64(parts[4]);
  auto hash = unbase64(parts[5]);
  if (!n || !r || !p || !salt || !hash || hash->size() < 16) return std::nullopt;
  Stored result{ScryptParams{*n, *r, *p}, std::move(*salt), std::move(*hash)};
  if (!acceptable(result.params)) return std::nullopt;
  return result;
}

}  // namespace

std::string hash_password(std::string_view password, const ScryptParams& params) {
  if (!acceptable(params)) throw std::invalid_argument("scrypt parameters out of range");
  const auto salt = random_bytes(kSaltBytes);
  const auto hash = derive(password, salt, params, kHashBytes);
  if (!hash) throw std::runtime_error("scrypt is not available from OpenSSL");
  return std::string(kScheme) + "$" + std::to_string(params.n) + "$" + std::to_string(params.r) + "$" +
         std::to_string(params.p) + "$" + base64(salt) + "$" + base64(*hash);
}

bool verify_password(std::string_view password, std::string_view stored) {
  const auto parsed = parse(stored);
  if (!parsed) return false;
  const auto derived = derive(password, parsed->salt, parsed->params, parsed->hash.size());
  return derived && CRYPTO_memcmp(derived->data(), parsed->hash.data(), parsed->hash.size()) == 0;
}

std::string_view unmatchable_hash() { return kUnmatchable; }

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace buurtbot::auth
