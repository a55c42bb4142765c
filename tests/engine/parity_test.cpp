// Parity with PyTorch: outputs, every gradient and five optimizer steps must match the fixtures
// that tests/parity/make_fixtures.py recorded from torch.nn.RNN / LSTM / GRU / Linear, the losses
// (nn.CrossEntropyLoss with class weights included) and torch.optim, within 1e-5 relative (per tensor: max |ours -
// torch| / max |torch|), the optimizer steps both through train_step and through fit().
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "engine/core/padding.hpp"
#include "engine/train/trainer.hpp"

namespace rnnwb {
namespace {

using json = nlohmann::json;
constexpr double kTolerance = 1e-5;

json load_fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(RNNWB_PARITY_DIR) / (name + ".json"));
  if (!in) throw std::runtime_error("missing fixture " + name + ": run tests/parity/make_fixtures.py");
  return json::parse(in);
}

std::vector<float> floats(const json& j) {
  std::vector<float> v;
  for (const auto& x : j) v.push_back(float(x.get<double>()));
  return v;
}

// max |a - b| / max |b|; when b is all zeros, max |a|. With `before` (the values a run started
// from), the scale is the larger of max |b| and max |before|: a one-value tensor (a bias) that
// crosses near zero during the steps is not judged against that one small number.
template <class A>
double relative_error(const A& ours, const std::vector<float>& ref, const std::vector<float>& before = {}) {
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    diff = std::max(diff, std::abs(double(ours[i]) - double(ref[i])));
    scale = std::max(scale, std::abs(double(ref[i])));
  }
  for (const float v : before) scale = std::max(scale, std::abs(double(v)));
  return scale > 0 ? diff / scale : diff;
}

std::vector<LayerSpec> layers_of(const json& f) {
  std::vector<LayerSpec> specs;
  for (const auto& l : f["layers"]) {
    LayerSpec s;
    s.kind = parse_layer_kind(l["type"].get<std::string>());
    s.units = l["units"];
    s.activation = parse_activation(l["activation"].get<std::string>());
    s.return_sequences = l.value("return_sequences", false);
    s.bidirectional = l.value("bidirectional", false);
    specs.push_back(s);
  }
  return specs;
}

OptimizerConfig optimizer_of(const json& o) {
  OptimizerConfig c = OptimizerConfig::defaults(parse_optimizer(o["type"].get<std::string>()), o["lr"]);
  c.weight_decay = o.value("weight_decay", c.weight_decay);
  c.momentum = o.value("momentum", c.momentum);
  c.nesterov = o.value("nesterov", c.nesterov);
  c.eps = o.value("eps", c.eps);
  c.alpha = o.value("alpha", c.alpha);
  if (o.contains("betas")) {
    c.beta1 = o["betas"][0];
    c.beta2 = o["betas"][1];
  }
  return c;
}

// The targets' shape: the output's, or (B, S, 1) class indices for cross-entropy.
std::vector<Index> target_shape(const json& f) {
  return f.value("target_shape", f["output_shape"]).get<std::vector<Index>>();
}

struct Case {
  json f;
  Model<float> model;
  SeqMatrix<float> x, y;
  LossConfig loss;

  explicit Case(const std::string& name)
      : f(load_fixture(name)), model(f["input_features"].get<Index>(), layers_of(f), {}) {
    // Load the fixture's weights by name: our tensor names and layouts must be PyTorch's.
    const json& params = f["params"];
    EXPECT_EQ(model.tensors().size(), params.size());
    for (const NamedTensor& t : model.tensors()) {
      if (!params.contains(t.name)) {
        ADD_FAILURE() << "the fixture has no tensor " << t.name;
        continue;
      }
      EXPECT_EQ(t.shape, params[t.name]["shape"].get<std::vector<Index>>()) << t.name;
      const std::vector<float> data = floats(params[t.name]["data"]);
      if (Index(data.size()) != t.size) throw std::runtime_error("fixture size differs for " + t.name);
      std::copy(data.begin(), data.end(), model.parameters().data() + t.offset);
    }
    const Index b = f["batch"], steps = f["steps"], features = f["input_features"];
    const auto out_shape = target_shape(f);
    Tensor3<float> yt(out_shape[0], out_shape[1], out_shape[2]);
    yt.data = floats(f["target"]);
    rows.resize(static_cast<std::size_t>(b));
    std::iota(rows.begin(), rows.end(), Index(0));
    const Tensor3<float> xt = padded_x();
    if (f.contains("spans")) {
      // Variable lengths: the engine's packed path, rows sorted longest first.
      spans = valid_spans(xt);
      gather_packed(xt, spans, rows.data(), b, x);
    } else {
      gather_batch(xt, rows.data(), b, x);
    }
    gather_batch(yt, rows.data(), b, y);
    (void)steps;
    (void)features;
    loss.kind = parse_loss(f["loss"]["type"].get<std::string>());
    loss.delta = f["loss"].value("delta", 1.0);
    loss.class_weights = f["loss"].value("weight", std::vector<double>{});
  }

