#pragma once
// Missing cells of a loaded CSV table: counting them, describing them, and one function per
// missing-value policy. apply_missing_policy (declared in csv_loader.hpp) selects the columns,
// counts their missing cells and hands them to the policy's function.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/data/csv_loader.hpp"

namespace rnnwb {

inline constexpr std::size_t kMissingFirstLines = 5;  // line numbers kept per column with missing cells

// Rebuilds table.missing from the NaN cells of the series (after parsing, or after a policy ran).
void recount_missing(CsvTable& table);
// "line 4" or "lines 4, 9, 12, ..." ("..." when `count` exceeds the lines listed).
std::string format_lines(const std::vector<std::size_t>& lines, std::size_t count);
// "1 row", "3 rows".
std::string count_of(std::size_t n, const char* word);

// The policies. `columns` are the selected numeric columns (indices into the series) and
// `missing` their missing cells, in the same order; every column has at least one known value.
// Error: throws DataError listing the missing cells.
[[noreturn]] void refuse_missing(const CsvTable& table, const std::vector<MissingColumn>& missing);
// Interpolate: linear between known neighbours; leading and trailing gaps take the nearest known
// value. Returns the note ("interpolated 2 cells in column "x" ...").
std::string interpolate_missing(CsvTable& table, const std::vector<std::size_t>& columns,
                                const std::vector<MissingColumn>& missing);
// FFill: each missing cell takes the last known value above it; leading gaps take the first one.
std::string forward_fill_missing(CsvTable& table, const std::vector<std::size_t>& columns,
                                 const std::vector<MissingColumn>& missing);
// Drop: removes every row with a missing cell in one of the columns (from every column, the time
// labels and row_lines); throws DataError when no row would be left.
std::string drop_missing_rows(CsvTable& table, const std::vector<std::size_t>& columns);

}  // namespace rnnwb
