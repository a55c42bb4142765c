#pragma once
// SplitHistogramChart: a histogram of values (residuals) with each bin's count stacked by split
// (train at the bottom, then validation, then test), in the split colours, and a dashed line at
// zero when zero is in range. Bars are filled areas on value axes, so the x labels are round values.
#include <QWidget>
#include <map>
#include <vector>

#include "engine/data/pipeline.hpp"
#include "ui/charts/histogram_bins.hpp"

class QAreaSeries;
class QChart;
class QLineSeries;
class QValueAxis;

namespace rnnwb::ui {

class ChartView;

class SplitHistogramChart : public QWidget {
  Q_OBJECT
 public:
  explicit SplitHistogramChart(QWidget* parent = nullptr);

  void setTitles(const QString& title, const QString& x_title, const QString& y_title);
  void setValues(const std::map<Split, std::vector<double>>& values);
  void clear();

  const HistogramBins& bins() const { return bins_; }  // groups in the order train, validation, test
  ChartView* view() const { return view_; }
  QAreaSeries* area(Split s) const { return areas_.at(s); }

 private:
  QChart* chart_;
  ChartView* view_;
  QValueAxis *x_axis_, *y_axis_;
  std::map<Split, QAreaSeries*> areas_;
  QLineSeries* zero_;
  HistogramBins bins_;
};

}  // namespace rnnwb::ui