  std::vector<Index> rows;       // the batch's row order (packed: longest first)
  std::vector<ValidSpan> spans;  // packed fixtures only

  // The fixture's x as the engine takes it: padding steps all NaN.
  Tensor3<float> padded_x() const {
    Tensor3<float> t(f["batch"], f["steps"], f["input_features"]);
    t.data = floats(f["x"]);
    if (f.contains("spans"))
      for (Index r = 0; r < t.batch; ++r) {
        const Index first = f["spans"][r][0], n = f["spans"][r][1];
        for (Index s = 0; s < t.steps; ++s)
          if (s < first || s >= first + n)
            for (Index k = 0; k < t.features; ++k) t(r, s, k) = std::numeric_limits<float>::quiet_NaN();
      }
    return t;
  }

  // Back from the time-major layout (rows in `rows` order, packed ones left-aligned) to the
  // fixture's (batch, steps, features) row-major, padding 0 as torch's input gradient has it.
  std::vector<float> to_rows(const SeqMatrix<float>& s, Index steps) const {
    Tensor3<float> t(s.batch, steps, s.features());
    for (Index i = 0; i < s.batch; ++i) {
      const Index r = rows[std::size_t(i)];
      const Index first = s.packed() ? spans[std::size_t(r)].first : 0;
      const Index n = s.packed() ? s.lengths[std::size_t(i)] : s.steps;
      for (Index k = 0; k < n; ++k)
        for (Index j = 0; j < s.features(); ++j) t(r, first + k, j) = s.m(j, k * s.batch + i);
    }
    return t.data;
  }
};

class Parity : public ::testing::TestWithParam<std::string> {};

TEST_P(Parity, ForwardOutputAndLossMatchTorch) {
  Case c(GetParam());
  ModelWorkspace<float> ws = c.model.workspace();
  const SeqMatrix<float>& out = c.model.forward(ws, c.x, false);
  EXPECT_LT(relative_error(c.to_rows(out, out.steps), floats(c.f["output"])), kTolerance);
  const float loss = loss_and_gradient<float>(c.loss, out.m, c.y.m, nullptr);
  EXPECT_NEAR(loss, c.f["loss_value"].get<double>(), kTolerance * std::abs(c.f["loss_value"].get<double>()));
}

TEST_P(Parity, EveryGradientMatchesTorch) {
  Case c(GetParam());
  SeqMatrix<float> d_out, dx;
  ModelWorkspace<float> ws = c.model.workspace();
  loss_and_gradient<float>(c.loss, c.model.forward(ws, c.x, true).m, c.y.m, &d_out.m);
  d_out.steps = c.y.steps;
  d_out.batch = c.y.batch;
  c.model.backward(ws, d_out, &dx);
  for (const NamedTensor& t : c.model.tensors()) {
    const std::vector<float> ref = floats(c.f["grads"][t.name]);
    EXPECT_LT(relative_error(ws.gradients.data() + t.offset, ref), kTolerance) << t.name;
  }
  EXPECT_LT(relative_error(c.to_rows(dx, c.f["steps"].get<Index>()), floats(c.f["input_grad"])), kTolerance)
      << "dLoss/dx";
}

