#include "ui/backtest_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "engine/core/error.hpp"
#include "ui/backtest_chart.hpp"
#include "ui/backtest_controller.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

QString number(double v) { return std::isfinite(v) ? QString::number(v, 'g', 4) : QStringLiteral("–"); }

double rmse_of(const std::map<std::string, Metrics>& m, const char* name) {
  const auto it = m.find(name);
  return it == m.end() ? NAN : it->second.rmse;
}

QSpinBox* spin(const char* name, int lo, int hi, int value, const QString& special, const QString& tip) {
  auto* s = new QSpinBox;
  s->setObjectName(name);
  s->setRange(lo, hi);
  s->setValue(value);
  if (!special.isEmpty()) s->setSpecialValueText(special);
  s->setToolTip(tip);
  return s;
}

}  // namespace

BacktestDialog::BacktestDialog(WorkbenchDocument* doc, QWidget* parent)
    : QDialog(parent), doc_(doc), controller_(new BacktestController(this)) {
  setObjectName("backtestDialog");
  setWindowTitle(tr("Backtest"));
  folds_ = spin("backtestFolds", 1, 100, 3, {}, tr("Folds: the last K blocks of the data are tested one by one"));
  fold_size_ = spin("backtestFoldSize", 0, 1000000, 0, tr("auto"),
                    tr("Test rows per fold; auto = the test split's rows divided by the folds (at least the "
                       "horizon)"));
  gap_ = spin("backtestGap", 0, 1000000, 0, {}, tr("Rows skipped between each origin and its test block"));
  refit_ = new QComboBox;
  refit_->setObjectName("backtestRefit");
  refit_->addItem(tr("every fold (retrain from the same seed)"), "every");
  refit_->addItem(tr("once (fold 1's model predicts every fold)"), "once");
  auto* form = new QFormLayout;
  form->addRow(tr("&Folds:"), folds_);
  form->addRow(tr("Fold &size (rows):"), fold_size_);
  form->addRow(tr("&Refit:"), refit_);
  form->addRow(tr("&Gap (rows):"), gap_);
  run_ = new QPushButton(tr("&Run backtest"));
  run_->setObjectName("backtestRun");
  stop_ = new QPushButton(tr("S&top"));
  stop_->setObjectName("backtestStop");
  stop_->setEnabled(false);
  progress_ = new QProgressBar;
  progress_->setObjectName("backtestProgress");
  status_ = new QLabel(tr("Every fold trains on the rows before its origin only, with the Train page's settings."));
  status_->setObjectName("backtestStatus");
  status_->setWordWrap(true);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_);
  buttons->addWidget(stop_);
  buttons->addWidget(progress_, 1);
  table_ = new QTableWidget(0, 7);
  table_->setObjectName("backtestTable");
  table_->setHorizontalHeaderLabels({tr("Fold"), tr("Origin"), tr("Rows tested"), tr("RMSE"), tr("MAE"),
                                     tr("Persistence RMSE"), tr("Seasonal naive RMSE")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->setMinimumHeight(7 * (table_->fontMetrics().height() + 8) + 8);  // 3 folds, mean, std without scrolling
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  chart_ = new BacktestChart;
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(status_);
  layout->addWidget(chart_, 2);
  layout->addWidget(table_, 1);
  auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
  layout->addWidget(close);
  connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(run_, &QPushButton::clicked, this, &BacktestDialog::run);
  connect(stop_, &QPushButton::clicked, this, &BacktestDialog::stop);
  connect(controller_, &BacktestController::foldStarted, this, [this](int fold, int folds) {
    progress_->setMaximum(folds);
    setStatus(tr("Fold %1 of %2: training…").arg(fold).arg(folds));
  });
  connect(controller_, &BacktestController::epochEnded, this,
          [this](int fold, int epoch) { setStatus(tr("Fold %1: epoch %2").arg(fold).arg(epoch)); });
  connect(controller_, &BacktestController::foldFinished, this,
          [this](int, int, double) { progress_->setValue(progress_->value() + 1); });
  connect(controller_, &BacktestController::finished, this, &BacktestDialog::showResult);
  connect(controller_, &BacktestController::failed, this, [this](const QString& message) {
    setRunning(false);
    setStatus(message, true);
  });
  resize(820, 700);
}

BacktestDialog::~BacktestDialog() = default;  // the controller stops and joins its worker

BacktestConfig BacktestDialog::config() const {
  BacktestConfig c;
  c.folds = folds_->value();
  c.fold_size = std::size_t(fold_size_->value());
  c.gap = std::size_t(gap_->value());
  c.refit = parse_enum<Refit>(refit_->currentData().toString().toStdString());
  c.jobs = 1;
  return c;
}

bool BacktestDialog::isRunning() const { return controller_->isRunning(); }

void BacktestDialog::setStatus(const QString& text, bool error) {
  status_->setText(text);
  status_->setStyleSheet(error ? "color: #b00020;" : "");
}

void BacktestDialog::setRunning(bool running) {
  run_->setEnabled(!running);
  stop_->setEnabled(running);
  for (QWidget* w : std::initializer_list<QWidget*>{folds_, fold_size_, gap_, refit_}) w->setEnabled(!running);
}

void BacktestDialog::run() {
  if (controller_->isRunning()) return;
  if (doc_->hasSequences()) {
    setStatus(tr("A backtest rolls an origin through a time series; a sequence dataset has no time order between "
                 "its sequences (its test split already holds sequences the model never saw)."),
              true);
    return;
  }
  if (!doc_->hasData() || !doc_->prepared().series) {
    setStatus(doc_->hasData() ? doc_->prepared().error : tr("Open a series first (File > Open)."), true);
    return;
  }
  series_ = std::make_shared<const Series>(*doc_->prepared().series);
  TrainRequest request = doc_->trainRequest();
  progress_->setValue(0);
  progress_->setMaximum(folds_->value());
  table_->setRowCount(0);
  chart_->clear();
  if (!controller_->start(*series_, std::move(request), config())) return;
  setRunning(true);
  setStatus(tr("Starting…"));
}

void BacktestDialog::stop() {
  controller_->stop();
  setStatus(tr("Stopping: the folds under way end…"));
}

void BacktestDialog::showResult(std::shared_ptr<const BacktestResult> result) {
  setRunning(false);
  result_ = std::move(result);
  fillTable(*result_);
  chart_->show(*series_, *result_);
  QString text = tr("%1 of %2 folds finished.").arg(result_->folds.size()).arg(result_->plan.folds.size());
  if (result_->stopped) text += " " + tr("Stopped: the unfinished folds are left out.");
  if (result_->config.refit == Refit::Once) text += " " + tr("Refit once: fold 1's model and statistics throughout.");
  setStatus(text);
  emit backtestFinished();
}

void BacktestDialog::fillTable(const BacktestResult& r) {
  table_->setRowCount(int(r.folds.size()) + (r.folds.empty() ? 0 : 2));
  auto set = [this](int row, int col, const QString& text) { table_->setItem(row, col, new QTableWidgetItem(text)); };
  int row = 0;
  for (const FoldResult& f : r.folds) {
    set(row, 0, QString::number(f.index));
    set(row, 1, f.origin_label.empty() ? tr("row %1").arg(f.plan.origin + 1) : QString::fromStdString(f.origin_label));
    set(row, 2, QString::number(f.rows_tested));
    set(row, 3, number(f.model.rmse));
    set(row, 4, number(f.model.mae));
    set(row, 5, number(rmse_of(f.baselines, "persistence")));
    set(row, 6, number(rmse_of(f.baselines, "seasonal_naive")));
    ++row;
  }
  if (r.folds.empty()) return;
  for (const auto* part : {&r.mean, &r.spread}) {
    set(row, 0, part == &r.mean ? tr("Mean") : tr("Std"));
    set(row, 3, number(part->at("model").rmse));
    set(row, 4, number(part->at("model").mae));
    set(row, 5, number(rmse_of(*part, "persistence")));
    set(row, 6, number(rmse_of(*part, "seasonal_naive")));
    ++row;
  }
}

}  // namespace rnnwb::ui
