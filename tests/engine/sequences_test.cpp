// Sequence datasets: loading X and Y from .npy and .npz (made by NumPy here), every bad input as a
// DataError, the split by sequence, the scalers against NumPy's own statistics, training and
// evaluation against the mean baseline, and the model file's round trip.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/npy.hpp"
#include "engine/io/sequence_file.hpp"
#include "engine/workflow/sequence_evaluation.hpp"
#include "engine/workflow/sequence_training.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

bool python_has_numpy() {
  static const bool ok = std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
  return ok;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

struct SequencesTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("rnnwb_sequences_" + std::to_string(::getpid()));
  void SetUp() override {
    if (!python_has_numpy()) GTEST_SKIP() << "/usr/bin/python3 has no numpy";
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }

  // Runs a NumPy script in `dir` (fails the test when it fails).
  void python(const std::string& script) const {
    write_file_atomically(path("script.py"), "import numpy as np, json, hashlib, zipfile\n" + script);
    const int rc = std::system(("cd '" + dir.string() + "' && /usr/bin/python3 script.py > log.txt 2>&1").c_str());
    ASSERT_EQ(rc, 0) << read_file(path("log.txt"), 1 << 20);
  }
  json read_json(const std::string& name) const { return json::parse(read_file(path(name), 1 << 24)); }

  // The DataError text of loading these files, or "" when they load.
  std::string load_error(const std::string& x, const std::string& y = "", std::vector<std::string> features = {}) {
    try {
      load_sequence_dataset({path(x), y.empty() ? "" : path(y), std::move(features), {}});
    } catch (const DataError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(SequencesTest, LoadsNpyPairsAndNpzArchivesWithTheirHashes) {
  python(R"(
rng = np.random.default_rng(1)
X = rng.normal(size=(6, 4, 2))
y = rng.normal(size=(6, 3))
np.save('X8.npy', X); np.save('X4.npy', X.astype(np.float32)); np.save('y.npy', y)
np.save('yh.npy', rng.normal(size=(6, 2, 3)).astype(np.float32))
np.save('yi.npy', np.array([[-3], [0], [7], [120], [-128], [5]], dtype=np.int8))
np.save('yu.npy', np.arange(6, dtype='>u2').reshape(6, 1) * 1000)
np.save('y64.npy', np.arange(6, dtype=np.int64).reshape(6, 1) - 2)
np.savez('d.npz', X=X.astype(np.float32), y=y)
np.savez_compressed('dc.npz', X=X.astype(np.float32), y=y)
h = lambda b: hashlib.sha256(b).hexdigest()
json.dump({'X8': h(open('X8.npy', 'rb').read()), 'y': h(open('y.npy', 'rb').read()),
           'npzX': h(zipfile.ZipFile('dc.npz').read('X.npy')), 'npzy': h(zipfile.ZipFile('dc.npz').read('y.npy')),
           'X': X.ravel().tolist(), 'yv': y.ravel().tolist()}, open('expected.json', 'w'))
)");
  const json e = read_json("expected.json");
  const SequenceDataset a = load_sequence_dataset({path("X8.npy"), path("y.npy"), {}, {}});
  EXPECT_EQ(a.x.batch, 6);
  EXPECT_EQ(a.x.steps, 4);
  EXPECT_EQ(a.x.features, 2);
  EXPECT_EQ(a.y.steps, 1);
  EXPECT_EQ(a.y.features, 3);
  EXPECT_FALSE(a.y_has_horizon);
  EXPECT_FALSE(a.y_integer);
  EXPECT_EQ(a.features, (std::vector<std::string>{"x0", "x1"}));
  EXPECT_EQ(a.targets, (std::vector<std::string>{"y0", "y1", "y2"}));
  EXPECT_EQ(a.x_sha256, e["X8"].get<std::string>());
  EXPECT_EQ(a.y_sha256, e["y"].get<std::string>());
  for (std::size_t i = 0; i < a.x.data.size(); ++i) EXPECT_EQ(a.x.data[i], double(float(e["X"][i].get<double>())));
  for (std::size_t i = 0; i < a.y.data.size(); ++i) EXPECT_EQ(a.y.data[i], double(float(e["yv"][i].get<double>())));
  for (const ValidSpan& s : a.spans) EXPECT_EQ(s, (ValidSpan{0, 4}));

  for (const char* npz : {"d.npz", "dc.npz"}) {
    const SequenceDataset z = load_sequence_dataset({path(npz), "", {"a", "b"}, {"p", "q", "r"}});
    EXPECT_EQ(z.x.data, a.x.data) << npz;
    EXPECT_EQ(z.y.data, a.y.data) << npz;
    EXPECT_EQ(z.features, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(z.targets, (std::vector<std::string>{"p", "q", "r"}));
    EXPECT_EQ(z.x_sha256, e["npzX"].get<std::string>()) << npz;
    EXPECT_EQ(z.y_sha256, e["npzy"].get<std::string>()) << npz;
    EXPECT_EQ(z.x_source, path(npz) + ":X");
  }

  const SequenceDataset h = load_sequence_dataset({path("X4.npy"), path("yh.npy"), {}, {}});
  EXPECT_TRUE(h.y_has_horizon);
  EXPECT_EQ(h.horizon(), 2);
  EXPECT_EQ(h.y.features, 3);

  const SequenceDataset i8 = load_sequence_dataset({path("X4.npy"), path("yi.npy"), {}, {}});
  EXPECT_TRUE(i8.y_integer);
  EXPECT_EQ(i8.y.data, (std::vector<double>{-3, 0, 7, 120, -128, 5}));
  const SequenceDataset u16 = load_sequence_dataset({path("X4.npy"), path("yu.npy"), {}, {}});
  EXPECT_TRUE(u16.y_integer);
  EXPECT_EQ(u16.y.data, (std::vector<double>{0, 1000, 2000, 3000, 4000, 5000}));
  const SequenceDataset i64 = load_sequence_dataset({path("X4.npy"), path("y64.npy"), {}, {}});
  EXPECT_EQ(i64.y.data, (std::vector<double>{-2, -1, 0, 1, 2, 3}));
}

TEST_F(SequencesTest, EveryBadInputIsADataErrorSayingWhat) {
  python(R"(
nan = np.nan
X = np.zeros((4, 5, 2), dtype=np.float32)
np.save('X.npy', X); np.save('y.npy', np.zeros((4, 1)))
np.save('rank2.npy', np.zeros((4, 5), dtype=np.float32))
np.save('y3rows.npy', np.zeros((3, 1)))
np.save('Xint.npy', np.zeros((4, 5, 2), dtype=np.int32))
np.save('Xobj.npy', np.array([[[1.0]], [['x']]], dtype=object), allow_pickle=True)
np.save('yobj.npy', np.array([[1], ['a'], [None], [2]], dtype=object), allow_pickle=True)
gap = X.copy(); gap[2, 2, :] = nan; np.save('gap.npy', gap)
part = X.copy(); part[1, 3, 1] = nan; np.save('part.npy', part)
empty = X.copy(); empty[3, :, :] = nan; np.save('empty.npy', empty)
inf = X.copy(); inf[0, 1, 0] = np.inf; np.save('inf.npy', inf)
ynan = np.zeros((4, 2)); ynan[2, 1] = nan; np.save('ynan.npy', ynan)
yinf = np.zeros((4, 2, 1)); yinf[1, 1, 0] = -np.inf; np.save('yinf.npy', yinf)
np.save('y1d.npy', np.zeros(4))
np.savez('noy.npz', X=X, z=np.zeros((4, 1)))
open('junk.npz', 'wb').write(b'not a zip file at all')
)");
  EXPECT_EQ(load_error("X.npy", "y.npy"), "");
  std::string e = load_error("rank2.npy", "y.npy");
  EXPECT_TRUE(contains(e, "rank-3") && contains(e, "(4, 5)")) << e;
  e = load_error("X.npy", "y3rows.npy");
  EXPECT_TRUE(contains(e, "Y has 3 rows but X has 4 sequences")) << e;
  e = load_error("Xint.npy", "y.npy");
  EXPECT_TRUE(contains(e, "'<i4'") && contains(e, "astype(np.float32)")) << e;
  e = load_error("Xobj.npy", "y.npy");
  EXPECT_TRUE(contains(e, "never unpickles")) << e;
  e = load_error("X.npy", "yobj.npy");
  EXPECT_TRUE(contains(e, "never unpickles")) << e;
  e = load_error("gap.npy", "y.npy");
  EXPECT_TRUE(contains(e, "sequence 2 has padding") && contains(e, "at step 2")) << e;
  e = load_error("part.npy", "y.npy");
  EXPECT_TRUE(contains(e, "X[1, 3, 1] is NaN")) << e;
  e = load_error("empty.npy", "y.npy");
  EXPECT_TRUE(contains(e, "sequence 3") && contains(e, "no valid step")) << e;
  e = load_error("inf.npy", "y.npy");
  EXPECT_TRUE(contains(e, "X[0, 1], feature 0 is infinite")) << e;
  e = load_error("X.npy", "ynan.npy");
  EXPECT_TRUE(contains(e, "Y[2, 1] is NaN")) << e;
  e = load_error("X.npy", "yinf.npy");
  EXPECT_TRUE(contains(e, "Y[1, 1, 0] is infinite")) << e;
  e = load_error("X.npy", "y1d.npy");
  EXPECT_TRUE(contains(e, "(N, k)") && contains(e, "y.reshape(N, 1)")) << e;
  e = load_error("noy.npz");
  EXPECT_TRUE(contains(e, "no array \"y\"") && contains(e, "\"z\"")) << e;
  e = load_error("junk.npz");
  EXPECT_TRUE(contains(e, "cannot be read as an .npz archive")) << e;
  e = load_error("nope.npy", "y.npy");
  EXPECT_TRUE(contains(e, "nope.npy")) << e;
  e = load_error("X.npy", "y.npy", {"only_one"});
  EXPECT_TRUE(contains(e, "1 feature names are given but the data has 2 features")) << e;
  e = load_error("X.npy", "y.npy", {"a", "a"});
  EXPECT_TRUE(contains(e, "given twice")) << e;
  EXPECT_THROW(load_sequence_dataset({path("X.npy"), "", {}, {}}), ConfigError);  // .npy X without Y
}

TEST(SequenceSplit, FileOrderAndShuffledFromTheSeed) {
  const SequenceSplit s = split_sequences(10, {0.7, 0.15, 0.15}, false, 0);
  EXPECT_EQ(s.train, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6}));  // floor(0.7 * 10)
  EXPECT_EQ(s.validation, (std::vector<std::size_t>{7}));               // up to floor(0.85 * 10)
  EXPECT_EQ(s.test, (std::vector<std::size_t>{8, 9}));

  const SequenceSplit a = split_sequences(100, {0.7, 0.15, 0.15}, true, 42);
  const SequenceSplit b = split_sequences(100, {0.7, 0.15, 0.15}, true, 42);
  const SequenceSplit c = split_sequences(100, {0.7, 0.15, 0.15}, true, 43);
  EXPECT_EQ(a.train, b.train);
  EXPECT_EQ(a.test, b.test);
  EXPECT_NE(a.train, c.train);
  EXPECT_EQ(a.train.size(), 70u);
  EXPECT_EQ(a.validation.size(), 15u);
  EXPECT_EQ(a.test.size(), 15u);
  std::set<std::size_t> all(a.train.begin(), a.train.end());
  all.insert(a.validation.begin(), a.validation.end());
  all.insert(a.test.begin(), a.test.end());
  EXPECT_EQ(all.size(), 100u);  // each sequence in exactly one split
  EXPECT_NE(a.train, split_sequences(100, {0.7, 0.15, 0.15}, false, 42).train);
  EXPECT_TRUE(std::is_sorted(a.train.begin(), a.train.end()));

  EXPECT_THROW(split_sequences(3, {0.7, 0.15, 0.15}, false, 0), DataError);  // no validation sequence
  EXPECT_NO_THROW(split_sequences(3, {0.7, 0.0, 0.3}, false, 0));
}

TEST_F(SequencesTest, ScalersAreNumpysStatisticsOverTheTrainingSequencesValidSteps) {
  python(R"(
rng = np.random.default_rng(7)
X = rng.normal(loc=[3, -1, 10], scale=[2, 0.5, 4], size=(20, 6, 3))
X[1, :2, :] = np.nan   # padding before
X[4, 4:, :] = np.nan   # padding after
X[17, :, :] = 5        # a test sequence far away: must not move the statistics
y = rng.normal(loc=50, scale=9, size=(20, 2, 2))
np.save('X.npy', X); np.save('y.npy', y)
Xa = np.load('X.npy').astype(np.float32).astype(np.float64)  # what the loader reads: float32
ya = y.astype(np.float32).astype(np.float64)
train = Xa[:14].reshape(-1, 3)
train = train[~np.isnan(train).all(axis=1)]    # StandardScaler on X[train].reshape(-1, F), padding dropped
yt = ya[:14].reshape(-1, 2)
q = lambda v, p: np.percentile(v, p, axis=0)
json.dump({'rows': len(train),
           'mean': train.mean(0).tolist(), 'std': train.std(0).tolist(),
           'min': train.min(0).tolist(), 'range': (train.max(0) - train.min(0)).tolist(),
           'median': q(train, 50).tolist(), 'iqr': (q(train, 75) - q(train, 25)).tolist(),
           'ymean': yt.mean(0).tolist(), 'ystd': yt.std(0).tolist(),
           'ymeans': ya[:14].mean(0).ravel().tolist()}, open('expected.json', 'w'))
)");
  const json e = read_json("expected.json");
  ASSERT_EQ(e["rows"].get<int>(), 14 * 6 - 2 - 2);
  const SequenceDataset d = load_sequence_dataset({path("X.npy"), path("y.npy"), {}, {}});
  EXPECT_EQ(d.spans[1], (ValidSpan{2, 4}));
  EXPECT_EQ(d.spans[4], (ValidSpan{0, 4}));
  const SequenceSplit split = split_sequences(20, {0.7, 0.15, 0.15}, false, 0);
  const auto near = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); };
  for (Scaler kind : {Scaler::Standard, Scaler::MinMax, Scaler::Robust}) {
    SequenceConfig config;
    config.feature_scaler = config.target_scaler = kind;
    const SequenceScaling s = fit_sequence_scaling(d, split.train, config);
    ASSERT_EQ(s.features.size(), 3u);
    const char* offset = kind == Scaler::Standard ? "mean" : kind == Scaler::MinMax ? "min" : "median";
    const char* scale = kind == Scaler::Standard ? "std" : kind == Scaler::MinMax ? "range" : "iqr";
    for (int f = 0; f < 3; ++f) {
      EXPECT_TRUE(near(s.features[f].offset, e[offset][f].get<double>())) << to_string(kind) << " " << f;
      EXPECT_TRUE(near(s.features[f].scale, e[scale][f].get<double>())) << to_string(kind) << " " << f;
    }
    if (kind == Scaler::Standard)
      for (int c = 0; c < 2; ++c) {
        EXPECT_TRUE(near(s.targets[c].offset, e["ymean"][c].get<double>())) << c;
        EXPECT_TRUE(near(s.targets[c].scale, e["ystd"][c].get<double>())) << c;
      }
  }
  const std::vector<double> means = target_means(d.y, split.train);
  ASSERT_EQ(means.size(), 4u);
  for (int j = 0; j < 4; ++j) EXPECT_TRUE(near(means[j], e["ymeans"][j].get<double>())) << j;

  // Encoding keeps padding as NaN and scales the rest; targets flatten to (n, 1, H * k).
  SequenceConfig config;
  const SequenceScaling s = fit_sequence_scaling(d, split.train, config);
  const Tensor3<float> x = encode_sequences(s, d.x, {1});
  EXPECT_TRUE(std::isnan(x(0, 0, 0)) && std::isnan(x(0, 1, 2)));
  EXPECT_FLOAT_EQ(x(0, 2, 1), float((d.x(1, 2, 1) - e["mean"][1].get<double>()) / e["std"][1].get<double>()));
  const Tensor3<float> y = encode_sequence_targets(s, d.y, {3});
  EXPECT_EQ(y.steps, 1);
  EXPECT_EQ(y.features, 4);
  EXPECT_FLOAT_EQ(y(0, 0, 3), float((d.y(3, 1, 1) - e["ymean"][1].get<double>()) / e["ystd"][1].get<double>()));
  const Tensor3<double> back = decode_sequence_outputs(s, y, 2);
  EXPECT_NEAR(back(0, 1, 1), d.y(3, 1, 1), 1e-4 * std::abs(d.y(3, 1, 1)));
}

