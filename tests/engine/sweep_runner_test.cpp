// The sweep runner: every job recorded once into the folder with the sweep's key, a job that
// cannot train recorded as failed with its reason (the others go on), parallel jobs losing
// nothing, a stop starting no more; and the sweep key following the arguments.
#include "engine/experiments/sweep_runner.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

Session tiny_settings() {
  Session s;
  s.data_source = "sample:sunspots";
  s.pipeline.targets = {"SUNACTIVITY"};
  s.pipeline.window = 6;
  s.layers = {LayerSpec::lstm(4)};
  s.fit.epochs = 2;
  s.fit.threads = 1;
  return s;
}

fs::path fresh_folder(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("rnnwb_sweep_runner_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

TEST(SweepRunner, RecordsEveryJobAndAFailedOneWithItsReason) {
  const fs::path dir = fresh_folder("jobs");
  const RunsFolder folder = RunsFolder::open(dir.string(), true);
  const Session base = tiny_settings();
  std::vector<SweepJob> jobs;
  for (const char* window : {"4", "5000", "6", "8"}) {
    const SweepPoint p = {{"window", window}};
    jobs.push_back({p, settings_at(base, p)});
  }
  SweepOptions options;
  options.jobs = 2;
  options.key = "k1";
  std::multiset<std::string> finished;
  options.finished = [&](const RunRecord&, const SweepJob& job) { finished.insert(point_text(job.point)); };
  EXPECT_EQ(run_sweep(folder, jobs, options), 4u);
  EXPECT_EQ(finished, (std::multiset<std::string>{"window=4", "window=5000", "window=6", "window=8"}));
  const RunsListing listing = folder.list();
  EXPECT_TRUE(listing.warnings.empty());
  ASSERT_EQ(listing.runs.size(), 4u);
  int failed = 0;
  for (const FolderRun& r : listing.runs) {
    EXPECT_EQ(r.record.sweep, "k1");
    if (r.record.settings.pipeline.window == 5000) {
      ++failed;
      EXPECT_EQ(r.record.end, RunEnd::Failed);
      EXPECT_NE(r.record.message.find("too few rows"), std::string::npos) << r.record.message;
      EXPECT_FALSE(r.model_exists);
    } else {
      EXPECT_EQ(r.record.end, RunEnd::Completed);
      EXPECT_EQ(r.record.history.size(), 2u);
      EXPECT_TRUE(r.model_exists);
    }
  }
  EXPECT_EQ(failed, 1);
  fs::remove_all(dir);
}

TEST(SweepRunner, AStopStartsNoMoreRuns) {
  const fs::path dir = fresh_folder("stop");
  const RunsFolder folder = RunsFolder::open(dir.string(), true);
  const Session base = tiny_settings();
  std::vector<SweepJob> jobs(3, SweepJob{{}, base});
  TrainingControl stop;
  stop.request_stop();
  SweepOptions options;
  options.stop = &stop;
  EXPECT_EQ(run_sweep(folder, jobs, options), 0u);
  EXPECT_TRUE(folder.list().runs.empty());
  fs::remove_all(dir);
}

TEST(SweepRunner, TheSweepKeyFollowsTheArguments) {
  const Session base = tiny_settings();
  const std::string key = sweep_key(base, {"units=4,8"}, 0, 0);
  EXPECT_EQ(key.size(), 16u);
  EXPECT_EQ(sweep_key(base, {"units=4,8"}, 0, 0), key);
  EXPECT_NE(sweep_key(base, {"units=4,16"}, 0, 0), key);
  EXPECT_NE(sweep_key(base, {"units=4,8"}, 3, 1), key);
  EXPECT_NE(sweep_key(base, {"units=4,8"}, 3, 1), sweep_key(base, {"units=4,8"}, 3, 2));
  Session other = base;
  other.fit.threads = 2;
  EXPECT_NE(sweep_key(other, {"units=4,8"}, 0, 0), key);
}

}  // namespace
}  // namespace rnnwb
