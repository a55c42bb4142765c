#include "engine/experiments/runs_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/io/model_file.hpp"

namespace rnnwb {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxIndexBytes = std::size_t(1) << 30;

// Holds the folder's lock: every RunsFolder of this process shares the mutex (parallel sweep
// jobs), and DIR/.lock is flocked so another process appending to the same folder waits too.
class FolderLock {
 public:
  explicit FolderLock(const std::string& dir) : guard_(mutex()) {
    const std::string path = (fs::path(dir) / ".lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0)
      throw FileError("cannot lock the runs folder " + quote(dir) + " (" + std::strerror(errno) +
                      "); it must be a folder you can write to");
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FolderLock() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  std::lock_guard<std::mutex> guard_;
  int fd_ = -1;
};

std::string read_index(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  return read_file(path, kMaxIndexBytes);
}

// One index line as a run, or a warning saying why it is skipped.
bool parse_line(const std::string& text, int line, const std::string& where, FolderRun& out, std::string& warning) {
  const std::string at = where + " line " + std::to_string(line);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    warning = at + " is not a complete JSON record (a torn write or a hand edit); skipped";
    return false;
  }
  try {
    out.record = parse_run_record(j, at);
  } catch (const EngineError& e) {
    warning = std::string(e.what()) + "; skipped";
    return false;
  }
  out.key = j.contains("key") && j["key"].is_string() ? j["key"].get<std::string>() : settings_key(out.record.settings);
  out.line = line;
  return true;
}

}  // namespace

RunsFolder RunsFolder::open(const std::string& dir, bool create) {
  if (dir.empty()) throw FileError("the runs folder is empty text; give a folder, e.g. --runs runs");
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (fs::exists(st) && !fs::is_directory(st))
    throw FileError(quote(dir) + " is a file, not a runs folder; give a folder (a new one is created)");
  if (!fs::exists(st)) {
    if (!create) throw FileError("no runs folder " + quote(dir) + "; give the folder a sweep or train --runs wrote");
    fs::create_directories(dir, ec);
    if (ec) throw FileError("cannot create the runs folder " + quote(dir) + ": " + ec.message());
  }
  RunsFolder folder(dir);
  if (!create && !fs::exists(folder.index_path()))
    throw FileError("the folder " + quote(dir) + " holds no runs (no " + kRunsIndexName +
                    "); give the folder a sweep or train --runs wrote");
  return folder;
}

std::string RunsFolder::index_path() const { return (fs::path(dir_) / kRunsIndexName).string(); }

std::string RunsFolder::model_path(const std::string& id) const {
  return (fs::path(dir_) / (id + ".safetensors")).string();
}

RunsListing RunsFolder::list() const {
  RunsListing out;
  const std::string text = read_index(index_path());
  std::size_t start = 0;
  for (int line = 1; start < text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string content = text.substr(start, end - start);
    start = end + 1;
    if (content.find_first_not_of(" \t\r") == std::string::npos) continue;
    FolderRun run;
    std::string warning;
    if (!parse_line(content, line, index_path(), run, warning)) {
      out.warnings.push_back(warning);
      continue;
    }
    if (std::any_of(out.runs.begin(), out.runs.end(),
                    [&](const FolderRun& r) { return r.record.id == run.record.id; })) {
      out.warnings.push_back(index_path() + " line " + std::to_string(line) + ": run " + run.record.id +
                             " is there already (an earlier line); skipped");
      continue;
    }
    std::error_code ec;
    run.model_exists = fs::is_regular_file(model_path(run.record.id), ec);
    if (!run.model_exists && run.record.end != RunEnd::Failed && run.record.end != RunEnd::Diverged)
      out.warnings.push_back("run " + run.record.id + ": its model file " + model_path(run.record.id) + " is missing");
    out.runs.push_back(std::move(run));
  }
  return out;
}

std::optional<FolderRun> RunsFolder::find(const std::string& id) const {
  for (FolderRun& r : list().runs)
    if (r.record.id == id) return std::move(r);
  return std::nullopt;
}

TrainedModel RunsFolder::load_run_model(const std::string& id) const {
  const std::string path = model_path(id);
  std::error_code ec;
  if (!fs::exists(path, ec)) throw FileError("run " + id + " has no model file: " + path + " is missing");
  return load_model(path);
}

std::string RunsFolder::append(RunRecord& record) const {
  const FolderLock lock(dir_);
  std::string index = read_index(index_path());
  std::vector<std::string> taken;
  for (const FolderRun& r : list().runs) taken.push_back(r.record.id);
  if (record.id.empty() || !valid_run_id(record.id) || std::find(taken.begin(), taken.end(), record.id) != taken.end())
    record.id = new_run_id(settings_key(record.settings), taken);
  if (record.model) save_model(model_path(record.id), *record.model);  // first: a listed run has its model
  if (!index.empty() && index.back() != '\n') index += '\n';           // a torn last line stays its own line
  index += run_record_json(record).dump() + "\n";
  write_file_atomically(index_path(), index);
  return record.id;
}

}  // namespace rnnwb
