#pragma once
// Whole-file reads and crash-safe whole-file writes. Both throw FileError with a message that
// names the path, the reason (strerror) and what to do about it.
#include <cstddef>
#include <string>
#include <string_view>

namespace rnnwb {

// Writes `bytes` to a new temporary file in the target's folder, fsyncs it, renames it over
// `path` and fsyncs the folder, so `path` holds either its previous content or all of `bytes`,
// never a mix. On any failure (missing or read-only folder, `path` is a directory or a device,
// disk full, short write) the temporary file is removed, the previous file is left intact and
// FileError is thrown. A symbolic link at `path` is followed (the file it points to is replaced,
// the link is kept). An existing file keeps its permission bits; a new one gets 0666 & ~umask.
void write_file_atomically(const std::string& path, std::string_view bytes);

// Checks now that `path` can be written later (its folder exists and is writable; it is not a
// folder or a device), so a long job fails before it starts, not after. `what` names the file in
// the FileError ("the model file").
void check_writable_path(const std::string& path, const std::string& what);

// Reads the whole file. Throws FileError if it is missing, unreadable, a directory, or larger
// than `max_bytes` (the message gives the limit).
std::string read_file(const std::string& path, std::size_t max_bytes);

}  // namespace rnnwb
