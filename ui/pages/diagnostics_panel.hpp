#pragma once
// DiagnosticsPanel: the Predict page's "Residual diagnostics" tab. For the trained model on the
// prepared series, the engine's residual report (engine/workflow/residual_report.hpp), computed
// off the GUI thread when the tab is first shown for a model and data: the Ljung-Box verdict in
// words, the test residuals' autocorrelation with the 95% band, their histogram with the normal
// curve, the error by step ahead beside persistence and seasonal naive, and the largest errors.
#include <QWidget>
#include <memory>
#include <optional>

#include "engine/workflow/residual_report.hpp"

class QComboBox;
class QLabel;
class QTableWidget;

namespace rnnwb::ui {

class AcfChart;
class BackgroundJobs;
class ResidualHistogramChart;
class StepErrorChart;

class DiagnosticsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DiagnosticsPanel(QWidget* parent = nullptr);
  ~DiagnosticsPanel() override;

  // The model and series to diagnose (the report is recomputed when next shown); null: none.
  void setInputs(std::shared_ptr<const TrainedModel> model, std::shared_ptr<const Series> series);
  bool isBusy() const;
  const std::optional<ResidualReport>& report() const { return report_; }

 signals:
  void reportShown();  // the charts now show the report of the current inputs

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void start();
  void showTarget(int target);
  void showLargest();

  std::shared_ptr<const TrainedModel> model_;
  std::shared_ptr<const Series> series_;
  bool stale_ = false;  // inputs changed since the report was computed
  std::optional<ResidualReport> report_;
  BackgroundJobs* jobs_;
  QLabel *status_, *verdict_, *steps_note_;
  QComboBox* target_combo_;
  AcfChart* acf_;
  ResidualHistogramChart* histogram_;
  StepErrorChart* steps_;
  QTableWidget* largest_;
};

}  // namespace rnnwb::ui
