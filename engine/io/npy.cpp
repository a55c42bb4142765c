#include "engine/io/npy.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/io/byte_order.hpp"

namespace rnnwb {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kMaxDims = 64;                        // NumPy's own limit (NPY_MAXDIMS) is 32 or 64
constexpr std::size_t kMaxReadFile = std::size_t(1) << 34;  // 16 GiB

// product(shape), or nullopt when it does not fit in size_t.
std::optional<std::size_t> checked_product(const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (std::size_t d : shape) {
    if (d != 0 && n > std::numeric_limits<std::size_t>::max() / d) {
      // A zero anywhere makes the product 0, however large the others are.
      for (std::size_t e : shape)
        if (e == 0) return 0;
      return std::nullopt;
    }
    n *= d;
  }
  return n;
}

// The header: a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
// parsed by hand (strings, True/False and tuples of non-negative integers only).
class HeaderParser {
 public:
  HeaderParser(std::string_view text, std::string_view source) : s_(text), source_(source) {}

  struct Header {
    std::string descr;
    bool fortran_order = false;
    std::vector<std::size_t> shape;
  };

  Header parse() {
    Header h;
    bool have_descr = false, have_order = false, have_shape = false;
    skip_ws();
    expect('{', "the header does not start with '{'");
    while (true) {
      skip_ws();
      if (peek() == '}') break;
      const std::string key = string_literal("a key");
      skip_ws();
      expect(':', "':' expected after the key '" + key + "'");
      skip_ws();
      if (key == "descr") {
        if (peek() == '[')
          fail("structured dtypes (records) are not supported; save a plain float array, e.g. x.astype(np.float32)");
        if (have_descr) fail("the key 'descr' appears twice");
        h.descr = string_literal("the dtype ('descr')");
        have_descr = true;
      } else if (key == "fortran_order") {
        if (have_order) fail("the key 'fortran_order' appears twice");
        h.fortran_order = boolean();
        have_order = true;
      } else if (key == "shape") {
        if (have_shape) fail("the key 'shape' appears twice");
        h.shape = tuple();
        have_shape = true;
      } else {
        fail("unexpected key '" + key + "' (a .npy header has only 'descr', 'fortran_order' and 'shape')");
      }
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') break;
      fail("',' or '}' expected");
    }
    ++pos_;  // the '}'
    skip_ws();
    if (pos_ != s_.size()) fail("unexpected text after the closing '}'");
    if (!have_descr) fail("the key 'descr' (the dtype) is missing");
    if (!have_order) fail("the key 'fortran_order' is missing");
    if (!have_shape) fail("the key 'shape' is missing");
    return h;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw FileError(std::string(source_) + ": malformed .npy header: " + what + " (at character " +
                    std::to_string(pos_) + " of the header)");
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  void expect(char c, const std::string& what) {
    if (peek() != c) fail(what);
    ++pos_;
  }
  std::string string_literal(const char* what) {
    const char q = peek();
    if (q != '\'' && q != '"') fail(std::string(what) + " must be a quoted string");
    ++pos_;
    const std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != q) {
      if (s_[pos_] == '\\' || s_[pos_] == '\n') fail(std::string(what) + " has an escape or a line break");
      ++pos_;
    }
    if (pos_ >= s_.size()) fail(std::string(what) + " has no closing quote");
    return std::string(s_.substr(start, pos_++ - start));
  }
  bool boolean() {
    if (s_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (s_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    fail("'fortran_order' must be True or False");
  }
  std::size_t integer() {
    if (peek() == '-') fail("the shape has a negative dimension");
    if (peek() < '0' || peek() > '9') fail("the shape must hold non-negative integers");
    std::size_t v = 0;
    while (peek() >= '0' && peek() <= '9') {
      const std::size_t digit = std::size_t(peek() - '0');
      if (v > (std::numeric_limits<std::size_t>::max() - digit) / 10)
        fail("a dimension of the shape is absurdly large");
      v = v * 10 + digit;
      ++pos_;
    }
    if (peek() == 'L') ++pos_;  // Python 2 long literals in old files
    return v;
  }
  std::vector<std::size_t> tuple() {
    expect('(', "'shape' must be a tuple such as (3, 4)");
    std::vector<std::size_t> dims;
    skip_ws();
    if (peek() == ')') {
      ++pos_;
      return dims;
    }
    while (true) {
      skip_ws();
      if (peek() == ')') break;  // after a trailing comma
      if (dims.size() >= kMaxDims) fail("the shape has more than " + std::to_string(kMaxDims) + " dimensions");
      dims.push_back(integer());
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ')') break;
      fail("',' or ')' expected in the shape");
    }
    ++pos_;
    return dims;
  }

  std::string_view s_;
  std::string_view source_;
  std::size_t pos_ = 0;
};

}  // namespace

NpyArray parse_npy(std::string_view bytes, std::string_view source, NpyDtypes dtypes) {
  const std::string where(source);
  const auto fail = [&](const std::string& what) { return FileError(where + ": " + what); };

  if (bytes.size() < kMagic.size() + 2 || bytes.substr(0, kMagic.size()) != kMagic)
    throw fail("not a .npy file (bad magic: it does not start with \\x93NUMPY); save the array with np.save");
  const int major = static_cast<unsigned char>(bytes[6]);
  const int minor = static_cast<unsigned char>(bytes[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    throw fail("unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
               " (this reader knows 1.0, 2.0 and 3.0); save it again with np.save");
  const std::size_t len_size = major == 1 ? 2 : 4;
  const std::size_t prefix = 8 + len_size;
  if (bytes.size() < prefix) throw fail("truncated .npy file: it ends inside the header length");
  const std::size_t header_len =
      major == 1 ? load_le<std::uint16_t>(bytes.data() + 8) : load_le<std::uint32_t>(bytes.data() + 8);
  if (header_len > bytes.size() - prefix)
    throw fail("truncated .npy file: the header says it is " + std::to_string(header_len) + " bytes long but only " +
               std::to_string(bytes.size() - prefix) + " bytes follow");
  const std::string_view header_text = bytes.substr(prefix, header_len);
  const HeaderParser::Header header = HeaderParser(header_text, source).parse();

  if (header.fortran_order)
    throw fail(
        "the array is stored in Fortran (column-major) order, which is not supported; save it in C order, e.g. "
        "np.save(path, np.ascontiguousarray(x))");
  // descr: byte order ('<', '>', or '|' for one byte), kind ('f', 'i', 'u'), item size.
  const std::string& d = header.descr;
  if (d.size() >= 2 && (d[1] == 'O' || d[1] == 'V'))
    throw fail("the array holds Python objects (dtype '" + d +
               "'), which would have to be unpickled; rnnwb never unpickles. Save a numeric array, e.g. "
               "np.save(path, x.astype(np.float32))");
  const bool is_float = d == "<f4" || d == ">f4" || d == "<f8" || d == ">f8";
  const bool is_int = d.size() == 3 && (d[0] == '<' || d[0] == '>' || d[0] == '|') && (d[1] == 'i' || d[1] == 'u') &&
                      (d[2] == '1' || d[2] == '2' || d[2] == '4' || d[2] == '8') && (d[0] == '|') == (d[2] == '1');
  if (!is_float && !(is_int && dtypes == NpyDtypes::FloatOrInteger))
    throw fail("unsupported dtype '" + d + "' (only float32 '<f4' and float64 '<f8' are read" +
               (dtypes == NpyDtypes::FloatOrInteger ? ", and integers such as '<i8'" : "") +
               "); convert it with x.astype(np.float32)");
  const std::size_t itemsize = std::size_t(d[2] - '0');
  const bool big_endian = d[0] == '>';
  const bool is_signed = d[1] == 'i';

  const std::optional<std::size_t> count = checked_product(header.shape);
  if (!count || *count > std::numeric_limits<std::size_t>::max() / itemsize)
    throw fail("absurd shape " + numpy_shape_text(header.shape) + ": the number of values overflows");
  const std::size_t need = *count * itemsize;
  const std::size_t have = bytes.size() - prefix - header_len;
  if (have < need)
    throw fail("truncated .npy file: the shape " + numpy_shape_text(header.shape) + " needs " + std::to_string(*count) +
               " values (" + std::to_string(need) + " bytes) but only " + std::to_string(have) +
               " bytes of data follow");
  if (have > need)
    throw fail("size mismatch: the shape " + numpy_shape_text(header.shape) + " needs " + std::to_string(need) +
               " bytes of data but " + std::to_string(have) + " bytes follow the header");

  NpyArray out;
  out.shape = header.shape;
  out.data.resize(*count);  // bounded by the bytes present (checked above)
  const char* p = bytes.data() + prefix + header_len;
  out.integer = is_int;
  for (std::size_t i = 0; i < *count; ++i, p += itemsize) {
    if (is_int) {
      std::uint64_t u = 0;
      for (std::size_t b = 0; b < itemsize; ++b)  // assembled byte by byte in the file's order
        u |= std::uint64_t(static_cast<unsigned char>(p[big_endian ? itemsize - 1 - b : b])) << (8 * b);
      if (is_signed && itemsize < 8 && (u >> (8 * itemsize - 1)) != 0) u |= ~std::uint64_t(0) << (8 * itemsize);
      out.data[i] = is_signed ? float(std::int64_t(u)) : float(u);
    } else if (itemsize == 4) {
      const std::uint32_t u = big_endian ? load_be<std::uint32_t>(p) : load_le<std::uint32_t>(p);
      out.data[i] = std::bit_cast<float>(u);
    } else {
      const std::uint64_t u = big_endian ? load_be<std::uint64_t>(p) : load_le<std::uint64_t>(p);
      out.data[i] = static_cast<float>(std::bit_cast<double>(u));
    }
  }
  return out;
}

NpyArray read_npy(const std::string& path, NpyDtypes dtypes) {
  return parse_npy(read_file(path, kMaxReadFile), path, dtypes);
}

std::string npy_bytes(const NpyArray& array) {
  const std::optional<std::size_t> count = checked_product(array.shape);
  if (!count || *count != array.data.size())
    throw FileError("cannot encode a .npy array: the shape " + numpy_shape_text(array.shape) + " does not match its " +
                    std::to_string(array.data.size()) + " values");
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + numpy_shape_text(array.shape) + ", }";
  // Pad with spaces and end with '\n' so the data starts on a 64-byte boundary, like NumPy.
  std::size_t len_size = 2;
  std::size_t total = 8 + len_size + dict.size() + 1;
  std::size_t padded = (total + 63) / 64 * 64;
  if (padded - 8 - len_size > 0xffff) {
    len_size = 4;
    total = 8 + len_size + dict.size() + 1;
    padded = (total + 63) / 64 * 64;
  }
  const std::size_t header_len = padded - 8 - len_size;
  dict.append(header_len - dict.size() - 1, ' ');
  dict.push_back('\n');

  std::string out;
  out.reserve(padded + array.data.size() * 4);
  out.append(kMagic);
  out.push_back(static_cast<char>(len_size == 2 ? 1 : 2));
  out.push_back('\0');
  char len_bytes[4];
  if (len_size == 2)
    store_le<std::uint16_t>(len_bytes, static_cast<std::uint16_t>(header_len));
  else
    store_le<std::uint32_t>(len_bytes, static_cast<std::uint32_t>(header_len));
  out.append(len_bytes, len_size);
  out += dict;
  append_f32_le(out, array.data);
  return out;
}

void write_npy(const std::string& path, const NpyArray& array) {
  std::string bytes;
  try {
    bytes = npy_bytes(array);
  } catch (const FileError& e) {
    throw FileError("cannot write " + path + ": " + e.what());
  }
  write_file_atomically(path, bytes);
}

}  // namespace rnnwb
