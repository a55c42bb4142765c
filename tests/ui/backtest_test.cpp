// The Backtest action: the dialog from the Predict page and the Train menu, a 3-fold backtest on
// the worker with a row per fold plus the aggregate, the fold origins on the chart, Stop, and a
// GUI thread that stays responsive; screenshots of the dialog and its results.
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "ui/backtest_chart.hpp"
#include "ui/backtest_dialog.hpp"
#include "ui/main_window.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

class BacktestTest : public QObject {
  Q_OBJECT
 private slots:
  void threeFoldsGiveThreeRowsAndTheAggregate();
  void stopEndsTheUnfinishedFolds();
  void theTrainMenuOpensIt();
  void guiThreadNeverStallsDuringABacktest();
};

namespace {

void tiny_model(WorkbenchDocument& doc, int epochs) {
  doc.setLayers({LayerSpec::lstm(4)});
  FitConfig fit = doc.fitConfig();
  fit.epochs = epochs;
  fit.batch_size = 32;
  fit.patience = 0;
  fit.threads = 1;
  doc.setFitConfig(fit);
}

BacktestDialog* open_dialog(MainWindow& w) {
  auto* page = w.findChild<PredictPage*>();
  find<QPushButton>(page, "backtestButton")->click();
  return find<BacktestDialog>(page, "backtestDialog");
}

}  // namespace

void BacktestTest::threeFoldsGiveThreeRowsAndTheAggregate() {
  MainWindow w;
  w.resize(1100, 800);
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  tiny_model(*w.document(), 3);
  BacktestDialog* d = open_dialog(w);
  QVERIFY(d->isVisible());
  find<QSpinBox>(d, "backtestFolds")->setValue(3);
  find<QSpinBox>(d, "backtestFoldSize")->setValue(20);
  save_screenshot(d, "backtest_dialog.png");
  find<QPushButton>(d, "backtestRun")->click();
  QVERIFY(d->isRunning());  // the click returned at once: the folds train on the worker
  QVERIFY(find<QPushButton>(d, "backtestStop")->isEnabled());
  QVERIFY(wait_for([&] { return !d->isRunning(); }, 60000));
  auto* table = find<QTableWidget>(d, "backtestTable");
  QCOMPARE(table->rowCount(), 5);  // 3 folds, mean, std
  QCOMPARE(table->item(3, 0)->text(), QString("Mean"));
  QCOMPARE(table->item(4, 0)->text(), QString("Std"));
  const BacktestResult* r = d->result();
  QVERIFY(r);
  QCOMPARE(int(r->folds.size()), 3);
  // The origins: 309 rows, the last three blocks of 20 rows: rows 249, 269, 289 (0-based), i.e. years.
  QCOMPARE(table->item(0, 1)->text(), QString("1949"));
  QCOMPARE(table->item(2, 1)->text(), QString("1989"));
  QCOMPARE(table->item(0, 2)->text(), QString("20"));
  const double mean = (r->folds[0].model.rmse + r->folds[1].model.rmse + r->folds[2].model.rmse) / 3;
  QVERIFY(std::abs(table->item(3, 3)->text().toDouble() - mean) <= 1e-3 * mean);
  QVERIFY(!table->item(0, 5)->text().isEmpty());
  QCOMPARE(find<BacktestChart>(d, "backtestChart")->originMarkers(), 3);
  QVERIFY(!find<QPushButton>(d, "backtestStop")->isEnabled());
  save_screenshot(d, "backtest_results.png");
}

void BacktestTest::stopEndsTheUnfinishedFolds() {
  MainWindow w;
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  tiny_model(*w.document(), 100000);  // would run for minutes
  BacktestDialog* d = open_dialog(w);
  find<QSpinBox>(d, "backtestFolds")->setValue(3);
  find<QPushButton>(d, "backtestRun")->click();
  QVERIFY(wait_for([&] { return find<QLabel>(d, "backtestStatus")->text().contains("epoch"); }, 20000));
  find<QPushButton>(d, "backtestStop")->click();
  QVERIFY(wait_for([&] { return !d->isRunning(); }, 20000));
  QVERIFY(d->result());
  QVERIFY(d->result()->stopped);
  QVERIFY(d->result()->folds.empty());  // fold 1 stopped in training: nothing finished
  QCOMPARE(d->result()->unfinished, (std::vector<int>{1, 2, 3}));
  QVERIFY(find<QLabel>(d, "backtestStatus")->text().contains("Stopped"));
  QVERIFY(find<QPushButton>(d, "backtestRun")->isEnabled());
}

void BacktestTest::theTrainMenuOpensIt() {
  MainWindow w;
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  auto* action = w.findChild<QAction*>("backtestAction");
  QVERIFY(action);
  action->trigger();
  auto* d = w.findChild<BacktestDialog*>("backtestDialog");
  QVERIFY(d && d->isVisible());
}

void BacktestTest::guiThreadNeverStallsDuringABacktest() {
  RNNWB_TIMING_TEST();
  MainWindow w;
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  tiny_model(*w.document(), 100000);
  BacktestDialog* d = open_dialog(w);
  GuiLatencyProbe probe;
  probe.start();
  find<QPushButton>(d, "backtestRun")->click();
  QTest::qWait(1500);
  probe.stop();
  QVERIFY(d->isRunning());
  d->stop();
  QVERIFY(wait_for([&] { return !d->isRunning(); }, 20000));
  QVERIFY2(probe.stall().isEmpty(), qPrintable(probe.stall()));
}

QTEST_MAIN(BacktestTest)
#include "backtest_test.moc"
