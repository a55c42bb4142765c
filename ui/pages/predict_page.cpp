#include "ui/pages/predict_page.hpp"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "engine/core/limits.hpp"
#include "engine/data/pipeline.hpp"
#include "ui/background_job.hpp"
#include "ui/backtest_dialog.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/column_names.hpp"
#include "ui/model_drift_banner.hpp"
#include "ui/pages/banded_line_chart.hpp"
#include "ui/pages/diagnostics_panel.hpp"
#include "ui/pages/gui_wording.hpp"
#include "ui/pages/interval_bands.hpp"
#include "ui/pages/metrics_table.hpp"
#include "ui/pages/prediction_job.hpp"
#include "ui/pages/sequence_results_view.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

constexpr int kMaxForecast = WorkbenchDocument::kMaxForecastSteps;

enum PredictionLine { kActual, kPredicted, kForecast, kFirstOverlay };
constexpr int kOverlays = 4;  // selected runs drawn at once
enum ResidualLine { kResidual, kZero };

QLabel* wrapped_label(const QString& text = {}) {
  auto* label = new QLabel(text);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

QString rows_text(std::size_t n) { return n == 1 ? QObject::tr("1 row") : QObject::tr("%1 rows").arg(n); }

}  // namespace

PredictPage::PredictPage(WorkbenchDocument* doc, QWidget* parent)
    : QWidget(parent), doc_(doc), jobs_(new BackgroundJobs(this)), overlay_jobs_(new BackgroundJobs(this)) {
  not_trained_ =
      new QLabel(tr("<p style='font-size:15pt'><b>Train a model first (Train page, F5)</b></p>"
                    "<p>Its predictions against the actual values, its metrics beside the persistence "
                    "and seasonal-naive baselines, and a forecast beyond the end of the data appear "
                    "here.</p>"));
  not_trained_->setObjectName("notTrainedLabel");
  not_trained_->setAlignment(Qt::AlignCenter);
  not_trained_->setWordWrap(true);

  content_ = new QWidget;
  auto* content_layout = new QVBoxLayout(content_);
  content_layout->setContentsMargins(0, 0, 0, 0);
  content_layout->addWidget(buildControls());
  status_ = wrapped_label();
  status_->setObjectName("predictStatus");
  forecast_note_ = wrapped_label();
  forecast_note_->setObjectName("forecastNote");
  forecast_note_->setStyleSheet(
      "QLabel { background: #fff4d6; color: #6b4a00; border: 1px solid #e6c77a; border-radius: 4px; padding: 4px; }");
  forecast_note_->hide();
  content_layout->addWidget(status_);
  overlay_note_ = wrapped_label();
  overlay_note_->setObjectName("overlayNote");
  overlay_note_->setStyleSheet("color: #555;");
  overlay_note_->hide();
  content_layout->addWidget(overlay_note_);

  const QColor predicted_red(214, 39, 40), forecast_purple(118, 73, 189);
  QPen forecast_pen(forecast_purple, 2.0, Qt::DashLine);
  std::vector<BandedLineChart::LineStyle> lines = {
      {"actual", QPen(QColor(60, 60, 60), 1.4)}, {"predicted", QPen(predicted_red, 1.6)}, {"forecast", forecast_pen}};
  // The selected runs' colours: apart from the grey truth, the red model and the purple forecast.
  const QColor run_colours[kOverlays] = {{31, 119, 180}, {44, 160, 44}, {255, 127, 14}, {23, 190, 207}};
  for (int i = 0; i < kOverlays; ++i) lines.push_back({QString("runOverlay%1").arg(i + 1), QPen(run_colours[i], 1.3)});
  prediction_chart_ = new BandedLineChart("predictionChart", lines, true);
  for (int i = 0; i < kOverlays; ++i) prediction_chart_->line(kFirstOverlay + i)->setVisible(false);
  prediction_chart_->view()->setToolTip(
      tr("Actual values (grey), one-step-ahead predictions (red) and the closed-loop forecast (dashed).\n") +
      prediction_chart_->view()->toolTip());
  interval_bands_ = new IntervalBands(prediction_chart_->view()->chart(), this);
  content_layout->addWidget(interval_bands_->controls());

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->setChildrenCollapsible(false);
  // The prediction chart, and beside it in a tab the residual diagnostics (ui/pages/diagnostics_panel).
  chart_tabs_ = new QTabWidget;
  chart_tabs_->setObjectName("predictChartTabs");
  chart_tabs_->addTab(prediction_chart_, tr("Predictions"));
  diagnostics_ = new DiagnosticsPanel;
  chart_tabs_->addTab(diagnostics_, tr("Residual diagnostics"));
  splitter->addWidget(chart_tabs_);
  splitter->addWidget(buildBottom());
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  content_layout->addWidget(splitter, 1);
  content_layout->addWidget(forecast_note_);  // under the charts: appearing, it moves neither controls nor charts

  sequence_status_ = new QLabel;
  sequence_status_->setObjectName("sequenceStatusLabel");
  sequence_status_->setAlignment(Qt::AlignCenter);
  sequence_status_->setWordWrap(true);
  sequence_view_ = nullptr;  // made while the document holds a sequence dataset (its charts exist only then)

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new ModelDriftBanner(
      doc_, tr("The predictions below are the trained model's, with the settings it was trained with.")));
  layout->addWidget(not_trained_, 1);
  layout->addWidget(content_, 1);
  layout->addWidget(sequence_status_, 1);

  connect(doc_, &WorkbenchDocument::trainedChanged, this, &PredictPage::onTrainedChanged);
  connect(doc_, &WorkbenchDocument::evaluationChanged, this, [this] {
    metrics_->setEvaluation(doc_->evaluation());
    series_metrics_->setEvaluation(doc_->evaluation());
    metrics_tabs_->setTabText(1, tr("Per series (%1)").arg(series_metrics_->rowCount()));
    metrics_tabs_->setTabEnabled(1, series_metrics_->rowCount() > 0);
  });
  connect(doc_, &WorkbenchDocument::rolesChanged, this, &PredictPage::refresh);
  connect(doc_, &WorkbenchDocument::sequencesChanged, this, &PredictPage::refresh);
  connect(doc_, &WorkbenchDocument::sequenceOutcomeChanged, this, &PredictPage::showSequenceOutcome);
  connect(doc_, &WorkbenchDocument::runSelectionChanged, this, [this] { requestOverlays(); });
  connect(doc_, &WorkbenchDocument::runsChanged, this, [this] {
    if (!doc_->selectedRunIds().isEmpty()) requestOverlays();  // a selected run renamed or deleted
  });
  refreshSeriesChoice();
  refresh();
}

