#pragma once
// The prediction intervals in a model file's metadata (absent for a model without them; older
// files load with none). Half widths in original units, null for an unbounded one:
//   "intervals": {"method": "conformal", "source": "validation",
//                 "levels": [{"coverage": 0.8, "direct": [[w, ...], ...], "closed_loop": [[...], ...]}],
//                 "direct_counts": [[n, ...], ...], "closed_loop_counts": [n, ...]}
// direct is [horizon][targets], closed_loop [fan steps][targets] (empty without a fan). An older
// rnnwb ignores the field and loads the model without intervals, so the format version stays.
#include <nlohmann/json.hpp>
#include <string>

#include "engine/data/intervals.hpp"

namespace rnnwb {

nlohmann::json interval_metadata(const PredictionIntervals& intervals);
// Reads meta["intervals"] when present, checked against the model's horizon and target count.
// Throws FileError saying what is wrong.
PredictionIntervals read_interval_metadata(const nlohmann::json& meta, Index horizon, Index targets,
                                           const std::string& where);

}  // namespace rnnwb
