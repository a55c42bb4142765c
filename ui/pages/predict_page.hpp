#pragma once
// PredictPage (step 5): what the trained model makes of the series. The actual values against the
// one-step-ahead predictions of every row with a full window and a closed-loop forecast beyond
// the end (split regions shaded), the residuals, the metrics of every split beside the persistence
// and seasonal-naive baselines, and, for a horizon above 1, the test error at each step ahead.
// The predictions are computed by the engine off the GUI thread; refresh() starts that again.
// Many series: a series chooser for the charts (that series' predictions, truth, split and its own
// forecast), and the metrics of every series in a sortable table beside the pooled ones.
// A sequence dataset: the document's sequence outcome in a SequenceResultsView instead (scatter,
// residuals, metrics beside the mean baseline, worst sequences; a classifier's confusion matrix).
// Runs selected on the Runs page (up to four, trained on this data) are drawn over the truth beside
// the current model's predictions, each in its colour, computed off the GUI thread as the page's own
// (ui/pages/predict_page_overlays.cpp); a note says why a selected run is not drawn.
#include <QStringList>
#include <QWidget>
#include <memory>
#include <vector>

#include "engine/core/tensor.hpp"
#include "engine/data/series.hpp"
#include "engine/io/trained_model.hpp"

class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTableView;
class QTabWidget;
class QSortFilterProxyModel;

namespace rnnwb::ui {

class BackgroundJobs;
class BacktestDialog;
class BandedLineChart;
class DiagnosticsPanel;
class IntervalBands;
class MetricsTable;
class SequenceResultsView;
class SeriesMetricsModel;
class WorkbenchDocument;
struct PredictionJob;

class PredictPage : public QWidget {
  Q_OBJECT
 public:
  explicit PredictPage(WorkbenchDocument* doc, QWidget* parent = nullptr);
  ~PredictPage() override;  // waits for a running prediction

  // True while predictions are being computed (the charts still show the previous ones).
  bool isBusy() const;

 public slots:
  void refresh();
  void openBacktestDialog();  // the Backtest dialog (backtest_dialog.hpp), one per page

 signals:
  void predictionsShown();  // the charts now show the current model's predictions

 private:
  QWidget* buildControls();
  QWidget* buildBottom();

  void onTrainedChanged();
  void requestPredictions(bool one_step);
  void launch();
  void onJobDone(PredictionJob& job);
  void showResults();  // the charts and the horizon table for the chosen target
  void showHorizonErrors(int target);
  void clearResults(const QString& why);
  void refreshSeriesChoice();  // the series combo from the predictions' series
  std::size_t chosenSeries() const;
  void setStatus(const QString& text, bool error);
  void showSequenceOutcome();  // the sequence view, when the document holds a sequence dataset
  // The selected runs' predictions (predict_page_overlays.cpp).
  void requestOverlays(bool redraw = true);  // redraw: show the note and lines now (else the caller does)
  void setOverlayLines(std::size_t begin, std::size_t end, const QString& target);

  WorkbenchDocument* doc_;
  QLabel* not_trained_;
  QLabel* sequence_status_;  // a sequence dataset without an evaluated model yet
  SequenceResultsView* sequence_view_;
  QWidget* content_;
  QComboBox* target_combo_;
  QComboBox* series_combo_;
  QLabel* series_label_;
  QTabWidget* metrics_tabs_;
  SeriesMetricsModel* series_metrics_;
  QSortFilterProxyModel* series_metrics_sorted_;
  QTableView* series_metrics_view_;
  QSpinBox* forecast_spin_;
  QPushButton* reset_zoom_;
  QLabel *status_, *forecast_note_, *baseline_note_, *horizon_note_, *overlay_note_;
  BandedLineChart *prediction_chart_, *residual_chart_;
  QTabWidget* chart_tabs_;  // the prediction chart | the residual diagnostics
  DiagnosticsPanel* diagnostics_;
  IntervalBands* interval_bands_;  // the prediction intervals drawn on prediction_chart_
  MetricsTable* metrics_;
  QGroupBox* horizon_box_;
  QTableWidget* horizon_table_;

  // The current model's predictions, valid when have_predictions_.
  std::shared_ptr<const Series> series_;
  std::vector<std::size_t> rows_;
  Tensor3<double> predicted_;
  QString predictions_error_;
  bool have_predictions_ = false;
  std::vector<std::vector<double>> forecast_;
  std::size_t forecast_series_ = 0;  // the series forecast_ continues
  QString forecast_error_;

  // One job at a time; a request while it runs is served when it ends. A job's results count
  // only when no newer request superseded them (generation).
  BackgroundJobs* jobs_;
  bool pending_ = false;
  quint64 generation_ = 0, invalidated_at_ = 0;
  BacktestDialog* backtest_ = nullptr;
  bool editing_forecast_ = false;  // our own setForecastSteps: only the forecast changes

  // The selected runs drawn over the truth: each one's rows and predictions on series_, or why not.
  struct Overlay {
    QString label;
    std::shared_ptr<const TrainedModel> model;
    std::shared_ptr<const Series> series;  // what rows and predicted refer to
    std::vector<std::size_t> rows;
    Tensor3<double> predicted;
    QString error;
  };
  std::vector<Overlay> overlays_;
  QStringList overlays_left_out_;  // the selected runs not drawn, each with why
  BackgroundJobs* overlay_jobs_;
};

}  // namespace rnnwb::ui
