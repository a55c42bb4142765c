#pragma once
// The sequence-dataset part of a model file's metadata. A model trained on sequences has
//   "dataset": "sequences",
//   "sequences": {"task": "regression", "features": ["x0", ...], "targets": ["y0", ...], "horizon": 1,
//                 "y_has_horizon": false, "feature_scalers": [{transform}, ...], "target_scalers": [...],
//                 "lengths": {"min": 40, "max": 50}, "steps": 50, "count": 100,
//                 "split": [0.7, 0.15, 0.15], "shuffle_split": false, "split_seed": 0,
//                 "x": {"sha256": "...", "source": "X.npy"}, "y": {"sha256": "...", "source": "Y.npy"}}
// A series model has neither key ("dataset" absent means "series"). Such a file is format version 3,
// so an older rnnwb refuses it rather than reading it as a series model.
#include <nlohmann/json.hpp>
#include <string>

#include "engine/data/sequences.hpp"

namespace rnnwb {

inline constexpr int kSequenceFormatVersion = 3;

nlohmann::json sequence_metadata(const SequenceModelInfo& s);
// True when the metadata says "dataset": "sequences" (FileError for an unknown dataset kind).
bool is_sequence_metadata(const nlohmann::json& meta, const std::string& where);
// meta["sequences"], checked: FileError saying what is wrong.
SequenceModelInfo read_sequence_metadata(const nlohmann::json& meta, const std::string& where);

}  // namespace rnnwb
