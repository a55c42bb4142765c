#pragma once
// RunsParallelChart: parallel coordinates of the runs: one vertical axis per setting that differs
// between them and a last one for the chosen metric, each normalised to its own range (the range
// is in the axis label), one line per run coloured by the metric (dark: low, yellow: high), the
// best run drawn thicker. RunsScatterChart: one setting against the metric, a point per run.
#include <QWidget>
#include <vector>

#include "engine/experiments/run_table.hpp"

class QCategoryAxis;
class QValueAxis;

namespace rnnwb::ui {

class ChartView;

class RunsParallelChart : public QWidget {
  Q_OBJECT
 public:
  explicit RunsParallelChart(QWidget* parent = nullptr);
  // The rows shown (the filtered runs) against the metric column `metric` (-1: none).
  void setData(const RunTable& table, const std::vector<std::size_t>& rows, int metric);
  ChartView* view() const { return view_; }

 private:
  ChartView* view_;
  QCategoryAxis* x_;
  QValueAxis* y_;
};

class RunsScatterChart : public QWidget {
  Q_OBJECT
 public:
  explicit RunsScatterChart(QWidget* parent = nullptr);
  // The setting column `setting` on x against the metric column `metric` on y.
  void setData(const RunTable& table, const std::vector<std::size_t>& rows, int setting, int metric);
  ChartView* view() const { return view_; }

 private:
  ChartView* view_;
  QValueAxis *x_numbers_, *y_;
  QCategoryAxis* x_texts_;  // for a setting of text values (cell kind, optimizer)
};

}  // namespace rnnwb::ui