// A small learnable dataset: y = mean of feature 0 over the steps, plus a little noise.
SequenceDataset learnable(Index n, Index steps) {
  SequenceDataset d;
  d.x = Tensor3<double>(n, steps, 2);
  d.y = Tensor3<double>(n, 1, 1);
  Rng rng(5);
  for (Index i = 0; i < n; ++i) {
    double sum = 0;
    for (Index t = 0; t < steps; ++t) {
      d.x(i, t, 0) = rng.normal();
      d.x(i, t, 1) = rng.normal();
      sum += d.x(i, t, 0);
    }
    d.y(i, 0, 0) = 10 + 3 * sum / double(steps) + 0.01 * rng.normal();
  }
  check_sequences(d);
  return d;
}

SequenceTrainRequest small_request(int epochs) {
  SequenceTrainRequest r;
  r.layers = recurrent_stack(LayerKind::LSTM, {8}, 0);
  r.fit.epochs = epochs;
  r.fit.batch_size = 16;
  r.fit.threads = 2;
  r.fit.seed = 3;
  r.init.seed = 3;
  r.fit.optimizer = OptimizerConfig::defaults(OptimizerKind::Adam, 0.01);
  return r;
}

TEST(SequenceTraining, BeatsTheMeanBaselineAndEvaluatesInOriginalUnits) {
  const SequenceDataset d = learnable(120, 8);
  const TrainOutcome out = train_sequence_model(d, small_request(30));
  ASSERT_TRUE(out.trained.sequences);
  const Evaluation& e = out.evaluation;
  ASSERT_EQ(e.model.count(Split::Test), 1u);
  // The mean baseline predicts the training targets' mean: R2 is exactly 0 on the training split.
  EXPECT_NEAR(e.baselines.at("mean").at(Split::Train).r2, 0.0, 1e-12);
  EXPECT_GT(e.model.at(Split::Test).r2, 0.5);
  EXPECT_LT(e.model.at(Split::Test).rmse, e.baselines.at("mean").at(Split::Test).rmse);
  // The test metrics from the predictions, computed here by hand in original units.
  const SequenceSplit split = split_sequences(120, {0.7, 0.15, 0.15}, false, 0);
  EXPECT_EQ(split.test.size(), std::size_t(e.model.at(Split::Test).count));
  // On the evaluation's 2 threads: another split of the batch multiplies other matrix shapes, whose
  // float sums may round apart in the last bits (they did on an AVX-512 machine).
  const Tensor3<double> p = predict_sequences(out.trained, take_rows(d.x, split.test), 2);
  double se = 0, ae = 0;
  for (std::size_t i = 0; i < split.test.size(); ++i) {
    const double err = d.y(Index(split.test[i]), 0, 0) - p(Index(i), 0, 0);
    se += err * err;
    ae += std::abs(err);
  }
  EXPECT_NEAR(e.model.at(Split::Test).mse, se / double(split.test.size()), 1e-9);
  EXPECT_NEAR(e.model.at(Split::Test).mae, ae / double(split.test.size()), 1e-9);
  // One target: its own metrics are the pooled ones; the JSON has the series' shape plus "targets".
  ASSERT_EQ(e.targets.size(), 1u);
  EXPECT_EQ(e.targets[0].model.at(Split::Test).mse, e.model.at(Split::Test).mse);
  const json j = out.trained.metrics;
  EXPECT_TRUE(j.contains("test") && j["baselines"].contains("mean") && j["targets"].contains("y0"));
  EXPECT_TRUE(j["test"].contains("r2") && j["test"].contains("smape") && j["test"].contains("mape"));
}