TEST_P(Parity, FiveOptimizerStepsMatchTorch) {
  Case c(GetParam());
  const json& o = c.f["optimizer"];
  Optimizer<float> optimizer(optimizer_of(o));
  const double clip = o["clip_norm"].is_null() ? 0.0 : o["clip_norm"].get<double>();
  SeqMatrix<float> scratch;
  ModelWorkspace<float> ws = c.model.workspace();
  const std::vector<float> losses = floats(c.f["losses"]);
  for (std::size_t step = 0; step < losses.size(); ++step) {
    const float loss = train_step(c.model, ws, optimizer, c.loss, c.x, c.y, clip, o["lr"].get<double>(), scratch);
    EXPECT_NEAR(loss, losses[step], kTolerance * std::abs(losses[step])) << "step " << step + 1;
  }
  for (const NamedTensor& t : c.model.tensors()) {
    const std::vector<float> ref = floats(c.f["params_after"][t.name]), before = floats(c.f["params"][t.name]["data"]);
    EXPECT_LT(relative_error(c.model.parameters().data() + t.offset, ref, before), kTolerance) << t.name;
  }
}

// The same five steps along the path training takes: fit(), one batch per epoch (the whole
// fixture batch), no shuffling, the optimizer's state kept across epochs, on one thread and split
// over two (data-parallel gradients summed). fit() never calls train_step, so this is the parity
// that the workbench and the CLI rely on.
struct BatchLosses : TrainingObserver {
  std::vector<double> losses;
  void on_batch_end(const BatchStats& s) override { losses.push_back(s.loss); }
};

TEST_P(Parity, FiveEpochsOfFitMatchTorch) {
  for (const int threads : {1, 2}) {
    Case c(GetParam());
    const json& o = c.f["optimizer"];
    const std::vector<float> losses = floats(c.f["losses"]);
    Dataset<float> train;
    const auto out_shape = target_shape(c.f);
    train.x = c.padded_x();
    train.y = Tensor3<float>(out_shape[0], out_shape[1], out_shape[2]);
    train.y.data = floats(c.f["target"]);
    FitConfig config;
    config.epochs = int(losses.size());
    config.batch_size = train.size();  // one batch per epoch
    config.shuffle = false;
    config.loss = c.loss;
    config.optimizer = optimizer_of(o);
    config.clip_norm = o["clip_norm"].is_null() ? 0.0 : o["clip_norm"].get<double>();
    config.restore_best = false;  // the weights after the last step, as the fixture has them
    config.threads = threads;
    BatchLosses seen;
    const FitResult result = fit(c.model, train, nullptr, config, &seen);
    ASSERT_EQ(result.status, FitStatus::Completed) << result.message;
    ASSERT_EQ(seen.losses.size(), losses.size());
    for (std::size_t step = 0; step < losses.size(); ++step)
      EXPECT_NEAR(seen.losses[step], losses[step], kTolerance * std::abs(losses[step]))
          << "step " << step + 1 << ", threads " << threads;
    for (const NamedTensor& t : c.model.tensors()) {
      const std::vector<float> ref = floats(c.f["params_after"][t.name]),
                               before = floats(c.f["params"][t.name]["data"]);
      EXPECT_LT(relative_error(c.model.parameters().data() + t.offset, ref, before), kTolerance)
          << t.name << ", threads " << threads;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Torch, Parity,
                         ::testing::Values("rnn_tanh", "rnn_relu_stack", "lstm_single", "lstm_stack3", "gru_single",
                                           "gru_seq2seq", "mixed_stack", "lstm_seq_huber", "gru_mae",
                                           "rnn_single_feature_long", "lstm_packed", "gru_packed", "rnn_packed",
                                           "stack_packed", "bilstm", "bigru_stack_packed", "lstm_cross_entropy",
                                           "gru_weighted_cross_entropy", "rnn_seq_cross_entropy"));

TEST(ParityFixtures, EveryFixtureFileIsCovered) {
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(RNNWB_PARITY_DIR)) files += e.path().extension() == ".json";
  EXPECT_EQ(files, 19u) << "a fixture was added or removed: update the case list above";
}

}  // namespace
}  // namespace rnnwb