PredictPage::~PredictPage() {
  jobs_->waitForDone();
  overlay_jobs_->waitForDone();
}

bool PredictPage::isBusy() const { return jobs_->isRunning(); }

QWidget* PredictPage::buildControls() {
  target_combo_ = new QComboBox;
  target_combo_->setObjectName("targetCombo");
  target_combo_->setMinimumContentsLength(12);
  connect(target_combo_, &QComboBox::currentIndexChanged, this, &PredictPage::showResults);

  series_combo_ = new QComboBox;
  series_combo_->setObjectName("seriesCombo");
  series_combo_->setMinimumContentsLength(10);
  series_combo_->setToolTip(
      tr("The series drawn in the charts, with its own split and its own forecast beyond its end"));
  connect(series_combo_, &QComboBox::currentIndexChanged, this, [this] {
    showResults();  // its truth and predictions at once; its forecast follows
    if (doc_->hasTrained() && forecast_series_ != chosenSeries()) requestPredictions(false);
  });
  series_label_ = new QLabel(tr("&Series:"));
  series_label_->setBuddy(series_combo_);

  forecast_spin_ = new QSpinBox;
  forecast_spin_->setObjectName("forecastSpin");
  forecast_spin_->setRange(0, kMaxForecast);
  forecast_spin_->setSuffix(tr(" rows"));
  forecast_spin_->setToolTip(
      tr("Rows to forecast beyond the last row of the data. Each prediction is fed back as the "
         "next input (closed loop), so errors compound with the distance. 0 = no forecast; "
         "default 12."));
  connect(forecast_spin_, &QSpinBox::valueChanged, this, [this](int steps) {
    editing_forecast_ = true;
    doc_->setForecastSteps(steps);
    editing_forecast_ = false;
  });

  reset_zoom_ = new QPushButton(tr("Reset zoom"));
  reset_zoom_->setObjectName("resetZoom");
  reset_zoom_->setToolTip(
      tr("Show every row again in both charts (or double-click a chart). Drag a rectangle to "
         "zoom in, turn the wheel to zoom, right-drag to pan."));
  connect(reset_zoom_, &QPushButton::clicked, this, [this] {
    prediction_chart_->resetView();
    residual_chart_->resetView();
  });

  auto* box = new QWidget;
  auto* row = new QHBoxLayout(box);
  row->setContentsMargins(0, 0, 0, 0);
  auto* target_label = new QLabel(tr("&Target:"));
  target_label->setBuddy(target_combo_);
  auto* forecast_label = new QLabel(tr("&Forecast beyond the end:"));
  forecast_label->setBuddy(forecast_spin_);
  row->addWidget(target_label);
  row->addWidget(target_combo_);
  row->addSpacing(16);
  row->addWidget(series_label_);
  row->addWidget(series_combo_);
  row->addSpacing(16);
  row->addWidget(forecast_label);
  row->addWidget(forecast_spin_);
  row->addSpacing(16);
  row->addWidget(reset_zoom_);
  auto* backtest = new QPushButton(tr("&Backtest…"));
  backtest->setObjectName("backtestButton");
  backtest->setToolTip(
      tr("Walk-forward backtest: train on the rows before each of several origins, test on the "
         "block after it, beside persistence and seasonal naive"));
  connect(backtest, &QPushButton::clicked, this, &PredictPage::openBacktestDialog);
  row->addWidget(backtest);
  row->addStretch(1);
  return box;
}

