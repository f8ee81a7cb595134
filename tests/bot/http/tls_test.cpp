#include "bot/http/client.hpp"
#include "bot/http/server.hpp"

#include "tests/bot/http/running_server.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace buurtbot::http {
namespace {

using testing::RunningServer;

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const { Free(pointer); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;

void add_extension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) throw std::runtime_error("bad extension");
  X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
}

// A self-signed certificate for 127.0.0.1 and localhost, valid for a day.
Certificate self_signed(EVP_PKEY* key) {
  Certificate certificate(X509_new());
  X509_set_version(certificate.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 3600);
  X509_set_pubkey(certificate.get(), key);
  X509_NAME* name = X509_get_subject_name(certificate.get());
  const auto* common_name = reinterpret_cast<const unsigned char*>("buurtbot test");
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, common_name, -1, -1, 0);
  X509_set_issuer_name(certificate.get(), name);
  add_extension(certificate.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(certificate.get(), NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  if (X509_sign(certificate.get(), key, EVP_sha256()) == 0) throw std::runtime_error("cannot sign");
  return certificate;
}

template <class Write>
void write_pem(const std::filesystem::path& path, Write write) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file || write(file.get()) == 0) throw std::runtime_error("cannot write " + path.string());
}

// Makes the key and certificate once for all tests, in a temporary directory removed at the end.
class HttpTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/buurtbot-tls-XXXXXX";
    directory_ = ::mkdtemp(pattern);
    Key key(EVP_EC_gen("P-256"));
    auto certificate = self_signed(key.get());
    files_.certificate_chain_file = (directory_ / "cert.pem").string();
    files_.private_key_file = (directory_ / "key.pem").string();
    write_pem(files_.certificate_chain_file, [&](FILE* file) { return PEM_write_X509(file, certificate.get()); });
    write_pem(files_.private_key_file, [&](FILE* file) {
      return PEM_write_PrivateKey(file, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
  }

  static void TearDownTestSuite() { std::filesystem::remove_all(directory_); }

  HttpTls() {
    router_.add("GET", "/ok", [](Request, Respond respond) {
      Response response;
      response.body = "secure";
      respond(std::move(response));
    });
  }

  static inline std::filesystem::path directory_;
  static inline TlsFiles files_;
  Router router_;
};

TEST_F(HttpTls, ServesHttpsWithoutVerificationWhenAsked) {
  RunningServer running(router_, {}, files_);
  ClientOptions options;
  options.verify_peer = false;
  Client client(running.url("https"), options);
  EXPECT_EQ(client.get("/ok").body, "secure");
  EXPECT_EQ(client.get("/ok").body, "secure");
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST_F(HttpTls, VerifiesTheCertificateAndAddressAgainstTheGivenCa) {
  RunningServer running(router_, {}, files_);
  ClientOptions options;
  options.ca_file = files_.certificate_chain_file;
  EXPECT_EQ(Client(running.url("https"), options).get("/ok").body, "secure");
}

TEST_F(HttpTls, RefusesACertificateTheSystemStoreDoesNotTrust) {
  RunningServer running(router_, {}, files_);
  Client client(running.url("https"));
  try {
    client.get("/ok");
    ADD_FAILURE() << "self-signed certificate accepted";
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("TLS handshake"), std::string::npos) << e.what();
  }
}

TEST_F(HttpTls, RefusesPlainHttpOnTheTlsPort) {
  RunningServer running(router_, {}, files_);
  EXPECT_THROW(Client(running.url("http")).get("/ok"), NetworkError);
}

TEST_F(HttpTls, ThrowsNamingAMissingCertificateFile) {
  boost::asio::io_context io;
  TlsFiles missing{(directory_ / "missing.pem").string(), files_.private_key_file};
  try {
    Server server(io, "127.0.0.1:0", {}, router_, missing);
    ADD_FAILURE() << "started without a certificate";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.pem"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace buurtbot::http
