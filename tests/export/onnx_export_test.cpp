// The ONNX export, read back with ONNX's own library: onnx::checker and strict shape inference
// accept every graph; the recurrent layers are the native operators with PyTorch's gate blocks
// moved to ONNX's order; the graph's input and output are original-unit windows and predictions
// with a dynamic batch; the metadata names the columns. (ONNX Runtime runs the graphs and is
// compared with rnnwb predict in onnx_runtime_test.sh.)
#include "engine/export/onnx_export.hpp"

#include <gtest/gtest.h>
#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "engine/core/error.hpp"
#include "engine/workflow/sequence_training.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb {
namespace {

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

TrainedModel trained(std::vector<LayerSpec> layers, ColumnTransform transform = {}, Index horizon = 1) {
  TrainRequest r;
  r.pipeline.targets = {"a", "b"};
  r.pipeline.window = 8;
  r.pipeline.horizon = horizon;
  r.pipeline.default_transform = transform;
  r.layers = std::move(layers);
  r.fit.epochs = 1;
  r.fit.threads = 1;
  return train_model(wave(100), r).trained;
}

onnx::ModelProto parsed(const TrainedModel& m) {
  onnx::ModelProto proto;
  EXPECT_TRUE(proto.ParseFromString(onnx_bytes(m)));
  return proto;
}

std::map<std::string, int> op_counts(const onnx::ModelProto& p) {
  std::map<std::string, int> counts;
  for (const onnx::NodeProto& n : p.graph().node()) ++counts[n.op_type()];
  return counts;
}

const onnx::TensorProto& initializer(const onnx::ModelProto& p, const std::string& prefix) {
  for (const onnx::TensorProto& t : p.graph().initializer())
    if (t.name().rfind(prefix, 0) == 0) return t;
  throw std::runtime_error("no initializer " + prefix);
}

std::string dims(const onnx::ValueInfoProto& v) {
  std::string out;
  for (const auto& d : v.type().tensor_type().shape().dim())
    out += (out.empty() ? "" : ",") + (d.has_dim_param() ? d.dim_param() : std::to_string(d.dim_value()));
  return out;
}

TEST(OnnxExport, CheckerAndStrictShapeInferenceAcceptEveryLayerAndTransform) {
  const std::vector<std::pair<std::vector<LayerSpec>, ColumnTransform>> cases = {
      {{LayerSpec::lstm(6)}, {false, 0, Scaler::Standard}},
      {{LayerSpec::gru(5)}, {true, 1, Scaler::MinMax}},
      {{LayerSpec::simple_rnn(4, false, Activation::Relu)}, {false, 3, Scaler::Robust}},
      {{LayerSpec::lstm(6, true), LayerSpec::dropout(0.2), LayerSpec::gru(4), LayerSpec::dense(3, Activation::Tanh)},
       {true, 0, Scaler::None}},
  };
  for (const auto& [layers, transform] : cases) {
    onnx::ModelProto p = parsed(trained(layers, transform, 2));
    EXPECT_NO_THROW(onnx::checker::check_model(p));
    onnx::shape_inference::InferShapes(p, onnx::OpSchemaRegistry::Instance(),
                                       {/*check_type=*/true, /*error_mode=*/1, /*data_prop=*/true});
    ASSERT_EQ(p.graph().output_size(), 5);  // y, then y_lower / y_upper of the default 80% and 95% intervals
    EXPECT_EQ(dims(p.graph().output(0)), "N,2,2");
    EXPECT_EQ(dims(p.graph().input(0)), "N,8,2");
    EXPECT_EQ(p.graph().input(0).name(), "x");
    EXPECT_EQ(p.graph().output(0).name(), "y");
    ASSERT_EQ(p.opset_import_size(), 1);
    EXPECT_GE(p.opset_import(0).version(), 14);
  }
}

TEST(OnnxExport, RecurrentLayersAreNativeOperatorsDenseIsMatMulAdd) {
  const auto ops = op_counts(parsed(trained({LayerSpec::lstm(6, true), LayerSpec::dropout(0.1), LayerSpec::gru(5, true),
                                             LayerSpec::simple_rnn(4), LayerSpec::dense(3, Activation::Sigmoid)})));
  EXPECT_EQ(ops.at("LSTM"), 1);
  EXPECT_EQ(ops.at("GRU"), 1);
  EXPECT_EQ(ops.at("RNN"), 1);
  EXPECT_EQ(ops.at("MatMul"), 2);  // the Dense head and the one added for horizon x targets
  EXPECT_EQ(ops.at("Sigmoid"), 1);
  EXPECT_EQ(ops.count("Dropout"), 0u);
  EXPECT_EQ(ops.count("Loop"), 0u);
}

TEST(OnnxExport, LstmGatesAreReorderedToIofc) {
  const TrainedModel m = trained({LayerSpec::lstm(3)});
  const onnx::ModelProto p = parsed(m);
  const onnx::TensorProto& W = initializer(p, "layers.0.W");
  ASSERT_EQ(W.dims_size(), 3);
  EXPECT_EQ(W.dims(1), 12);
  const NamedTensor& torch_w = m.model.tensors()[0];  // layers.0.weight_ih, (12 x 2): blocks i, f, g, o
  ASSERT_EQ(torch_w.name, "layers.0.weight_ih");
  const float* t = m.model.parameters().data() + torch_w.offset;
  const int onnx_to_torch[4] = {0, 3, 1, 2};  // ONNX i, o, f, c
  for (int block = 0; block < 4; ++block)
    for (int k = 0; k < 3 * 2; ++k)
      EXPECT_EQ(W.float_data(block * 6 + k), t[onnx_to_torch[block] * 6 + k]) << "block " << block;
}

TEST(OnnxExport, GruIsResetAfterWithGatesZrh) {
  const TrainedModel m = trained({LayerSpec::gru(3)});
  const onnx::ModelProto p = parsed(m);
  for (const onnx::NodeProto& n : p.graph().node()) {
    if (n.op_type() != "GRU") continue;
    bool linear_before_reset = false;
    for (const auto& a : n.attribute())
      if (a.name() == "linear_before_reset") linear_before_reset = a.i() == 1;
    EXPECT_TRUE(linear_before_reset);
  }
  const onnx::TensorProto& R = initializer(p, "layers.0.R");
  const float* t = m.model.parameters().data() + m.model.tensors()[1].offset;  // weight_hh: r, z, n
  ASSERT_EQ(m.model.tensors()[1].name, "layers.0.weight_hh");
  const int onnx_to_torch[3] = {1, 0, 2};  // ONNX z, r, h
  for (int block = 0; block < 3; ++block)
    for (int k = 0; k < 9; ++k) EXPECT_EQ(R.float_data(block * 9 + k), t[onnx_to_torch[block] * 9 + k]);
}

TEST(OnnxExport, MetadataNamesColumnsWindowHorizonAndVersion) {
  const onnx::ModelProto p = parsed(trained({LayerSpec::gru(3)}, {true, 1, Scaler::Standard}, 3));
  std::map<std::string, std::string> meta;
  for (const auto& e : p.metadata_props()) meta[e.key()] = e.value();
  EXPECT_EQ(meta["features"], R"(["a","b"])");
  EXPECT_EQ(meta["targets"], R"(["a","b"])");
  EXPECT_EQ(meta["window"], "8");
  EXPECT_EQ(meta["horizon"], "3");
  EXPECT_EQ(meta["rnnwb_version"], "0.1.0");
  EXPECT_NE(meta["transforms"].find("\"log\":true"), std::string::npos);
  EXPECT_EQ(p.producer_name(), "rnnwb");
}

TEST(OnnxExport, RefusesANetworkThatReturnsASequence) {
  TrainedModel m = trained({LayerSpec::gru(3)});
  m.model = Model<float>(2, {LayerSpec::gru(3, true), LayerSpec::dense(2)});
  try {
    onnx_bytes(m);
    FAIL() << "exported a network that returns a sequence";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("returns a sequence"), std::string::npos) << e.what();
  }
}

