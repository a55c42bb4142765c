#pragma once
// NumPy .npy files (format versions 1.0, 2.0 and 3.0).
// Writing: float32, little-endian, C order (version 1.0, or 2.0 for a header over 64 KiB).
// Reading: dtype float32 or float64 (either byte order; float64 is converted to float), C order,
// any number of dimensions (the caller checks the rank); with NpyDtypes::FloatOrInteger also
// int8..int64 and uint8..uint64 (converted to float, exact up to 2^24; NpyArray::integer says so).
// Object arrays (pickled Python objects) are refused, never unpickled. Every malformed or unsupported input is
// a FileError that names the source and says what is wrong; sizes from the file are checked
// against the bytes actually present before anything is allocated.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rnnwb {

struct NpyArray {
  std::vector<std::size_t> shape;  // empty: a 0-d array holding one value
  std::vector<float> data;         // row-major (C order), product(shape) values
  bool integer = false;            // the file held integers (read with NpyDtypes::FloatOrInteger)
};

enum class NpyDtypes { Float, FloatOrInteger };

NpyArray read_npy(const std::string& path, NpyDtypes dtypes = NpyDtypes::Float);
// Parses the bytes of a .npy file; `source` names it in error messages.
NpyArray parse_npy(std::string_view bytes, std::string_view source, NpyDtypes dtypes = NpyDtypes::Float);

// The bytes of a .npy file; throws FileError if data.size() != product(shape).
std::string npy_bytes(const NpyArray& array);
// Writes npy_bytes(array) with write_file_atomically.
void write_npy(const std::string& path, const NpyArray& array);

}  // namespace rnnwb
