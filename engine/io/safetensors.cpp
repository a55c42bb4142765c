#include "engine/io/safetensors.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/io/byte_order.hpp"

namespace rnnwb {

namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

constexpr const char* kMetadataKey = "__metadata__";
constexpr std::size_t kMaxRank = 64;

std::optional<std::size_t> checked_mul(std::size_t a, std::size_t b) {
  if (b != 0 && a > std::numeric_limits<std::size_t>::max() / b) return std::nullopt;
  return a * b;
}

// product(shape) * itemsize, or nullopt on overflow (a zero dimension makes it 0).
std::optional<std::size_t> byte_size(const std::vector<std::size_t>& shape, std::size_t itemsize) {
  if (std::find(shape.begin(), shape.end(), std::size_t(0)) != shape.end()) return 0;
  std::size_t n = itemsize;
  for (std::size_t d : shape) {
    const auto m = checked_mul(n, d);
    if (!m) return std::nullopt;
    n = *m;
  }
  return n;
}

const char* json_type(const json& j) {
  if (j.is_number_float()) return "a non-integer number";
  if (j.is_number_integer() && j.get<std::int64_t>() < 0) return "a negative number";
  return j.type_name();
}

bool non_negative_integer(const json& j) {
  return j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
}

// A first, allocation-light pass over the header (nlohmann's SAX interface) that stops at
// duplicate keys, nesting deeper than a safetensors header needs and too many entries, before the
// DOM is built. (nlohmann's parser *callback* is not used: it rescans the parent object at every
// object end, which is quadratic in the number of tensors.)
class HeaderCheck : public nlohmann::json_sax<json> {
 public:
  std::string error;  // empty when the header passed

  bool null() override { return item(); }
  bool boolean(bool) override { return item(); }
  bool number_integer(number_integer_t) override { return item(); }
  bool number_unsigned(number_unsigned_t) override { return item(); }
  bool number_float(number_float_t, const string_t&) override { return item(); }
  bool string(string_t&) override { return item(); }
  bool binary(binary_t&) override { return item(); }
  bool start_object(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    Frame& f = frames_.back();
    if (!f.keys.insert(k).second)
      return fail(frames_.size() == 1 ? "the name " + quote(k) + " appears twice"
                                      : "the key " + quote(k) + " appears twice under " + quote(top_key_));
    if (frames_.size() == 1) {
      top_key_ = k;
      if (k != kMetadataKey && ++tensors_ > kSafetensorsMaxTensors)
        return fail("it has more than " + std::to_string(kSafetensorsMaxTensors) + " tensors");
    } else if (frames_.size() == 2 && top_key_ == kMetadataKey && ++metadata_ > kSafetensorsMaxMetadataEntries) {
      return fail("__metadata__ has more than " + std::to_string(kSafetensorsMaxMetadataEntries) + " entries");
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    return fail("the header is not valid JSON (" + std::string(e.what()) + ")");
  }

 private:
  struct Frame {
    bool object = false;
    std::size_t items = 0;
    std::set<std::string> keys;
  };
  bool fail(std::string what) {
    if (error.empty()) error = std::move(what);
    return false;
  }
  // A value inside the current container: arrays (shapes, offsets) are short.
  bool item() {
    if (!frames_.empty() && !frames_.back().object && ++frames_.back().items > kMaxRank)
      return fail("an array under " + quote(top_key_) + " has more than " + std::to_string(kMaxRank) + " items");
    return true;
  }
  // The root object holds entries, which hold shape/offset arrays: nothing nests deeper.
  bool open(bool object) {
    if (!item()) return false;
    if (frames_.size() >= 3)
      return fail("the header nests deeper than a safetensors header can (under " + quote(top_key_) + ")");
    frames_.push_back({object, 0, {}});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }

  std::vector<Frame> frames_;
  std::string top_key_;
  std::size_t tensors_ = 0, metadata_ = 0;
};

// What the reference implementation calls the dtypes we do not read.
bool known_dtype(const std::string& d) {
  static const std::set<std::string> kKnown = {"BOOL", "U8",   "I8",      "F8_E5M2", "F8_E4M3", "I16",    "U16",
                                               "F16",  "BF16", "I32",     "U32",     "F32",     "F64",    "I64",
                                               "U64",  "F4",   "F6_E2M3", "F6_E3M2", "E8M0",    "F8_E8M0"};
  return kKnown.count(d) > 0;
}

struct Entry {
  std::string name;
  std::size_t itemsize = 4;
  std::vector<std::size_t> shape;
  std::size_t begin = 0, end = 0;
};

}  // namespace

const SafeTensor* SafeTensorsFile::find(std::string_view name) const {
  for (const SafeTensor& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

std::string safetensors_bytes(const SafeTensorsFile& file) {
  const auto fail = [](const std::string& what) { return FileError("cannot encode a safetensors file: " + what); };
  ordered_json header = ordered_json::object();
  if (!file.metadata.empty()) {
    ordered_json meta = ordered_json::object();
    for (const auto& [k, v] : file.metadata) meta[k] = v;
    header[kMetadataKey] = std::move(meta);
  }
  std::set<std::string_view> names;
  std::size_t offset = 0;
  for (const SafeTensor& t : file.tensors) {
    if (t.name == kMetadataKey) throw fail("a tensor cannot be named \"__metadata__\" (the name is reserved)");
    if (!names.insert(t.name).second) throw fail("two tensors are named " + quote(t.name));
    const auto bytes = byte_size(t.shape, 4);
    if (!bytes || *bytes != t.data.size() * 4)
      throw fail("tensor " + quote(t.name) + " has shape " + shape_list_text(t.shape) + " but " +
                 std::to_string(t.data.size()) + " values");
    header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + *bytes}}};
    offset += *bytes;
  }
  std::string text;
  try {
    text = header.dump(-1, ' ', false, ordered_json::error_handler_t::strict);
  } catch (const json::exception&) {
    throw fail("a tensor name or a metadata key or value is not valid UTF-8 text");
  }
  text.append((8 - text.size() % 8) % 8, ' ');  // like the reference: the data starts 8-byte aligned

