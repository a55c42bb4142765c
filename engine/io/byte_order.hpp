#pragma once
// Fixed byte order for the binary file formats (.npy, safetensors): both store little-endian
// numbers whatever the machine, so reading and writing go byte by byte.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace rnnwb {

template <class U>
U load_le(const char* p) {
  U v = 0;
  for (std::size_t i = 0; i < sizeof(U); ++i) v |= U(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

template <class U>
U load_be(const char* p) {
  U v = 0;
  for (std::size_t i = 0; i < sizeof(U); ++i) v = U(v << 8) | U(static_cast<unsigned char>(p[i]));
  return v;
}

template <class U>
void store_le(char* p, U v) {
  for (std::size_t i = 0; i < sizeof(U); ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// Appends the floats as little-endian float32 (one memcpy on little-endian machines).
inline void append_f32_le(std::string& out, const std::vector<float>& values) {
  const std::size_t start = out.size();
  out.resize(start + values.size() * 4);
  char* p = out.data() + start;
  if constexpr (std::endian::native == std::endian::little) {
    if (!values.empty()) std::memcpy(p, values.data(), values.size() * 4);
  } else {
    for (float v : values) {
      store_le<std::uint32_t>(p, std::bit_cast<std::uint32_t>(v));
      p += 4;
    }
  }
}

}  // namespace rnnwb
