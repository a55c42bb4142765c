// rnnwb replay: retrains a recorded run from its record alone and compares the loss histories bit
// for bit (same machine, same thread count): identical (exit 0) or the first epoch that differs
// (exit 6).
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/experiments/run_execution.hpp"
#include "engine/experiments/runs_folder.hpp"
#include "engine/io/model_file.hpp"
#include "interrupt.hpp"

namespace rnnwb::cli {

namespace {

struct ReplayOptions {
  std::string run, out;
  int threads = 0;
};

// DIR/RUN_ID (or DIR/RUN_ID.safetensors): the folder and the id.
std::pair<std::string, std::string> split_run_path(const std::string& text) {
  std::filesystem::path p(text);
  if (p.extension() == ".safetensors") p.replace_extension();
  const std::string id = p.filename().string();
  std::string dir = p.parent_path().string();
  if (id.empty() || !valid_run_id(id))
    throw ConfigError("--run " + quote(text) + " must name a run as DIR/RUN_ID (`rnnwb runs --runs DIR` lists them)");
  return {dir.empty() ? "." : dir, id};
}

FolderRun find_run(const RunsFolder& folder, const std::string& id) {
  const RunsListing listing = folder.list();
  for (const FolderRun& r : listing.runs)
    if (r.record.id == id) return r;
  std::string ids;
  for (std::size_t i = 0; i < listing.runs.size() && i < 20; ++i) ids += (i ? ", " : "") + listing.runs[i].record.id;
  throw ConfigError("no run " + quote(id) + " in " + quote(folder.dir()) +
                    (ids.empty() ? std::string("; it holds no runs") : "; its runs are " + ids) +
                    " (`rnnwb runs --runs " + folder.dir() + "` lists them)");
}

// While it lives, Ctrl-C stops the replay.
struct InterruptibleReplay {
  explicit InterruptibleReplay(TrainingControl& control) { set_interruptible_training(&control); }
  ~InterruptibleReplay() { set_interruptible_training(nullptr); }
  InterruptibleReplay(const InterruptibleReplay&) = delete;
  InterruptibleReplay& operator=(const InterruptibleReplay&) = delete;
};

int run_replay(const ReplayOptions& o) {
  const auto [dir, id] = split_run_path(o.run);
  const RunsFolder folder = RunsFolder::open(dir, false);
  const FolderRun run = find_run(folder, id);
  const RunRecord& recorded = run.record;
  const int threads = recorded.settings.fit.threads;
  if (o.threads > 0 && o.threads != threads)
    throw ConfigError("--threads " + std::to_string(o.threads) + ": run " + id + " was trained on " +
                      std::to_string(threads) +
                      " threads, and a bit-identical replay needs the same count (and machine); leave --threads out");
  if (recorded.end == RunEnd::Failed)
    throw ConfigError("run " + id + " did not train (" + recorded.message + "); there is nothing to replay");
  if (!o.out.empty()) {
    refuse_output_over_input({{"--out", o.out}},
                             {{"the run's model", folder.model_path(id)}, {"the runs index", folder.index_path()}});
    check_writable_path(o.out, "the model file");
  }
  std::cerr << "replaying run " << id << ": " << recorded.history.size() << " epochs on " << threads
            << (threads == 1 ? " thread" : " threads")
            << " (a bit-identical replay needs the same machine and thread count)\n";
  TrainingControl control;
  RunHooks hooks;
  hooks.control = &control;
  RunRecord replayed;
  {
    const InterruptibleReplay interruptible(control);
    replayed = execute_run(recorded.settings, hooks);
  }
  throw_if_interrupted("the replay stopped; nothing was written");
  const HistoryComparison c = compare_histories(recorded.history, replayed.history);
  if (!o.out.empty() && replayed.model) {
    save_model(o.out, *replayed.model);
    std::cout << "replayed model saved to " << printable(o.out) << "\n";
  }
  if (c.identical) {
    std::cout << "identical: " << recorded.history.size() << " epochs, bit for bit\n";
    return kOk;
  }
  std::cout << "different: first at epoch " << c.first_difference << ": " << c.detail << "\n";
  return kReplayDiffers;
}

}  // namespace

Command add_replay_command(CLI::App& root) {
  auto o = std::make_shared<ReplayOptions>();
  CLI::App* c = root.add_subcommand(
      "replay", "Retrain a recorded run from its record alone and check the loss history is bit-identical");
  c->add_option("--run", o->run, "The run: DIR/RUN_ID (a runs folder and the run's id)")->required();
  c->add_option("--out", o->out, "Write the replayed model here (.safetensors)");
  c->add_option("--threads", o->threads,
                "Only as a check: a replay always uses the run's thread count (a different count is refused)")
      ->check(whole_number_in(0, 1024));
  return {c, [o] { return run_replay(*o); }};
}

}  // namespace rnnwb::cli
