#pragma once
// NumPy .npz archives (np.savez and np.savez_compressed): a zip file of .npy members, read with
// libzip. Every malformed input is a FileError naming the archive and the member.
#include <string>
#include <vector>

namespace rnnwb {

// The names of the arrays in the archive (member names without ".npy").
std::vector<std::string> npz_array_names(const std::string& path);
// The .npy bytes of array `name` (member name + ".npy"); FileError listing the archive's arrays
// when it has none of that name.
std::string npz_member_bytes(const std::string& path, const std::string& name);

}  // namespace rnnwb
