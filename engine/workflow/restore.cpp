#include "engine/workflow/restore.hpp"

#include <cmath>

#include "engine/core/text.hpp"
#include "engine/io/sequence_file.hpp"

namespace rnnwb {

namespace {

// An .npz member's source is "file.npz:X": the file is what a session names.
std::string file_of_source(const std::string& source) {
  const auto colon = source.rfind(':');
  if (colon != std::string::npos && is_npz_path(source.substr(0, colon))) return source.substr(0, colon);
  return source;
}

SequenceSession sequence_session_of(const SequenceModelInfo& q, const FitConfig& fit) {
  SequenceSession s;
  s.files.x_path = file_of_source(q.x_source);
  s.files.y_path = is_npz_path(s.files.x_path) ? std::string() : file_of_source(q.y_source);
  s.files.features = q.features;
  s.files.targets = q.targets;
  s.x_sha256 = q.x_sha256;
  s.y_sha256 = q.y_sha256;
  SequenceConfig& c = s.config;
  c.task = q.task;
  c.split = q.split;
  c.shuffle_split = q.shuffle_split;
  c.split_seed = q.split_seed;
  if (!q.scaling.features.empty()) c.feature_scaler = q.scaling.features.front().scaler;
  if (!q.scaling.targets.empty()) c.target_scaler = q.scaling.targets.front().scaler;
  c.class_names = q.classes.names;
  for (double w : fit.loss.class_weights) c.class_weights += (c.class_weights.empty() ? "" : ",") + number_text(w);
  return s;
}

}  // namespace

Session session_of(const TrainedModel& m, MissingPolicy missing) {
  Session s;
  s.data_source = m.data_source;
  s.data_sha256 = m.data_sha256;
  s.time_column = m.time_column;
  s.missing_policy = missing;
  PipelineConfig& p = s.pipeline;
  p.targets = m.pipeline.targets;
  p.features = m.pipeline.features;
  p.window = m.pipeline.window;
  p.horizon = m.pipeline.horizon;
  p.split = m.pipeline.split;
  p.season = m.pipeline.season;
  // Many series: the same form, split and scaling, so that the restored session cuts the same windows.
  p.split_by = m.pipeline.split_by;
  p.scale_per = m.pipeline.scale_per;
  p.series_columns = m.pipeline.series_columns;
  if (!m.pipeline.series_columns.empty())
    s.series_form.columns = m.pipeline.series_columns;
  else
    s.series_form.column = m.pipeline.series_name;
  for (const auto& [name, t] : m.pipeline.transforms) p.column_transforms[name] = {t.log, t.diff_lag, t.scaler};
  s.layers = m.model.layers();
  if (!s.layers.empty() && s.layers.back().kind == LayerKind::Dense) s.layers.pop_back();  // the head
  s.init = {m.init, m.init_seed};
  s.fit = m.training;
  if (m.sequences) s.sequences = sequence_session_of(*m.sequences, m.training);
  return s;
}

double best_loss(const TrainedModel& m, const RecoveryInfo* recovery) {
  if (recovery && std::isfinite(recovery->best_loss)) return recovery->best_loss;
  const int best = recovery ? recovery->best_epoch : m.best_epoch;
  if (best < 1 || std::size_t(best) > m.history.size()) return NAN;
  const EpochStats& e = m.history[std::size_t(best - 1)];
  const bool training = recovery && recovery->monitored == "training";
  return training || std::isnan(e.val_loss) ? e.train_loss : e.val_loss;
}

FitResult restored_fit(const TrainedModel& m, const RecoveryInfo* recovery) {
  FitResult fit;
  fit.status = FitStatus::Cancelled;
  fit.history = m.history;
  fit.best_epoch = m.best_epoch;
  fit.epochs_run = int(m.history.size());
  fit.best_loss = best_loss(m, recovery);
  fit.message = "interrupted after epoch " + std::to_string(fit.epochs_run) + " and restored from the recovery file";
  return fit;
}

}  // namespace rnnwb
