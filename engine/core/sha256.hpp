#pragma once
// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto, as lowercase hexadecimal.
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace rnnwb {

// The digest of `bytes`: 64 lowercase hexadecimal characters.
std::string sha256_hex(std::string_view bytes);

// Incremental hashing: update() any number of times, then hex_digest() once (later calls to
// update() or hex_digest() throw std::logic_error until reset()).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  std::string hex_digest();
  void reset();

 private:
  evp_md_ctx_st* ctx_;
  bool finished_ = false;
};

}  // namespace rnnwb
