// safetensors files: round trip, the byte layout of the reference implementation, a plain Python
// reader (json + struct + numpy, following the spec) reads what we write, we read what a Python
// snippet writes by hand, and every check of the loader fails with a message naming the check.
#include "engine/io/safetensors.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <string>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string parse_error(std::string_view bytes) {
  try {
    parse_safetensors(bytes, "m.safetensors");
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

std::string le64(std::uint64_t n) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[i] = char((n >> (8 * i)) & 0xff);
  return s;
}

// A file from a header text and a data buffer of `buffer_bytes` zero bytes.
std::string make_file(const std::string& header, std::size_t buffer_bytes) {
  return le64(header.size()) + header + std::string(buffer_bytes, '\0');
}

bool python_has_numpy() {
  static const bool ok = std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
  return ok;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
}

SafeTensorsFile sample() {
  SafeTensorsFile f;
  SafeTensor w{"layers.0.weight_ih", {4, 3}, {}};
  for (int i = 0; i < 12; ++i) w.data.push_back(float(i) * 0.25f - 1.0f);
  w.data[0] = std::numeric_limits<float>::quiet_NaN();
  w.data[1] = std::numeric_limits<float>::infinity();
  w.data[2] = -0.0f;
  f.tensors.push_back(w);
  f.tensors.push_back({"b", {3}, {1.5f, -2.5f, 3e-39f}});
  f.tensors.push_back({"scalar", {}, {42.0f}});
  f.tensors.push_back({"empty", {0, 7}, {}});
  f.tensors.push_back({"a.last", {1, 1, 1}, {7.0f}});
  f.metadata["format"] = "pt";
  f.metadata["rnnwb"] = R"({"x": [1, 2], "text": "quotes \" and \\ and é"})";
  f.metadata["empty"] = "";
  return f;
}

struct SafetensorsTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("rnnwb_safetensors_" + std::to_string(::getpid()));
  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }
  int python(const std::string& script, std::string& log) const {
    write_file_atomically(path("script.py"), script);
    const int rc = std::system(("cd '" + dir.string() + "' && /usr/bin/python3 script.py > log.txt 2>&1").c_str());
    log = read_file(path("log.txt"), 1 << 20);
    return rc;
  }
};

TEST_F(SafetensorsTest, RoundTripKeepsOrderBitsAndMetadata) {
  const SafeTensorsFile f = sample();
  write_safetensors(path("m.safetensors"), f);
  const SafeTensorsFile g = read_safetensors(path("m.safetensors"));
  ASSERT_EQ(g.tensors.size(), f.tensors.size());
  for (std::size_t i = 0; i < f.tensors.size(); ++i) {
    EXPECT_EQ(g.tensors[i].name, f.tensors[i].name);
    EXPECT_EQ(g.tensors[i].shape, f.tensors[i].shape);
    EXPECT_TRUE(same_bits(g.tensors[i].data, f.tensors[i].data)) << f.tensors[i].name;
  }
  EXPECT_EQ(g.metadata, f.metadata);
  ASSERT_NE(g.find("b"), nullptr);
  EXPECT_EQ(g.find("b")->data[1], -2.5f);
  EXPECT_EQ(g.find("nope"), nullptr);
  EXPECT_EQ(safetensors_bytes(g), safetensors_bytes(f));

  const SafeTensorsFile empty = parse_safetensors(safetensors_bytes({}), "mem");
  EXPECT_TRUE(empty.tensors.empty() && empty.metadata.empty());
}

