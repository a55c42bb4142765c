// Whole-file writes are all-or-nothing: every failure (missing folder, a folder or a device as the
// target, a short write, a full disk, a read-only file system) leaves the previous file intact,
// leaves no temporary file behind and says what went wrong; reads refuse folders and big files.
#include "engine/core/atomic_write.hpp"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/error.hpp"

namespace rnnwb {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

template <class F>
std::string file_error(F&& f) {
  try {
    f();
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

// Runs `f` with a file-size limit of `bytes` (write() then stops short and fails with EFBIG, as
// on a full disk) and SIGXFSZ ignored; returns f's FileError message.
template <class F>
std::string with_file_size_limit(rlim_t bytes, F&& f) {
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit old_limit{};
  if (::getrlimit(RLIMIT_FSIZE, &old_limit) != 0) return "getrlimit failed";
  rlimit small = old_limit;
  small.rlim_cur = bytes;
  if (::setrlimit(RLIMIT_FSIZE, &small) != 0) return "setrlimit failed";
  const std::string e = file_error(f);
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  return e;
}

struct AtomicWriteTest : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("rnnwb_atomic_" + std::to_string(::getpid()));
  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

// A small tmpfs mounted for one test (needs root and CAP_SYS_ADMIN; the test is skipped otherwise).
struct TinyTmpfs {
  fs::path at;
  bool mounted = false;
  TinyTmpfs(const fs::path& where, const char* options) : at(where) {
    fs::create_directories(at);
    mounted = ::mount("tmpfs", at.c_str(), "tmpfs", 0, options) == 0;
  }
  bool remount_read_only() const { return ::mount("tmpfs", at.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0; }
  ~TinyTmpfs() {
    if (mounted) ::umount2(at.c_str(), MNT_DETACH);
    std::error_code ec;
    fs::remove(at, ec);
  }
};

TEST_F(AtomicWriteTest, WritesReplacesAndLeavesNoTemporaryFile) {
  write_file_atomically(path("a.txt"), "first");
  EXPECT_EQ(slurp(path("a.txt")), "first");
  write_file_atomically(path("a.txt"), std::string("sec\0ond", 7));
  EXPECT_EQ(slurp(path("a.txt")), std::string("sec\0ond", 7));
  write_file_atomically(path("empty"), "");
  EXPECT_TRUE(fs::exists(path("empty")));
  EXPECT_EQ(fs::file_size(path("empty")), 0u);
  EXPECT_EQ(entries(dir), 2u);
  EXPECT_EQ(read_file(path("a.txt"), 7), std::string("sec\0ond", 7));
}

TEST_F(AtomicWriteTest, RelativePathInTheCurrentFolder) {
  const fs::path old = fs::current_path();
  fs::current_path(dir);
  write_file_atomically("rel.txt", "here");
  fs::current_path(old);
  EXPECT_EQ(slurp(dir / "rel.txt"), "here");
  EXPECT_EQ(entries(dir), 1u);
}

TEST_F(AtomicWriteTest, LargeFileRoundTrips) {
  std::string big(5'000'000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = char(i * 2654435761u >> 24);
  write_file_atomically(path("big"), big);
  EXPECT_EQ(read_file(path("big"), big.size()), big);
}

TEST_F(AtomicWriteTest, KeepsPermissionsOfTheFileItReplaces) {
  write_file_atomically(path("p"), "x");
  fs::permissions(path("p"), fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  write_file_atomically(path("p"), "y");
  EXPECT_EQ(fs::status(path("p")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

TEST_F(AtomicWriteTest, ASymbolicLinkIsNeitherFollowedNorReplaced) {
  // A link planted in a shared folder must not redirect a write (root's above all) elsewhere.
  fs::create_directories(dir / "real");
  write_file_atomically(path("real/target"), "old");
  fs::create_symlink(dir / "real" / "target", dir / "link");
  std::string e = file_error([&] { write_file_atomically(path("link"), "new"); });
  EXPECT_TRUE(contains(e, "symbolic link")) << e;
  e = file_error([&] { check_writable_path(path("link"), "the model file"); });
  EXPECT_TRUE(contains(e, "the model file") && contains(e, "symbolic link")) << e;
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
  EXPECT_EQ(slurp(dir / "real" / "target"), "old");
  EXPECT_EQ(entries(dir / "real"), 1u);
  EXPECT_EQ(entries(dir), 2u);  // real/ and link: no temporary left
  // A dangling link too (the planted kind that would create a file where it points).
  fs::create_symlink(dir / "real" / "new-file", dir / "dangling");
  e = file_error([&] { write_file_atomically(path("dangling"), "new"); });
  EXPECT_TRUE(contains(e, "symbolic link")) << e;
  EXPECT_FALSE(fs::exists(dir / "real" / "new-file"));
}

TEST_F(AtomicWriteTest, AReadOnlyFileIsNeverReplacedSilently) {
  write_file_atomically(path("keep"), "precious");
  fs::permissions(path("keep"), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  std::string e = file_error([&] { write_file_atomically(path("keep"), "new"); });
  EXPECT_TRUE(contains(e, "read-only") && contains(e, "chmod u+w")) << e;
  e = file_error([&] { check_writable_path(path("keep"), "the model file"); });
  EXPECT_TRUE(contains(e, "read-only")) << e;
  EXPECT_EQ(slurp(path("keep")), "precious");
  EXPECT_EQ(entries(dir), 1u);
}

TEST_F(AtomicWriteTest, AFifoIsRefusedAtOnceForReadingAndWriting) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  std::string e = file_error([&] { read_file(path("fifo"), 100); });  // would block for a writer
  EXPECT_TRUE(contains(e, "FIFO")) << e;
  e = file_error([&] { write_file_atomically(path("fifo"), "x"); });
  EXPECT_TRUE(contains(e, "not a regular file")) << e;
}

TEST_F(AtomicWriteTest, ALongNameIsRefusedBeforeAndTheLongestAllowedWorks) {
  // The pre-check must fail exactly when the write would: the temporary name is derived from the
  // file name and must fit the file system's limit too.
  const std::string longest(255, 'm'), too_long(256, 'm');
  EXPECT_EQ(file_error([&] { check_writable_path(path(longest), "the model file"); }), "");
  EXPECT_EQ(file_error([&] { write_file_atomically(path(longest), "x"); }), "");
  EXPECT_EQ(slurp(path(longest)), "x");
  const std::string e = file_error([&] { check_writable_path(path(too_long), "the model file"); });
  EXPECT_TRUE(contains(e, "256 bytes") && contains(e, "shorter")) << e;
  EXPECT_EQ(entries(dir), 1u);
}

TEST_F(AtomicWriteTest, StaleTemporaryFilesOfDeadWritersAreRemovedAtTheNextWrite) {
  // A writer killed mid-write leaves ".NAME.tmp-PID-TAG"; the next write to NAME removes it when
  // PID no longer runs, and leaves a live writer's file and other files alone.
  pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ASSERT_GT(dead, 0);
  ::waitpid(dead, nullptr, 0);
  char stale[64], live[64];
  std::snprintf(stale, sizeof stale, ".out.csv.tmp-%010d-0badf00d", int(dead));
  std::snprintf(live, sizeof live, ".out.csv.tmp-%010d-0badf00d", int(::getppid()));
  for (const std::string name : {std::string(stale), std::string(live), std::string(".other.tmp-0000000001-00000000"),
                                 std::string("out.csv.notes")})
    std::ofstream(dir / name) << "x";
  write_file_atomically(path("out.csv"), "new");
  EXPECT_FALSE(fs::exists(dir / stale));
  EXPECT_TRUE(fs::exists(dir / live));
  EXPECT_TRUE(fs::exists(dir / ".other.tmp-0000000001-00000000"));
  EXPECT_TRUE(fs::exists(dir / "out.csv.notes"));
}

TEST_F(AtomicWriteTest, FilesWrittenTogetherChangeTogetherOrNotAtAll) {
  write_file_atomically(path("m.h"), "old h");
  write_file_atomically(path("m.c"), "old c");
  write_files_atomically({{path("m.h"), "new h"}, {path("m.c"), "new c"}});
  EXPECT_EQ(slurp(path("m.h")), "new h");
  EXPECT_EQ(slurp(path("m.c")), "new c");
  // The second cannot be written (a folder stands in its way): the first is not changed either.
  fs::create_directories(dir / "sub");
  write_file_atomically(path("sub/a.h"), "old a");
  fs::create_directories(dir / "sub" / "a.c");
  const std::string e = file_error([&] {
    write_files_atomically({{path("sub/a.h"), "new a"}, {path("sub/a.c"), "x"}});
  });
  EXPECT_TRUE(contains(e, "folder")) << e;
  EXPECT_EQ(slurp(path("sub/a.h")), "old a");
  EXPECT_EQ(entries(dir / "sub"), 2u);
  // The disk fills up while the second is written (a file-size limit, as in ShortWrite...): the
  // first, already complete, is not renamed into place, and no temporary file is left.
  const std::string full = with_file_size_limit(4096, [&] {
    write_files_atomically({{path("m.h"), "newer h"}, {path("m.c"), std::string(100'000, 'c')}});
  });
  EXPECT_TRUE(contains(full, path("m.c")) && contains(full, "File too large")) << full;
  EXPECT_EQ(slurp(path("m.h")), "new h");
  EXPECT_EQ(slurp(path("m.c")), "new c");
  EXPECT_EQ(entries(dir), 3u);  // m.h, m.c, sub/
}

TEST_F(AtomicWriteTest, MissingFolderIsAClearError) {
  const std::string target = path("no/such/folder/f.txt");
  const std::string e = file_error([&] { write_file_atomically(target, "x"); });
  EXPECT_TRUE(contains(e, target)) << e;
  EXPECT_TRUE(contains(e, "No such file or directory")) << e;
  EXPECT_TRUE(contains(e, "create the folder")) << e;
  EXPECT_FALSE(fs::exists(dir / "no"));
}

TEST_F(AtomicWriteTest, TargetThatIsAFolderIsRefusedAndKept) {
  fs::create_directories(dir / "sub");
  write_file_atomically(path("sub/inside"), "keep");
  const std::string e = file_error([&] { write_file_atomically(path("sub"), "x"); });
  EXPECT_TRUE(contains(e, path("sub"))) << e;
  EXPECT_TRUE(contains(e, "Is a directory")) << e;
  EXPECT_TRUE(fs::is_directory(dir / "sub"));
  EXPECT_EQ(slurp(dir / "sub" / "inside"), "keep");
  EXPECT_EQ(entries(dir), 1u);  // no temporary file left behind
  EXPECT_THROW(write_file_atomically(path("sub") + "/", "x"), FileError);
  EXPECT_THROW(write_file_atomically("", "x"), FileError);
}

TEST_F(AtomicWriteTest, DevicesAreNeverReplaced) {
  // Renaming over /dev/full would destroy the device node: it must be refused.
  const std::string e = file_error([&] { write_file_atomically("/dev/full", "x"); });
  EXPECT_TRUE(contains(e, "/dev/full")) << e;
  EXPECT_TRUE(contains(e, "not a regular file")) << e;
  struct stat st {};
  ASSERT_EQ(::stat("/dev/full", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  // Reading one is refused at once: an endless device or a FIFO would read gigabytes or block.
  for (const char* device : {"/dev/full", "/dev/zero", "/dev/urandom"}) {
    const std::string r = file_error([&] { read_file(device, std::size_t(4) << 30); });
    EXPECT_TRUE(contains(r, device) && contains(r, "not a regular file") && contains(r, "character device")) << r;
  }
}

TEST_F(AtomicWriteTest, ShortWriteKeepsThePreviousFile) {
  // A file-size limit makes write() stop short and then fail with EFBIG, like a full disk would.
  write_file_atomically(path("f"), "previous content");
  const std::string e =
      with_file_size_limit(4096, [&] { write_file_atomically(path("f"), std::string(100'000, 'z')); });
  EXPECT_TRUE(contains(e, path("f"))) << e;
  EXPECT_TRUE(contains(e, "File too large")) << e;
  EXPECT_TRUE(contains(e, "after 4096 of 100000 bytes")) << e;
  EXPECT_TRUE(contains(e, "unchanged")) << e;
  EXPECT_EQ(slurp(path("f")), "previous content");
  EXPECT_EQ(entries(dir), 1u);
}

TEST_F(AtomicWriteTest, FullDiskKeepsThePreviousFile) {
  TinyTmpfs disk(dir / "disk", "size=64k");
  if (!disk.mounted) GTEST_SKIP() << "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)";
  const std::string target = (disk.at / "f").string();
  write_file_atomically(target, "previous content");
  const std::string e = file_error([&] { write_file_atomically(target, std::string(1 << 20, 'z')); });
  EXPECT_TRUE(contains(e, target)) << e;
  EXPECT_TRUE(contains(e, "No space left on device")) << e;
  EXPECT_TRUE(contains(e, "free some disk space")) << e;
  EXPECT_EQ(slurp(target), "previous content");
  EXPECT_EQ(entries(disk.at), 1u);
  write_file_atomically(target, "fits");  // the space of the failed attempt was given back
  EXPECT_EQ(slurp(target), "fits");
}

TEST_F(AtomicWriteTest, ReadOnlyFileSystemKeepsThePreviousFile) {
  // chmod does not stop root, a read-only mount does.
  TinyTmpfs disk(dir / "ro", "size=64k");
  if (!disk.mounted) GTEST_SKIP() << "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)";
  const std::string target = (disk.at / "f").string();
  write_file_atomically(target, "previous content");
  ASSERT_TRUE(disk.remount_read_only());
  const std::string e = file_error([&] { write_file_atomically(target, "new"); });
  EXPECT_TRUE(contains(e, target)) << e;
  EXPECT_TRUE(contains(e, "Read-only file system")) << e;
  EXPECT_TRUE(contains(e, "choose a writable folder")) << e;
  EXPECT_EQ(slurp(target), "previous content");
  EXPECT_EQ(entries(disk.at), 1u);
}

TEST_F(AtomicWriteTest, ReadFileErrors) {
  const std::string missing = path("missing.bin");
  std::string e = file_error([&] { read_file(missing, 100); });
  EXPECT_TRUE(contains(e, missing) && contains(e, "No such file or directory")) << e;

  e = file_error([&] { read_file(dir.string(), 100); });
  EXPECT_TRUE(contains(e, dir.string()) && contains(e, "folder")) << e;

  write_file_atomically(path("ten"), "0123456789");
  EXPECT_EQ(read_file(path("ten"), 10), "0123456789");
  e = file_error([&] { read_file(path("ten"), 9); });
  EXPECT_TRUE(contains(e, path("ten")) && contains(e, "limit of 9 bytes")) << e;
  e = file_error([&] { read_file(path("ten"), std::size_t(4) << 30); });
  EXPECT_EQ(e, "");
  e = file_error([&] { read_file("", 1); });
  EXPECT_TRUE(contains(e, "empty name")) << e;
  write_file_atomically(path("zero"), "");
  EXPECT_EQ(read_file(path("zero"), 0), "");
}

}  // namespace
}  // namespace rnnwb
