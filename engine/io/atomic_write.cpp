#include "engine/io/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>

#include "engine/core/error.hpp"

namespace rnnwb {

namespace fs = std::filesystem;

namespace {

std::string reason(int err) { return std::strerror(err); }

// What the user can do about a given errno when writing.
std::string write_advice(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return "create the folder first or choose another path";
    case EACCES:
    case EPERM:
    case EROFS:
      return "choose a writable folder";
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return "free some disk space or choose another disk";
    case EISDIR:
      return "give a file name, not a folder";
    default:
      return "check the path and the disk";
  }
}

std::string read_advice(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return "check the path";
    case EACCES:
    case EPERM:
      return "check the file's permissions";
    default:
      return "check the path and the disk";
  }
}

[[noreturn]] void write_failure(const std::string& path, const std::string& what, int err) {
  throw FileError("cannot write " + path + ": " + what + ": " + reason(err) + " (" + write_advice(err) +
                  "); the previous file, if any, is unchanged");
}

// Closes a descriptor once; `close_checked` reports the error of an explicit close.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  int close_checked() {
    const int f = fd;
    fd = -1;
    return ::close(f) == 0 ? 0 : errno;
  }
};

// Removes the temporary file unless released.
struct TempGuard {
  std::string path;
  bool armed = false;
  ~TempGuard() {
    if (armed) ::unlink(path.c_str());
  }
};

// " (4096 MiB)" for limits of at least one MiB.
std::string mib_text(std::size_t bytes) {
  return bytes >= (std::size_t(1) << 20) ? " (" + std::to_string(bytes >> 20) + " MiB)" : "";
}

std::string unique_suffix() {
  static std::atomic<unsigned long> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)) + "-" +
         std::to_string(rng() % 1000000007ULL);
}

}  // namespace

void write_file_atomically(const std::string& path_in, std::string_view bytes) {
  if (path_in.empty()) throw FileError("cannot write a file with an empty name: give a file path");
  std::string path = path_in;

  // Follow a symbolic link so the link stays and the file it points to is replaced.
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    std::error_code ec;
    const fs::path target = fs::weakly_canonical(fs::path(path), ec);
    if (ec) write_failure(path_in, "cannot resolve the symbolic link", ec.value());
    path = target.string();
  }

  bool exists = false;
  mode_t mode = 0666;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) write_failure(path_in, "it is a folder", EISDIR);
    if (!S_ISREG(st.st_mode))
      throw FileError("cannot write " + path_in +
                      ": it is not a regular file (a device, pipe or socket) and will not be replaced; choose "
                      "another path");
    exists = true;
    mode = st.st_mode & 07777;
  }

  const fs::path target(path);
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..") write_failure(path_in, "it names a folder", EISDIR);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");

  // Create the temporary file with O_EXCL under a fresh name (a leftover is never reused).
  TempGuard temp;
  Fd fd;
  for (int attempt = 0; attempt < 100 && fd.fd < 0; ++attempt) {
    temp.path = (folder / ("." + name + ".tmp-" + unique_suffix())).string();
    const int f = ::open(temp.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (f >= 0) {
      fd.fd = f;
      temp.armed = true;
    } else if (const int err = errno; err != EEXIST) {
      write_failure(path_in, "cannot create a temporary file in " + folder.string(), err);
    }
  }
  if (fd.fd < 0) write_failure(path_in, "cannot create a temporary file in " + folder.string(), EEXIST);
  if (exists) (void)::fchmod(fd.fd, mode);  // keep the previous permissions (best effort)

  std::size_t done = 0;
  while (done < bytes.size()) {
    const std::size_t chunk = std::min<std::size_t>(bytes.size() - done, std::size_t(1) << 30);
    const ssize_t n = ::write(fd.fd, bytes.data() + done, chunk);
    if (n < 0) {
      const int err = errno;
      if (err == EINTR) continue;
      write_failure(path_in,
                    "writing failed after " + std::to_string(done) + " of " + std::to_string(bytes.size()) + " bytes",
                    err);
    }
    if (n == 0) write_failure(path_in, "short write after " + std::to_string(done) + " bytes", ENOSPC);
    done += std::size_t(n);
  }
  if (::fsync(fd.fd) != 0) {
    const int err = errno;
    write_failure(path_in, "flushing the data to disk failed", err);
  }
  if (const int err = fd.close_checked()) write_failure(path_in, "closing the temporary file failed", err);
  if (::rename(temp.path.c_str(), path.c_str()) != 0) {
    const int err = errno;
    write_failure(path_in, "replacing the file failed", err);
  }
  temp.armed = false;

  // Make the rename itself durable. Best effort: some file systems cannot fsync a folder, and
  // the new file is already in place, so a failure here is not reported.
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
  const auto failure = [&](const std::string& what, int err) -> FileError {
    return FileError("cannot read " + path + ": " + what + reason(err) + " (" + read_advice(err) + ")");
  };
  if (path.empty()) throw FileError("cannot read a file with an empty name: give a file path");
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.fd < 0) {
    const int err = errno;
    throw failure("", err);
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) {
    const int err = errno;
    throw failure("", err);
  }
  if (S_ISDIR(st.st_mode)) throw FileError("cannot read " + path + ": it is a folder, not a file (give a file path)");
  const auto too_large = [&] {
    return FileError("cannot read " + path + ": the file is larger than the limit of " + std::to_string(max_bytes) +
                     " bytes" + mib_text(max_bytes) + "; is it the right file?");
  };
  std::string out;
  if (S_ISREG(st.st_mode)) {
    if (st.st_size < 0 || std::uintmax_t(st.st_size) > max_bytes) throw too_large();
    out.reserve(std::size_t(st.st_size));
  }
  // Read to the end (the size may change, and pipes have none), never past max_bytes + 1.
  char buffer[1 << 16];
  while (true) {
    const std::size_t left = max_bytes - out.size();
    const std::size_t want = left < sizeof buffer ? left + 1 : sizeof buffer;  // +1 detects a file over the limit
    const ssize_t n = ::read(fd.fd, buffer, want);
    if (n < 0) {
      const int err = errno;
      if (err == EINTR) continue;
      throw failure("reading failed: ", err);
    }
    if (n == 0) break;
    if (std::size_t(n) > max_bytes - out.size()) throw too_large();
    out.append(buffer, std::size_t(n));
  }
  return out;
}

void check_writable_path(const std::string& path, const std::string& what) {
  namespace fs = std::filesystem;
  const auto fail = [&](const std::string& why, const std::string& advice) {
    throw FileError("cannot write " + what + " " + path + ": " + why + " (" + advice + ")");
  };
  if (path.empty()) fail("the name is empty", "give a file path");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) fail("it is a folder", "give a file name, not a folder");
    if (!S_ISREG(st.st_mode)) fail("it is not a regular file", "choose another path");
  }
  const fs::path p(path);
  const std::string folder = p.has_parent_path() ? p.parent_path().string() : std::string(".");
  if (::stat(folder.c_str(), &st) != 0) {
    const int err = errno;
    fail("its folder " + folder + " cannot be used: " + std::strerror(err), "create the folder first or choose another path");
  }
  if (!S_ISDIR(st.st_mode)) fail(folder + " is not a folder", "choose another path");
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    const int err = errno;
    fail("its folder " + folder + " is not writable: " + std::strerror(err), "choose a writable folder");
  }
}

}  // namespace rnnwb
