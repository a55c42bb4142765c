// CSV load benchmark: writes a rows x 5 file (an hourly "YYYY-MM-DD hh:mm:ss" time column and 4
// numeric columns, or 5 numeric columns with --numeric) to a temporary file, loads it with
// load_csv and prints one JSON line: the best load time of --repeat runs, in seconds and MB/s.
// Same file for pandas: python3 -c "import pandas,time; t=time.perf_counter();
//   pandas.read_csv(PATH); print(time.perf_counter()-t)"  (use --keep to keep the file).
//
//   csv_load_bench [--rows N] [--repeat N] [--numeric] [--keep] [--path FILE]
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <random>
#include <string>

#include "engine/data/csv_loader.hpp"

namespace {

// Days of each month of a year.
int month_days(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

void append_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 4);
  out.append(buf, r.ptr);
}

std::string make_csv(long rows, bool time_column) {
  std::string out;
  out.reserve(std::size_t(rows) * (time_column ? 60 : 55) + 64);
  out += time_column ? "timestamp,a,b,c,d\n" : "a,b,c,d,e\n";
  std::mt19937_64 rng(42);
  std::normal_distribution<double> step(0.0, 1.0);
  double level[5] = {100.0, -20.0, 3000.0, 0.5, 42.0};
  int year = 2000, month = 1, day = 1, hour = 0;
  char stamp[64];
  for (long r = 0; r < rows; ++r) {
    int first = 0;
    if (time_column) {
      std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02d %02d:00:00", year, month, day, hour);
      out += stamp;
      out += ',';
      first = 1;
      if (++hour == 24) {
        hour = 0;
        if (++day > month_days(year, month)) {
          day = 1;
          if (++month == 13) month = 1, ++year;
        }
      }
    }
    for (int c = first; c < 5; ++c) {
      level[c] += step(rng);
      append_number(out, level[c]);
      out += c == 4 ? '\n' : ',';
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  long rows = 1000000;
  int repeat = 3;
  bool time_column = true, keep = false;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rows" && i + 1 < argc)
      rows = std::max(1L, std::atol(argv[++i]));
    else if (a == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--numeric")
      time_column = false;
    else if (a == "--keep")
      keep = true;
    else if (a == "--path" && i + 1 < argc)
      path = argv[++i];
    else {
      std::fprintf(stderr, "usage: csv_load_bench [--rows N] [--repeat N] [--numeric] [--keep] [--path FILE]\n");
      return 2;
    }
  }
  if (path.empty())
    path = (std::filesystem::temp_directory_path() /
            ("rnnwb_csv_bench_" + std::to_string(std::random_device{}()) + ".csv"))
               .string();

  try {
    {
      const std::string text = make_csv(rows, time_column);
      std::FILE* f = std::fopen(path.c_str(), "wb");
      if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size()) {
        std::fprintf(stderr, "cannot write %s: %s\n", path.c_str(), std::strerror(errno));
        if (f) std::fclose(f);
        return 1;
      }
      std::fclose(f);
    }
    const double bytes = double(std::filesystem::file_size(path));
    double best = 1e300, first = 0;
    std::size_t loaded = 0;
    for (int k = 0; k < repeat; ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      const rnnwb::CsvTable t = rnnwb::load_csv(path);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      loaded = t.series.rows();
      if (k == 0) first = s;
      best = std::min(best, s);
    }
    if (!keep) std::filesystem::remove(path);
    if (loaded != std::size_t(rows)) {
      std::fprintf(stderr, "loaded %zu rows, expected %ld\n", loaded, rows);
      return 1;
    }
    std::printf(
        "{\"bench\":\"csv_load\",\"rows\":%ld,\"columns\":5,\"time_column\":%s,\"bytes\":%.0f,\"repeat\":%d,"
        "\"seconds\":%.4f,\"first_seconds\":%.4f,\"mb_per_s\":%.1f%s%s%s}\n",
        rows, time_column ? "true" : "false", bytes, repeat, best, first, bytes / 1e6 / best,
        keep ? ",\"path\":\"" : "", keep ? path.c_str() : "", keep ? "\"" : "");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "csv_load_bench: %s\n", e.what());
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return 1;
  }
  return 0;
}
