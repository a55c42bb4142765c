// .npy files: our writer and reader round-trip, NumPy reads what we write and we read what NumPy
// writes (format 1.0, 2.0, 3.0, float32/float64, both byte orders), and every malformed file is a
// FileError that says what is wrong (never a crash, even on random damage).
#include "engine/io/npy.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string npy_error(std::string_view bytes) {
  try {
    parse_npy(bytes, "x.npy");
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

// A .npy file with the given version, header text and data bytes.
std::string make_npy(const std::string& header, const std::string& data, int major = 1) {
  std::string out = "\x93NUMPY";
  out.push_back(char(major));
  out.push_back('\0');
  const std::uint32_t n = std::uint32_t(header.size());
  out.push_back(char(n & 0xff));
  out.push_back(char((n >> 8) & 0xff));
  if (major != 1) {
    out.push_back(char((n >> 16) & 0xff));
    out.push_back(char((n >> 24) & 0xff));
  }
  return out + header + data;
}

std::string floats(std::initializer_list<float> v) {
  std::string s(v.size() * 4, '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

bool python_has_numpy() {
  static const bool ok = std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
  return ok;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
}

struct NpyTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("rnnwb_npy_" + std::to_string(::getpid()));
  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }

  // Runs a Python script with Debian's python3 in `dir`; returns its exit status, output in `log`.
  int python(const std::string& script, std::string& log) const {
    write_file_atomically(path("script.py"), script);
    const int rc = std::system(("cd '" + dir.string() + "' && /usr/bin/python3 script.py > log.txt 2>&1").c_str());
    log = read_file(path("log.txt"), 1 << 20);
    return rc;
  }
};

TEST_F(NpyTest, RoundTripKeepsShapesAndBits) {
  const std::vector<std::vector<std::size_t>> shapes = {{}, {0}, {3}, {2, 3, 4}, {0, 5}, {1, 1, 1, 1, 2}};
  for (const auto& shape : shapes) {
    NpyArray a;
    a.shape = shape;
    std::size_t n = 1;
    for (std::size_t d : shape) n *= d;
    for (std::size_t i = 0; i < n; ++i) a.data.push_back(float(i) * 0.37f - 1.5f);
    if (n >= 4) {
      a.data[0] = std::numeric_limits<float>::quiet_NaN();
      a.data[1] = -std::numeric_limits<float>::infinity();
      a.data[2] = -0.0f;
      a.data[3] = std::numeric_limits<float>::denorm_min();
    }
    const std::string bytes = npy_bytes(a);
    const std::size_t header_len = std::uint8_t(bytes[8]) | std::size_t(std::uint8_t(bytes[9])) << 8;
    EXPECT_EQ((10 + header_len) % 64, 0u);
    EXPECT_EQ(bytes[10 + header_len - 1], '\n');
    const NpyArray b = parse_npy(bytes, "mem");
    EXPECT_EQ(b.shape, a.shape);
    EXPECT_TRUE(same_bits(a.data, b.data));
    write_npy(path("a.npy"), a);
    const NpyArray c = read_npy(path("a.npy"));
    EXPECT_EQ(c.shape, a.shape);
    EXPECT_TRUE(same_bits(a.data, c.data));
  }
}

TEST_F(NpyTest, WriterRefusesAShapeThatDoesNotMatchTheData) {
  NpyArray a{{2, 3}, {1, 2, 3}};
  EXPECT_THROW(npy_bytes(a), FileError);
  try {
    write_npy(path("bad.npy"), a);
    FAIL();
  } catch (const FileError& e) {
    EXPECT_TRUE(contains(e.what(), path("bad.npy")) && contains(e.what(), "(2, 3)")) << e.what();
  }
  EXPECT_FALSE(fs::exists(path("bad.npy")));
}

TEST_F(NpyTest, ReadsWhatNumpyWrites) {
  if (!python_has_numpy()) GTEST_SKIP() << "/usr/bin/python3 has no numpy";
  std::string log;
  ASSERT_EQ(python(R"(
import numpy as np
a = (np.arange(24, dtype=np.float32) * 0.5 - 3).reshape(2, 3, 4)
np.save('f4.npy', a)
np.save('f8.npy', (np.arange(6) / 7).reshape(2, 3))
np.save('be.npy', a.astype('>f4'))
np.save('be8.npy', a.astype('>f8'))
np.save('scalar.npy', np.float32(2.5))
np.save('empty.npy', np.zeros((0, 3), dtype=np.float32))
np.save('sliced.npy', a[:, ::2, 1])  # a non-contiguous view is saved in C order
for v in ((2, 0), (3, 0)):
    with open('v%d.npy' % v[0], 'wb') as f:
        np.lib.format.write_array(f, a, version=v)
np.save('fortran.npy', np.asfortranarray(a))
np.save('int.npy', np.arange(4))
np.save('f2.npy', np.arange(4, dtype=np.float16))
np.save('obj.npy', np.array([1, 'x'], dtype=object), allow_pickle=True)
np.save('rec.npy', np.zeros(3, dtype=[('a', '<f4'), ('b', '<i4')]))
)",
                   log),
            0)
      << log;
  std::vector<float> expected;
  for (int i = 0; i < 24; ++i) expected.push_back(float(i) * 0.5f - 3.0f);
  for (const char* name : {"f4.npy", "be.npy", "be8.npy", "v2.npy", "v3.npy"}) {
    const NpyArray a = read_npy(path(name));
    EXPECT_EQ(a.shape, (std::vector<std::size_t>{2, 3, 4})) << name;
    EXPECT_EQ(a.data, expected) << name;
  }
  const NpyArray f8 = read_npy(path("f8.npy"));
  EXPECT_EQ(f8.shape, (std::vector<std::size_t>{2, 3}));
  for (int i = 0; i < 6; ++i) EXPECT_EQ(f8.data[i], float(double(i) / 7)) << i;
  const NpyArray scalar = read_npy(path("scalar.npy"));
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.data, std::vector<float>{2.5f});
  const NpyArray empty = read_npy(path("empty.npy"));
  EXPECT_EQ(empty.shape, (std::vector<std::size_t>{0, 3}));
  EXPECT_TRUE(empty.data.empty());
  const NpyArray sliced = read_npy(path("sliced.npy"));
  EXPECT_EQ(sliced.shape, (std::vector<std::size_t>{2, 2}));
  EXPECT_EQ(sliced.data, (std::vector<float>{expected[1], expected[9], expected[13], expected[21]}));

  const auto error = [&](const char* name) {
    try {
      read_npy(path(name));
    } catch (const FileError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  std::string e = error("fortran.npy");
  EXPECT_TRUE(contains(e, path("fortran.npy")) && contains(e, "Fortran")) << e;
  e = error("int.npy");
  EXPECT_TRUE(contains(e, "'<i8'") && contains(e, "x.astype(np.float32)")) << e;
  EXPECT_TRUE(contains(error("f2.npy"), "'<f2'")) << error("f2.npy");
  EXPECT_TRUE(contains(error("obj.npy"), "'|O'")) << error("obj.npy");
  EXPECT_TRUE(contains(error("rec.npy"), "structured")) << error("rec.npy");
}

TEST_F(NpyTest, NumpyReadsWhatWeWrite) {
  if (!python_has_numpy()) GTEST_SKIP() << "/usr/bin/python3 has no numpy";
  NpyArray a;
  a.shape = {2, 3, 4};
  for (int i = 0; i < 24; ++i) a.data.push_back(float(i) * 0.5f - 3.0f);
  a.data[5] = std::numeric_limits<float>::quiet_NaN();
  write_npy(path("ours.npy"), a);
  write_npy(path("scalar.npy"), NpyArray{{}, {7.25f}});
  write_npy(path("vector.npy"), NpyArray{{3}, {1, 2, 3}});
  write_npy(path("empty.npy"), NpyArray{{4, 0}, {}});
  NpyArray wide;  // 32 dimensions, NumPy's limit before version 2.0
  wide.shape.assign(31, 1);
  wide.shape.push_back(2);
  wide.data = {1, 2};
  write_npy(path("wide.npy"), wide);
  std::string log;
  EXPECT_EQ(python(R"(
import numpy as np
a = np.load('ours.npy')
assert a.dtype == np.float32 and a.dtype.byteorder in '<=', a.dtype
assert a.shape == (2, 3, 4) and a.flags['C_CONTIGUOUS'], a.shape
e = (np.arange(24, dtype=np.float32) * 0.5 - 3).reshape(2, 3, 4)
assert np.isnan(a.flat[5])
e.flat[5] = a.flat[5]
assert np.array_equal(a, e, equal_nan=True), a
s = np.load('scalar.npy'); assert s.shape == () and s == 7.25
v = np.load('vector.npy'); assert v.shape == (3,) and list(v) == [1, 2, 3]
z = np.load('empty.npy'); assert z.shape == (4, 0) and z.dtype == np.float32
w = np.load('wide.npy'); assert w.shape == (1,) * 31 + (2,) and w.ravel().tolist() == [1, 2]
with open('ours.npy', 'rb') as f:
    assert np.lib.format.read_magic(f) == (1, 0)
print('ok')
)",
                   log),
            0)
      << log;
  EXPECT_TRUE(contains(log, "ok")) << log;
}

