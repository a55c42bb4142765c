// libFuzzer target for the CSV loader: bytes -> parse_csv -> describe_missing -> apply_missing_policy.
// The first byte picks the options, the rest is the file text:
//   bits 0-1 delimiter (detect, ',', ';', tab), bits 2-3 header (detect, off, on, detect),
//   bits 4-5 missing policy (error, interpolate, ffill, drop), bits 6-7 time column (detect, "1", "time", "2").
// The last byte (left in the text too) picks the many-series form: bits 0-1 none, series column "1",
// series column "id", wide form of all columns; then windows and splits are cut within each series
// and the panel's invariants are checked (every row in exactly one series, windows inside one).
// Only DataError (what the loader documents for every problem) is an expected outcome; any other
// exception escapes and aborts, and ASan/UBSan report memory errors and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/error.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/data/panel.hpp"
#include "engine/data/pipeline.hpp"

namespace {

// Aborts (a fuzzer finding) when the grouped rows break what every later step relies on.
void check_panel(const rnnwb::Series& s) {
  if (!s.is_panel()) return;
  if (s.series_starts.size() != s.series_ids.size() + 1 || s.series_starts.front() != 0 ||
      s.series_starts.back() != s.rows())
    __builtin_trap();
  for (std::size_t g = 0; g < s.series_count(); ++g)
    if (s.series_begin(g) >= s.series_end(g)) __builtin_trap();  // no empty series
  rnnwb::Pipeline p;
  p.window = 2;
  p.horizon = 1;
  for (const std::size_t j : rnnwb::window_rows(s, p, false))
    if (s.series_of_row(j - 1) != s.series_of_row(j - 2)) __builtin_trap();
  try {
    p.split_by = (s.rows() & 1) ? rnnwb::SplitBy::Series : rnnwb::SplitBy::Time;
    (void)rnnwb::split_series(s, p);
  } catch (const rnnwb::ConfigError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  rnnwb::CsvOptions options;
  static constexpr char kDelimiters[] = {0, ',', ';', '\t'};
  static constexpr int kHeaders[] = {-1, 0, 1, -1};
  static constexpr rnnwb::MissingPolicy kPolicies[] = {rnnwb::MissingPolicy::Error, rnnwb::MissingPolicy::Interpolate,
                                                       rnnwb::MissingPolicy::FFill, rnnwb::MissingPolicy::Drop};
  static constexpr const char* kTimeColumns[] = {"", "1", "time", "2"};
  options.delimiter = kDelimiters[mode & 3];
  options.header = kHeaders[(mode >> 2) & 3];
  const rnnwb::MissingPolicy policy = kPolicies[(mode >> 4) & 3];
  options.time_column = kTimeColumns[(mode >> 6) & 3];

  static constexpr const char* kSeriesColumns[] = {"", "1", "id", ""};
  const std::uint8_t series_mode = data[size - 1] & 3;
  options.series_column = kSeriesColumns[series_mode];

  try {
    rnnwb::CsvTable table = rnnwb::parse_csv(text, options, "fuzz.csv");
    if (series_mode == 3) rnnwb::columns_to_series(table, {"all"});
    const std::string report = rnnwb::describe_missing(table);
    const std::string note = rnnwb::apply_missing_policy(table, policy, {});
    // Touch what the loader returned so that inconsistent sizes show up under ASan.
    for (std::size_t r = 0; r < table.row_lines.size(); ++r) (void)table.line_of_row(r);
    if (table.row_lines.size() != table.series.rows()) __builtin_trap();
    check_panel(table.series);
    (void)report.size();
    (void)note.size();
  } catch (const rnnwb::DataError&) {
    // A rejected file: the expected outcome for most inputs.
  } catch (const rnnwb::ConfigError&) {
    // Both a series column and a time column named the same, or no column to take as series.
  }
  return 0;
}
