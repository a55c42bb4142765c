#pragma once
// IntervalBands: the Predict page's prediction intervals. Shaded bands around the one-step
// predictions (the stored conformal half widths of the chosen level and target) and around the
// closed-loop forecast (the fan, as far as it was calibrated), drawn on the prediction chart,
// with a level chooser and the coverage on the test rows (nominal vs empirical, mean width).
#include <QObject>
#include <QString>
#include <nlohmann/json.hpp>
#include <vector>

#include "engine/data/intervals.hpp"

class QAreaSeries;
class QChart;
class QComboBox;
class QLabel;
class QWidget;

namespace rnnwb::ui {

class IntervalBands : public QObject {
  Q_OBJECT
 public:
  IntervalBands(QChart* chart, QObject* parent = nullptr);

  QWidget* controls() const { return controls_; }  // the level chooser and the coverage note
  // Draws the bands of target `target` around the predictions and the forecast, after the chart's
  // fit(); `metrics` is the model's metrics JSON (its "intervals" coverage). Hides them without
  // intervals.
  void show(const PredictionIntervals& intervals, const nlohmann::json& metrics, int target,
            const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<double>& forecast_x,
            const std::vector<double>& forecast_y);
  QAreaSeries* rowBand() const { return rows_; }
  QAreaSeries* fanBand() const { return fan_; }

 private:
  void redraw();

  QChart* chart_;
  QAreaSeries *rows_, *fan_;
  QWidget* controls_;
  QComboBox* level_;
  QLabel* coverage_;
  PredictionIntervals intervals_;
  nlohmann::json metrics_;
  int target_ = 0;
  std::vector<double> xs_, ys_, fx_, fy_;
};

}  // namespace rnnwb::ui