TEST(SequenceTraining, SameSeedSameModel) {
  const SequenceDataset d = learnable(40, 5);
  const TrainOutcome a = train_sequence_model(d, small_request(2));
  const TrainOutcome b = train_sequence_model(d, small_request(2));
  EXPECT_TRUE(a.trained.model.parameters() == b.trained.model.parameters());
}

TEST(SequenceTraining, ModelFileRoundTrip) {
  const SequenceDataset d = learnable(40, 5);
  SequenceTrainRequest r = small_request(2);
  r.data.shuffle_split = true;
  r.data.split_seed = 9;
  const TrainOutcome out = train_sequence_model(d, r);
  const std::string file = (fs::temp_directory_path() / ("rnnwb_seq_model_" + std::to_string(::getpid()))).string();
  save_model(file, out.trained);
  const TrainedModel m = load_model(file);
  fs::remove(file);
  ASSERT_TRUE(m.sequences);
  const SequenceModelInfo& a = *out.trained.sequences;
  const SequenceModelInfo& b = *m.sequences;
  EXPECT_EQ(b.features, a.features);
  EXPECT_EQ(b.targets, a.targets);
  EXPECT_EQ(b.horizon, 1);
  EXPECT_EQ(b.min_length, 5);
  EXPECT_EQ(b.max_length, 5);
  EXPECT_EQ(b.sequences, 40u);
  EXPECT_TRUE(b.shuffle_split);
  EXPECT_EQ(b.split_seed, 9u);
  EXPECT_EQ(b.target_means, a.target_means);
  ASSERT_EQ(b.scaling.features.size(), 2u);
  for (std::size_t f = 0; f < 2; ++f) {
    EXPECT_EQ(b.scaling.features[f].offset, a.scaling.features[f].offset);
    EXPECT_EQ(b.scaling.features[f].scale, a.scaling.features[f].scale);
  }
  EXPECT_EQ(b.scaling.targets[0].offset, a.scaling.targets[0].offset);
  EXPECT_EQ(model_metadata(m)["dataset"], "sequences");
  EXPECT_EQ(model_metadata(m)["format_version"], 3);
  // The same predictions, on sequences of another length too.
  Tensor3<double> x(3, 9, 2);
  for (std::size_t i = 0; i < x.data.size(); ++i) x.data[i] = std::sin(double(i));
  EXPECT_EQ(predict_sequences(m, x, 1).data, predict_sequences(out.trained, x, 1).data);
  // Evaluating the reloaded model on the same data gives the same metrics (the same shuffled split).
  EXPECT_EQ(to_json(evaluate_sequence_model(m, d, 1)).dump(), to_json(out.evaluation).dump());
}

}  // namespace
}  // namespace rnnwb