QWidget* PredictPage::buildBottom() {
  residual_chart_ = new BandedLineChart(
      "residualChart", {{"residuals", QPen(QColor(31, 90, 160), 1.2)}, {"zero", QPen(Qt::black, 1.0, Qt::DashLine)}},
      false);
  residual_chart_->view()->setToolTip(
      tr("Actual minus predicted for each row: a good model leaves residuals that look like noise around zero, with "
         "no trend, season or growing spread.\n") +
      residual_chart_->view()->toolTip());

  metrics_ = new MetricsTable;
  baseline_note_ = wrapped_label();
  baseline_note_->setObjectName("baselineNote");
  series_metrics_ = new SeriesMetricsModel(this);
  series_metrics_sorted_ = new QSortFilterProxyModel(this);
  series_metrics_sorted_->setSourceModel(series_metrics_);
  series_metrics_sorted_->setSortRole(Qt::UserRole);  // numbers, not their text
  series_metrics_view_ = new QTableView;
  series_metrics_view_->setObjectName("seriesMetricsTable");
  series_metrics_view_->setModel(series_metrics_sorted_);
  series_metrics_view_->setSortingEnabled(true);
  series_metrics_view_->sortByColumn(-1, Qt::AscendingOrder);  // data order until a header is clicked
  series_metrics_view_->verticalHeader()->hide();
  series_metrics_view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  series_metrics_view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  series_metrics_view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);  // fits the box
  series_metrics_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  series_metrics_view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  series_metrics_view_->setToolTip(
      tr("Each series' own metrics in its units. Click a header to sort (twice: the worst first); double-click a "
         "series to chart it."));
  connect(series_metrics_view_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    const QString id = series_metrics_sorted_->index(index.row(), 0).data().toString();
    const int i = series_combo_->findText(id);
    if (i >= 0) series_combo_->setCurrentIndex(i);
  });
  metrics_tabs_ = new QTabWidget;
  metrics_tabs_->setObjectName("metricsTabs");
  metrics_tabs_->addTab(metrics_, tr("Pooled"));
  metrics_tabs_->addTab(series_metrics_view_, tr("Per series"));
  metrics_tabs_->setTabEnabled(1, false);
  auto* metrics_box = new QGroupBox(tr("Metrics per split, in original units"));
  auto* metrics_layout = new QVBoxLayout(metrics_box);
  metrics_layout->addWidget(metrics_tabs_, 1);
  metrics_layout->addWidget(baseline_note_);

  horizon_table_ = new QTableWidget(0, 3);
  horizon_table_->setObjectName("horizonError");
  horizon_table_->setHorizontalHeaderLabels({tr("Step"), tr("Model"), tr("Persistence")});
  horizon_table_->verticalHeader()->hide();
  horizon_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  horizon_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);  // fits the box, no scrolling
  horizon_table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  horizon_table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  horizon_table_->setToolTip(
      tr("Test RMSE of the chosen target at each step ahead of a window: step 1 is the row "
         "right after it. Bold: better than persistence at that step."));
  horizon_note_ = wrapped_label();
  horizon_box_ = new QGroupBox(tr("Test RMSE by horizon step"));
  auto* horizon_layout = new QVBoxLayout(horizon_box_);
  horizon_layout->addWidget(horizon_table_, 1);
  horizon_layout->addWidget(horizon_note_);

  auto* bottom = new QWidget;
  auto* row = new QHBoxLayout(bottom);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(residual_chart_, 4);
  row->addWidget(metrics_box, 5);
  row->addWidget(horizon_box_, 2);
  return bottom;
}