TEST(OnnxExport, AFailedWriteLeavesThePreviousFile) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("rnnwb_onnx_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const TrainedModel m = trained({LayerSpec::lstm(3)});
  EXPECT_THROW(write_onnx(m, (dir / "missing" / "m.onnx").string()), FileError);
  write_onnx(m, (dir / "m.onnx").string());
  EXPECT_EQ(fs::file_size(dir / "m.onnx"), onnx_bytes(m).size());
  fs::remove_all(dir);
}

// A small sequence dataset: 30 sequences of 9 steps of 3 features, some padded; Y (30, 2) values,
// or class labels 0..2.
TrainedModel trained_on_sequences(std::vector<LayerSpec> layers, bool classes) {
  SequenceDataset d;
  d.x = Tensor3<double>(30, 9, 3);
  d.y = Tensor3<double>(30, 1, classes ? 1 : 2);
  for (Index i = 0; i < 30; ++i) {
    for (Index t = 0; t < 9; ++t)
      for (Index f = 0; f < 3; ++f)
        d.x(i, t, f) = t < i % 3 ? std::nan("") : std::sin(0.7 * double(i * 9 + t) + double(f));
    if (classes) {
      d.y(i, 0, 0) = double(i % 3);
      d.y_integer = true;
    } else {
      d.y(i, 0, 0) = d.x(i, 8, 0) + 1.0;
      d.y(i, 0, 1) = double(i) * 0.1;
    }
  }
  check_sequences(d);
  SequenceTrainRequest r;
  r.data.task = classes ? SequenceTask::Classification : SequenceTask::Regression;
  r.layers = std::move(layers);
  r.fit.epochs = 1;
  r.fit.threads = 1;
  return train_sequence_model(d, r).trained;
}

TEST(OnnxExport, ASequenceModelTakesAnyStepsAndPassesStrictShapeInference) {
  for (const bool classes : {false, true}) {
    onnx::ModelProto p =
        parsed(trained_on_sequences({LayerSpec::lstm(5, true), LayerSpec::gru(4).both_directions()}, classes));
    EXPECT_NO_THROW(onnx::checker::check_model(p));
    onnx::shape_inference::InferShapes(p, onnx::OpSchemaRegistry::Instance(),
                                       {/*check_type=*/true, /*error_mode=*/1, /*data_prop=*/true});
    EXPECT_EQ(dims(p.graph().input(0)), "N,T,3");                   // T dynamic: any length
    EXPECT_EQ(dims(p.graph().output(0)), classes ? "N,4" : "N,2");  // as rnnwb predict writes it
    std::map<std::string, std::string> meta;
    for (const auto& e : p.metadata_props()) meta[e.key()] = e.value();
    EXPECT_EQ(meta["dataset"], "sequences");
    EXPECT_EQ(meta["task"], classes ? "classification" : "regression");
    EXPECT_NE(meta["feature_scalers"].find("offset"), std::string::npos);
    const auto ops = op_counts(p);
    EXPECT_EQ(ops.count("Softmax"), classes ? 1u : 0u);
  }
}

}  // namespace
}  // namespace rnnwb
