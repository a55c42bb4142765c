#include "engine/core/atomic_write.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <set>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

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
    case ENAMETOOLONG:
      return "choose a shorter file name";
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

// The temporary files being written now, so that a process ending on a signal can remove them.
std::mutex& live_temps_mutex() {
  static std::mutex m;
  return m;
}
std::set<std::string>& live_temps() {
  static std::set<std::string> paths;
  return paths;
}

// Removes the temporary file unless released (disarm()).
struct TempGuard {
  std::string path;
  bool armed = false;
  TempGuard() = default;
  TempGuard(const TempGuard&) = delete;
  TempGuard& operator=(const TempGuard&) = delete;
  void arm() {
    armed = true;
    const std::lock_guard lock(live_temps_mutex());
    live_temps().insert(path);
  }
  void disarm() {
    armed = false;
    const std::lock_guard lock(live_temps_mutex());
    live_temps().erase(path);
  }
  ~TempGuard() {
    if (!armed) return;
    ::unlink(path.c_str());
    disarm();
  }
};

// " (4096 MiB)" for limits of at least one MiB.
std::string mib_text(std::size_t bytes) {
  return bytes >= (std::size_t(1) << 20) ? " (" + std::to_string(bytes >> 20) + " MiB)" : "";
}

// The temporary name is ".NAME.tmp-PPPPPPPPPP-RRRRRRRR": the writer's pid (10 digits) and a
// random tag (8 hex digits). NAME is cut so the whole stays within the file system's limit, the
// same way for every writer, so a leftover of a killed writer can be recognised and removed.
constexpr std::size_t kTempTail = 5 + 10 + 1 + 8;  // ".tmp-" pid "-" tag

std::string temp_prefix(const std::string& name, long name_max) {
  const std::size_t room = name_max > long(kTempTail + 2) ? std::size_t(name_max) - kTempTail - 1 : 1;
  return "." + name.substr(0, std::min(name.size(), room)) + ".tmp-";
}

std::string temp_tail() {
  static std::atomic<std::uint32_t> counter{0};
  thread_local std::mt19937 rng{std::random_device{}()};
  char tail[32];
  std::snprintf(tail, sizeof tail, "%010ld-%08x", long(::getpid()), unsigned(rng() ^ (counter.fetch_add(1) << 20)));
  return tail;
}

// Leftovers of our own writers to this name whose process is gone: removed, best effort.
void remove_stale_temps(const fs::path& folder, const std::string& prefix) {
  const std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(folder.c_str()), ::closedir);
  if (!dir) return;
  while (const dirent* e = ::readdir(dir.get())) {
    const std::string entry = e->d_name;
    if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string tail = entry.substr(prefix.size());
    std::size_t digits = 0;
    while (digits < tail.size() && std::isdigit(static_cast<unsigned char>(tail[digits]))) ++digits;
    if (digits == 0 || digits > 10 || digits + 1 >= tail.size() || tail[digits] != '-' ||
        tail.find_first_not_of("0123456789abcdef-", digits) != std::string::npos)
      continue;
    const long pid = std::stol(tail.substr(0, digits));
    if (pid <= 0 || pid == long(::getpid()) || ::kill(pid_t(pid), 0) == 0 || errno != ESRCH) continue;
    const fs::path stale = folder / entry;
    struct stat st {};
    if (::lstat(stale.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid())
      (void)::unlink(stale.c_str());
  }
}

// A path to be written, checked: not a link, folder, special file or read-only file; its folder
// and the longest name the folder's file system allows.
struct Target {
  std::string path;  // as given
  fs::path folder;
  std::string named;  // how messages name it: the path, or "the model file PATH"
  std::string name;
  long name_max = 255;
  bool exists = false;
  mode_t mode = 0666;
};

