#pragma once
// The many-series part of a model file's metadata: how the data named its series, how it was split
// and scaled, the ids trained on and, with per-series scaling, each id's fitted transforms.
//   "series": {"column": "index", "columns": [], "split_by": "time", "scale_per": "series",
//              "ids": ["DAX", ...], "transforms": {"DAX": {"close": {...}}, ...}}
// Absent for a model of one series. A file with per-series transforms is format version 2, so an
// older rnnwb refuses it rather than scaling every series by the global statistics.
#include <nlohmann/json.hpp>
#include <string>

#include "engine/data/pipeline.hpp"

namespace rnnwb {

inline constexpr int kPerSeriesFormatVersion = 2;

// True when the pipeline has anything to store under "series".
bool has_series_metadata(const Pipeline& p);
nlohmann::json series_metadata(const Pipeline& p);
// Reads meta["series"] (when present) into p, after its features, targets and global transforms.
// Throws FileError saying what is wrong.
void read_series_metadata(const nlohmann::json& meta, Pipeline& p, const std::string& where);

}  // namespace rnnwb
