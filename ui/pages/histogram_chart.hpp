#pragma once
// HistogramChart: the distribution of some values as a filled step outline (Qt Charts), with
// equal-width bins over their range (NaN and inf skipped). Used for the targets of a sequence
// dataset; anything else with a distribution to show can use it too.
#include <QString>
#include <vector>

#include "ui/charts/chart_view.hpp"

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace rnnwb::ui {

struct Histogram {
  double lo = 0.0, width = 1.0;  // bin b covers [lo + b * width, lo + (b + 1) * width)
  std::vector<int> counts;       // the last bin also holds the maximum
};
// `bins` 0: about sqrt(n), 5 to 30. A constant (or empty) set gets one bin of width 1 around it.
Histogram make_histogram(const std::vector<double>& values, int bins = 0);

class HistogramChart : public ChartView {
  Q_OBJECT
 public:
  explicit HistogramChart(QWidget* parent = nullptr);
  void setValues(const std::vector<double>& values, const QString& what);
  const Histogram& histogram() const { return histogram_; }
  QLineSeries* outline() const { return outline_; }

 private:
  Histogram histogram_;
  QLineSeries* outline_;
  QLineSeries* base_;
  QAreaSeries* area_;
  QValueAxis* axis_x_;
  QValueAxis* axis_y_;
};

}  // namespace rnnwb::ui