TEST_F(SafetensorsTest, LayoutFollowsTheReference) {
  const std::string bytes = safetensors_bytes(sample());
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = n << 8 | std::uint8_t(bytes[i]);
  EXPECT_EQ(n % 8, 0u);
  EXPECT_EQ(bytes[8], '{');
  const std::string header = bytes.substr(8, n);
  const std::size_t close = header.rfind('}');
  EXPECT_EQ(header.find_first_not_of(' ', close + 1), std::string::npos);  // padded with spaces
  EXPECT_LT(header.size() - close - 1, 8u);
  EXPECT_EQ(header.rfind("{\"__metadata__\":", 0), 0u);                // metadata first
  EXPECT_LT(header.find("layers.0.weight_ih"), header.find("\"b\""));  // the given order
  EXPECT_EQ(bytes.size(), 8 + n + (12 + 3 + 1 + 0 + 1) * 4);
  // Without metadata there is no __metadata__ entry.
  SafeTensorsFile plain;
  plain.tensors.push_back({"t", {1}, {1.0f}});
  EXPECT_FALSE(contains(safetensors_bytes(plain), "__metadata__"));
}

TEST_F(SafetensorsTest, WriterRefusesInconsistentTensors) {
  const auto error = [&](const SafeTensorsFile& f) {
    try {
      write_safetensors(path("w.safetensors"), f);
    } catch (const FileError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  SafeTensorsFile f;
  f.tensors = {{"a", {2, 2}, {1, 2, 3}}};
  EXPECT_TRUE(contains(error(f), "\"a\" has shape [2, 2] but 3 values")) << error(f);
  f.tensors = {{"a", {1}, {1}}, {"a", {1}, {2}}};
  EXPECT_TRUE(contains(error(f), "two tensors are named \"a\"")) << error(f);
  f.tensors = {{"__metadata__", {1}, {1}}};
  EXPECT_TRUE(contains(error(f), "reserved")) << error(f);
  f.tensors = {{"a", {1}, {1}}};
  f.metadata["k"] = "\xff\xfe";
  EXPECT_TRUE(contains(error(f), "UTF-8")) << error(f);
  EXPECT_TRUE(contains(error(f), path("w.safetensors"))) << error(f);
  EXPECT_FALSE(fs::exists(path("w.safetensors")));
}

TEST_F(SafetensorsTest, PlainPythonReaderReadsOurFile) {
  if (!python_has_numpy()) GTEST_SKIP() << "/usr/bin/python3 has no numpy";
  write_safetensors(path("ours.safetensors"), sample());
  std::string log;
  EXPECT_EQ(python(R"(
import json, struct
import numpy as np
b = open('ours.safetensors', 'rb').read()
n, = struct.unpack('<Q', b[:8])
assert n % 8 == 0 and 8 + n <= len(b)
h = json.loads(b[8:8 + n].decode('utf-8'))
meta = h.pop('__metadata__')
assert meta['format'] == 'pt' and meta['empty'] == '', meta
assert json.loads(meta['rnnwb']) == {'x': [1, 2], 'text': 'quotes " and \\ and \u00e9'}, meta['rnnwb']
buf = b[8 + n:]
spans = sorted(tuple(v['data_offsets']) for v in h.values())
pos = 0
for s, e in spans:
    assert s == pos, (s, pos)
    pos = e
assert pos == len(buf)
def get(name):
    v = h[name]
    assert v['dtype'] == 'F32'
    s, e = v['data_offsets']
    return np.frombuffer(buf[s:e], dtype='<f4').reshape(v['shape'])
w = get('layers.0.weight_ih')
assert w.shape == (4, 3)
assert np.isnan(w[0, 0]) and np.isposinf(w[0, 1]) and w[0, 2] == 0 and np.signbit(w[0, 2])
assert np.array_equal(w.ravel()[3:], np.arange(3, 12, dtype=np.float32) * 0.25 - 1)
assert get('b').tolist() == [1.5, -2.5, np.float32(3e-39)]
assert get('scalar').shape == () and get('scalar') == 42
assert get('empty').shape == (0, 7)
assert get('a.last').shape == (1, 1, 1) and get('a.last').item() == 7
print('ok')
)",
                   log),
            0)
      << log;
  EXPECT_TRUE(contains(log, "ok")) << log;
}

TEST_F(SafetensorsTest, ReadsAFileWrittenByHandInPython) {
  if (!python_has_numpy()) GTEST_SKIP() << "/usr/bin/python3 has no numpy";
  std::string log;
  ASSERT_EQ(python(R"(
import json, struct
import numpy as np
tensors = {
    'z.weight': (np.arange(6, dtype=np.float32) / 4).reshape(2, 3),
    'a.bias': np.array([1 / 3, -2.0, 1e300], dtype=np.float64),
    'm.scalar': np.array(5, dtype=np.float32),
    'n.empty': np.zeros((2, 0), dtype=np.float32),
}
# Lay the data out in a different order from the header's, as any writer may.
order = ['a.bias', 'n.empty', 'm.scalar', 'z.weight']
header, data, pos = {}, b'', 0
for name in order:
    a = tensors[name]
    raw = a.astype(a.dtype.newbyteorder('<')).tobytes()
    header[name] = {'dtype': 'F64' if a.dtype == np.float64 else 'F32', 'shape': list(a.shape),
                    'data_offsets': [pos, pos + len(raw)]}
    data += raw
    pos += len(raw)
header['__metadata__'] = {'format': 'np', 'note': 'written by hand'}
text = json.dumps(dict(sorted(header.items()))).encode('utf-8')
text += b' ' * ((8 - len(text) % 8) % 8)
with open('py.safetensors', 'wb') as f:
    f.write(struct.pack('<Q', len(text)) + text + data)
)",
                   log),
            0)
      << log;
  const SafeTensorsFile f = read_safetensors(path("py.safetensors"));
  EXPECT_EQ(f.metadata, (std::map<std::string, std::string>{{"format", "np"}, {"note", "written by hand"}}));
  ASSERT_EQ(f.tensors.size(), 4u);
  EXPECT_EQ(f.tensors[0].name, "a.bias");  // in data order
  EXPECT_EQ(f.tensors[3].name, "z.weight");
  const SafeTensor* w = f.find("z.weight");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->shape, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(w->data, (std::vector<float>{0, 0.25f, 0.5f, 0.75f, 1.0f, 1.25f}));
  const SafeTensor* b = f.find("a.bias");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->data[0], float(1.0 / 3));
  EXPECT_EQ(b->data[1], -2.0f);
  EXPECT_TRUE(std::isinf(b->data[2]));  // F64 beyond float's range becomes infinity
  EXPECT_TRUE(f.find("m.scalar")->shape.empty());
  EXPECT_EQ(f.find("m.scalar")->data, std::vector<float>{5.0f});
  EXPECT_EQ(f.find("n.empty")->shape, (std::vector<std::size_t>{2, 0}));
}

