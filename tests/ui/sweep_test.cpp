// Sweeps in the workbench, offscreen: the sweep dialog builds the engine's points (a 2x2 grid, random
// search) and refuses a bad value inline; a queued sweep runs on the worker while the GUI thread keeps
// ticking and each run reaches the document as it ends; Stop after this run and Stop now; quitting
// during a sweep asks; the Predict page draws selected runs over the truth.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <set>

#include "engine/experiments/run_execution.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/training.hpp"
#include "ui/main_window.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/pages/train_page.hpp"
#include "ui/sweep_controller.hpp"
#include "ui/sweep_dialog.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

constexpr int kSunspotRows = 309;

// Tiny, quick runs on the sunspots sample.
void tiny_model(WorkbenchDocument& doc, int epochs, int batch = 32) {
  doc.setLayers({LayerSpec::lstm(4)});
  FitConfig fit = doc.fitConfig();
  fit.epochs = epochs;
  fit.batch_size = batch;
  fit.patience = 0;
  fit.threads = 1;
  doc.setFitConfig(fit);
}

void vary(SweepDialog& d, const QString& setting, const QString& values) {
  find<QCheckBox>(&d, "sweepVary_" + setting)->setChecked(true);
  find<QLineEdit>(&d, "sweepValues_" + setting)->setText(values);
}

QString runs_text(SweepDialog& d) { return find<QLabel>(&d, "sweepRunCount")->text(); }
bool ok_enabled(SweepDialog& d) {
  return find<QDialogButtonBox>(&d, "sweepButtons")->button(QDialogButtonBox::Ok)->isEnabled();
}

// The 2x2 plan of units 4, 6 and learning rates 0.01, 0.003, made through the dialog.
SweepPlan two_by_two(const WorkbenchDocument& doc) {
  SweepDialog d(doc.currentSettings());
  vary(d, "units", "4, 6");
  vary(d, "lr", "0.01, 0.003");
  if (d.plan().points.size() != 4) qFatal("the 2x2 plan has %d points", int(d.plan().points.size()));
  return d.plan();
}

struct Pages {
  WorkbenchDocument doc;
  TrainingController controller;
  TrainPage* train;
  QTabWidget tabs;
  Pages() {
    train = new TrainPage(&doc, &controller);
    tabs.addTab(train, "Train");
    tabs.resize(1280, 800);
    tabs.show();
  }
  SweepController* sweeps() const { return train->sweepController(); }
};

}  // namespace

class SweepTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void dialogBuildsTheGridAndRandomPoints();
  void dialogRefusesABadValueInline();
  void dialogHidesSeriesSettingsForSequences();
  void aQueuedSweepFillsTheDocumentWhileTheGuiTicks();
  void stopAfterThisRunEndsAfterTheCurrentOne();
  void stopNowEndsAtOnceKeepingFinishedRuns();
  void quittingDuringASweepAsks();
  void predictDrawsSelectedRunsOverTheTruth();
  void seedCheckShowsTheSpreadAndTheKeptSeed();

 private:
  QTemporaryDir dir_;
};

void SweepTest::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QVERIFY(dir_.isValid());
  qputenv("RNNWB_RECOVERY_DIR", dir_.filePath("recovery").toUtf8());
}