Target check_target(const std::string& path, const std::string& named) {
  if (path.empty()) throw FileError("cannot write a file with an empty name: give a file path");
  const auto refuse = [&](const std::string& why) { throw FileError("cannot write " + named + ": " + why); };
  Target t;
  t.path = path;
  t.named = named;
  const fs::path target(path);
  t.name = target.filename().string();
  if (t.name.empty() || t.name == "." || t.name == "..") write_failure(named, "it names a folder", EISDIR);
  t.folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  errno = 0;
  const long max = ::pathconf(t.folder.c_str(), _PC_NAME_MAX);
  if (max > 0) t.name_max = max;
  if (long(t.name.size()) > t.name_max)
    refuse("the file name is " + std::to_string(t.name.size()) + " bytes long, more than the " +
           std::to_string(t.name_max) + " this file system allows (choose a shorter file name)");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      refuse(
          "it is a symbolic link, and rnnwb writes neither through a link nor over one (a link in a shared "
          "folder could send the data elsewhere); give the path of the file itself, or remove the link");
    if (S_ISDIR(st.st_mode)) write_failure(named, "it is a folder", EISDIR);
    if (!S_ISREG(st.st_mode))
      refuse("it is not a regular file (a device, pipe or socket) and will not be replaced; choose another path");
    if (::access(path.c_str(), W_OK) != 0 && errno == EROFS)
      write_failure(named, "the file system is read-only", EROFS);
    if ((st.st_mode & S_IWUSR) == 0 || ::access(path.c_str(), W_OK) != 0)
      refuse(
          "the file is read-only, and rnnwb does not replace a read-only file; make it writable (chmod u+w) "
          "or choose another path");
    t.exists = true;
    t.mode = st.st_mode & 07777;
  } else if (errno == ENAMETOOLONG) {
    write_failure(named, "the path is too long", ENAMETOOLONG);
  }
  return t;
}

// Creates the temporary file beside the target with O_EXCL under a fresh name.
Fd create_temp(const Target& t, TempGuard& guard) {
  const std::string prefix = temp_prefix(t.name, t.name_max);
  for (int attempt = 0; attempt < 100; ++attempt) {
    guard.path = (t.folder / (prefix + temp_tail())).string();
    const int f = ::open(guard.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (f >= 0) {
      guard.arm();
      return Fd(f);
    }
    if (const int err = errno; err != EEXIST)
      write_failure(t.named, "cannot create a temporary file in " + t.folder.string(), err);
  }
  write_failure(t.named, "cannot create a temporary file in " + t.folder.string(), EEXIST);
}

// The bytes in a complete, synced temporary file beside the target, ready to be renamed.
void write_temp(const Target& t, std::string_view bytes, TempGuard& guard) {
  remove_stale_temps(t.folder, temp_prefix(t.name, t.name_max));
  Fd fd = create_temp(t, guard);
  if (t.exists) (void)::fchmod(fd.fd, t.mode);  // keep the previous permissions (best effort)
  std::size_t done = 0;
  while (done < bytes.size()) {
    const std::size_t chunk = std::min<std::size_t>(bytes.size() - done, std::size_t(1) << 30);
    const ssize_t n = ::write(fd.fd, bytes.data() + done, chunk);
    if (n < 0) {
      const int err = errno;
      if (err == EINTR) continue;
      write_failure(t.named,
                    "writing failed after " + std::to_string(done) + " of " + std::to_string(bytes.size()) + " bytes",
                    err);
    }
    if (n == 0) write_failure(t.named, "short write after " + std::to_string(done) + " bytes", ENOSPC);
    done += std::size_t(n);
  }
  if (::fsync(fd.fd) != 0) {
    const int err = errno;
    write_failure(t.named, "flushing the data to disk failed", err);
  }
  if (const int err = fd.close_checked()) write_failure(t.named, "closing the temporary file failed", err);
}

// Makes renames durable. Best effort: some file systems cannot fsync a folder, and the new file
// is already in place, so a failure here is not reported.
void sync_folder(const fs::path& folder) {
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
}

}  // namespace

void remove_temporary_files_in_progress() {
  // try_lock: called when a second signal ends the process, perhaps while a writer holds the lock.
  std::unique_lock lock(live_temps_mutex(), std::try_to_lock);
  if (!lock.owns_lock()) return;
  for (const std::string& p : live_temps()) ::unlink(p.c_str());
  live_temps().clear();
}

void write_file_atomically(const std::string& path, std::string_view bytes) { write_files_atomically({{path, bytes}}); }