void PredictPage::onTrainedChanged() {
  // Our own forecast spin changed only the number of forecast steps: keep the predictions.
  if (editing_forecast_ && doc_->hasTrained()) {
    requestPredictions(false);
    return;
  }
  refresh();
}

void PredictPage::refresh() {
  const bool trained = doc_->hasTrained();
  not_trained_->setVisible(!trained && !doc_->hasSequences());
  content_->setVisible(trained);
  showSequenceOutcome();
  if (!trained) {
    ++generation_;
    invalidated_at_ = generation_;
    have_predictions_ = false;
    clearResults({});
    return;
  }
  const Pipeline& p = doc_->trained()->pipeline;
  {
    const QSignalBlocker block(target_combo_);
    const QString previous = target_combo_->currentText();
    target_combo_->clear();
    for (const auto& t : p.targets) target_combo_->addItem(QString::fromStdString(t));
    target_combo_->setCurrentIndex(std::max(0, target_combo_->findText(previous)));
    show_names_elided(target_combo_);
  }
  const bool several = target_combo_->count() > 1;
  target_combo_->setEnabled(several);
  target_combo_->setToolTip(several ? tr("The target drawn in the charts and broken down by horizon step (the "
                                         "metrics table pools all targets). Default: the first.")
                                    : tr("The model predicts one target, so there is nothing to choose."));

  const QString blocked = forecast_blocked_reason(p);
  {
    const QSignalBlocker block(forecast_spin_);
    forecast_spin_->setValue(doc_->forecastSteps());
  }
  forecast_spin_->setEnabled(blocked.isEmpty());
  forecast_note_->setText(blocked);
  forecast_note_->setVisible(!blocked.isEmpty());

  metrics_->setEvaluation(doc_->evaluation());
  series_metrics_->setEvaluation(doc_->evaluation());
  metrics_tabs_->setTabText(1, tr("Per series (%1)").arg(series_metrics_->rowCount()));
  metrics_tabs_->setTabEnabled(1, series_metrics_->rowCount() > 0);
  QString note = tr("Baselines on the same rows: <b>persistence</b> predicts the last known value");
  note += p.season > 0 ? tr(", <b>seasonal naive</b> the value one season (%1) earlier.").arg(rows_text(p.season))
                       : tr("; set a season on the Data page (and retrain) to compare with the seasonal-naive "
                            "baseline too.");
  note += tr(" A useful model beats them: <b>bold</b> model cells beat persistence.");
  if (p.targets.size() > 1) note += tr(" All targets are pooled.");
  if (!p.series_ids.empty())
    note += tr(" Pooled: all windows of all series together; <i>Per series</i>: each series alone (sortable).");
  baseline_note_->setText(note);

  horizon_box_->setVisible(p.horizon > 1);
  requestPredictions(true);
}