void SweepTest::dialogBuildsTheGridAndRandomPoints() {
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("sunspots").isEmpty());
  SweepDialog d(doc.currentSettings());
  d.show();
  // Prefilled with the current value (LSTM 32, learning rate 0.001) and its neighbours.
  QCOMPARE(find<QLineEdit>(&d, "sweepValues_units")->text(), QString("16, 32, 64"));
  QVERIFY(!find<QLineEdit>(&d, "sweepValues_units")->isEnabled());  // until ticked
  QVERIFY(runs_text(d).startsWith("0 runs"));
  QVERIFY(!ok_enabled(d));
  vary(d, "units", "4, 6");
  QCOMPARE(runs_text(d), QString("2 runs"));
  vary(d, "lr", "0.01, 0.003");
  QCOMPARE(runs_text(d), QString("4 runs"));
  QVERIFY(ok_enabled(d));
  // The grid, the first setting slowest.
  const std::vector<SweepPoint> expected = {{{"units", "4"}, {"lr", "0.01"}},
                                            {{"units", "4"}, {"lr", "0.003"}},
                                            {{"units", "6"}, {"lr", "0.01"}},
                                            {{"units", "6"}, {"lr", "0.003"}}};
  QVERIFY(d.plan().points == expected);
  QVERIFY(!d.plan().prune);
  find<QCheckBox>(&d, "sweepPrune")->setChecked(true);
  QVERIFY(d.plan().prune);
  save_screenshot(&d, "sweep_dialog.png");

  // Random search: 3 of the 4 combinations, all different; the same seed draws the same ones.
  find<QRadioButton>(&d, "sweepRandom")->setChecked(true);
  find<QSpinBox>(&d, "sweepRandomCount")->setValue(3);
  QCOMPARE(runs_text(d), QString("3 runs"));
  const std::vector<SweepPoint> drawn = d.plan().points;
  std::set<SweepPoint> distinct(drawn.begin(), drawn.end());
  QCOMPARE(distinct.size(), std::size_t(3));
  for (const SweepPoint& p : drawn) QVERIFY(std::find(expected.begin(), expected.end(), p) != expected.end());
  find<QSpinBox>(&d, "sweepRandomCount")->setValue(9);  // more than there are: each once
  QVERIFY2(runs_text(d).startsWith("4 runs") && runs_text(d).contains("only 4 combinations"), qPrintable(runs_text(d)));

  // A log range of learning rates: 5 draws inside it.
  find<QSpinBox>(&d, "sweepRandomCount")->setValue(5);
  find<QComboBox>(&d, "sweepMode_lr")->setCurrentIndex(1);
  find<QLineEdit>(&d, "sweepValues_lr")->setText("0.0001..0.01");
  find<QCheckBox>(&d, "sweepLog_lr")->setChecked(true);
  QCOMPARE(runs_text(d), QString("5 runs"));
  for (const SweepPoint& p : d.plan().points) {
    QCOMPARE(p.size(), std::size_t(2));
    const double lr = std::stod(p[1].second);
    QVERIFY2(lr >= 0.0001 && lr <= 0.01, p[1].second.c_str());
  }
  // A range cannot be a grid axis: said in the dialog's words.
  find<QRadioButton>(&d, "sweepGrid")->setChecked(true);
  QVERIFY(!ok_enabled(d));
  const QString error = find<QLabel>(&d, "sweepError")->text();
  QVERIFY2(error.contains("lr is a range") && error.contains("Random search"), qPrintable(error));
  QVERIFY(!error.contains("--random"));
}

void SweepTest::dialogRefusesABadValueInline() {
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("sunspots").isEmpty());
  SweepDialog d(doc.currentSettings());
  d.show();
  vary(d, "units", "4, abc");
  auto* error = find<QLabel>(&d, "sweepError");
  QVERIFY(error->isVisible());
  QVERIFY2(error->text().contains("units") && error->text().contains("abc") && error->text().contains("whole number"),
           qPrintable(error->text()));
  QVERIFY(find<QLineEdit>(&d, "sweepValues_units")->styleSheet().contains("#b00020"));
  QVERIFY(!ok_enabled(d));
  QVERIFY(d.plan().points.empty());
  save_screenshot(&d, "sweep_dialog_refused.png");
  // Fixed: the error goes, the runs come back.
  find<QLineEdit>(&d, "sweepValues_units")->setText("4, 8");
  QVERIFY(!error->isVisible());
  QCOMPARE(runs_text(d), QString("2 runs"));
  // A dropout of 1.5 is refused by the engine's own range.
  vary(d, "dropout", "0, 1.5");
  QVERIFY2(error->isVisible() && error->text().contains("dropout"), qPrintable(error->text()));
}

void SweepTest::dialogHidesSeriesSettingsForSequences() {
  Session sequences;
  sequences.sequences = SequenceSession{};
  sequences.layers = {LayerSpec::gru(16)};
  SweepDialog d(sequences);
  QVERIFY(d.findChild<QCheckBox*>("sweepVary_units"));
  for (const char* hidden : {"window", "horizon", "log", "diff"})
    QVERIFY2(!d.findChild<QCheckBox*>(QString("sweepVary_") + hidden), hidden);
}

