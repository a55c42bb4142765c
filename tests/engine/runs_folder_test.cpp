// Runs folders: a run and its model round-trip, a torn or invalid line is skipped with a warning
// naming its line (never fatal, never lost on the next append), parallel appends lose no line,
// and a path that is no folder is refused.
#include "engine/experiments/runs_folder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/experiments/run_execution.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("rnnwb_runs_folder_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

RunRecord bare_run(int units) {
  RunRecord r;
  r.settings.data_source = "sample:sunspots";
  r.settings.pipeline.targets = {"SUNACTIVITY"};
  r.settings.pipeline.window = 12;
  r.settings.layers = {LayerSpec::lstm(units)};
  r.end = RunEnd::Failed;  // no model to write
  r.message = "made up for the test";
  return r;
}

std::string file_text(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(RunsFolder, ARunAndItsModelRoundTrip) {
  const fs::path dir = fresh_dir("round_trip");
  const RunsFolder folder = RunsFolder::open(dir.string(), true);
  Session s;
  s.data_source = "sample:sunspots";
  s.pipeline.targets = {"SUNACTIVITY"};
  s.pipeline.window = 6;
  s.layers = {LayerSpec::lstm(4)};
  s.fit.epochs = 2;
  s.fit.threads = 1;
  RunRecord run = execute_run(s);
  run.name = "small";
  const std::string id = folder.append(run);
  EXPECT_TRUE(valid_run_id(id));
  EXPECT_EQ(run.id, id);
  EXPECT_TRUE(fs::exists(dir / (id + ".safetensors")));

  const RunsListing listing = RunsFolder::open(dir.string(), false).list();
  EXPECT_TRUE(listing.warnings.empty());
  ASSERT_EQ(listing.runs.size(), 1u);
  const FolderRun& read = listing.runs[0];
  EXPECT_EQ(read.record.id, id);
  EXPECT_EQ(read.record.name, "small");
  EXPECT_EQ(read.key, settings_key(run.settings));
  EXPECT_TRUE(read.model_exists);
  EXPECT_TRUE(compare_histories(run.history, read.record.history).identical);
  EXPECT_EQ(read.record.settings.layers[0].units, 4);
  const TrainedModel model = folder.load_run_model(id);
  EXPECT_EQ(model.model.parameters(), run.model->model.parameters());
  // a second run of the same settings gets an id of its own
  RunRecord again = run;
  EXPECT_NE(folder.append(again), id);
  EXPECT_EQ(folder.list().runs.size(), 2u);
  EXPECT_TRUE(folder.find(id).has_value());
  EXPECT_FALSE(folder.find("nope").has_value());
  fs::remove_all(dir);
}

TEST(RunsFolder, ATornLastLineIsSkippedWithAWarningAndKeptApart) {
  const fs::path dir = fresh_dir("torn");
  const RunsFolder folder = RunsFolder::open(dir.string(), true);
  RunRecord a = bare_run(8), b = bare_run(16);
  folder.append(a);
  folder.append(b);
  {
    std::ofstream out(dir / "runs.jsonl", std::ios::app);
    out << "{\"format_version\": 1, \"id\": \"torn\", \"sett";  // a writer killed mid-line
  }
  RunsListing listing = folder.list();
  ASSERT_EQ(listing.runs.size(), 2u);
  ASSERT_EQ(listing.warnings.size(), 1u);
  EXPECT_NE(listing.warnings[0].find("line 3"), std::string::npos) << listing.warnings[0];
  RunRecord c = bare_run(32);
  folder.append(c);
  listing = folder.list();
  ASSERT_EQ(listing.runs.size(), 3u);
  EXPECT_EQ(listing.runs[2].record.id, c.id);
  EXPECT_EQ(listing.runs[2].line, 4);
  ASSERT_EQ(listing.warnings.size(), 1u);  // the torn line stays one bad line, nothing else
  // a line that is JSON but not a run: skipped, said
  {
    std::ofstream out(dir / "runs.jsonl", std::ios::app);
    out << "{\"format_version\": 1}\n";
  }
  listing = folder.list();
  EXPECT_EQ(listing.runs.size(), 3u);
  ASSERT_EQ(listing.warnings.size(), 2u);
  EXPECT_NE(listing.warnings[1].find("line 5"), std::string::npos) << listing.warnings[1];
  fs::remove_all(dir);
}

TEST(RunsFolder, ParallelAppendsLoseNoLine) {
  const fs::path dir = fresh_dir("parallel");
  const RunsFolder folder = RunsFolder::open(dir.string(), true);
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&folder, t] {
      for (int i = 0; i < kEach; ++i) {
        RunRecord r = bare_run(1 + t * kEach + i);
        folder.append(r);
      }
    });
  for (std::thread& t : threads) t.join();
  const RunsListing listing = folder.list();
  EXPECT_TRUE(listing.warnings.empty());
  ASSERT_EQ(listing.runs.size(), std::size_t(kThreads * kEach));
  std::set<int> units;
  std::set<std::string> ids;
  for (const FolderRun& r : listing.runs) {
    units.insert(r.record.settings.layers[0].units);
    ids.insert(r.record.id);
  }
  EXPECT_EQ(units.size(), std::size_t(kThreads * kEach));
  EXPECT_EQ(ids.size(), std::size_t(kThreads * kEach));
  const std::string text = file_text(dir / "runs.jsonl");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), kThreads * kEach);
  fs::remove_all(dir);
}

TEST(RunsFolder, RefusesAFileAndAMissingFolder) {
  const fs::path dir = fresh_dir("refused");
  fs::create_directories(dir);
  std::ofstream(dir / "plain.txt") << "x";
  EXPECT_THROW(RunsFolder::open((dir / "plain.txt").string(), true), FileError);
  EXPECT_THROW(RunsFolder::open((dir / "missing").string(), false), FileError);
  EXPECT_THROW(RunsFolder::open(dir.string(), false), FileError);  // a folder with no runs.jsonl
  try {
    RunsFolder::open((dir / "plain.txt").string(), true);
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("is a file"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rnnwb