void PredictPage::requestPredictions(bool one_step) {
  ++generation_;
  if (one_step) {
    invalidated_at_ = generation_;
    have_predictions_ = false;
  }
  setStatus(tr("Computing the predictions…"), false);
  if (isBusy()) {
    pending_ = true;  // served when the running job ends
    return;
  }
  launch();
}

void PredictPage::launch() {
  pending_ = false;
  auto job = std::make_shared<PredictionJob>(doc_->sharedTrained());
  job->generation = generation_;
  job->one_step = !have_predictions_;
  job->forecast_steps = forecast_blocked_reason(job->model->pipeline).isEmpty() ? doc_->forecastSteps() : 0;
  job->forecast_series = have_predictions_ ? chosenSeries() : 0;
  if (job->one_step) {
    const auto& prepared = doc_->prepared();
    if (!prepared.series) {
      clearResults(tr("No predictions: the data cannot be prepared. %1").arg(capitalised(prepared.error)));
      return;
    }
    job->series = std::make_shared<const Series>(*prepared.series);
  } else {
    job->series = series_;
  }
  jobs_->start(
      [job] {
        job->run();
        return job;
      },
      [this](const std::shared_ptr<PredictionJob>& done) { onJobDone(*done); });
}

void PredictPage::onJobDone(PredictionJob& job) {
  if (job.one_step && job.generation >= invalidated_at_) {  // the model and data it used are still current
    series_ = job.series;
    rows_ = std::move(job.rows);
    predicted_ = std::move(job.predicted);
    predictions_error_ = job.error;
    have_predictions_ = true;
    diagnostics_->setInputs(job.model, series_);
    refreshSeriesChoice();
    requestOverlays(false);  // the selected runs on the same series (drawn below)
  }
  if (job.generation == generation_) {
    forecast_ = std::move(job.forecast);
    forecast_error_ = job.forecast_error;
    forecast_series_ = job.forecast_series;
    showResults();
    // Predictions of a new model arrive with the first series' forecast: the chosen one follows.
    if (forecast_series_ != chosenSeries() && !pending_) requestPredictions(false);
  }
  if (pending_) launch();
}

