#include "engine/core/sha256.hpp"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace rnnwb {

namespace {

std::string to_hex(const unsigned char* digest, unsigned len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(std::size_t(len) * 2, '0');
  for (unsigned i = 0; i < len; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 15];
  }
  return out;
}

[[noreturn]] void openssl_failure(const char* what) {
  throw std::runtime_error(std::string("SHA-256: OpenSSL ") + what + " failed");
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr) != 1) openssl_failure("EVP_Digest");
  return to_hex(digest, len);
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_) throw std::bad_alloc();
  if (EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx_);
    openssl_failure("EVP_DigestInit_ex");
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

void Sha256::update(std::string_view bytes) {
  if (finished_) throw std::logic_error("Sha256::update after hex_digest (call reset first)");
  if (EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) != 1) openssl_failure("EVP_DigestUpdate");
}

std::string Sha256::hex_digest() {
  if (finished_) throw std::logic_error("Sha256::hex_digest called twice (call reset first)");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (EVP_DigestFinal_ex(ctx_, digest, &len) != 1) openssl_failure("EVP_DigestFinal_ex");
  finished_ = true;
  return to_hex(digest, len);
}

void Sha256::reset() {
  if (EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) openssl_failure("EVP_DigestInit_ex");
  finished_ = false;
}

}  // namespace rnnwb
