// Crash-recovery checkpoints: written at most every N seconds (a fake clock drives it), after every
// epoch with N = 0; they hold the BEST weights so far (not the last) and the history; they load with
// load_model and predict exactly like the in-memory model; a failed write keeps the previous
// checkpoint and never stops training; unusable paths are refused up front in plain words.
#include "engine/workflow/checkpoint.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/workflow/prediction.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

Series wave(std::size_t n) {
  Series s;
  s.names = {"a"};
  s.columns.resize(1);
  for (std::size_t i = 0; i < n; ++i)
    s.columns[0].push_back(10 + std::sin(0.3 * double(i)) + 0.2 * std::sin(1.7 * double(i)));
  return s;
}

// Copies the model's weights after every epoch: the weights of epoch e are snapshots[e].
class Snapshots : public TrainingObserver {
 public:
  explicit Snapshots(const Model<float>& model) : model_(model) {}
  void on_epoch_end(const EpochStats& s) override { weights[s.epoch] = model_.parameters(); }
  void on_best_weights(const BestWeights& w) override { best_epochs.push_back(w.best_epoch); }
  std::map<int, Vector<float>> weights;
  std::vector<int> best_epochs;

 private:
  const Model<float>& model_;
};

struct CheckpointTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("rnnwb_checkpoint_" + std::to_string(::getpid()));
  Series series = wave(240);
  TrainRequest request = [] {
    TrainRequest r;
    r.pipeline.targets = {"a"};
    r.pipeline.window = 8;
    r.layers = {LayerSpec::lstm(8)};
    r.fit.epochs = 25;
    r.fit.threads = 1;
    r.fit.seed = 3;
    r.fit.optimizer = OptimizerConfig::defaults(OptimizerKind::Adam, 0.05);  // a noisy validation loss
    r.data_source = "wave.csv";
    r.data_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    return r;
  }();
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override {
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir);
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }

  // Trains with a Checkpointer (every `seconds`) in front of `next`; returns the outcome.
  TrainOutcome train(Checkpointer*& out, double seconds, const std::string& file, TrainingObserver* next = nullptr,
                     Checkpointer::Clock clock = {}) {
    PreparedTraining prepared = prepare_training(series, request);
    checkpointer_ = std::make_unique<Checkpointer>(CheckpointOptions{file, seconds, {{"who", "test"}}},
                                                   checkpoint_model(series, request, prepared), next, clock);
    out = checkpointer_.get();
    const FitResult r = fit(prepared.model, prepared.windows.train, prepared.validation(), request.fit, out);
    return finish_training(series, request, std::move(prepared), r, false);
  }
  std::unique_ptr<Checkpointer> checkpointer_;
};

TEST_F(CheckpointTest, AfterEveryEpochHoldsTheBestWeightsAndTheHistoryAndPredictsIdentically) {
  Checkpointer* ck = nullptr;
  TrainOutcome out = train(ck, 0, path("ck.safetensors"));
  ASSERT_EQ(out.fit.status, FitStatus::Completed) << out.fit.message;
  EXPECT_EQ(ck->writes(), 25);  // N = 0: after every epoch
  EXPECT_EQ(ck->failures(), 0);

  const LoadedCheckpoint loaded = load_checkpoint(path("ck.safetensors"));
  ASSERT_TRUE(loaded.recovery);
  EXPECT_EQ(loaded.recovery->status, "in_progress");
  EXPECT_EQ(loaded.recovery->epochs_done, 25);
  EXPECT_EQ(loaded.recovery->best_epoch, out.fit.best_epoch);
  EXPECT_EQ(loaded.recovery->best_loss, out.fit.best_loss);
  EXPECT_EQ(loaded.recovery->monitored, "validation");
  EXPECT_EQ(loaded.recovery->context.value("who", ""), "test");
  EXPECT_FALSE(loaded.recovery->written_at.empty());

  // The ordinary reader takes it as a model file, with the whole history.
  TrainedModel m = load_model(path("ck.safetensors"));
  EXPECT_EQ(to_string(m.fit_status), "in_progress");
  EXPECT_EQ(m.best_epoch, out.fit.best_epoch);
  EXPECT_EQ(m.data_source, "wave.csv");
  ASSERT_EQ(m.history.size(), out.fit.history.size());
  for (std::size_t i = 0; i < m.history.size(); ++i) {
    EXPECT_EQ(m.history[i].epoch, out.fit.history[i].epoch);
    EXPECT_EQ(m.history[i].train_loss, out.fit.history[i].train_loss);
    EXPECT_EQ(m.history[i].val_loss, out.fit.history[i].val_loss);
  }
  // fit() ends with the best weights (restore_best), and so does the last checkpoint: exactly.
  EXPECT_EQ(m.model.parameters(), out.trained.model.parameters());
  std::vector<std::size_t> rows;
  for (std::size_t j = 8; j < series.rows(); ++j) rows.push_back(j);
  const Tensor3<double> a = predict_rows(m, series, rows), b = predict_rows(out.trained, series, rows);
  ASSERT_EQ(a.data.size(), b.data.size());
  EXPECT_EQ(a.data, b.data);
}

