// libFuzzer target for the CSV loader: bytes -> parse_csv -> describe_missing -> apply_missing_policy.
// The first byte picks the options, the rest is the file text:
//   bits 0-1 delimiter (detect, ',', ';', tab), bits 2-3 header (detect, off, on, detect),
//   bits 4-5 missing policy (error, interpolate, ffill, drop), bits 6-7 time column (detect, "1", "time", "2").
// Only DataError (what the loader documents for every problem) is an expected outcome; any other
// exception escapes and aborts, and ASan/UBSan report memory errors and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/error.hpp"
#include "engine/data/csv_loader.hpp"

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

  try {
    rnnwb::CsvTable table = rnnwb::parse_csv(text, options, "fuzz.csv");
    const std::string report = rnnwb::describe_missing(table);
    const std::string note = rnnwb::apply_missing_policy(table, policy, {});
    // Touch what the loader returned so that inconsistent sizes show up under ASan.
    for (std::size_t r = 0; r < table.row_lines.size(); ++r) (void)table.line_of_row(r);
    (void)report.size();
    (void)note.size();
  } catch (const rnnwb::DataError&) {
    // A rejected file: the expected outcome for most inputs.
  }
  return 0;
}