TEST(SafetensorsMalformed, EachCheckIsNamed) {
  const auto expect = [](const std::string& bytes, const std::string& part) {
    const std::string e = parse_error(bytes);
    EXPECT_TRUE(contains(e, part)) << "expected \"" << part << "\" in: " << e;
    EXPECT_TRUE(contains(e, "m.safetensors")) << e;
  };
  const auto tensor = [](const std::string& entry, std::size_t buffer) {
    return make_file("{\"t\":" + entry + "}", buffer);
  };
  EXPECT_EQ(parse_error(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":[0,8]})", 8)), "");
  EXPECT_EQ(parse_error(tensor(R"({"dtype":"F64","shape":[2],"data_offsets":[0,16],"extra":1})", 16)), "");
  EXPECT_EQ(parse_error(make_file(R"({"__metadata__":null})", 0)), "");
  EXPECT_EQ(parse_error(make_file("{}", 0)), "");

  expect("", "0 bytes long, shorter than the 8-byte header length");
  expect("1234567", "7 bytes long");
  expect(le64(100) + "{}", "larger than the 2 bytes after it");
  expect(le64(100'000'001) + "{}", "over the limit of 100000000 bytes");
  expect(le64(std::numeric_limits<std::uint64_t>::max()) + "{}", "over the limit");
  expect(make_file("", 0), "does not start with '{'");
  expect(make_file(" {}", 0), "does not start with '{'");
  expect(make_file("[1, 2]", 0), "does not start with '{'");
  expect(make_file("{\"t\": ", 0), "not valid JSON");
  expect(make_file("{\"t\": 1} x", 0), "not valid JSON");
  expect(make_file("{\"t\": \"\xff\"}", 0), "not valid JSON");
  expect(make_file(R"({"__metadata__":[1]})", 0), "__metadata__ is array, not an object of strings");
  expect(make_file(R"({"__metadata__":{"a":1}})", 0), "__metadata__ entry \"a\" is number, not a string");
  expect(make_file(R"({"__metadata__":{"a":{"b":{"c":"d"}}}})", 0), "nests deeper");
  expect(tensor("[1]", 0), "tensor \"t\" is described by array, not an object");
  expect(tensor(R"({"shape":[2],"data_offsets":[0,8]})", 8), "tensor \"t\" has no \"dtype\"");
  expect(tensor(R"({"dtype":"F32","data_offsets":[0,8]})", 8), "tensor \"t\" has no \"shape\"");
  expect(tensor(R"({"dtype":"F32","shape":[2]})", 8), "tensor \"t\" has no \"data_offsets\"");
  expect(tensor(R"({"dtype":32,"shape":[2],"data_offsets":[0,8]})", 8), "\"dtype\" is number, not a string");
  expect(tensor(R"({"dtype":"F16","shape":[2],"data_offsets":[0,4]})", 4), "dtype F16, which is not supported");
  expect(tensor(R"({"dtype":"I64","shape":[2],"data_offsets":[0,16]})", 16), "dtype I64");
  expect(tensor(R"({"dtype":"float","shape":[2],"data_offsets":[0,8]})", 8), "unknown dtype \"float\"");
  expect(tensor(R"({"dtype":"F32","shape":"2","data_offsets":[0,8]})", 8), "\"shape\" is string, not an array");
  expect(tensor(R"({"dtype":"F32","shape":[-2],"data_offsets":[0,8]})", 8), "a negative number where");
  expect(tensor(R"({"dtype":"F32","shape":[2.0],"data_offsets":[0,8]})", 8), "a non-integer number where");
  expect(tensor(R"({"dtype":"F32","shape":[1e30],"data_offsets":[0,8]})", 8), "a non-integer number where");
  expect(tensor(R"({"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,8]})", 8), "non-integer");
  expect(tensor(R"({"dtype":"F32","shape":[null],"data_offsets":[0,8]})", 8), "null where");
  expect(tensor(R"({"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]})", 8), "absurd shape");
  expect(tensor(R"({"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,8]})", 8), "absurd shape");
  expect(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":[0]})", 8), "not an array [begin, end]");
  expect(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":[0,4,8]})", 8), "not an array [begin, end]");
  expect(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":{"a":0}})", 8), "not an array [begin, end]");
  expect(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":[-8,0]})", 8), "a negative number where");
  expect(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":[0,"8"]})", 8), "string where");
  expect(tensor(R"({"dtype":"F32","shape":[0],"data_offsets":[8,0]})", 8), "with begin > end");
  expect(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":[0,8]})", 4), "past the end of the 4-byte data buffer");
  expect(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551615]})", 8), "past the end");
  expect(tensor(R"({"dtype":"F32","shape":[3],"data_offsets":[0,8]})", 8),
         "which take 12 bytes, but its data_offsets span 8");
  expect(tensor(R"({"dtype":"F64","shape":[2],"data_offsets":[0,8]})", 8), "take 16 bytes");
  expect(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":[0,8]})", 12), "4 bytes after the last tensor");
  expect(tensor(R"({"dtype":"F32","shape":[2],"data_offsets":[4,12]})", 12),
         "bytes 0 to 4 of the data buffer belong to no tensor");
  expect(make_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                   R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                   12),
         "\"a\" and \"b\" overlap");
  expect(make_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                   R"("b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                   8),
         "overlap");
  expect(make_file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                   R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                   12),
         "bytes 4 to 8 of the data buffer belong to no tensor");
  expect(make_file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                   R"("a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                   8),
         "the name \"a\" appears twice");
  expect(tensor(R"({"dtype":"F32","shape":[2],"dtype":"F32","data_offsets":[0,8]})", 8),
         "the key \"dtype\" appears twice under \"t\"");
  expect(make_file(R"({"__metadata__":{"k":"1","k":"2"}})", 0), "the key \"k\" appears twice under \"__metadata__\"");
  expect(tensor(R"({"dtype":"F32","shape":[[2]],"data_offsets":[0,8]})", 8), "nests deeper");
  std::string deep(1'000'000, '[');
  expect(make_file("{\"t\":" + deep, 0), "nests deeper");
  std::string rank = "[";
  for (int i = 0; i < 65; ++i) rank += i ? ",1" : "1";
  expect(tensor(R"({"dtype":"F32","shape":)" + rank + R"(],"data_offsets":[0,4]})", 4), "more than 64 items");
}

