// Many-series benchmark (issue 13): a long-form CSV of --series series x --rows rows (id, t, value;
// 10,000 x 500 = 5 M rows by default) made in memory, parsed with CsvOptions::series_column, then
// split and windowed (split_rows and window_rows, window 24); the same rows as one series beside
// it. Each load runs in its own child process, so that its peak resident memory (ru_maxrss) is its
// own; memory is reported as the growth over the CSV text, as a ratio to the table's own bytes and
// to the CSV's bytes. Then training throughput (windows per second, one epoch, the same LSTM) on a
// smaller panel (--train-series x --rows) and on one series of the same total length (the best of
// three epochs each).
//
//   panel_load_bench [--series N] [--rows N] [--window N] [--train-series N] [--threads N] [--interleaved]
//
// Prints one JSON line per measurement and a last line with the ratios panel / one series.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "engine/data/csv_loader.hpp"
#include "engine/data/pipeline.hpp"
#include "engine/workflow/training.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}
double peak_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;  // Linux: KiB
}

struct Options {
  long series = 10000, rows = 500, window = 24, train_series = 200;
  int threads = 1;  // training: one thread measures the per-window cost with the least noise
  bool interleaved = false;
};

void append_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 4);
  out.append(buf, r.ptr);
}

// Long form "id,t,value" (series after series, or row by row interleaved), or one series "t,value".
std::string make_csv(long series, long rows, bool panel, bool interleaved) {
  std::string out;
  out.reserve(std::size_t(series * rows) * 26 + 32);
  out += panel ? "id,t,value\n" : "t,value\n";
  std::mt19937_64 rng(42);
  std::normal_distribution<double> step(0.0, 1.0);
  std::vector<double> level(std::size_t(series), 100.0);
  char id[32];
  auto row = [&](long g, long t) {
    level[std::size_t(g)] += step(rng);
    if (panel) {
      std::snprintf(id, sizeof id, "S%05ld,", g);
      out += id;
    }
    out += std::to_string(panel ? t + 1 : g * rows + t + 1);
    out += ',';
    append_number(out, level[std::size_t(g)]);
    out += '\n';
  };
  if (interleaved && panel)
    for (long t = 0; t < rows; ++t)
      for (long g = 0; g < series; ++g) row(g, t);
  else
    for (long g = 0; g < series; ++g)
      for (long t = 0; t < rows; ++t) row(g, t);
  return out;
}

// The table's own bytes: its columns, time labels (with any heap text), row lines and series.
double table_bytes(const rnnwb::CsvTable& t) {
  const rnnwb::Series& s = t.series;
  double b = 0;
  for (const auto& c : s.columns) b += double(c.capacity() * sizeof(double));
  b += double(s.time_labels.capacity() * sizeof(std::string));
  for (const auto& l : s.time_labels)
    if (l.capacity() > 15) b += double(l.capacity());
  b += double(t.row_lines.capacity() * sizeof(std::size_t));
  b += double(s.series_ids.capacity() * sizeof(std::string) + s.series_starts.capacity() * sizeof(std::size_t));
  return b;
}

rnnwb::PipelineConfig pipeline_config(long window) {
  rnnwb::PipelineConfig c;
  c.targets = {"value"};
  c.window = window;
  return c;
}

// One load: parse, then split and window; one JSON line.
int load_run(const Options& o, bool panel) {
  const long total = o.series * o.rows;
  const std::string text = make_csv(panel ? o.series : 1, panel ? o.rows : total, panel, o.interleaved);
  const double base_mb = peak_mb();
  rnnwb::CsvOptions csv;
  csv.time_column = "t";
  if (panel) csv.series_column = "id";
  auto t0 = Clock::now();
  const rnnwb::CsvTable table = rnnwb::parse_csv(text, csv, panel ? "panel.csv" : "one.csv");
  const double parse_s = since(t0), parse_mb = peak_mb();
  t0 = Clock::now();
  const rnnwb::Pipeline p = rnnwb::fit_pipeline(table.series, pipeline_config(o.window), nullptr);
  const double fit_s = since(t0);
  t0 = Clock::now();
  const rnnwb::SplitRows split = rnnwb::split_rows(table.series, p);
  const std::vector<std::size_t> windows = rnnwb::window_rows(table.series, p, true);
  const double window_s = since(t0), end_mb = peak_mb();
  if (table.series.rows() != std::size_t(total) || table.series.series_count() != std::size_t(panel ? o.series : 1)) {
    std::fprintf(stderr, "loaded %zu rows in %zu series\n", table.series.rows(), table.series.series_count());
    return 1;
  }
  const double data_mb = table_bytes(table) / 1048576.0, csv_mb = double(text.size()) / 1048576.0;
  std::printf(
      "{\"bench\":\"panel_load\",\"form\":\"%s\",\"series\":%zu,\"rows\":%ld,\"window\":%ld,\"parse_s\":%.3f,"
      "\"fit_pipeline_s\":%.3f,\"split_and_window_s\":%.3f,\"total_s\":%.3f,\"train_windows\":%zu,\"windows\":%zu,"
      "\"csv_mb\":%.1f,\"table_mb\":%.1f,\"rss_before_mb\":%.1f,\"peak_parse_mb\":%.1f,\"peak_mb\":%.1f,"
      "\"growth_mb\":%.1f,\"growth_per_table\":%.2f,\"growth_per_csv\":%.2f}\n",
      panel ? (o.interleaved ? "long_interleaved" : "long") : "one_series", table.series.series_count(), total,
      o.window, parse_s, fit_s, window_s, parse_s + fit_s + window_s, split.train.size(), windows.size(), csv_mb,
      data_mb, base_mb, parse_mb, end_mb, end_mb - base_mb, (end_mb - base_mb) / data_mb, (end_mb - base_mb) / csv_mb);
  std::fflush(stdout);
  return 0;
}

