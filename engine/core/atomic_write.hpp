#pragma once
// Whole-file reads and crash-safe whole-file writes. Both throw FileError with a message that
// names the path, the reason (strerror) and what to do about it.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rnnwb {

// Writes `bytes` to a new temporary file in the target's folder, fsyncs it, renames it over
// `path` and fsyncs the folder, so `path` holds either its previous content or all of `bytes`,
// never a mix. On any failure (missing or read-only folder, disk full, short write) the temporary
// file is removed, the previous file is left intact and FileError is thrown. Refused before
// anything is written: a symbolic link at `path` (a link planted in a shared folder must not
// redirect the write, nor be replaced silently), a folder, a device, FIFO or socket, a read-only
// file (it is never replaced silently), and a name longer than the file system allows. An
// existing file keeps its permission bits; a new one gets 0666 & ~umask. Temporary files that an
// earlier, killed rnnwb left for the same path (".NAME.tmp-*" of a process that no longer runs)
// are removed.
void write_file_atomically(const std::string& path, std::string_view bytes);

// Removes the temporary files this process is writing at this moment: the last act of a process
// that a signal ends before its writes could finish.
void remove_temporary_files_in_progress();

// Several files that belong together (a C export's .c and .h): every file is written to its
// temporary first, and only when all are complete are they renamed into place; a rename that
// fails puts the files already renamed back as they were. Either all change or none does.
void write_files_atomically(const std::vector<std::pair<std::string, std::string_view>>& files);

// Checks now that `path` can be written later, so a long job fails before it starts, not after:
// everything write_file_atomically refuses up front, and the temporary file it will create is
// created (and removed) in the target's folder. `what` names the file in the FileError
// ("the model file").
void check_writable_path(const std::string& path, const std::string& what);

// Reads the whole file. Throws FileError if it is missing, unreadable, a folder, not a regular
// file (a FIFO, /dev/zero or a socket is refused at once, without blocking or reading), or larger
// than `max_bytes` (the message gives the limit).
std::string read_file(const std::string& path, std::size_t max_bytes);

// Whether two paths name the same existing file (same device and inode, through links), or, when
// either does not exist yet, the same absolute path once "." and ".." and links are resolved.
bool same_file(const std::string& a, const std::string& b);

}  // namespace rnnwb