TEST(SafetensorsMalformed, CountLimits) {
  std::string many = "{";
  for (std::size_t i = 0; i <= kSafetensorsMaxTensors; ++i)
    many += (i ? ",\"t" : "\"t") + std::to_string(i) + R"(":{"dtype":"F32","shape":[0],"data_offsets":[0,0]})";
  many += "}";
  // Exactly the limit loads (and quickly: the header checks are linear in the number of tensors).
  const std::size_t cut = many.rfind(",\"t");
  EXPECT_EQ(parse_safetensors(make_file(many.substr(0, cut) + "}", 0), "mem").tensors.size(), kSafetensorsMaxTensors);
  const std::string e = parse_error(make_file(many, 0));
  EXPECT_TRUE(contains(e, "more than 100000 tensors")) << e.substr(0, 300);

  std::string meta = R"({"__metadata__":{)";
  for (std::size_t i = 0; i <= kSafetensorsMaxMetadataEntries; ++i)
    meta += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":\"\"";
  meta += "}}";
  const std::string m = parse_error(make_file(meta, 0));
  EXPECT_TRUE(contains(m, "__metadata__ has more than 100000 entries")) << m.substr(0, 300);
}

TEST(SafetensorsMalformed, RandomDamageNeverCrashes) {
  const std::string good = safetensors_bytes(sample());
  for (std::size_t keep = 0; keep < good.size(); ++keep) EXPECT_NE(parse_error(good.substr(0, keep)), "") << keep;
  std::mt19937 rng(11);
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = n << 8 | std::uint8_t(good[i]);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string bad = good;
    const int flips = 1 + int(rng() % 3);
    for (int f = 0; f < flips; ++f) {
      const std::size_t at = trial % 5 == 0 ? rng() % 8 : 8 + rng() % n;  // the length or the header
      const char choices[] = "{}[],:\"0123456789-.eE ";
      bad[at] = rng() % 2 ? char(rng() % 256) : choices[rng() % (sizeof choices - 1)];
    }
    try {
      const SafeTensorsFile f = parse_safetensors(bad, "fuzz");
      for (const SafeTensor& t : f.tensors) {
        std::size_t count = 1;
        for (std::size_t d : t.shape) count *= d;
        EXPECT_EQ(count, t.data.size());
      }
    } catch (const FileError&) {
    }
  }
}

TEST(SafetensorsMalformed, MissingFileNamesThePath) {
  try {
    read_safetensors("/nonexistent/model.safetensors");
    FAIL();
  } catch (const FileError& e) {
    EXPECT_TRUE(contains(e.what(), "/nonexistent/model.safetensors")) << e.what();
  }
}

}  // namespace
}  // namespace rnnwb
