// Limits for untrusted input: each is refused with a message that names the limit, before anything
// is allocated from the size the file claims.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/error.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

template <class E, class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

TEST(InputLimits, ACsvWiderThanTheColumnLimitIsRefused) {
  std::string line;
  for (std::size_t j = 0; j <= kCsvMaxColumns; ++j) line += (j ? "," : "") + std::to_string(j);
  const std::string e = error_of<DataError>([&] { parse_csv(line + "\n" + line + "\n", {}, "wide.csv"); });
  EXPECT_NE(e.find("10001 columns, more than the limit of 10000"), std::string::npos) << e;
}

TEST(InputLimits, ACsvLargerThanTheFileLimitIsRefusedBeforeReading) {
  const fs::path path = fs::temp_directory_path() / ("rnnwb_huge_" + std::to_string(::getpid()) + ".csv");
  { std::ofstream(path) << "a\n1\n"; }
  fs::resize_file(path, kCsvMaxFileBytes + 1);  // sparse: no disk space used
  const std::string e = error_of<DataError>([&] { load_csv(path.string()); });
  fs::remove(path);
  EXPECT_NE(e.find("larger than the limit of 4 GiB"), std::string::npos) << e;
}

TEST(InputLimits, DeeplyNestedModelMetadataIsRefused) {
  SafeTensorsFile f;
  f.metadata["rnnwb"] = std::string(100, '[') + std::string(100, ']');
  const std::string path = (fs::temp_directory_path() / ("rnnwb_deep_" + std::to_string(::getpid()))).string();
  write_safetensors(path, f);
  const std::string e = error_of<FileError>([&] { load_model(path); });
  fs::remove(path);
  EXPECT_NE(e.find("nests deeper than 32 levels"), std::string::npos) << e;
}

TEST(InputLimits, BracketsInsideStringsDoNotCountAsNesting) {
  SafeTensorsFile f;
  f.metadata["rnnwb"] = "{\"note\": \"" + std::string(100, '[') + "\"}";
  const std::string path = (fs::temp_directory_path() / ("rnnwb_str_" + std::to_string(::getpid()))).string();
  write_safetensors(path, f);
  const std::string e = error_of<FileError>([&] { load_model(path); });
  fs::remove(path);
  EXPECT_EQ(e.find("nests deeper"), std::string::npos) << e;  // refused for what it lacks instead
  EXPECT_FALSE(e.empty());
}

}  // namespace
}  // namespace rnnwb
