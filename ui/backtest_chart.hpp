#pragma once
// The backtest's chart: the target's actual values, each fold's one-step predictions on its test
// block (shaded), and a dashed vertical line at every fold origin. With many series, the first.
#include <QChartView>

#include "engine/workflow/backtest.hpp"

namespace rnnwb::ui {

class BacktestChart : public QChartView {
  Q_OBJECT
 public:
  explicit BacktestChart(QWidget* parent = nullptr);
  void show(const Series& series, const BacktestResult& result);
  void clear();
  int originMarkers() const { return origins_; }

 private:
  int origins_ = 0;
};

}  // namespace rnnwb::ui