void SweepTest::aQueuedSweepFillsTheDocumentWhileTheGuiTicks() {
  Pages p;
  QVERIFY(p.doc.loadSample("sunspots").isEmpty());
  tiny_model(p.doc, 10, 8);
  const SweepPlan plan = two_by_two(p.doc);
  int ticks = 0;
  QTimer ticker;
  connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
  ticker.start(10);
  // While it runs: Start and Sweep are disabled, Stop after this run is offered, runs arrive live.
  bool checked_controls = false, live = false;
  connect(p.sweeps(), &SweepController::runStarted, [&](int index) {
    if (index != 2) return;
    checked_controls = !find<QPushButton>(p.train, "startButton")->isEnabled() &&
                       !find<QPushButton>(p.train, "sweepButton")->isEnabled() &&
                       find<QPushButton>(p.train, "stopAfterRunButton")->isVisible() &&
                       find<QPushButton>(p.train, "stopButton")->isEnabled();
  });
  connect(&p.doc, &WorkbenchDocument::runsChanged, [&] {
    if (p.doc.runs().size() == 1) live = p.sweeps()->isRunning();
  });
  QSignalSpy finished(p.sweeps(), &SweepController::finished);
  QElapsedTimer clock;
  clock.start();
  QVERIFY(p.train->startSweep(plan));
  QVERIFY(p.sweeps()->isRunning());
  QVERIFY(!p.train->startSweep(plan));  // one sweep at a time
  QVERIFY(finished.wait(60000) || finished.count() == 1);
  const qint64 elapsed = clock.elapsed();
  ticker.stop();
  QCOMPARE(finished.at(0).at(0).toInt(), 4);
  QCOMPARE(finished.at(0).at(2).toBool(), false);
  QVERIFY(checked_controls);
  QVERIFY(live);
  // Every point became a completed run with its settings, its history and its model.
  QCOMPARE(p.doc.runs().size(), std::size_t(4));
  const std::vector<std::pair<int, double>> expected = {{4, 0.01}, {4, 0.003}, {6, 0.01}, {6, 0.003}};
  for (std::size_t i = 0; i < 4; ++i) {
    const RunRecord& r = p.doc.runs()[i];
    QCOMPARE(r.end, RunEnd::Completed);
    QCOMPARE(r.settings.layers.front().units, expected[i].first);
    QCOMPARE(r.settings.fit.optimizer.lr, expected[i].second);
    QCOMPARE(r.history.size(), std::size_t(10));
    QVERIFY(r.model);
    QVERIFY(!r.sweep.empty() && r.sweep == p.doc.runs()[0].sweep);
    QCOMPARE(QString::fromStdString(r.name), QString::fromStdString(point_text(plan.points[i])));
  }
  // The GUI thread kept ticking: at least a tenth of the 10 ms ticks the sweep's time holds.
  QVERIFY2(ticks >= 3 && ticks >= elapsed / 100, qPrintable(QString("%1 ticks in %2 ms").arg(ticks).arg(elapsed)));
  QVERIFY(find<QPushButton>(p.train, "startButton")->isEnabled());
  QVERIFY(!find<QPushButton>(p.train, "stopAfterRunButton")->isVisible());
  const QString status = find<QLabel>(p.train, "trainStatus")->text();
  QVERIFY2(status.startsWith("Sweep done: 4 runs") && status.contains("Best: "), qPrintable(status));
}

void SweepTest::stopAfterThisRunEndsAfterTheCurrentOne() {
  Pages p;
  QVERIFY(p.doc.loadSample("sunspots").isEmpty());
  tiny_model(p.doc, 30);
  bool clicked = false;
  connect(p.sweeps(), &SweepController::progress, [&] {
    if (clicked) return;
    clicked = true;
    find<QPushButton>(p.train, "stopAfterRunButton")->click();
  });
  QSignalSpy finished(p.sweeps(), &SweepController::finished);
  QVERIFY(p.train->startSweep(two_by_two(p.doc)));
  QVERIFY(finished.wait(60000) || finished.count() == 1);
  QCOMPARE(finished.at(0).at(0).toInt(), 1);
  QCOMPARE(finished.at(0).at(2).toBool(), true);
  QCOMPARE(p.doc.runs().size(), std::size_t(1));
  QCOMPARE(p.doc.runs()[0].end, RunEnd::Completed);
  QCOMPARE(p.doc.runs()[0].history.size(), std::size_t(30));  // the run it was in finished whole
  const QString status = find<QLabel>(p.train, "trainStatus")->text();
  QVERIFY2(status.startsWith("Sweep stopped after 1 of 4 runs"), qPrintable(status));
}

