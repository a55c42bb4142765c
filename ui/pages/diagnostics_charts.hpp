#pragma once
// The diagnostics panel's charts (Qt Charts): the residuals' autocorrelation as bars with the 95%
// band as dashed lines, their histogram with the normal curve of the same mean and sd, and the
// error by step ahead of the model beside persistence and seasonal naive.
#include <vector>

#include "engine/data/residual_diagnostics.hpp"
#include "engine/workflow/residual_report.hpp"
#include "ui/charts/chart_view.hpp"

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace rnnwb::ui {

class AcfChart : public ChartView {
  Q_OBJECT
 public:
  explicit AcfChart(QWidget* parent = nullptr);
  void setAcf(const Autocorrelation& acf);
  QLineSeries* bars() const { return bars_; }  // the bars' outline: 4 points per lag
  QLineSeries* upperBand() const { return upper_; }

 private:
  QLineSeries *bars_, *zero_, *upper_, *lower_;
  QValueAxis *axis_x_, *axis_y_;
};

class ResidualHistogramChart : public ChartView {
  Q_OBJECT
 public:
  explicit ResidualHistogramChart(QWidget* parent = nullptr);
  void setHistogram(const ResidualHistogram& h, const QString& target);
  QLineSeries* normalCurve() const { return normal_; }

 private:
  QLineSeries *outline_, *base_, *normal_;
  QValueAxis *axis_x_, *axis_y_;
};

class StepErrorChart : public ChartView {
  Q_OBJECT
 public:
  explicit StepErrorChart(QWidget* parent = nullptr);
  // `closed_loop`: the steps are of closed-loop forecasts (else the model's direct horizon).
  void setSteps(const std::vector<StepRmse>& steps, bool closed_loop);
  QLineSeries* model() const { return model_; }

 private:
  QLineSeries *model_, *persistence_, *seasonal_;
  QValueAxis *axis_x_, *axis_y_;
};

}  // namespace rnnwb::ui
