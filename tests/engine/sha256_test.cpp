// SHA-256 against the FIPS 180-2 / NIST test vectors, in one call and incrementally.
#include "engine/core/sha256.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace rnnwb {
namespace {

const std::string kMillionA(1'000'000, 'a');
const std::string k448Bits = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

TEST(Sha256Vectors, OneShot) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(k448Bits), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(kMillionA), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(sha256_hex(std::string("a\0b", 3)), sha256_hex(std::string_view("a\0b", 3)));
  EXPECT_NE(sha256_hex(std::string("a\0b", 3)), sha256_hex("a"));
}

TEST(Sha256Vectors, IncrementalInUnevenPieces) {
  Sha256 h;
  std::size_t done = 0, piece = 1;
  while (done < kMillionA.size()) {
    const std::size_t n = std::min(piece, kMillionA.size() - done);
    h.update(std::string_view(kMillionA).substr(done, n));
    done += n;
    piece = piece * 3 % 1021 + 1;
  }
  EXPECT_EQ(h.hex_digest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_THROW(h.hex_digest(), std::logic_error);
  EXPECT_THROW(h.update("x"), std::logic_error);

  h.reset();
  EXPECT_EQ(h.hex_digest(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  h.reset();
  h.update("a");
  h.update("");
  h.update("bc");
  EXPECT_EQ(h.hex_digest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace rnnwb
