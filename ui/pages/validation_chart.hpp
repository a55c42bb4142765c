#pragma once
// ValidationChart: after each epoch, the validation region of the first target: the actual values
// and the model's one-step-ahead predictions as they stand (x = row index), so the user sees the
// fit improve while it trains. Both curves are decimated to the chart's width by the ChartView.
#include <QString>
#include <QWidget>
#include <vector>

#include "engine/data/series.hpp"
#include "ui/training_controller.hpp"

class QLineSeries;
class QValueAxis;

namespace rnnwb::ui {

class ChartView;
class TimeTicksAxis;

class ValidationChart : public QWidget {
  Q_OBJECT
 public:
  explicit ValidationChart(QWidget* parent = nullptr);

  // A new run on `target` whose values (original units, one per row) are `values`.
  void reset(const QString& target, std::vector<double> values);
  void setPreview(int epoch, const ValidationPreview& preview);
  // Time labels under the rows (x = row of `s`, one series); null: the row axis.
  void setTimeSeries(const Series* s);
  TimeTicksAxis* timeAxis() const { return time_; }

  ChartView* view() const { return view_; }

 private:
  void redraw();    // new points: fit the axes, then decimate
  void fitTicks();  // round ticks for the range shown (zoomed or not)

  ChartView* view_;
  QLineSeries *actual_, *predicted_;
  QValueAxis *x_axis_, *y_axis_;
  TimeTicksAxis* time_;
  QString target_;
  std::vector<double> values_;
  double first_row_ = 0, last_row_ = 1, y_lo_ = 0, y_hi_ = 1;  // the preview's extent
};

}  // namespace rnnwb::ui
