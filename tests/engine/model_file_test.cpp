// Model files: a saved model loads back predicting exactly the same, and every kind of damaged
// or contradictory file is refused with a message that says which check failed.
#include "engine/io/model_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/core/error.hpp"
#include "engine/io/model_selftest.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

Series wave(std::size_t n) {
  Series s;
  s.names = {"a", "b"};
  s.columns.resize(2);
  for (std::size_t i = 0; i < n; ++i) {
    s.columns[0].push_back(10 + std::sin(0.3 * double(i)) + 0.01 * double(i));
    s.columns[1].push_back(5 + std::cos(0.2 * double(i)));
  }
  return s;
}

struct ModelFileTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("rnnwb_model_file_" + std::to_string(::getpid()));
  Series series = wave(120);
  TrainOutcome outcome = [&] {
    TrainRequest r;
    r.pipeline.targets = {"a"};
    r.pipeline.features = {"a", "b"};
    r.pipeline.window = 6;
    r.pipeline.horizon = 2;
    r.pipeline.season = 4;
    r.pipeline.default_transform.diff_lag = 1;
    r.pipeline.column_transforms["b"] = {true, 0, Scaler::Robust};
    r.layers = {LayerSpec::gru(6, true), LayerSpec::dropout(0.1), LayerSpec::lstm(5)};
    r.fit.epochs = 3;
    r.fit.threads = 1;
    r.data_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    r.data_source = "wave.csv";
    return train_model(series, r);
  }();
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }

  // Saves the trained model, lets `damage` edit the parsed file, writes it back, returns the error.
  template <class F>
  std::string load_error_after(F damage) {
    save_model(path("m.safetensors"), outcome.trained);
    SafeTensorsFile f = read_safetensors(path("m.safetensors"));
    damage(f);
    write_safetensors(path("bad.safetensors"), f);
    try {
      load_model(path("bad.safetensors"));
    } catch (const FileError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(ModelFileTest, RoundTripPredictsIdentically) {
  save_model(path("m.safetensors"), outcome.trained);
  TrainedModel loaded = load_model(path("m.safetensors"));
  EXPECT_EQ(loaded.model.parameters(), outcome.trained.model.parameters());
  EXPECT_EQ(loaded.pipeline.features, outcome.trained.pipeline.features);
  EXPECT_EQ(loaded.pipeline.transforms.at("b").scaler, Scaler::Robust);
  EXPECT_TRUE(loaded.pipeline.transforms.at("b").log);
  EXPECT_EQ(loaded.pipeline.transforms.at("a").offset, outcome.trained.pipeline.transforms.at("a").offset);
  EXPECT_EQ(loaded.history.size(), 3u);
  EXPECT_EQ(loaded.history[2].train_loss, outcome.trained.history[2].train_loss);
  EXPECT_EQ(loaded.data_sha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  EXPECT_EQ(loaded.metrics["test"]["rmse"], outcome.trained.metrics["test"]["rmse"]);
  EXPECT_EQ(loaded.model.layers().size(), 4u);
  EXPECT_DOUBLE_EQ(loaded.model.layers()[1].rate, 0.1);
  const std::vector<std::size_t> rows = window_rows(series, loaded.pipeline, true);
  EXPECT_EQ(predict_rows(loaded, series, rows).data, predict_rows(outcome.trained, series, rows).data);
}

TEST_F(ModelFileTest, TensorsUsePyTorchNamesAndShapes) {
  save_model(path("m.safetensors"), outcome.trained);
  const SafeTensorsFile f = read_safetensors(path("m.safetensors"));
  const SafeTensor* w = f.find("layers.0.weight_ih");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->shape, (std::vector<std::size_t>{18, 2}));  // GRU: 3 * 6 gates x 2 features
  ASSERT_NE(f.find("layers.2.weight_hh"), nullptr);
  EXPECT_EQ(f.find("layers.2.weight_hh")->shape, (std::vector<std::size_t>{20, 5}));
  EXPECT_EQ(f.find("layers.1.weight"), nullptr);  // dropout keeps its position, has no tensors
  EXPECT_EQ(f.find("layers.3.weight")->shape, (std::vector<std::size_t>{2, 5}));  // head: horizon 2 x 1 target
}

TEST_F(ModelFileTest, NewerFormatVersionIsRefused) {
  const std::string e = load_error_after([](SafeTensorsFile& f) {
    auto meta = nlohmann::json::parse(f.metadata["rnnwb"]);
    meta["format_version"] = 99;
    f.metadata["rnnwb"] = meta.dump();
  });
  EXPECT_NE(e.find("newer rnnwb"), std::string::npos) << e;
}

TEST_F(ModelFileTest, ShapesThatContradictTheLayersAreRefused) {
  const std::string e = load_error_after([](SafeTensorsFile& f) {
    for (SafeTensor& t : f.tensors)
      if (t.name == "layers.0.weight_hh") {
        t.shape = {6, 18};  // transposed
      }
  });
  EXPECT_NE(e.find("layers.0.weight_hh has shape [6, 18]"), std::string::npos) << e;
}

TEST_F(ModelFileTest, NanWeightsAreRefused) {
  const std::string e = load_error_after([](SafeTensorsFile& f) { f.tensors[1].data[3] = NAN; });
  EXPECT_NE(e.find("NaN"), std::string::npos) << e;
}

TEST_F(ModelFileTest, MissingTensorOrMetadataIsRefused) {
  EXPECT_NE(load_error_after([](SafeTensorsFile& f) { f.tensors.pop_back(); }).find("tensors"), std::string::npos);
  EXPECT_NE(load_error_after([](SafeTensorsFile& f) { f.metadata.erase("rnnwb"); }).find("not an rnnwb model"),
            std::string::npos);
  EXPECT_NE(load_error_after([](SafeTensorsFile& f) { f.metadata["rnnwb"] = "{not json"; }).find("not valid JSON"),
            std::string::npos);
  const std::string e = load_error_after([](SafeTensorsFile& f) {
    auto meta = nlohmann::json::parse(f.metadata["rnnwb"]);
    meta["layers"][0]["type"] = "transformer";
    f.metadata["rnnwb"] = meta.dump();
  });
  EXPECT_NE(e.find("transformer"), std::string::npos) << e;
}

TEST_F(ModelFileTest, TruncatedFilesAreRefused) {
  save_model(path("m.safetensors"), outcome.trained);
  const auto size = fs::file_size(path("m.safetensors"));
  for (std::uintmax_t keep : {std::uintmax_t(0), std::uintmax_t(5), std::uintmax_t(100), size - 1}) {
    fs::copy_file(path("m.safetensors"), path("t.safetensors"), fs::copy_options::overwrite_existing);
    fs::resize_file(path("t.safetensors"), keep);
    EXPECT_THROW(load_model(path("t.safetensors")), FileError) << "kept " << keep << " bytes";
  }
}

// The self-test (engine/io/model_selftest.hpp): stored at save time, re-run at load time.
TEST_F(ModelFileTest, SavedFileCarriesASelfTestThatPasses) {
  save_model(path("m.safetensors"), outcome.trained);
  const SafeTensorsFile f = read_safetensors(path("m.safetensors"));
  ASSERT_EQ(f.metadata.count(kSelfTestKey), 1u);
  const nlohmann::json selftest = nlohmann::json::parse(f.metadata.at(kSelfTestKey));
  const Index steps = outcome.trained.pipeline.model_steps();
  EXPECT_EQ(selftest["inputs"]["shape"], nlohmann::json::array({3, steps, 2}));
  EXPECT_EQ(selftest["outputs"]["shape"], nlohmann::json::array({3, 1, 2}));
  EXPECT_EQ(f.tensors.size(), outcome.trained.model.tensors().size());  // no extra tensors
  EXPECT_NO_THROW(load_model(path("m.safetensors")));
  // The same windows on every save: a file saved twice is the same file.
  save_model(path("again.safetensors"), outcome.trained);
  EXPECT_EQ(read_safetensors(path("again.safetensors")).metadata, f.metadata);
}

TEST_F(ModelFileTest, WeightBytesChangedInPlaceAreRefusedByTheSelfTest) {
  save_model(path("m.safetensors"), outcome.trained);
  std::string bytes;
  {
    std::ifstream in(path("m.safetensors"), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::uint64_t header_size = 0;
  std::memcpy(&header_size, bytes.data(), 8);  // little-endian on the machines we run on
  const auto header = nlohmann::json::parse(bytes.substr(8, header_size));
  const std::size_t at = 8 + header_size + header["layers.0.weight_ih"]["data_offsets"][0].get<std::size_t>();
  float w = 0;
  std::memcpy(&w, bytes.data() + at, 4);
  w += 1.0f;  // still finite: only the self-test can notice
  std::memcpy(bytes.data() + at, &w, 4);
  {
    std::ofstream out(path("bad.safetensors"), std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
  }
  try {
    load_model(path("bad.safetensors"));
    FAIL() << "a file whose weights changed loaded";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("the file's self-test no longer reproduces its outputs: the file was "
                                         "damaged or was written by a different engine; retrain or re-export"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(ModelFileTest, FileWithoutASelfTestStillLoads) {
  // As rnnwb wrote model files before the self-test existed.
  EXPECT_EQ(load_error_after([](SafeTensorsFile& f) { f.metadata.erase(kSelfTestKey); }), "");
  const TrainedModel loaded = load_model(path("bad.safetensors"));
  EXPECT_EQ(loaded.model.parameters(), outcome.trained.model.parameters());
}

TEST_F(ModelFileTest, UnreadableSelfTestIsRefused) {
  const std::string e = load_error_after([](SafeTensorsFile& f) { f.metadata[kSelfTestKey] = "{\"inputs\": 1}"; });
  EXPECT_NE(e.find("self-test no longer reproduces"), std::string::npos) << e;
  const std::string wrong = load_error_after([](SafeTensorsFile& f) {
    auto selftest = nlohmann::json::parse(f.metadata[kSelfTestKey]);
    selftest["outputs"]["values"][0] = selftest["outputs"]["values"][0].get<double>() + 0.01;
    f.metadata[kSelfTestKey] = selftest.dump();
  });
  EXPECT_NE(wrong.find("output 0 was"), std::string::npos) << wrong;
}

}  // namespace
}  // namespace rnnwb

namespace rnnwb {
namespace {

// A model trained elsewhere (the exported PyTorch project) says so, and keeps saying so when
// rnnwb saves it again; a "trained_by" that is not what it should be is refused by name.
TEST_F(ModelFileTest, TrainedByAnotherEngineTravelsWithTheModel) {
  TrainedModel m = outcome.trained;
  EXPECT_TRUE(m.trained_by.empty());
  EXPECT_EQ(trained_by_text(m.trained_by), "rnnwb");
  m.trained_by = {"pytorch", "2.1.2", 2, "cpu", "gloo", std::string(64, 'a'), "2026-12-02T12:00:00Z", 12.25};
  save_model(path("m.safetensors"), m);
  const auto meta = nlohmann::json::parse(read_safetensors(path("m.safetensors")).metadata["rnnwb"]);
  EXPECT_EQ(meta["trained_by"]["engine"], "pytorch");
  const TrainedModel back = load_model(path("m.safetensors"));
  EXPECT_EQ(back.trained_by.engine_version, "2.1.2");
  EXPECT_EQ(back.trained_by.processes, 2);
  EXPECT_EQ(back.trained_by.backend, "gloo");
  EXPECT_DOUBLE_EQ(back.trained_by.seconds, 12.25);
  const std::string text = trained_by_text(back.trained_by);
  EXPECT_NE(text.find("PyTorch 2.1.2, 2 processes (gloo) on cpu, 12.2 s"), std::string::npos) << text;
  EXPECT_NE(text.find("resumed from a model file with SHA-256 aaaaaaaaaaaa"), std::string::npos) << text;
  // Saved again by rnnwb (the workbench's Save model): still PyTorch's.
  save_model(path("again.safetensors"), back);
  EXPECT_EQ(load_model(path("again.safetensors")).trained_by.engine, "pytorch");
}

// The missing-value policy the training data went through travels with the model, so that its
// settings (an export to PyTorch, File > Open Model) read the data as the training did.
TEST_F(ModelFileTest, TheMissingValuePolicyOfTheTrainingIsRecorded) {
  EXPECT_EQ(outcome.trained.missing, MissingPolicy::Error);
  save_model(path("m.safetensors"), outcome.trained);
  auto meta = nlohmann::json::parse(read_safetensors(path("m.safetensors")).metadata["rnnwb"]);
  EXPECT_FALSE(meta["data"].contains("missing"));  // error: as every model file before it
  TrainedModel m = outcome.trained;
  m.missing = MissingPolicy::FFill;
  save_model(path("m.safetensors"), m);
  meta = nlohmann::json::parse(read_safetensors(path("m.safetensors")).metadata["rnnwb"]);
  EXPECT_EQ(meta["data"]["missing"], "ffill");
  EXPECT_EQ(load_model(path("m.safetensors")).missing, MissingPolicy::FFill);
  const std::string e = load_error_after([](SafeTensorsFile& f) {
    auto j = nlohmann::json::parse(f.metadata["rnnwb"]);
    j["data"]["missing"] = "guess";
    f.metadata["rnnwb"] = j.dump();
  });
  EXPECT_NE(e.find("data.missing"), std::string::npos) << e;
}

TEST_F(ModelFileTest, DamagedTrainedByIsRefusedByName) {
  const std::pair<nlohmann::json, const char*> cases[] = {
      {"pytorch", "not a JSON object"},
      {{{"engine", ""}}, "names no engine"},
      {{{"engine", "pytorch"}, {"processes", 0}}, "processes"},
      {{{"engine", "pytorch"}, {"seconds", -1}}, "seconds"},
      {{{"engine", "pytorch"}, {"resumed_from", "not a hash"}}, "sha256"},
      {{{"engine", "pytorch\x01"}}, "engine"},
  };
  for (const auto& c : cases) {
    const nlohmann::json& value = c.first;  // a named reference: clang 14 cannot capture a structured binding
    const char* expected = c.second;
    const std::string e = load_error_after([&](SafeTensorsFile& f) {
      auto meta = nlohmann::json::parse(f.metadata["rnnwb"]);
      meta["trained_by"] = value;
      f.metadata["rnnwb"] = meta.dump();
    });
    EXPECT_NE(e.find(expected), std::string::npos) << value.dump() << ": " << e;
  }
}

}  // namespace
}  // namespace rnnwb
