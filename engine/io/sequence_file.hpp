#pragma once
// Loading a sequence dataset (engine/data/sequences.hpp): X (N, T, F) float32 or float64 and
// Y (N, k) or (N, H, k) (float or integer) from two .npy files, or from one .npz holding arrays
// "X" and "y" (np.savez or np.savez_compressed). Every unusable input is a DataError saying what
// is wrong and how to fix it: X not rank 3, a non-float X, Y's first dimension not N, an object
// (pickle) array (never unpickled), padding in the wrong place, a sequence with no valid step,
// non-finite targets.
#include <string>
#include <vector>

#include "engine/data/sequences.hpp"

namespace rnnwb {

struct SequenceFiles {
  std::string x_path;                          // X.npy, or data.npz
  std::string y_path;                          // Y.npy; empty with an .npz
  std::vector<std::string> features, targets;  // names; empty: x0.., y0..
};

// True when the path names an .npz archive (by its extension).
bool is_npz_path(const std::string& path);

SequenceDataset load_sequence_dataset(const SequenceFiles& files);
// X alone (for predictions): (N, T, F) float, the padding rules checked; `features` are the
// model's (DataError when F differs). Fills x, spans, x_sha256 and x_source.
SequenceDataset load_sequence_inputs(const std::string& path, const std::vector<std::string>& features);

}  // namespace rnnwb