void write_files_atomically(const std::vector<std::pair<std::string, std::string_view>>& files) {
  std::vector<Target> targets;
  for (const auto& [path, bytes] : files) {
    targets.push_back(check_target(path, path));
    for (std::size_t k = 0; k + 1 < targets.size(); ++k)
      if (same_file(targets[k].path, path))
        throw FileError("cannot write " + path + " twice in one save: give each file its own name");
  }
  // 1. Every temporary file complete; a failure here leaves every target as it was.
  std::vector<std::unique_ptr<TempGuard>> temps;
  for (std::size_t k = 0; k < files.size(); ++k) {
    temps.push_back(std::make_unique<TempGuard>());
    write_temp(targets[k], files[k].second, *temps.back());
  }
  // 2. A hard link to each file about to be replaced, so a failed later rename can put it back.
  std::vector<std::unique_ptr<TempGuard>> backups;
  for (const Target& t : targets) {
    backups.push_back(std::make_unique<TempGuard>());
    if (!t.exists || files.size() == 1) continue;
    TempGuard& b = *backups.back();
    b.path = (t.folder / (temp_prefix(t.name, t.name_max) + temp_tail())).string();
    if (::link(t.path.c_str(), b.path.c_str()) == 0) b.arm();
  }
  // 3. The renames; on a failure the ones done are undone.
  for (std::size_t k = 0; k < targets.size(); ++k) {
    if (::rename(temps[k]->path.c_str(), targets[k].path.c_str()) == 0) {
      temps[k]->disarm();
      continue;
    }
    const int err = errno;
    for (std::size_t j = 0; j < k; ++j) {
      if (backups[j]->armed && ::rename(backups[j]->path.c_str(), targets[j].path.c_str()) == 0)
        backups[j]->disarm();
      else if (!targets[j].exists)
        (void)::unlink(targets[j].path.c_str());
    }
    write_failure(targets[k].named, "replacing the file failed", err);
  }
  for (const Target& t : targets) sync_folder(t.folder);
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
  const auto failure = [&](const std::string& what, int err) -> FileError {
    return FileError("cannot read " + path + ": " + what + reason(err) + " (" + read_advice(err) + ")");
  };
  if (path.empty()) throw FileError("cannot read a file with an empty name: give a file path");
  // O_NONBLOCK: opening a FIFO must not wait for a writer; nothing is read before fstat says
  // it is a regular file.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.fd < 0) {
    const int err = errno;
    throw failure("", err);
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) {
    const int err = errno;
    throw failure("", err);
  }
  if (S_ISDIR(st.st_mode))
    throw FileError("cannot read " + path + ": it is a folder (a directory), not a file (give a file path)");
  if (!S_ISREG(st.st_mode))
    throw FileError("cannot read " + path + ": it is not a regular file but a " +
                    (S_ISFIFO(st.st_mode)   ? "FIFO (named pipe)"
                     : S_ISCHR(st.st_mode)  ? "character device"
                     : S_ISBLK(st.st_mode)  ? "block device"
                     : S_ISSOCK(st.st_mode) ? "socket"
                                            : "special file") +
                    ", which rnnwb does not read (it could block or never end); save the data to a file first");
  const auto too_large = [&] {
    return FileError("cannot read " + path + ": the file is larger than the limit of " + std::to_string(max_bytes) +
                     " bytes" + mib_text(max_bytes) + "; is it the right file?");
  };
  if (st.st_size < 0 || std::uintmax_t(st.st_size) > max_bytes) throw too_large();
  std::string out;
  out.reserve(std::size_t(st.st_size));
  // Read to the end (the size may change), never past max_bytes + 1.
  char buffer[1 << 16];
  while (true) {
    const std::size_t left = max_bytes - out.size();
    const std::size_t want = left < sizeof buffer ? left + 1 : sizeof buffer;  // +1 detects a file over the limit
    const ssize_t n = ::read(fd.fd, buffer, want);
    if (n < 0) {
      const int err = errno;
      if (err == EINTR || err == EAGAIN) continue;
      throw failure("reading failed: ", err);
    }
    if (n == 0) break;
    if (std::size_t(n) > max_bytes - out.size()) throw too_large();
    out.append(buffer, std::size_t(n));
  }
  return out;
}

void check_writable_path(const std::string& path, const std::string& what) {
  const std::string named = what + " " + path;
  if (path.empty()) throw FileError("cannot write " + what + ": the name is empty (give a file path)");
  const Target t = check_target(path, named);
  struct stat st {};
  if (::stat(t.folder.c_str(), &st) != 0) {
    const int err = errno;
    throw FileError("cannot write " + named + ": its folder " + t.folder.string() +
                    " cannot be used: " + std::strerror(err) + " (create the folder first or choose another path)");
  }
  if (!S_ISDIR(st.st_mode))
    throw FileError("cannot write " + named + ": " + t.folder.string() + " is not a folder (choose another path)");
  // The very temporary file the write will create, removed again: the folder takes that name.
  TempGuard temp;
  create_temp(t, temp);
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  const bool ea = ::stat(a.c_str(), &sa) == 0, eb = ::stat(b.c_str(), &sb) == 0;
  if (ea && eb) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (ea != eb) return false;
  std::error_code ca, cb;
  const fs::path pa = fs::weakly_canonical(fs::absolute(a), ca), pb = fs::weakly_canonical(fs::absolute(b), cb);
  return !ca && !cb ? pa == pb : a == b;
}

}  // namespace rnnwb