void SweepTest::stopNowEndsAtOnceKeepingFinishedRuns() {
  Pages p;
  QVERIFY(p.doc.loadSample("sunspots").isEmpty());
  constexpr int kEpochs = 1000;
  tiny_model(p.doc, kEpochs, 16);
  int run = 0;
  bool clicked = false;
  connect(p.sweeps(), &SweepController::runStarted, [&](int index) { run = index; });
  connect(p.sweeps(), &SweepController::progress, [&](const SweepProgress& progress) {
    if (run != 2 || clicked || progress.epochs.isEmpty() || progress.epochs.back().epoch < 30) return;
    clicked = true;
    save_screenshot(&p.tabs, "train_page_sweep.png");  // run 2 of 4 under way, run 1 on the Runs page
    QCOMPARE(find<QPushButton>(p.train, "stopButton")->text(), QString("Stop now"));
    find<QPushButton>(p.train, "stopButton")->click();
  });
  QSignalSpy finished(p.sweeps(), &SweepController::finished);
  QVERIFY(p.train->startSweep(two_by_two(p.doc)));
  QVERIFY(finished.wait(120000) || finished.count() == 1);
  QVERIFY(clicked);
  QCOMPARE(finished.at(0).at(0).toInt(), 2);
  QCOMPARE(finished.at(0).at(2).toBool(), true);
  QCOMPARE(p.doc.runs().size(), std::size_t(2));
  QCOMPARE(p.doc.runs()[0].end, RunEnd::Completed);
  QCOMPARE(p.doc.runs()[0].history.size(), std::size_t(kEpochs));
  QCOMPARE(p.doc.runs()[1].end, RunEnd::Stopped);
  QVERIFY2(p.doc.runs()[1].history.size() < std::size_t(kEpochs),
           qPrintable(QString::number(p.doc.runs()[1].history.size())));
  QVERIFY(!p.sweeps()->isRunning());
}

void SweepTest::quittingDuringASweepAsks() {
  MainWindow w;
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  tiny_model(*w.document(), 100000);
  int asked = 0, asked_to_save = 0;
  bool stop = false;
  w.prompts().stop_sweep_and_quit = [&] {
    ++asked;
    return stop;
  };
  w.prompts().save_changes = [&](const QString&) {
    ++asked_to_save;
    return SaveChoice::Discard;
  };
  auto* page = w.findChild<TrainPage*>();
  QVERIFY(page->startSweep(two_by_two(*w.document())));
  QVERIFY(!w.findChild<QAction*>("sweepAction")->isEnabled());
  QVERIFY(!w.findChild<QAction*>("startAction")->isEnabled());
  QSignalSpy epochs(page->sweepController(), &SweepController::progress);
  QVERIFY(epochs.wait(30000));
  // Keep sweeping: the window stays and so does the sweep.
  QVERIFY(!w.close());
  QCOMPARE(asked, 1);
  QVERIFY(page->sweepController()->isRunning());
  // Stop and quit: the run stops, its record reaches the document, and saving it is offered.
  stop = true;
  QVERIFY(w.close());
  QCOMPARE(asked, 2);
  QVERIFY(!page->sweepController()->isRunning());
  QCOMPARE(w.document()->runs().size(), std::size_t(1));
  QCOMPARE(w.document()->runs()[0].end, RunEnd::Stopped);
  QCOMPARE(asked_to_save, 1);
}