void PredictPage::showResults() {
  if (!doc_->hasTrained() || !have_predictions_ || !series_ || isBusy()) return;
  if (!predictions_error_.isEmpty()) {
    clearResults(tr("No predictions: %1").arg(predictions_error_));
    return;
  }
  const Series& s = *series_;
  const Pipeline& p = doc_->trained()->pipeline;
  const int c = std::max(0, target_combo_->currentIndex());
  const QString target = target_combo_->currentText();
  const int column = s.find(target.toStdString());
  if (column < 0) {
    clearResults(tr("No predictions: the data has no column %1 any more.").arg(target));
    return;
  }
  const std::vector<double>& all_values = s.columns[std::size_t(column)];
  // The chosen series' rows [b, e), drawn at x = row - b; its forecast only when it is the one computed.
  const std::size_t k = std::min(chosenSeries(), s.series_count() - 1);
  const std::size_t b = s.series_begin(k), e = s.series_end(k), n = e - b;
  const std::vector<double> values(all_values.begin() + long(b), all_values.begin() + long(e));
  const std::size_t k_steps = forecast_series_ == k ? forecast_.size() : 0;
  const QString id = s.is_panel() ? QString::fromStdString(s.series_id(k)) : QString();

  std::vector<double> actual_x(n), predicted_x, predicted_y, residual_y, forecast_x, forecast_y;
  for (std::size_t r = 0; r < n; ++r) actual_x[r] = double(r);
  std::size_t shown_rows = 0;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i] < b || rows_[i] >= e) continue;
    const double y = predicted_(Index(i), 0, c);
    predicted_x.push_back(double(rows_[i] - b));
    predicted_y.push_back(y);
    residual_y.push_back(all_values[rows_[i]] - y);
    ++shown_rows;
  }
  for (std::size_t j = 0; j < k_steps; ++j) {
    forecast_x.push_back(double(n + j));
    forecast_y.push_back(forecast_[j][std::size_t(c)]);
  }

  QString x_title = s.is_panel() ? tr("Row within series %1").arg(id) : tr("Row index");
  if (!s.time_labels.empty() && n > 0)
    x_title += tr(" (time column %1: %2 … %3)")
                   .arg(QString::fromStdString(s.time_name), QString::fromStdString(s.time_labels[b]),
                        QString::fromStdString(s.time_labels[e - 1]));
  SplitBounds bounds = split_bounds(n, p.split);
  if (s.is_panel()) {
    try {
      const SeriesSplit split = split_series(s, p).at(k);
      bounds = {n, split.bounds.train_end - b, split.bounds.validation_end - b};
    } catch (const std::exception&) {
      // the model's pipeline does not split these data: the fractions of the series' rows
    }
  }
  const QString shown = elided_name(target);  // a long column name must not push the titles off the chart
  const QString subject = s.is_panel() ? tr("%1 of %2").arg(shown, elided_name(id)) : shown;
  prediction_chart_->setTitles(
      k_steps > 0
          ? tr("%1: actual, predicted one step ahead, and forecast %2 beyond the end").arg(subject, rows_text(k_steps))
          : tr("%1: actual and predicted one step ahead").arg(subject),
      x_title, shown);
  prediction_chart_->setTimeSeries(&s, k, k_steps);  // the forecast rows have their times too
  residual_chart_->setTimeSeries(&s, k);
  prediction_chart_->setLine(kActual, tr("actual"), actual_x, values);
  prediction_chart_->setLine(kPredicted, tr("predicted (one step ahead)"), predicted_x, predicted_y);
  prediction_chart_->setLine(kForecast, tr("forecast (closed loop)"), forecast_x, forecast_y);
  prediction_chart_->line(kForecast)->setVisible(k_steps > 0);
  setOverlayLines(b, e, target);
  prediction_chart_->fit(bounds, n + k_steps);
  interval_bands_->show(doc_->trained()->intervals, doc_->trained()->metrics, c, predicted_x, predicted_y, forecast_x,
                        forecast_y);

  residual_chart_->setTitles(tr("Residuals of %1").arg(subject), x_title, tr("actual − predicted"));
  residual_chart_->setLine(kResidual, tr("residual"), predicted_x, residual_y);
  residual_chart_->setLine(kZero, tr("zero"), {-0.5, std::max(0.5, double(n) - 0.5)}, {0.0, 0.0});
  residual_chart_->fit(bounds, n);

  if (p.horizon > 1) showHorizonErrors(c);

  QString status = rows_.empty() ? tr("No row has a full window of %1 before it.").arg(rows_text(std::size_t(p.window)))
                                 : tr("One-step-ahead predictions for %1 (every row after the first window of %2).")
                                       .arg(rows_text(rows_.size()), rows_text(std::size_t(p.window)));
  if (s.is_panel())
    status +=
        tr(" Series %1 (%2 of %3): %4 predicted.").arg(id).arg(k + 1).arg(s.series_count()).arg(rows_text(shown_rows));
  if (k_steps > 0) status += tr(" Forecast: %1 beyond the last row.").arg(rows_text(k_steps));
  setStatus(status, false);
  const QString blocked = forecast_blocked_reason(p);
  const QString note = !blocked.isEmpty()           ? blocked
                       : !forecast_error_.isEmpty() ? tr("No forecast: %1").arg(forecast_error_)
                                                    : QString();
  forecast_note_->setText(note);
  forecast_note_->setVisible(!note.isEmpty());
  emit predictionsShown();
}

