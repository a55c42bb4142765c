// A cancel storm: Start and Stop (and Pause / Resume) pressed 100 times in quick succession on a
// real training controller and Train page. Every run must end (finished or failed) within a
// generous bound, the controller must never be left running or paused, and a normal run after
// the storm must train to the end. A wrong design (a worker that misses a stop request, a
// deadlock between pause and stop, a queued signal arriving for a run that has ended) hangs or
// fails here.
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "ui/pages/train_page.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

class CancelStormTest : public QObject {
  Q_OBJECT
 private slots:
  void hundredStartsAndStopsEndCleanly();
  void exceptionsInsideTheWorkerAreReportedAndTrainingGoesOn();
};

void CancelStormTest::hundredStartsAndStopsEndCleanly() {
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  TrainingController controller;
  TrainPage page(&doc, &controller);
  doc.setLayers({LayerSpec::lstm(8)});
  FitConfig fit = doc.fitConfig();
  fit.epochs = 100000;  // only Stop ends these runs
  fit.batch_size = 16;
  fit.patience = 0;
  fit.threads = 2;
  doc.setFitConfig(fit);
  QSignalSpy finished(&controller, &TrainingController::finished);
  QSignalSpy failed(&controller, &TrainingController::failed);
  QPushButton* start = find<QPushButton>(&page, "startButton");

  for (int i = 0; i < 100; ++i) {
    QVERIFY2(start->isEnabled(), qPrintable(QString("Start disabled before run %1").arg(i)));
    const int ended = finished.count() + failed.count();
    page.startTraining();
    QVERIFY(controller.isRunning());
    // Vary the moment of the stop: at once, after the worker had a moment, and while paused.
    if (i % 3 == 1) QTest::qWait(i % 7);
    if (i % 5 == 2) {
      page.togglePause();
      if (i % 2) page.togglePause();
    }
    page.stopTraining();
    QTRY_VERIFY2_WITH_TIMEOUT(finished.count() + failed.count() == ended + 1,
                              qPrintable(QString("run %1 did not end after Stop").arg(i)), 5000);
    QVERIFY(!controller.isRunning());
    QVERIFY(!controller.isPaused());
  }
  QCOMPARE(finished.count() + failed.count(), 100);

  // After the storm a normal run trains to its end.
  fit.epochs = 3;
  doc.setFitConfig(fit);
  page.startTraining();
  QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 101, 60000);
  QCOMPARE(failed.count(), 0);
  QVERIFY(doc.hasTrained());
  QCOMPARE(doc.fitResult().status, FitStatus::Completed);
  QCOMPARE(doc.fitResult().epochs_run, 3);
}

// Errors thrown inside the worker thread (data too short for the window, a model too large for
// memory) come back as one failed() message each; the controller is free again and the next
// good run trains.
void CancelStormTest::exceptionsInsideTheWorkerAreReportedAndTrainingGoesOn() {
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  TrainingController controller;
  QSignalSpy finished(&controller, &TrainingController::finished);
  QSignalSpy failed(&controller, &TrainingController::failed);
  const Series& series = *doc.prepared().series;

  TrainRequest too_long = doc.trainRequest();
  too_long.pipeline.window = 400;  // sunspots has 309 rows
  QVERIFY(controller.start(series, too_long));
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
  QVERIFY2(failed.at(0).at(0).toString().contains("too few rows"), qPrintable(failed.at(0).at(0).toString()));
  QVERIFY(!controller.isRunning());

  TrainRequest huge = doc.trainRequest();
  huge.layers = {LayerSpec::lstm(60000)};  // within the units limit, beyond memory
  QVERIFY(controller.start(series, huge));
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);
  QVERIFY2(failed.at(1).at(0).toString().contains("GiB of memory"), qPrintable(failed.at(1).at(0).toString()));
  QVERIFY(!controller.isRunning());

  TrainRequest good = doc.trainRequest();
  good.layers = {LayerSpec::gru(4)};
  good.fit.epochs = 2;
  QVERIFY(controller.start(series, good));
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
  QCOMPARE(failed.count(), 2);
}

QTEST_MAIN(CancelStormTest)
#include "cancel_storm_test.moc"
