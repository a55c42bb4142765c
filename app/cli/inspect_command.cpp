// rnnwb inspect: what a model file holds, in words. Every string from the file is printed through
// printable() (a column name must not drive the terminal), and every metrics field is read with
// checked access (a damaged metrics object prints "-", never reads out of bounds).
#include <cmath>
#include <iostream>

#include "commands.hpp"
#include "engine/core/text.hpp"
#include "engine/io/model_file.hpp"

namespace rnnwb::cli {

namespace {

// metrics[path...] as a number's text, or nothing when any step is missing or not what it should be.
std::optional<std::string> metric_at(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* at = &j;
  for (const char* key : path) {
    if (!at->is_object()) return std::nullopt;
    const auto it = at->find(key);
    if (it == at->end()) return std::nullopt;
    at = &*it;
  }
  if (!at->is_number()) return std::nullopt;
  return at->dump();
}

// Many series: how many, the first ids with their rows, how they were split and scaled.
void print_series(const Pipeline& p) {
  if (p.series_ids.empty() && p.series_name.empty()) return;
  std::cout << "series:    " << p.series_ids.size() << " (column " << printable(p.series_name);
  if (!p.series_columns.empty()) std::cout << ", wide form from " << p.series_columns.size() << " columns";
  std::cout << "; split by " << to_string(p.split_by) << ", scaled " << (p.per_series() ? "per series" : "globally")
            << ")\n";
  const std::size_t shown = std::min<std::size_t>(p.series_ids.size(), 10);
  for (std::size_t i = 0; i < shown; ++i) {
    std::cout << "  " << printable(p.series_ids[i]);
    if (i < p.series_rows.size()) std::cout << ": " << p.series_rows[i] << " rows";
    std::cout << "\n";
  }
  if (p.series_ids.size() > shown) std::cout << "  ... and " << p.series_ids.size() - shown << " more\n";
}

// A model trained on sequences: the dataset's shape, names, scalers and provenance.
void print_sequences(const SequenceModelInfo& s) {
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + printable(x);
    return out;
  };
  std::cout << "dataset:   sequences (" << to_string(s.task) << "), " << s.sequences << " of " << s.steps
            << " steps; training lengths " << s.min_length << " to " << s.max_length
            << " (predictions take any length, padding allowed)\nfeatures:  " << list(s.features)
            << "\ntargets:   " << list(s.targets) << " (" << s.horizon << " step" << (s.horizon == 1 ? "" : "s")
            << " each)"
            << (s.task == SequenceTask::Classification
                    ? "\nclasses:   " + std::to_string(s.classes.count) + ": " + list(s.classes.names) +
                          " (predictions: the class, then each class's probability)"
                    : std::string())
            << "\nsplit:     " << s.split.train << " / " << s.split.validation << " / " << s.split.test
            << (s.shuffle_split ? ", sequences assigned at random (seed " + std::to_string(s.split_seed) + ")"
                                : ", by sequence in file order")
            << "\n\nscalers (x_scaled = (x - offset) / scale, fitted on the training sequences):\n";
  for (std::size_t i = 0; i < s.features.size() && i < s.scaling.features.size(); ++i)
    std::cout << "  feature " << printable(s.features[i]) << ": " << to_string(s.scaling.features[i].scaler)
              << " (offset " << s.scaling.features[i].offset << ", scale " << s.scaling.features[i].scale << ")\n";
  for (std::size_t i = 0; i < s.targets.size() && i < s.scaling.targets.size(); ++i)
    std::cout << "  target " << printable(s.targets[i]) << ": " << to_string(s.scaling.targets[i].scaler) << " (offset "
              << s.scaling.targets[i].offset << ", scale " << s.scaling.targets[i].scale << ")\n";
  std::cout << "data: X " << printable(s.x_source) << " sha256 " << printable(s.x_sha256) << "\n      Y "
            << printable(s.y_source) << " sha256 " << printable(s.y_sha256) << "\n";
}

void print_training(const TrainedModel& m, const char* baseline);

// The stored half widths: the first and last horizon step of the first target, and the fan's reach.
void print_intervals(const PredictionIntervals& pi, const Pipeline& p) {
  if (pi.empty()) return;
  std::cout << "\nprediction intervals (" << printable(pi.method) << ", from the " << printable(pi.source)
            << " rows; half widths, original units, target " << printable(p.targets.front()) << "):\n";
  for (const IntervalLevel& l : pi.levels) {
    auto width = [](double w) {
      char text[32];
      std::snprintf(text, sizeof text, "%.6g", w);
      return std::isfinite(w) ? std::string(text) : std::string("unbounded");
    };
    std::cout << "  " << level_label(l.coverage) << "%: step 1 " << width(l.direct.front().front());
    if (l.direct.size() > 1) std::cout << ", step " << l.direct.size() << " " << width(l.direct.back().front());
    if (!l.closed_loop.empty())
      std::cout << "; closed-loop fan " << l.closed_loop.size() << " steps, last "
                << width(l.closed_loop.back().front());
    std::cout << "\n";
  }
  if (!pi.direct_counts.empty() && !pi.direct_counts.front().empty())
    std::cout << "  from " << pi.direct_counts.front().front() << " residuals per step"
              << (pi.closed_loop_counts.empty() ? std::string()
                                                : "; the fan from " + std::to_string(pi.closed_loop_counts.front()) +
                                                      " down to " + std::to_string(pi.closed_loop_counts.back()))
              << "\n";
}

int run_inspect(const std::string& path) {
  const TrainedModel m = load_model(path);
  if (m.sequences) {
    std::cout << m.model.summary(m.sequences->max_length) << "\n";
    print_sequences(*m.sequences);
    print_training(m, "mean");
    return kOk;
  }
  const Pipeline& p = m.pipeline;
  std::cout << m.model.summary(p.model_steps()) << "\n";
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + printable(x);
    return s;
  };
  std::cout << "features:  " << list(p.features) << "\ntargets:   " << list(p.targets) << "\nwindow:    " << p.window
            << " rows (the model sees " << p.model_steps() << " steps)\nhorizon:   " << p.horizon
            << " rows\nsplit:     " << p.split.train << " / " << p.split.validation << " / " << p.split.test << "\n";
  if (p.season > 0) std::cout << "season:    " << p.season << " rows\n";
  print_series(p);
  std::cout << "\ntransforms (x_scaled = (x - offset) / scale, fitted on training rows):\n";
  for (const auto& [name, t] : p.transforms)
    std::cout << "  " << printable(name) << ": " << (t.log ? "log, " : "")
              << (t.diff_lag > 0 ? "diff lag " + std::to_string(t.diff_lag) + ", " : "") << to_string(t.scaler)
              << " (offset " << t.offset << ", scale " << t.scale << ")\n";
  if (p.per_series()) {
    std::cout << "  each series scaled by its own training rows (offset / scale):\n";
    std::size_t shown = 0;
    for (const std::string& id : p.series_ids) {
      if (shown++ == 10) {
        std::cout << "    ... and " << p.series_ids.size() - 10 << " more\n";
        break;
      }
      std::cout << "    " << printable(id) << ":";
      for (const auto& [name, t] : p.transforms_for(id))
        std::cout << " " << printable(name) << " " << t.offset << " / " << t.scale;
      std::cout << "\n";
    }
  }
  std::cout << "data: " << printable(m.data_source) << ", " << m.data_rows << " rows, sha256 "
            << printable(m.data_sha256) << "\n";
  print_intervals(m.intervals, p);
  print_training(m, "persistence");
  return kOk;
}

