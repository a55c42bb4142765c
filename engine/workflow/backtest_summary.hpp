#pragma once
// The parts of a backtest's result computed from its finished folds (backtest_scores.cpp).
#include "engine/workflow/backtest.hpp"

namespace rnnwb {

// mean, spread, by_step and closed_loop_by_step from r.folds.
void summarise_folds(BacktestResult& r);
// intervals (every fold's residuals) and the honest coverage (fold i's bands from folds < i).
void backtest_intervals(BacktestResult& r);

}  // namespace rnnwb
