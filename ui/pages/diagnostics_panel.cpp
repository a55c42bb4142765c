#include "ui/pages/diagnostics_panel.hpp"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "ui/background_job.hpp"
#include "ui/pages/diagnostics_charts.hpp"
#include "ui/pages/gui_wording.hpp"

namespace rnnwb::ui {

namespace {

QString cell_text(double v) { return std::isfinite(v) ? QString::number(v, 'g', 5) : QStringLiteral("-"); }

QString p_value_text(double p) { return p < 0.001 ? QStringLiteral("< 0.001") : QString::number(p, 'g', 2); }

// What a job returns: the report, or why there is none.
struct DiagnosticsResult {
  std::optional<ResidualReport> report;
  QString error;
};

}  // namespace

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent) : QWidget(parent), jobs_(new BackgroundJobs(this)) {
  setObjectName("diagnosticsPanel");
  status_ = new QLabel;
  status_->setObjectName("diagnosticsStatus");
  status_->setWordWrap(true);
  verdict_ = new QLabel;
  verdict_->setObjectName("diagnosticsVerdict");
  verdict_->setWordWrap(true);
  verdict_->setTextFormat(Qt::RichText);
  verdict_->setToolTip(
      tr("Ljung-Box tests whether the autocorrelations of the test residuals, up to the last lag shown, are jointly "
         "zero: a small p-value means the residuals still hold structure the model could have learnt."));
  target_combo_ = new QComboBox;
  target_combo_->setObjectName("diagnosticsTarget");
  acf_ = new AcfChart;
  acf_->setObjectName("acfChart");
  histogram_ = new ResidualHistogramChart;
  histogram_->setObjectName("residualHistogramChart");
  steps_ = new StepErrorChart;
  steps_->setObjectName("stepErrorChart");
  steps_note_ = new QLabel;
  steps_note_->setObjectName("stepErrorNote");
  steps_note_->setWordWrap(true);
  steps_note_->setStyleSheet("color: #555;");
  largest_ = new QTableWidget(0, 7);
  largest_->setObjectName("largestErrorsTable");
  largest_->setHorizontalHeaderLabels(
      {tr("time / row"), tr("series"), tr("target"), tr("step"), tr("actual"), tr("predicted"), tr("error")});
  largest_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  largest_->verticalHeader()->hide();
  largest_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  largest_->horizontalHeader()->setStretchLastSection(true);
  largest_->setToolTip(tr("The ten largest absolute errors on the test rows, over every horizon step and target."));

  auto* top = new QHBoxLayout;
  top->addWidget(verdict_, 1);
  top->addWidget(target_combo_);
  auto* largest_box = new QVBoxLayout;
  auto* largest_title = new QLabel(tr("<b>Largest test errors</b>"));
  largest_box->addWidget(largest_title);
  largest_box->addWidget(largest_, 1);
  auto* steps_box = new QVBoxLayout;
  steps_box->addWidget(steps_, 1);
  steps_box->addWidget(steps_note_);
  auto* grid = new QGridLayout;
  grid->addWidget(acf_, 0, 0);
  grid->addWidget(histogram_, 0, 1);
  grid->addLayout(steps_box, 1, 0);
  grid->addLayout(largest_box, 1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(status_);
  layout->addLayout(top);
  layout->addLayout(grid, 1);
  connect(target_combo_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) showTarget(i);
  });
  status_->setText(tr("The residual diagnostics appear here once the model has predicted the test rows."));
}

DiagnosticsPanel::~DiagnosticsPanel() { jobs_->waitForDone(); }

bool DiagnosticsPanel::isBusy() const { return jobs_->isRunning(); }

void DiagnosticsPanel::setInputs(std::shared_ptr<const TrainedModel> model, std::shared_ptr<const Series> series) {
  model_ = std::move(model);
  series_ = std::move(series);
  stale_ = true;
  if (isVisible()) start();
}

void DiagnosticsPanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (stale_) start();
}

void DiagnosticsPanel::start() {
  stale_ = false;
  jobs_->dropResults();
  if (!model_ || !series_) {
    report_.reset();
    status_->setText(tr("The residual diagnostics appear here once the model has predicted the test rows."));
    status_->show();
    verdict_->clear();
    largest_->setRowCount(0);
    return;
  }
  status_->setText(tr("Computing the residual diagnostics…"));
  status_->show();
  jobs_->start(
      [model = model_, series = series_] {
        DiagnosticsResult r;
        try {
          ResidualReportOptions o;
          o.threads = std::max(1, all_threads() - 1);  // one core stays with the GUI
          r.report = residual_report(*model, *series, o);
        } catch (const std::exception& e) {
          r.error = gui_words(e);
        }
        return r;
      },
      [this](DiagnosticsResult r) {
        report_ = std::move(r.report);
        status_->setText(r.error.isEmpty() ? QString() : tr("No residual diagnostics: %1").arg(r.error));
        status_->setVisible(!r.error.isEmpty());
        const QSignalBlocker block(target_combo_);
        target_combo_->clear();
        if (report_)
          for (const auto& t : report_->targets) target_combo_->addItem(QString::fromStdString(t.target));
        target_combo_->setVisible(target_combo_->count() > 1);
        showTarget(0);
        showLargest();
        emit reportShown();
      });
}

void DiagnosticsPanel::showTarget(int target) {
  if (!report_ || target < 0 || std::size_t(target) >= report_->targets.size()) {
    verdict_->clear();
    return;
  }
  const TargetResiduals& t = report_->targets[std::size_t(target)];
  const QString colour = t.verdict.structure ? "#a33" : "#262";
  verdict_->setText(tr("<span style='color:%1'><b>%2</b></span><br>Ljung-Box over %3 lags of %4 test residuals: "
                       "Q = %5, p %6. Bars outside the dashed band (±%7) stand out at the 5% level.")
                        .arg(colour, gui_words(t.verdict.text).toHtmlEscaped())
                        .arg(t.ljung_box.lags)
                        .arg(t.acf.n)
                        .arg(cell_text(t.ljung_box.q))
                        .arg((t.ljung_box.p_value < 0.001 ? p_value_text(t.ljung_box.p_value)
                                                          : "= " + p_value_text(t.ljung_box.p_value))
                                 .toHtmlEscaped())
                        .arg(QString::number(t.acf.band, 'f', 3)));
  acf_->setAcf(t.acf);
  histogram_->setHistogram(t.histogram, QString::fromStdString(t.target));
  const bool closed = report_->step_method == "closed_loop";
  if (std::size_t(target) < report_->step_errors.size())
    steps_->setSteps(report_->step_errors[std::size_t(target)], closed);
  steps_note_->setText(report_->step_note.empty()
                           ? tr("From every test origin, %1 steps fed back closed-loop, using only rows before the "
                                "origin; the baselines forecast from the same origins.")
                                 .arg(report_->steps)
                           : capitalised(gui_text(report_->step_note)) + ".");
}

void DiagnosticsPanel::showLargest() {
  largest_->setRowCount(0);
  if (!report_) return;
  largest_->setColumnHidden(1, report_->series <= 1);
  for (const auto& e : report_->largest) {
    const int row = largest_->rowCount();
    largest_->insertRow(row);
    const QString when = e.time_label.empty() ? tr("row %1").arg(e.row + 1) : QString::fromStdString(e.time_label);
    const QStringList cells = {when,
                               QString::fromStdString(e.series_id),
                               QString::fromStdString(e.target),
                               QString::number(e.step),
                               cell_text(e.actual),
                               cell_text(e.predicted),
                               cell_text(e.error())};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (c >= 3) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      largest_->setItem(row, c, item);
    }
  }
}

}  // namespace rnnwb::ui