// How the model was trained and its test RMSE beside the baseline `baseline`.
void print_training(const TrainedModel& m, const char* baseline) {
  const FitConfig& f = m.training;
  std::cout << "\ntraining: " << to_string(f.optimizer.kind) << " lr " << f.optimizer.lr << ", "
            << to_string(f.loss.kind) << " loss, batch " << f.batch_size << ", " << f.epochs << " epochs max, seed "
            << f.seed << "; " << m.history.size() << " epochs run, best " << m.best_epoch << " ("
            << printable(to_string(m.fit_status)) << ")\n";
  if (!m.trained_by.empty()) std::cout << "trained by: " << trained_by_text(m.trained_by) << "\n";
  if (!m.history.empty()) {
    const EpochStats& last = m.history.back();
    std::cout << "last epoch: loss " << last.train_loss;
    if (!std::isnan(last.val_loss)) std::cout << ", val_loss " << last.val_loss;
    std::cout << "\n";
  }
  if (const auto rmse = metric_at(m.metrics, {"test", "rmse"})) {
    std::cout << "test RMSE: " << *rmse;
    if (const auto base = metric_at(m.metrics, {"baselines", baseline, "test", "rmse"}))
      std::cout << " (" << baseline << " " << *base << ")";
    std::cout << "\n";
  }
  if (const auto accuracy = metric_at(m.metrics, {"test", "accuracy"})) {  // a classifier
    std::cout << "test accuracy: " << *accuracy;
    if (const auto base = metric_at(m.metrics, {"baselines", "majority", "test", "accuracy"}))
      std::cout << " (majority class " << *base << ")";
    std::cout << "\n";
  }
}

}  // namespace

Command add_inspect_command(CLI::App& root) {
  auto path = std::make_shared<std::string>();
  CLI::App* c = root.add_subcommand("inspect", "Show a model file's layers, columns, transforms and metrics");
  c->add_option("--model", *path, "Model file")->required();
  return {c, [path] { return run_inspect(*path); }};
}

}  // namespace rnnwb::cli