void PredictPage::showHorizonErrors(int target) {
  horizon_table_->setRowCount(0);
  std::vector<StepError> steps;
  try {
    steps = horizon_errors(*series_, doc_->trained()->pipeline, rows_, predicted_, target);
  } catch (const std::exception& e) {
    horizon_note_->setText(tr("No breakdown: %1").arg(gui_words(e)));
    return;
  }
  QFont bold = horizon_table_->font();
  bold.setBold(true);
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const int row = int(k);
    horizon_table_->insertRow(row);
    auto* step = new QTableWidgetItem(tr("t+%1").arg(k + 1));
    horizon_table_->setItem(row, 0, step);
    auto* model = new QTableWidgetItem(format_metric(steps[k].model_rmse));
    model->setData(Qt::UserRole, steps[k].model_rmse);
    if (steps[k].model_rmse < steps[k].persistence_rmse) model->setFont(bold);
    auto* naive = new QTableWidgetItem(format_metric(steps[k].persistence_rmse));
    naive->setData(Qt::UserRole, steps[k].persistence_rmse);
    for (QTableWidgetItem* item : {model, naive}) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    horizon_table_->setItem(row, 1, model);
    horizon_table_->setItem(row, 2, naive);
  }
  horizon_note_->setText(steps.empty() ? tr("No test rows to break down.")
                                       : tr("%1 on %2 test windows: errors usually grow with the distance ahead.")
                                             .arg(target_combo_->currentText(), QString::number(steps[0].count)));
}

void PredictPage::refreshSeriesChoice() {
  const bool panel = series_ && series_->is_panel();
  series_label_->setVisible(panel);
  series_combo_->setVisible(panel);
  const QSignalBlocker block(series_combo_);
  const QString previous = series_combo_->currentText();
  series_combo_->clear();
  if (!panel) return;
  // A combo holds 10,000 ids without trouble (its popup is a list view).
  for (std::size_t k = 0; k < series_->series_count(); ++k)
    series_combo_->addItem(QString::fromStdString(series_->series_id(k)));
  series_combo_->setCurrentIndex(std::max(0, series_combo_->findText(previous)));
  show_names_elided(series_combo_);
}

std::size_t PredictPage::chosenSeries() const { return std::size_t(std::max(0, series_combo_->currentIndex())); }

void PredictPage::clearResults(const QString& why) {
  prediction_chart_->clear();
  for (int i = 0; i < kOverlays; ++i) prediction_chart_->line(kFirstOverlay + i)->setVisible(false);
  overlay_note_->hide();
  residual_chart_->clear();
  diagnostics_->setInputs(nullptr, nullptr);
  horizon_table_->setRowCount(0);
  horizon_note_->clear();
  if (!why.isEmpty()) setStatus(why, true);
}

void PredictPage::showSequenceOutcome() {
  if (!doc_->hasSequences()) {
    // a series: no sequence charts (Export > Save charts saves every chart there is)
    delete sequence_view_;
    sequence_view_ = nullptr;
    sequence_status_->hide();
    return;
  }
  if (!sequence_view_) {
    sequence_view_ = new SequenceResultsView;
    layout()->addWidget(sequence_view_);
  }
  const WorkbenchDocument::SequenceOutcome* o = doc_->sequenceOutcome();
  const bool ready = o && o->evaluated;
  sequence_view_->setVisible(ready);
  sequence_status_->setVisible(!ready);
  if (!ready) {
    sequence_view_->clear();
    if (!o)
      sequence_status_->setText(
          tr("<p style='font-size:15pt'><b>Train a model on the sequences first (Train page, F5)</b></p>"
             "<p>Predicted against actual values for every split, the residuals, the metrics beside the mean "
             "baseline (for class targets the confusion matrix beside the majority class) and the worst-predicted "
             "sequences appear here.</p>"));
    else if (o->fit.status == FitStatus::Diverged)
      sequence_status_->setText(
          tr("<p><b>Training diverged</b> (the loss became NaN or infinite): there is "
             "nothing to predict with. Lower the learning rate or scale the data, and train "
             "again.</p>"));
    else
      sequence_status_->setText(tr("<p>Computing the metrics and every sequence's prediction...</p>"));
    return;
  }
  sequence_view_->setResults(std::make_shared<const SequenceResults>(
      make_sequence_results(doc_->sharedSequences(), o->split, o->predicted, o->evaluation)));
}

void PredictPage::setStatus(const QString& text, bool error) {
  status_->setText(text);
  status_->setStyleSheet(error ? "color: #b00020; font-weight: bold;" : QString());
}

void PredictPage::openBacktestDialog() {
  if (!backtest_) backtest_ = new BacktestDialog(doc_, this);
  backtest_->show();
  backtest_->raise();
}

}  // namespace rnnwb::ui