// One epoch of training; windows per second.
int train_run(const Options& o, bool panel) {
  const long total = o.train_series * o.rows;
  const std::string text = make_csv(panel ? o.train_series : 1, panel ? o.rows : total, panel, false);
  rnnwb::CsvOptions csv;
  csv.time_column = "t";
  if (panel) csv.series_column = "id";
  const rnnwb::CsvTable table = rnnwb::parse_csv(text, csv);
  rnnwb::TrainRequest r;
  r.pipeline = pipeline_config(o.window);
  r.layers = {rnnwb::LayerSpec::lstm(32)};
  r.fit.epochs = 1;
  r.fit.batch_size = 64;
  r.fit.threads = o.threads;
  rnnwb::PreparedTraining prepared = rnnwb::prepare_training(table.series, r);
  // The best of three epochs, in wall and in CPU seconds (all threads): on a shared machine the CPU
  // time is the steadier measure.
  double s = 1e300, cpu = 1e300;
  for (int k = 0; k < 3; ++k) {
    const auto t0 = Clock::now();
    const double c0 = cpu_seconds();
    rnnwb::fit(prepared.model, prepared.windows.train, nullptr, r.fit);
    s = std::min(s, since(t0));
    cpu = std::min(cpu, cpu_seconds() - c0);
  }
  const std::size_t n = prepared.windows.train_rows.size();
  std::printf(
      "{\"bench\":\"panel_train\",\"form\":\"%s\",\"series\":%zu,\"rows\":%ld,\"window\":%ld,\"units\":32,"
      "\"threads\":%d,\"train_windows\":%zu,\"epoch_s\":%.3f,\"windows_per_s\":%.0f,\"epoch_cpu_s\":%.3f,"
      "\"windows_per_cpu_s\":%.0f}\n",
      panel ? "long" : "one_series", table.series.series_count(), total, o.window, o.threads, n, s, double(n) / s, cpu,
      double(n) / cpu);
  std::fflush(stdout);
  return 0;
}

// Runs `job` in a child process (its own ru_maxrss); returns what it printed, empty on failure.
template <class F>
std::string in_child(F job) {
  std::fflush(stdout);
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid < 0) return {};
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDOUT_FILENO);
    int rc = 1;
    try {
      rc = job();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "panel_load_bench: %s\n", e.what());
    }
    std::fflush(stdout);
    _exit(rc);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, std::size_t(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  std::fputs(out.c_str(), stdout);
  return out;
}

// The number after "key": in a JSON line (0 when absent).
double field(const std::string& line, const char* key) {
  const std::string k = std::string("\"") + key + "\":";
  const std::size_t at = line.find(k);
  return at == std::string::npos ? 0.0 : std::atof(line.c_str() + at + k.size());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::atol(argv[++i]) : 0L; };
    if (a == "--series")
      o.series = std::max(3L, next());
    else if (a == "--rows")
      o.rows = std::max(2L, next());
    else if (a == "--window")
      o.window = std::max(1L, next());
    else if (a == "--train-series")
      o.train_series = std::max(0L, next());
    else if (a == "--threads")
      o.threads = int(std::max(1L, next()));
    else if (a == "--interleaved")
      o.interleaved = true;
    else {
      std::fprintf(stderr,
                   "usage: panel_load_bench [--series N] [--rows N] [--window N] [--train-series N] [--threads N] "
                   "[--interleaved]\n");
      return 2;
    }
  }
  const std::string panel = in_child([&] { return load_run(o, true); });
  const std::string one = in_child([&] { return load_run(o, false); });
  if (panel.empty() || one.empty()) return 1;
  std::string train_panel, train_one;
  if (o.train_series > 0) {
    train_panel = in_child([&] { return train_run(o, true); });
    train_one = in_child([&] { return train_run(o, false); });
    if (train_panel.empty() || train_one.empty()) return 1;
  }
  std::printf(
      "{\"bench\":\"panel_vs_one_series\",\"load_seconds_ratio\":%.2f,\"parse_seconds_ratio\":%.2f,"
      "\"split_and_window_seconds_ratio\":%.2f,\"peak_growth_ratio\":%.2f,\"train_windows_per_s_ratio\":%.3f,"
      "\"train_windows_per_cpu_s_ratio\":%.3f}\n",
      field(panel, "total_s") / field(one, "total_s"), field(panel, "parse_s") / field(one, "parse_s"),
      field(panel, "split_and_window_s") / std::max(1e-9, field(one, "split_and_window_s")),
      field(panel, "growth_mb") / field(one, "growth_mb"),
      o.train_series > 0 ? field(train_panel, "windows_per_s") / field(train_one, "windows_per_s") : 0.0,
      o.train_series > 0 ? field(train_panel, "windows_per_cpu_s") / field(train_one, "windows_per_cpu_s") : 0.0);
  return 0;
}