TEST_F(CheckpointTest, HoldsTheBestEpochsWeightsNotTheLast) {
  request.fit.restore_best = false;  // fit() then ends with the last weights
  request.fit.epochs = 30;
  request.init.scheme =
      InitScheme::Keras;  // the setup below overshoots from Keras' start (a best epoch before the last)
  request.fit.optimizer = OptimizerConfig::defaults(OptimizerKind::Adam, 0.3);  // overshoots: loss goes up and down
  PreparedTraining prepared = prepare_training(series, request);
  const Model<float>* model = &prepared.model;
  Snapshots snapshots(*model);
  Checkpointer ck({path("ck.safetensors"), 0, {}}, checkpoint_model(series, request, prepared), &snapshots);
  const FitResult r = fit(prepared.model, prepared.windows.train, prepared.validation(), request.fit, &ck);
  ASSERT_EQ(r.status, FitStatus::Completed);
  ASSERT_LT(r.best_epoch, r.epochs_run) << "the setup must have a best epoch before the last";
  EXPECT_EQ(snapshots.best_epochs.size(), std::size_t(r.epochs_run));  // the hook ran after every epoch
  EXPECT_EQ(snapshots.best_epochs.back(), r.best_epoch);

  const TrainedModel m = load_model(path("ck.safetensors"));
  EXPECT_EQ(m.best_epoch, r.best_epoch);
  EXPECT_EQ(m.model.parameters(), snapshots.weights.at(r.best_epoch));
  EXPECT_NE(m.model.parameters(), snapshots.weights.at(r.epochs_run));
  EXPECT_EQ(model->parameters(), snapshots.weights.at(r.epochs_run));  // fit itself kept the last
}

TEST_F(CheckpointTest, WritesAtMostEveryNSecondsOnTheTrainingClock) {
  PreparedTraining prepared = prepare_training(series, request);
  Clock::time_point now{};
  Checkpointer ck({path("ck.safetensors"), 10, {}}, checkpoint_model(series, request, prepared), nullptr,
                  [&] { return now; });
  const Vector<float> weights = prepared.model.parameters();
  const auto epoch = [&](int e, double at_seconds) {
    now = Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(at_seconds)));
    ck.on_epoch_end({e, 1.0 / e, 2.0 / e, 0.01, 0.1});
    ck.on_best_weights({e, e, 2.0 / e, &weights, nullptr});
  };
  const auto epochs_in_file = [&] { return load_checkpoint(path("ck.safetensors")).recovery->epochs_done; };
  epoch(1, 0.0);  // the first epoch is written at once
  EXPECT_EQ(ck.writes(), 1);
  EXPECT_EQ(epochs_in_file(), 1);
  epoch(2, 3.0);
  epoch(3, 9.9);
  EXPECT_EQ(ck.writes(), 1);  // less than 10 s since the last write
  EXPECT_EQ(epochs_in_file(), 1);
  epoch(4, 10.0);
  EXPECT_EQ(ck.writes(), 2);
  EXPECT_EQ(epochs_in_file(), 4);
  EXPECT_EQ(load_model(path("ck.safetensors")).history.size(), 4u);  // nothing lost in between
  epoch(5, 25.0);
  EXPECT_EQ(ck.writes(), 3);
  EXPECT_EQ(epochs_in_file(), 5);
  // No new epoch, no write, however long it takes.
  now += std::chrono::hours(1);
  EXPECT_EQ(ck.writes(), 3);
}

