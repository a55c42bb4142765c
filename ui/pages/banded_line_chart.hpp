#pragma once
// BandedLineChart: a zoomable chart of a few lines over row indices with the train / validation /
// test regions shaded behind them. Every line is decimated (min/max per pixel column) to the
// visible range on every zoom, pan or resize by the ChartView, so a million rows stay interactive.
#include <QPen>
#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

#include "engine/data/pipeline.hpp"
#include "engine/data/series.hpp"

class QChart;
class QLineSeries;
class QValueAxis;

namespace rnnwb::ui {

class ChartView;
class SplitBands;
class TimeTicksAxis;

class BandedLineChart : public QWidget {
  Q_OBJECT
 public:
  struct LineStyle {
    QString object_name;  // for tests and for finding the series
    QPen pen;
  };
  // `view_name` is the ChartView's objectName; bands appear in the legend when `bands_in_legend`.
  BandedLineChart(const QString& view_name, const std::vector<LineStyle>& lines, bool bands_in_legend,
                  QWidget* parent = nullptr);
  ~BandedLineChart() override;

  void setTitles(const QString& title, const QString& x_title, const QString& y_title);
  // Line i: its legend name and points (xs ascending). Call fit() after the last change.
  void setLine(int i, const QString& name, std::vector<double> xs, std::vector<double> ys);
  // Shows rows 0 .. x_end - 1 with the split of `bounds`, resets the zoom and redraws.
  void fit(const SplitBounds& bounds, std::size_t x_end);
  void resetView() { fit(bounds_, x_end_); }  // every row again, whatever zoom or pan came before
  void clear();
  // Time labels under the rows: series k of `s` (x = row within it) and `future` forecast rows
  // after it; null: the row axis.
  void setTimeSeries(const Series* s, std::size_t k = 0, std::size_t future = 0);
  TimeTicksAxis* timeAxis() const { return time_; }

  ChartView* view() const { return view_; }
  QLineSeries* line(int i) const { return lines_[std::size_t(i)].series; }

 private:
  void refreshBands();  // the bands span the y axis, whatever the zoom
  void applyAxes();     // every row and every value, on round ticks
  void roundTicks();    // after a zoom or pan: round ticks for what is in view

  struct Line {
    QLineSeries* series;
    std::vector<double> y_range;  // the finite extremes of its points (the view keeps the points)
  };
  QChart* chart_;
  ChartView* view_;
  QValueAxis *x_axis_, *y_axis_;
  std::unique_ptr<SplitBands> bands_;
  TimeTicksAxis* time_;
  std::vector<Line> lines_;
  SplitBounds bounds_;
  std::size_t x_end_ = 1;
};

}  // namespace rnnwb::ui
