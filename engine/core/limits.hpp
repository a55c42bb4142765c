#pragma once
// The sizes rnnwb accepts, in one place: what training, the CLI, the workbench and the model-file
// loader check against, so that nothing can be trained (or asked for) that a later command refuses.
#include <cstdint>

namespace rnnwb::limits {

inline constexpr int kMaxLayers = 64;             // entries in a stack: recurrent, dropout and dense
inline constexpr int kMaxUnits = 65536;           // per layer
inline constexpr long kMaxFeatures = 100000;      // input columns
inline constexpr long kMaxWindow = 1000000;       // input rows per window
inline constexpr long kMaxHorizon = 100000;       // rows predicted at once
inline constexpr long kMaxForecastRows = 100000;  // closed-loop forecast rows
inline constexpr int kMaxSeason = 1000000;        // season length in rows
inline constexpr int kMaxLag = 100000;            // differencing lag
inline constexpr int kMaxThreads = 1024;
inline constexpr long kMaxBatch = 1L << 24;  // windows per update
inline constexpr int kMaxEpochs = 10000000;

}  // namespace rnnwb::limits