TEST_F(CheckpointTest, ALargeIntervalWritesOnceInARealTraining) {
  Checkpointer* ck = nullptr;
  train(ck, 1e6, path("ck.safetensors"));
  EXPECT_EQ(ck->writes(), 1);
  EXPECT_EQ(load_checkpoint(path("ck.safetensors")).recovery->epochs_done, 1);
}

TEST_F(CheckpointTest, AFailedWriteKeepsThePreviousCheckpointAndTrainingGoesOn) {
  PreparedTraining prepared = prepare_training(series, request);
  std::vector<std::string> errors;
  Checkpointer ck({path("ck.safetensors"), 0, {}}, checkpoint_model(series, request, prepared));
  ck.set_error_handler([&](const std::string& e) { errors.push_back(e); });
  const Vector<float> first = prepared.model.parameters();
  ck.on_epoch_end({1, 1.0, 1.0, 0.01, 0.1});
  ck.on_best_weights({1, 1, 1.0, &first, nullptr});
  ASSERT_EQ(ck.writes(), 1);
  const std::string before = read_file(path("ck.safetensors"), 1 << 24);

  const Vector<float> second = first.array() + 1.0f;
  const auto next_epoch = [&](int e) {
    ck.on_epoch_end({e, 0.5, 0.5, 0.01, 0.1});
    ck.on_best_weights({e, e, 0.5, &second, nullptr});
  };
  if (::geteuid() != 0) {  // an unwritable folder (root writes anywhere, so only as a user)
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    next_epoch(2);
    fs::permissions(dir, fs::perms::owner_all);
    EXPECT_EQ(ck.failures(), 1);
    EXPECT_EQ(read_file(path("ck.safetensors"), 1 << 24), before);
  }
  {  // a write that fails half-way (the file size limit stands in for a full disk; works as root too)
    struct rlimit old {};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = 512;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    next_epoch(3);
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
  }
  EXPECT_GE(ck.failures(), 1);
  EXPECT_EQ(ck.writes(), 1);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(ck.last_error().find("cannot write " + path("ck.safetensors")), std::string::npos) << ck.last_error();
  EXPECT_NE(ck.last_error().find("the previous file, if any, is unchanged"), std::string::npos);
  EXPECT_EQ(read_file(path("ck.safetensors"), 1 << 24), before);  // the previous checkpoint, intact
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename(), "ck.safetensors") << "a temporary file was left: " << entry.path();
  EXPECT_EQ(load_model(path("ck.safetensors")).model.parameters(), first);

  // Once writing works again, the next epoch replaces it.
  next_epoch(4);
  EXPECT_EQ(ck.writes(), 2);
  EXPECT_TRUE(ck.last_error().empty());
  const TrainedModel m = load_model(path("ck.safetensors"));
  EXPECT_EQ(m.model.parameters(), second);
  EXPECT_EQ(m.history.size(), ::geteuid() != 0 ? 4u : 3u);
}

TEST_F(CheckpointTest, AMissingFolderNeverStopsTraining) {
  Checkpointer* ck = nullptr;
  request.fit.epochs = 3;
  TrainOutcome out = train(ck, 0, path("gone/ck.safetensors"));
  EXPECT_EQ(out.fit.status, FitStatus::Completed);
  EXPECT_EQ(out.fit.epochs_run, 3);
  EXPECT_EQ(ck->writes(), 0);
  EXPECT_EQ(ck->failures(), 3);
  EXPECT_NE(ck->last_error().find("create the folder first"), std::string::npos) << ck->last_error();
  EXPECT_EQ(ck->remove(), "");  // nothing to remove is fine
}

