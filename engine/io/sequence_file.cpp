#include "engine/io/sequence_file.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/core/text.hpp"
#include "engine/io/npy.hpp"
#include "engine/io/npz.hpp"

namespace rnnwb {

namespace {

constexpr std::size_t kMaxReadFile = std::size_t(1) << 34;  // 16 GiB, as read_npy

// One array: its .npy bytes (hashed for provenance) parsed. Unreadable data is bad input (exit 3
// in the CLI), so the reader's FileError becomes a DataError with the same words.
struct LoadedArray {
  NpyArray array;
  std::string sha256, source;
};

LoadedArray parse_array(const std::string& bytes, const std::string& source, NpyDtypes dtypes) {
  try {
    return {parse_npy(bytes, source, dtypes), sha256_hex(bytes), source};
  } catch (const FileError& e) {
    throw DataError(e.message);
  }
}

LoadedArray read_array(const std::string& path, NpyDtypes dtypes) {
  std::string bytes;
  try {
    bytes = read_file(path, kMaxReadFile);
  } catch (const FileError& e) {
    throw DataError(e.message);
  }
  return parse_array(bytes, path, dtypes);
}

LoadedArray npz_array(const std::string& path, const std::vector<std::string>& names, NpyDtypes dtypes) {
  std::vector<std::string> have;
  try {
    have = npz_array_names(path);
  } catch (const FileError& e) {
    throw DataError(e.message);
  }
  for (const std::string& name : names)
    if (std::find(have.begin(), have.end(), name) != have.end()) try {
        return parse_array(npz_member_bytes(path, name), path + ":" + name, dtypes);
      } catch (const FileError& e) {
        throw DataError(e.message);
      }
  std::string listed;
  for (const std::string& a : have) listed += (listed.empty() ? "" : ", ") + quote(a);
  throw DataError(path + " holds no array " + quote(names.front()) +
                  " (its arrays: " + (listed.empty() ? "none" : listed) + "); save it with np.savez(path, X=X, y=y)");
}

Tensor3<double> to_tensor(const NpyArray& a, std::size_t n, std::size_t t, std::size_t f) {
  Tensor3<double> out(static_cast<Index>(n), static_cast<Index>(t), static_cast<Index>(f));
  std::copy(a.data.begin(), a.data.end(), out.data.begin());
  return out;
}

// X: rank 3 of floats.
void set_inputs(SequenceDataset& d, const LoadedArray& x) {
  if (x.array.shape.size() != 3)
    throw DataError(x.source + " has shape " + numpy_shape_text(x.array.shape) +
                    ": X must be a rank-3 array (sequences, steps, features); a single feature per step is "
                    "X.reshape(N, T, 1)");
  d.x = to_tensor(x.array, x.array.shape[0], x.array.shape[1], x.array.shape[2]);
  d.x_sha256 = x.sha256;
  d.x_source = x.source;
}

// Y: (N, k) or (N, H, k).
void set_targets(SequenceDataset& d, const LoadedArray& y) {
  const auto& s = y.array.shape;
  if (s.size() != 2 && s.size() != 3)
    throw DataError(y.source + " has shape " + numpy_shape_text(s) +
                    ": Y must be (N, k), one row of k targets per sequence, or (N, H, k), H steps of them; a "
                    "single target is y.reshape(N, 1)");
  d.y_has_horizon = s.size() == 3;
  d.y = to_tensor(y.array, s[0], d.y_has_horizon ? s[1] : 1, s.back());
  d.y_integer = y.array.integer;
  d.y_sha256 = y.sha256;
  d.y_source = y.source;
}

}  // namespace

bool is_npz_path(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".npz";
}

SequenceDataset load_sequence_dataset(const SequenceFiles& files) {
  SequenceDataset d;
  d.features = files.features;
  d.targets = files.targets;
  if (is_npz_path(files.x_path)) {
    if (!files.y_path.empty())
      throw ConfigError("an .npz archive holds both X and y: give it alone, without a separate targets file");
    set_inputs(d, npz_array(files.x_path, {"X", "x"}, NpyDtypes::Float));
    set_targets(d, npz_array(files.x_path, {"y", "Y"}, NpyDtypes::FloatOrInteger));
  } else {
    if (files.y_path.empty())
      throw ConfigError("sequence inputs " + quote(files.x_path) +
                        " need their targets: give the Y .npy file too (or one .npz holding X and y)");
    set_inputs(d, read_array(files.x_path, NpyDtypes::Float));
    set_targets(d, read_array(files.y_path, NpyDtypes::FloatOrInteger));
  }
  check_sequences(d);
  return d;
}

SequenceDataset load_sequence_inputs(const std::string& path, const std::vector<std::string>& features) {
  SequenceDataset d;
  set_inputs(d, is_npz_path(path) ? npz_array(path, {"X", "x"}, NpyDtypes::Float) : read_array(path, NpyDtypes::Float));
  if (d.x.batch < 1 || d.x.steps < 1) throw DataError(d.x_source + " holds no sequence step");
  if (std::size_t(d.x.features) != features.size())
    throw DataError(d.x_source + " has " + std::to_string(d.x.features) + " features per step but the model takes " +
                    std::to_string(features.size()));
  d.spans = valid_spans(d.x, "X");
  d.features = features;
  return d;
}

}  // namespace rnnwb
