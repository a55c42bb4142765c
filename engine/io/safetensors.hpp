#pragma once
// The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
// header length N, N bytes of JSON header, then the data buffer. The header maps tensor names to
// {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the buffer) and may hold a
// "__metadata__" object of string values.
//
// Writing: dtype F32, little-endian, tensors laid out in the given order, the header padded with
// spaces to a multiple of 8 bytes like the reference implementation.
// Reading: F32, or F64 converted to float; every check of the reference implementation (header
// size limit, tensors covering the buffer exactly without holes or overlaps, sizes matching the
// shapes) plus duplicate names and limits, each failure a FileError saying which check failed.
// Tensors come back in the order of their data in the buffer.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rnnwb {

struct SafeTensor {
  std::string name;
  std::vector<std::size_t> shape;
  std::vector<float> data;  // row-major, product(shape) values
};

struct SafeTensorsFile {
  std::vector<SafeTensor> tensors;
  std::map<std::string, std::string> metadata;
  // The tensor with this name, or nullptr.
  const SafeTensor* find(std::string_view name) const;
};

inline constexpr std::size_t kSafetensorsMaxHeader = 100'000'000;  // bytes, as the reference
inline constexpr std::size_t kSafetensorsMaxTensors = 100'000;
inline constexpr std::size_t kSafetensorsMaxMetadataEntries = 100'000;
inline constexpr std::size_t kSafetensorsMaxFile = std::size_t(4) << 30;  // read_safetensors' limit

// The bytes of a file. Throws FileError for a tensor whose data does not match its shape, a
// duplicate or reserved ("__metadata__") name, or text that is not valid UTF-8.
std::string safetensors_bytes(const SafeTensorsFile& file);
// Writes safetensors_bytes(file) with write_file_atomically.
void write_safetensors(const std::string& path, const SafeTensorsFile& file);

// Parses the bytes of a file; `source` names it in error messages.
SafeTensorsFile parse_safetensors(std::string_view bytes, std::string_view source);
// read_file (at most kSafetensorsMaxFile bytes), then parse_safetensors.
SafeTensorsFile read_safetensors(const std::string& path);

}  // namespace rnnwb