TEST_F(CheckpointTest, RemoveDeletesTheFile) {
  Checkpointer* ck = nullptr;
  request.fit.epochs = 2;
  train(ck, 0, path("ck.safetensors"));
  ASSERT_TRUE(fs::exists(path("ck.safetensors")));
  EXPECT_EQ(ck->remove(), "");
  EXPECT_FALSE(fs::exists(path("ck.safetensors")));
}

TEST_F(CheckpointTest, RemoveLeavesAFileThisRunDidNotWrite) {
  // A Checkpointer that never wrote removes nothing, even when a file stands at its path...
  {
    std::ofstream(path("notes.txt")) << "my notes";
    Checkpointer idle(CheckpointOptions{path("notes.txt"), 1e9, {}},
                      checkpoint_model(series, request, prepare_training(series, request)));
    EXPECT_EQ(idle.remove(), "");
    EXPECT_TRUE(fs::exists(path("notes.txt")));
  }
  // ...and one that wrote leaves a file that replaced its checkpoint since.
  Checkpointer* ck = nullptr;
  request.fit.epochs = 2;
  train(ck, 0, path("ck.safetensors"));
  fs::rename(path("notes.txt"), path("ck.safetensors"));
  EXPECT_TRUE(ck->remove().find("replaced") != std::string::npos);
  EXPECT_TRUE(fs::exists(path("ck.safetensors")));
  // An existing file that is not a recovery file is refused as a checkpoint path up front.
  EXPECT_THROW(check_checkpoint_path(path("ck.safetensors")), ConfigError);
}

TEST_F(CheckpointTest, ARecoveryContextOfTheWrongTypeIsAFileErrorNotAJsonException) {
  // The workbench reads recovery.context.missing back at its next start.
  Checkpointer* ck = nullptr;
  request.fit.epochs = 1;
  train(ck, 0, path("ck.safetensors"));
  for (const char* context :
       {R"({"missing": 7})", R"({"missing": "sometimes"})", R"([1])", R"({"writer": "\u001b[2J"})"}) {
    SafeTensorsFile f = read_safetensors(path("ck.safetensors"));
    nlohmann::json meta = nlohmann::json::parse(f.metadata.at("rnnwb"));
    meta["recovery"]["context"] = nlohmann::json::parse(context);
    f.metadata["rnnwb"] = meta.dump();
    write_safetensors(path("bad.safetensors"), f);
    EXPECT_THROW(load_checkpoint(path("bad.safetensors")), FileError) << context;
  }
}

TEST_F(CheckpointTest, UnusablePathsAreRefusedUpFront) {
  const auto error = [](const std::string& p) -> std::string {
    try {
      check_checkpoint_path(p);
    } catch (const FileError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(error(path("ck.safetensors")), "");
  EXPECT_NE(error(path("no/ck.safetensors")).find("create the folder first"), std::string::npos);
  EXPECT_NE(error(dir.string()).find("it is a folder"), std::string::npos);
  EXPECT_NE(error("").find("the name is empty"), std::string::npos);
  const PreparedTraining prepared = prepare_training(series, request);
  EXPECT_THROW(Checkpointer({path("x"), -1, {}}, checkpoint_model(series, request, prepared)), ConfigError);
}

TEST_F(CheckpointTest, AFinishedModelFileIsNotARecoveryFile) {
  TrainOutcome out = train_model(series, request);
  save_model(path("m.safetensors"), out.trained);
  const LoadedCheckpoint loaded = load_checkpoint(path("m.safetensors"));
  EXPECT_FALSE(loaded.recovery);
  EXPECT_EQ(loaded.model.model.parameters(), out.trained.model.parameters());
}

}  // namespace
}  // namespace rnnwb
