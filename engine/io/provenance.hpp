#pragma once
// Who trained a model: rnnwb's own engine (nothing recorded), or another engine the model was
// handed to, such as the PyTorch training script `rnnwb export --format pytorch-script` writes. A
// model file keeps it as the metadata object "trained_by"; `rnnwb inspect` and the workbench say it.
#include <nlohmann/json.hpp>
#include <string>

namespace rnnwb {

struct TrainedBy {
  std::string engine;          // "pytorch"; empty: rnnwb itself
  std::string engine_version;  // torch.__version__
  int processes = 1;           // DistributedDataParallel ranks
  std::string device;          // "cpu", "cuda"
  std::string backend;         // "gloo", "nccl", "none"
  std::string resumed_from;    // SHA-256 of the model file it continued from, or empty
  std::string started_at;      // ISO 8601 UTC
  double seconds = 0;          // wall time of the training

  bool empty() const { return engine.empty(); }
};

// meta["trained_by"] checked (an object of text fields and numbers in range); absent: empty.
// Throws FileError naming `where` and the field.
TrainedBy read_trained_by(const nlohmann::json& meta, const std::string& where);
nlohmann::json trained_by_json(const TrainedBy& t);
// One line for people: "PyTorch 2.1.2, 2 processes (gloo) on cpu, 12.3 s; resumed from 3f2a91c0...".
std::string trained_by_text(const TrainedBy& t);

}  // namespace rnnwb
