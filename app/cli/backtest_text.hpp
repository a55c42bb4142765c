#pragma once
// rnnwb backtest's plain-text output: the per-fold table, the aggregate, error by step and the
// folds' conformal coverage.
#include <string>

#include "engine/workflow/backtest.hpp"

namespace rnnwb::cli {

std::string backtest_table(const BacktestResult& r);
// One line for a fold as it finishes (stderr progress).
std::string fold_line(const FoldResult& f, int folds);

}  // namespace rnnwb::cli