TEST_F(NpyTest, ManyDimensions) {
  NpyArray a;
  a.shape.assign(40, 1);
  a.shape.push_back(3);
  a.data = {1, 2, 3};
  // 41 dimensions make a short header; a version-2 header is only needed past 64 KiB, which no
  // real shape reaches (64 dimensions at most): check the version-1 choice and the parser limit.
  const std::string bytes = npy_bytes(a);
  EXPECT_EQ(bytes[6], '\x01');
  EXPECT_EQ(parse_npy(bytes, "mem").shape, a.shape);
  a.shape.assign(65, 1);
  a.data = {1};
  EXPECT_TRUE(contains(npy_error(npy_bytes(a)), "more than 64 dimensions")) << npy_error(npy_bytes(a));
}

TEST(NpyMalformed, EachProblemIsNamed) {
  const std::string good_header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
  const std::string data = floats({1.0f, 2.0f});
  EXPECT_EQ(npy_error(make_npy(good_header, data)), "");
  EXPECT_EQ(npy_error(make_npy(good_header, data, 2)), "");
  EXPECT_EQ(npy_error(make_npy(good_header, data, 3)), "");
  EXPECT_EQ(npy_error(make_npy("{\"descr\":\"<f4\",\"shape\":(2L,),\"fortran_order\":False}", data)), "");

  const auto expect = [](const std::string& bytes, const std::string& part) {
    const std::string e = npy_error(bytes);
    EXPECT_TRUE(contains(e, part)) << "expected \"" << part << "\" in: " << e;
    EXPECT_TRUE(contains(e, "x.npy")) << e;
  };
  expect("", "bad magic");
  expect("\x93NUMP", "bad magic");
  expect("PK\x03\x04 this is a zip", "bad magic");
  std::string v4 = make_npy(good_header, data);
  v4[6] = 4;
  expect(v4, "unsupported .npy format version 4.0");
  std::string v11 = make_npy(good_header, data);
  v11[7] = 1;
  expect(v11, "version 1.1");
  expect(std::string("\x93NUMPY\x01\x00\x10", 9), "ends inside the header length");
  expect(make_npy(good_header, data).substr(0, 30), "the header says it is");
  expect(make_npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", std::string(16, '\0')),
         "unsupported dtype '<i8'");
  expect(make_npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", std::string(16, '\0')),
         "x.astype(np.float32)");
  expect(make_npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", data), "Fortran");
  expect(make_npy("{'descr': '<f4', 'shape': (2,), }", data), "'fortran_order' is missing");
  expect(make_npy("{'fortran_order': False, 'shape': (2,), }", data), "'descr' (the dtype) is missing");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False}", data), "'shape' is missing");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", data), "unexpected key 'x'");
  expect(make_npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", data), "twice");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", data), "negative dimension");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,), }", data), "',' or ')' expected");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': [2], }", data), "must be a tuple");
  expect(make_npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", data), "True or False");
  expect(make_npy("{'descr': <f4, 'fortran_order': False, 'shape': (2,), }", data), "quoted string");
  expect(make_npy("{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }", data), "',' or '}' expected");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", data), "',' or '}' expected");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} junk", data), "after the closing");
  expect(make_npy("", data), "does not start with '{'");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }", data),
         "absurdly large");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", data), "overflows");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904,), }", data), "overflows");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", data), "truncated");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }", data), "truncated");
  expect(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data), "size mismatch");
  expect(make_npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", data), "structured");
  // A zero anywhere makes an empty array, however large the other dimensions are.
  EXPECT_EQ(npy_error(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 0), }", "")),
            "");
}

TEST(NpyMalformed, RandomDamageNeverCrashes) {
  NpyArray a{{3, 4}, {}};
  for (int i = 0; i < 12; ++i) a.data.push_back(float(i));
  const std::string good = npy_bytes(a);
  for (std::size_t keep = 0; keep < good.size(); ++keep) EXPECT_NE(npy_error(good.substr(0, keep)), "") << keep;
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string bad = good;
    const int flips = 1 + int(rng() % 4);
    for (int f = 0; f < flips; ++f) bad[rng() % 128] = char(rng() % 256);  // damage the header
    try {
      const NpyArray r = parse_npy(bad, "fuzz");
      std::size_t n = 1;
      for (std::size_t d : r.shape) n *= d;
      EXPECT_EQ(n, r.data.size());
    } catch (const FileError&) {
    }
  }
}

TEST(NpyMalformed, MissingFileNamesThePath) {
  try {
    read_npy("/nonexistent/dir/x.npy");
    FAIL();
  } catch (const FileError& e) {
    EXPECT_TRUE(contains(e.what(), "/nonexistent/dir/x.npy")) << e.what();
  }
}

}  // namespace
}  // namespace rnnwb
