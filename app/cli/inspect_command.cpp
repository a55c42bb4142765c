// rnnwb inspect: what a model file holds, in words.
#include <cmath>
#include <iostream>

#include "commands.hpp"
#include "engine/io/model_file.hpp"

namespace rnnwb::cli {

namespace {

int run_inspect(const std::string& path) {
  const TrainedModel m = load_model(path);
  const Pipeline& p = m.pipeline;
  std::cout << m.model.summary(p.model_steps()) << "\n";
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  std::cout << "features:  " << list(p.features) << "\ntargets:   " << list(p.targets) << "\nwindow:    " << p.window
            << " rows (the model sees " << p.model_steps() << " steps)\nhorizon:   " << p.horizon
            << " rows\nsplit:     " << p.split.train << " / " << p.split.validation << " / " << p.split.test << "\n";
  if (p.season > 0) std::cout << "season:    " << p.season << " rows\n";
  std::cout << "\ntransforms (x_scaled = (x - offset) / scale, fitted on training rows):\n";
  for (const auto& [name, t] : p.transforms)
    std::cout << "  " << name << ": " << (t.log ? "log, " : "")
              << (t.diff_lag > 0 ? "diff lag " + std::to_string(t.diff_lag) + ", " : "") << to_string(t.scaler)
              << " (offset " << t.offset << ", scale " << t.scale << ")\n";
  const FitConfig& f = m.training;
  std::cout << "\ntraining: " << to_string(f.optimizer.kind) << " lr " << f.optimizer.lr << ", "
            << to_string(f.loss.kind) << " loss, batch " << f.batch_size << ", " << f.epochs << " epochs max, seed "
            << f.seed << "; " << m.history.size() << " epochs run, best " << m.best_epoch << " (" << m.fit_status
            << ")\n";
  if (!m.history.empty()) {
    const EpochStats& last = m.history.back();
    std::cout << "last epoch: loss " << last.train_loss;
    if (!std::isnan(last.val_loss)) std::cout << ", val_loss " << last.val_loss;
    std::cout << "\n";
  }
  std::cout << "data: " << m.data_source << ", " << m.data_rows << " rows, sha256 " << m.data_sha256 << "\n";
  if (m.metrics.contains("test") && m.metrics["test"].contains("rmse")) {
    std::cout << "test RMSE: " << m.metrics["test"]["rmse"].dump();
    if (m.metrics.contains("baselines") && m.metrics["baselines"].contains("persistence") &&
        m.metrics["baselines"]["persistence"].contains("test"))
      std::cout << " (persistence " << m.metrics["baselines"]["persistence"]["test"]["rmse"].dump() << ")";
    std::cout << "\n";
  }
  return kOk;
}

}  // namespace

Command add_inspect_command(CLI::App& root) {
  auto path = std::make_shared<std::string>();
  CLI::App* c = root.add_subcommand("inspect", "Show a model file's layers, columns, transforms and metrics");
  c->add_option("--model", *path, "Model file")->required();
  return {c, [path] { return run_inspect(*path); }};
}

}  // namespace rnnwb::cli