  std::string out;
  out.reserve(8 + text.size() + offset);
  char n[8];
  store_le<std::uint64_t>(n, text.size());
  out.append(n, 8);
  out += text;
  for (const SafeTensor& t : file.tensors) append_f32_le(out, t.data);
  return out;
}

void write_safetensors(const std::string& path, const SafeTensorsFile& file) {
  std::string bytes;
  try {
    bytes = safetensors_bytes(file);
  } catch (const FileError& e) {
    throw FileError("cannot write " + path + ": " + e.what());
  }
  write_file_atomically(path, bytes);
}

namespace {

// Builds the FileError of one file: "<file>: not a valid safetensors file: <what>".
struct Refusal {
  std::string where;
  FileError operator()(const std::string& what) const {
    return FileError(where + ": not a valid safetensors file: " + what);
  }
};

// The 8-byte length, the header's structure limits, then its DOM. `buffer` receives the bytes
// after the header.
json parse_header(std::string_view bytes, const Refusal& fail, std::string_view& buffer) {
  if (bytes.size() < 8)
    throw fail("it is " + std::to_string(bytes.size()) + " bytes long, shorter than the 8-byte header length");
  const std::uint64_t n = load_le<std::uint64_t>(bytes.data());
  if (n > kSafetensorsMaxHeader)
    throw fail("the header length " + std::to_string(n) + " is over the limit of " +
               std::to_string(kSafetensorsMaxHeader) + " bytes");
  if (n > bytes.size() - 8)
    throw fail("the header length " + std::to_string(n) + " is larger than the " + std::to_string(bytes.size() - 8) +
               " bytes after it (truncated file?)");
  const std::string_view header_text = bytes.substr(8, std::size_t(n));
  buffer = bytes.substr(8 + std::size_t(n));
  if (header_text.empty() || header_text.front() != '{') throw fail("the header does not start with '{'");

  HeaderCheck check;
  if (!json::sax_parse(header_text.begin(), header_text.end(), &check) || !check.error.empty())
    throw fail(check.error.empty() ? "the header is not valid JSON" : check.error);
  json root;
  try {
    root = json::parse(header_text.begin(), header_text.end());
  } catch (const json::exception& e) {
    throw fail("the header is not valid JSON (" + std::string(e.what()) + ")");
  }
  if (!root.is_object()) throw fail("the header is not a JSON object");
  return root;
}

void read_metadata(const json& value, const Refusal& fail, std::map<std::string, std::string>& metadata) {
  if (value.is_null()) return;
  if (!value.is_object()) throw fail("__metadata__ is " + std::string(json_type(value)) + ", not an object of strings");
  for (const auto& [k, v] : value.items()) {
    if (!v.is_string()) throw fail("__metadata__ entry " + quote(k) + " is " + json_type(v) + ", not a string");
    metadata.emplace(k, v.get<std::string>());
  }
}

std::size_t read_itemsize(const json& dtype, const std::string& t, const Refusal& fail) {
  if (!dtype.is_string()) throw fail(t + ": \"dtype\" is " + json_type(dtype) + ", not a string");
  const std::string& d = dtype.get_ref<const std::string&>();
  if (d == "F32") return 4;
  if (d == "F64") return 8;
  if (known_dtype(d))
    throw fail(t + " has dtype " + d +
               ", which is not supported (only F32, and F64 which is converted to F32); "
               "convert the tensor to float32 before saving");
  throw fail(t + " has an unknown dtype " + quote(d));
}

// One tensor's entry of the header, checked against the data buffer's size.
Entry read_entry(const std::string& name, const json& value, std::size_t buffer_size, const Refusal& fail) {
  const std::string t = "tensor " + quote(name) + "";
  if (!value.is_object()) throw fail(t + " is described by " + json_type(value) + ", not an object");
  for (const char* key : {"dtype", "shape", "data_offsets"})
    if (!value.contains(key)) throw fail(t + " has no " + quote(key));
  const json& shape = value["shape"];
  const json& offsets = value["data_offsets"];
  Entry e;
  e.name = name;
  e.itemsize = read_itemsize(value["dtype"], t, fail);

  if (!shape.is_array()) throw fail(t + ": \"shape\" is " + json_type(shape) + ", not an array");
  for (const json& dim : shape) {
    if (!non_negative_integer(dim))
      throw fail(t + ": its shape has " + json_type(dim) + " where a non-negative integer dimension belongs");
    e.shape.push_back(dim.get<std::size_t>());
  }
  const auto size = byte_size(e.shape, e.itemsize);
  if (!size) throw fail(t + " has an absurd shape " + shape_list_text(e.shape) + " (its number of values overflows)");

  if (!offsets.is_array() || offsets.size() != 2)
    throw fail(t + ": \"data_offsets\" is not an array [begin, end] of two integers");
  for (const json& o : offsets)
    if (!non_negative_integer(o))
      throw fail(t + ": \"data_offsets\" holds " + json_type(o) + " where a non-negative integer belongs");
  e.begin = offsets[0].get<std::size_t>();
  e.end = offsets[1].get<std::size_t>();
  const std::string span = "[" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "]";
  if (e.begin > e.end) throw fail(t + " has data_offsets " + span + " with begin > end");
  if (e.end > buffer_size)
    throw fail(t + " has data_offsets " + span + " past the end of the " + std::to_string(buffer_size) +
               "-byte data buffer (truncated file?)");
  if (e.end - e.begin != *size)
    throw fail(t + " has shape " + shape_list_text(e.shape) + " and dtype " + value["dtype"].get<std::string>() +
               ", which take " + std::to_string(*size) + " bytes, but its data_offsets span " +
               std::to_string(e.end - e.begin) + " bytes");
  return e;
}

// The tensors must cover the buffer exactly, in some order, without holes or overlaps. Sorts
// the entries by their place in the buffer.
void check_coverage(std::vector<Entry>& entries, std::size_t buffer_size, const Refusal& fail) {
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
  });
  std::size_t expected = 0;
  const Entry* previous = nullptr;
  for (const Entry& e : entries) {
    if (e.begin < expected)
      throw fail("tensors " + quote(previous->name) + " and " + quote(e.name) + " overlap in the data buffer (bytes " +
                 std::to_string(e.begin) + " to " + std::to_string(expected) + ")");
    if (e.begin > expected)
      throw fail("bytes " + std::to_string(expected) + " to " + std::to_string(e.begin) +
                 " of the data buffer belong to no tensor (a hole before " + quote(e.name) + ")");
    expected = e.end;
    previous = &e;
  }
  if (expected != buffer_size)
    throw fail("the data buffer has " + std::to_string(buffer_size - expected) +
               " bytes after the last tensor that belong to no tensor");
}

