// The engine's side of the pipeline parity test: reads an exported project's config.json, prepares
// the training exactly as `rnnwb train` / a replay would, and writes what fit() would be given
// (OUTDIR/{train,validation,test}_{x,y}.npy, float32) and the model metadata the training would
// record before any epoch (OUTDIR/metadata.json). pipeline.py must produce the same, bit for bit.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/limits.hpp"
#include "engine/experiments/run_execution.hpp"
#include "engine/io/config_json.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/npy.hpp"
#include "engine/io/sequence_file.hpp"
#include "engine/workflow/sequence_training.hpp"
#include "engine/workflow/training.hpp"

namespace {

using namespace rnnwb;
using json = nlohmann::json;

NpyArray as_npy(const Tensor3<float>& t, bool flatten) {
  NpyArray a;
  a.shape = flatten ? std::vector<std::size_t>{std::size_t(t.batch), std::size_t(t.steps * t.features)}
                    : std::vector<std::size_t>{std::size_t(t.batch), std::size_t(t.steps), std::size_t(t.features)};
  a.data.assign(t.data.begin(), t.data.end());
  return a;
}

void write_sets(const std::string& dir, const Dataset<float>& train, const Dataset<float>& validation,
                const Dataset<float>& test) {
  const std::pair<const char*, const Dataset<float>*> sets[] = {
      {"train", &train}, {"validation", &validation}, {"test", &test}};
  for (const auto& [name, d] : sets) {
    write_npy(dir + "/" + name + "_x.npy", as_npy(d->x, false));
    write_npy(dir + "/" + name + "_y.npy", as_npy(d->y, true));
  }
}

int run(const std::string& config_path, const std::string& out) {
  const std::string text = read_file(config_path, std::size_t(64) << 20);
  const json config = config_json::parse_metadata(text, config_path, "the project's config");
  Session s;
  parse_session_settings(config.at("settings"), s, config_path);
  s.data_source = resolve_data_source(s.data_source, config_path);
  if (s.sequences) {
    s.sequences->files.x_path = resolve_data_source(s.sequences->files.x_path, config_path);
    s.sequences->files.y_path = resolve_data_source(s.sequences->files.y_path, config_path);
  }
  std::filesystem::create_directories(out);
  json meta;
  if (s.sequences) {
    const SequenceDataset d = load_sequence_dataset(s.sequences->files);
    const SequenceTrainRequest request = sequence_train_request(s);
    const PreparedSequenceTraining p = prepare_sequence_training(d, request);
    write_sets(out, p.sets.train, p.sets.validation, p.sets.test);
    meta = model_metadata(sequence_trained_model(request, p, FitResult{}));
    meta["class_weights"] = p.fit.loss.class_weights;  // what fit() weighs the classes with
  } else {
    LoadedData data = load_data_source_with(s.data_source, s.csv, s.series_form);
    const TrainRequest request = series_train_request(s, data);
    const PreparedTraining p = prepare_training(data.table.series, request);
    write_sets(out, p.windows.train, p.windows.validation, p.windows.test);
    TrainedModel m{p.model,
                   p.pipeline,
                   request.fit,
                   request.init.scheme,
                   request.init.seed,
                   {},
                   0,
                   FitStatus::Unknown,
                   json::object(),
                   request.data_sha256,
                   request.data_source,
                   data.table.series.rows(),
                   request.time_column,
                   std::nullopt,
                   {},
                   {},
                   request.missing};
    meta = model_metadata(m);
  }
  write_file_atomically(out + "/metadata.json", meta.dump(2));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: pipeline_reference CONFIG.json OUTDIR\n";
    return 2;
  }
  try {
    return run(argv[1], argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