namespace rnnwb {
namespace {

// Variable lengths (the padding engine): a padded batch predicts what each sequence trimmed to its
// valid steps predicts alone, and training on padded sequences gives finite metrics.
TEST(SequenceTraining, PaddedSequencesPredictWhatTrimmedOnesDo) {
  SequenceDataset d = learnable(60, 10);
  Rng rng(11);
  std::vector<ValidSpan> spans;
  for (Index i = 0; i < d.size(); ++i) {
    const Index length = 4 + Index(rng.below(7)), first = i % 3 == 0 ? 0 : Index(rng.below(std::uint64_t(11 - length)));
    for (Index t = 0; t < d.x.steps; ++t)
      if (t < first || t >= first + length)
        for (Index f = 0; f < d.x.features; ++f) d.x(i, t, f) = NAN;
    spans.push_back({first, length});
  }
  check_sequences(d);
  EXPECT_EQ(d.spans, spans);
  const TrainOutcome out = train_sequence_model(d, small_request(3));
  ASSERT_NE(out.fit.status, FitStatus::Diverged) << out.fit.message;
  EXPECT_TRUE(std::isfinite(out.evaluation.model.at(Split::Test).rmse));
  const auto [shortest, longest] = valid_length_range(d, split_sequences(60, {0.7, 0.15, 0.15}, false, 0).train);
  EXPECT_EQ(out.trained.sequences->min_length, shortest);
  EXPECT_EQ(out.trained.sequences->max_length, longest);
  const Tensor3<double> padded = predict_sequences(out.trained, d.x, 2);
  for (Index i = 0; i < d.size(); ++i) {
    const ValidSpan s = d.spans[std::size_t(i)];
    Tensor3<double> alone(1, s.length, d.x.features);
    for (Index t = 0; t < s.length; ++t)
      for (Index f = 0; f < d.x.features; ++f) alone(0, t, f) = d.x(i, s.first + t, f);
    const double want = predict_sequences(out.trained, alone, 1)(0, 0, 0);
    EXPECT_NEAR(padded(i, 0, 0), want, 1e-5 * std::max(1.0, std::abs(want))) << "sequence " << i;
  }
}

}  // namespace
}  // namespace rnnwb