// The values of one checked entry, little-endian F32 or F64 (converted to float).
SafeTensor decode_tensor(Entry& e, std::string_view buffer) {
  SafeTensor t;
  t.name = std::move(e.name);
  t.shape = std::move(e.shape);
  const std::size_t count = (e.end - e.begin) / e.itemsize;  // checked against the buffer before
  t.data.resize(count);
  const char* p = buffer.data() + e.begin;
  if (e.itemsize == 4) {
    for (std::size_t i = 0; i < count; ++i, p += 4) t.data[i] = std::bit_cast<float>(load_le<std::uint32_t>(p));
  } else {
    for (std::size_t i = 0; i < count; ++i, p += 8)
      t.data[i] = static_cast<float>(std::bit_cast<double>(load_le<std::uint64_t>(p)));
  }
  return t;
}

}  // namespace

SafeTensorsFile parse_safetensors(std::string_view bytes, std::string_view source) {
  const Refusal fail{std::string(source)};
  std::string_view buffer;
  const json root = parse_header(bytes, fail, buffer);
  SafeTensorsFile out;
  std::vector<Entry> entries;
  entries.reserve(root.size());
  for (const auto& [name, value] : root.items()) {
    if (name == kMetadataKey)
      read_metadata(value, fail, out.metadata);
    else
      entries.push_back(read_entry(name, value, buffer.size(), fail));
  }
  check_coverage(entries, buffer.size(), fail);
  out.tensors.reserve(entries.size());
  for (Entry& e : entries) out.tensors.push_back(decode_tensor(e, buffer));
  return out;
}

SafeTensorsFile read_safetensors(const std::string& path) {
  return parse_safetensors(read_file(path, kSafetensorsMaxFile), path);
}

}  // namespace rnnwb