void SweepTest::predictDrawsSelectedRunsOverTheTruth() {
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("sunspots").isEmpty());
  tiny_model(doc, 40);
  doc.setTrainOutcome(train_model(*doc.prepared().series, doc.trainRequest()));  // the current model, window 12
  // Two runs of this data with windows 6 and 10 (the engine trains them from their settings).
  std::vector<QString> ids;
  for (const char* window : {"6", "10"}) {
    Session s = doc.currentSettings();
    apply_sweep_value(s, "window", window);
    RunRecord r = execute_run(s);
    r.name = std::string("window=") + window;
    ids.push_back(doc.addRun(r));
  }
  // A run of other data (its SHA-256 differs) and one that could not train.
  RunRecord other = *doc.findRun(ids[0]);
  TrainedModel elsewhere = *other.model;
  elsewhere.data_sha256 = std::string(64, 'a');
  other.model = std::make_shared<const TrainedModel>(elsewhere);
  other.name = "elsewhere";
  ids.push_back(doc.addRun(other));
  RunRecord failed;
  failed.settings = doc.currentSettings();
  failed.end = RunEnd::Failed;
  failed.message = "units: too many";
  failed.name = "broken";
  ids.push_back(doc.addRun(failed));

  QTabWidget tabs;
  auto* page = new PredictPage(&doc);
  tabs.addTab(page, "Predict");
  tabs.resize(1200, 800);
  tabs.show();
  QVERIFY(wait_for([&] { return !page->isBusy() && line(page, "predictionChart", "predicted")->count() > 0; }, 20000));
  QVERIFY(!line(page, "predictionChart", "runOverlay1")->isVisible());
  doc.setSelectedRunIds({ids[0], ids[1], ids[2], ids[3]});
  QLineSeries* first = line(page, "predictionChart", "runOverlay1");
  QLineSeries* second = line(page, "predictionChart", "runOverlay2");
  QVERIFY(wait_for([&] { return first->count() > 0 && second->count() > 0; }, 20000));
  // One point per row with a full window of each run's own length; the legend names the runs.
  QVERIFY(first->isVisible() && second->isVisible());
  QCOMPARE(first->count(), kSunspotRows - 6);
  QCOMPARE(second->count(), kSunspotRows - 10);
  QCOMPARE(first->name(), QString("run window=6"));
  QCOMPARE(second->name(), QString("run window=10"));
  QVERIFY(!line(page, "predictionChart", "runOverlay3")->isVisible());
  // The point of row 100 is that run's own prediction of it.
  const RunRecord* six = doc.findRun(ids[0]);
  const double y = predict_rows(*six->model, *doc.prepared().series, {100})(0, 0, 0);
  QCOMPARE(first->at(100 - 6).x(), 100.0);
  QVERIFY2(std::abs(first->at(100 - 6).y() - y) < 1e-5 * std::abs(y),
           qPrintable(QString("%1 vs %2").arg(first->at(94).y()).arg(y)));
  const QString note = find<QLabel>(page, "overlayNote")->text();
  QVERIFY2(note.contains("elsewhere was trained on other data") && note.contains("broken: it could not train"),
           qPrintable(note));
  save_screenshot(&tabs, "predict_page_overlay.png");
  // Deselected: the lines go.
  doc.setSelectedRunIds({});
  QVERIFY(wait_for([&] { return !first->isVisible(); }, 5000));
  QVERIFY(find<QLabel>(page, "overlayNote")->isHidden());
}

QTEST_MAIN(SweepTest)
// The multi-seed check: one run per seed on the Runs page, then a table of their spread under the
// charts in which the seed kept is the one whose best epoch has the lowest validation loss.
void SweepTest::seedCheckShowsTheSpreadAndTheKeptSeed() {
  Pages p;
  QVERIFY(p.doc.loadSample("sunspots").isEmpty());
  tiny_model(p.doc, 5);
  QVERIFY(!p.train->startSeedCheck("3-1"));
  QVERIFY2(find<QLabel>(p.train, "trainStatus")->text().contains("runs backwards"),
           qPrintable(find<QLabel>(p.train, "trainStatus")->text()));
  QSignalSpy finished(p.sweeps(), &SweepController::finished);
  QVERIFY(p.train->startSeedCheck("1-3"));
  QVERIFY(finished.wait(60000) || finished.count() == 1);
  QCOMPARE(p.doc.runs().size(), std::size_t(3));
  std::set<std::uint64_t> seeds;
  const RunRecord* lowest = nullptr;
  for (const RunRecord& r : p.doc.runs()) {
    seeds.insert(r.settings.fit.seed);
    if (!lowest || r.best_loss() < lowest->best_loss()) lowest = &r;
  }
  QCOMPARE(seeds, (std::set<std::uint64_t>{1, 2, 3}));
  auto* spread = find<QLabel>(p.train, "seedSpreadLabel");
  QVERIFY(spread->isVisible());
  const QString text = spread->text();
  QVERIFY2(text.contains("over 3 seeds the test RMSE ranges from"), qPrintable(text));
  const QString kept = QString("<tr style='font-weight:bold'><td>%1</td>").arg(lowest->settings.fit.seed);
  QVERIFY2(text.contains(kept), qPrintable(text));
  QCOMPARE(text.count("kept: lowest validation loss"), 1);
  save_screenshot(&p.tabs, "train_page_seed_check.png");
}

#include "sweep_test.moc"
