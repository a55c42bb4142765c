// Regression tests for what the libFuzzer targets in tests/fuzz found (and what the fuzzing work
// turned up around them): each input, small enough to write inline, must be refused with a
// FileError that says what is wrong with the file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/core/error.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/io/session_file.hpp"
#include "small_model.hpp"

namespace rnnwb {
namespace {

using json = nlohmann::json;

TrainedModel small_model() { return testing::small_trained_model(); }

// The bytes of a model file holding `m`'s weights and the metadata `meta` (under "rnnwb"), plus
// optional session metadata.
std::string file_bytes(const TrainedModel& m, const json& meta, const json& session = nullptr) {
  SafeTensorsFile f;
  f.tensors = testing::tensors_of(m);
  f.metadata["rnnwb"] = meta.dump();
  if (!session.is_null()) f.metadata["rnnwb_session"] = session.dump();
  return safetensors_bytes(f);
}

// What load_model does after reading the file.
TrainedModel load_model_bytes(const std::string& bytes) {
  const SafeTensorsFile f = parse_safetensors(bytes, "fuzz.safetensors");
  return model_from_parts(json::parse(f.metadata.at("rnnwb")), f.tensors, "fuzz.safetensors");
}

// The FileError message of loading `meta` with small_model()'s weights ("" when it loads).
std::string model_error(const json& meta) {
  try {
    load_model_bytes(file_bytes(small_model(), meta));
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

TEST(FuzzRegressions, TheBaseModelLoads) {
  const TrainedModel m = small_model();
  EXPECT_EQ(model_error(model_metadata(m)), "");
}

// nlohmann's get<Index> converted 1e300 with a float-to-integer cast whose result is undefined
// (UBSan: "1e+300 is outside the range of representable values of type 'long'").
TEST(FuzzRegressions, ModelFileWithAFractionalOrHugeWindowIsRefused) {
  json meta = model_metadata(small_model());
  meta["window"] = 1e300;
  EXPECT_EQ(model_error(meta), "fuzz.safetensors: metadata field \"window\" is 1e+300, not a whole number");
  meta["window"] = 4.5;
  EXPECT_EQ(model_error(meta), "fuzz.safetensors: metadata field \"window\" is 4.5, not a whole number");
}

// Same cast in the optional loss history (get<int> of -1e30).
TEST(FuzzRegressions, ModelFileWithAHugeNegativeHistoryEpochIsRefused) {
  json meta = model_metadata(small_model());
  meta["history"] = json::array({{{"epoch", -1e30}, {"train_loss", 1.0}}});
  EXPECT_EQ(model_error(meta), "fuzz.safetensors: metadata field \"epoch\" is -1e+30, not a whole number");
}

// 4294967299 units used to wrap to 3 in get<int>, so a corrupted file loaded as a valid model.
TEST(FuzzRegressions, ModelFileWithUnitsBeyondIntIsRefusedNotWrapped) {
  json meta = model_metadata(small_model());
  meta["layers"][0]["units"] = 4294967299ull;
  EXPECT_EQ(model_error(meta), "fuzz.safetensors: metadata field \"units\" is 4294967299, which is out of range");
  meta = model_metadata(small_model());
  meta["data"]["rows"] = -1;  // a size_t field
  EXPECT_EQ(model_error(meta), "fuzz.safetensors: metadata field \"rows\" is -1, which is out of range");
}

// A 2.5 KB file whose layer list asks for an LSTM of 8000 units made the loader allocate and
// initialise about 2 GB (weights and gradients) before it noticed that the file holds 25 values
// (libFuzzer: out-of-memory, 2212 MB); it now needs at most the values the file holds.
TEST(FuzzRegressions, ModelFileWithAHugeLayerAndFewWeightsIsRefusedBeforeAllocating) {
  json meta = model_metadata(small_model());
  meta["layers"][0]["units"] = 8000;
  EXPECT_EQ(model_error(meta),
            "fuzz.safetensors: its layer list needs 256104001 weights but its tensors hold only 76 values");
}

// The stored split was not checked: [-5, 0, 0] reached split_bounds, which converts -5000.0 to
// size_t (UBSan: "-5000 is outside the range of representable values of type 'unsigned long'").
TEST(FuzzRegressions, ModelFileWithAnImpossibleSplitIsRefused) {
  json meta = model_metadata(small_model());
  meta["split"] = {-5, 0, 0};
  EXPECT_EQ(model_error(meta),
            "fuzz.safetensors: the split fractions must be >= 0 (train > 0) and add up to 1, got -5.0,0.0,0.0");
  meta["split"] = {0.7, 0.7, 0.7};
  EXPECT_EQ(model_error(meta),
            "fuzz.safetensors: the split fractions must be >= 0 (train > 0) and add up to 1, got 0.7,0.7,0.7");
}

// A differenced target that is not an input feature loaded, and predictions then added back the
// value of another column (decode_outputs read feature index -1).
TEST(FuzzRegressions, ModelFileWithADifferencedTargetThatIsNoFeatureIsRefused) {
  json meta = model_metadata(small_model());
  meta["targets"] = {"b"};
  meta["transforms"]["b"] = meta["transforms"]["a"];
  meta["transforms"]["b"]["diff_lag"] = 1;
  EXPECT_EQ(model_error(meta),
            "fuzz.safetensors: target \"b\" is differenced but is not an input feature, so its predictions cannot "
            "be turned back into values");
}

// The same checks guard session files, which share the metadata readers.
TEST(FuzzRegressions, SessionFileWithAFractionalWindowIsRefused) {
  SafeTensorsFile f;
  f.metadata["rnnwb_session"] = json{{"format_version", 1},
                                     {"data", {{"source", "sample:sunspots"}}},
                                     {"pipeline", {{"targets", {"SUNACTIVITY"}}, {"window", 12.5}}}}
                                    .dump();
  try {
    parse_session(safetensors_bytes(f), "fuzz.rnnwb");
    FAIL() << "a fractional window was accepted";
  } catch (const FileError& e) {
    EXPECT_STREQ(e.what(), "fuzz.rnnwb: metadata field \"window\" is 12.5, not a whole number");
  }
}

TEST(FuzzRegressions, SessionFileWithAnImpossibleSplitIsRefused) {
  SafeTensorsFile f;
  f.metadata["rnnwb_session"] =
      json{{"format_version", 1},
           {"data", {{"source", "sample:sunspots"}}},
           {"pipeline", {{"targets", {"SUNACTIVITY"}}, {"window", 12}, {"split", {1e300, -1e300, 0}}}}}
          .dump();
  try {
    parse_session(safetensors_bytes(f), "fuzz.rnnwb");
    FAIL() << "an impossible split was accepted";
  } catch (const FileError& e) {
    EXPECT_STREQ(e.what(),
                 "fuzz.rnnwb: the split fractions must be >= 0 (train > 0) and add up to 1, got 1e+300,-1e+300,0.0");
  }
}

}  // namespace
}  // namespace rnnwb
