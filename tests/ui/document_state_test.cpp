// One document, never stale, no lost work (issue 15): every page shows the document open now (the
// Train page's charts and status, the Export page's messages), a reopened session shows its loss
// history, a model whose settings changed is marked out of date (Revert, Retrain), closing during
// training asks and keeps the recovery file, replacing or closing a modified document asks
// "Save changes to the session?", and a session whose data moved can be pointed at it again or
// opened without it. The window's questions are answered through MainWindow::prompts().
#include <QApplication>
#include <QChart>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QXYSeries>
#include <QtTest>
#include <cmath>

#include "engine/io/npy.hpp"
#include "engine/workflow/checkpoint.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/main_window.hpp"
#include "ui/model_drift_banner.hpp"
#include "ui/pages/export_page.hpp"
#include "ui/pages/train_page.hpp"
#include "ui/pages/validation_chart.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

// A small, fast model on whatever the document holds: `epochs` epochs, no early stop.
void small_model(WorkbenchDocument* doc, int epochs) {
  doc->setLayers({LayerSpec::lstm(4)});
  FitConfig fit = doc->fitConfig();
  fit.epochs = epochs;
  fit.patience = 0;
  fit.threads = 1;
  doc->setFitConfig(fit);
}

void train(MainWindow& w, int epochs) {
  small_model(w.document(), epochs);
  w.startTraining();
  QVERIFY(w.controller()->isRunning());
  QVERIFY(wait_for([&] { return !w.controller()->isRunning(); }, 60000));
  QVERIFY(w.document()->hasModel());
}

QString write_csv(const QString& path, int rows, double phase = 0) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  QTextStream out(&f);
  out << "t,value\n";
  for (int i = 0; i < rows; ++i) out << i << "," << std::sin(i * 0.2 + phase) + 2 << "\n";
  return path;
}

int epochs_in(const QString& path) {
  if (!QFile::exists(path)) return -1;
  try {
    const LoadedCheckpoint c = load_checkpoint(path.toStdString());
    return c.recovery ? c.recovery->epochs_done : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

// The series named `name` in the chart `chart`, a line or a scatter (the best-epoch marker).
QXYSeries* xy(QWidget* root, const char* chart, const char* name) {
  for (QAbstractSeries* s : find<ChartView>(root, chart)->chart()->series())
    if (s->objectName() == name) return qobject_cast<QXYSeries*>(s);
  qFatal("no series %s in %s", name, chart);
}

QList<ModelDriftBanner*> drift_banners(MainWindow& w) { return w.findChildren<ModelDriftBanner*>("modelDriftBanner"); }

}  // namespace

class DocumentStateTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void everyPageShowsTheDocumentOpenNow();
  void aSequenceSessionShowsItsHistory();
  void changedSettingsMarkTheModelOutOfDate();
  void closingDuringTrainingAsksAndKeepsTheRecoveryFile();
  void replacingAModifiedDocumentAsksToSave();
  void aSessionWhoseDataMovedCanBeLocated();
  void aSessionOpensWithoutItsData();

 private:
  QTemporaryDir dir_;
};

void DocumentStateTest::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QVERIFY(dir_.isValid());
  qputenv("RNNWB_RECOVERY_DIR", dir_.filePath("recovery").toUtf8());
}

void DocumentStateTest::everyPageShowsTheDocumentOpenNow() {
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  train(w, 4);
  const int epochs = w.document()->fitResult().epochs_run;
  const int best = w.document()->fitResult().best_epoch;
  QCOMPARE(epochs, 4);
  QCOMPARE(xy(&w, "lossChart", "training loss")->count(), 4);
  auto* export_page = w.findChild<ExportPage*>();
  QVERIFY(export_page->saveHistoryTo(dir_.filePath("history.csv")).isEmpty());
  auto* export_status = find<QLabel>(&w, "exportStatus");
  QVERIFY(!export_status->text().isEmpty());
  const QString session = dir_.filePath("state.rnnwb");
  QVERIFY(w.saveSession(session).isEmpty());

  // Another dataset: the Train page shows no training, the Export page no message of the last one.
  QVERIFY(w.openSample("elec_equip").isEmpty());
  QCOMPARE(xy(&w, "lossChart", "training loss")->count(), 0);
  QCOMPARE(xy(&w, "validationChart", "predicted")->count(), 0);
  QCOMPARE(find<QLabel>(&w, "progressLabel")->text(), QString("No training yet"));
  QVERIFY(find<QLabel>(&w, "trainStatus")->text().startsWith("Ready"));
  QVERIFY(find<QProgressBar>(&w, "progressBar")->isHidden());
  QVERIFY(export_status->text().isEmpty());
  w.pages()->setCurrentWidget(w.findChild<ExportPage*>());
  save_screenshot(&w, "export_page_after_another_file.png");

  // The session again: its loss history and best epoch, and no progress bar at 0%.
  QVERIFY(w.openSession(session).isEmpty());
  QCOMPARE(xy(&w, "lossChart", "training loss")->count(), epochs);
  QCOMPARE(xy(&w, "lossChart", "best epoch")->count(), 1);
  QCOMPARE(xy(&w, "lossChart", "best epoch")->at(0).x(), double(best));
  const QString status = find<QLabel>(&w, "trainStatus")->text();
  QVERIFY2(status.contains(QString("%1 epochs").arg(epochs)) && status.contains(QString("best epoch %1").arg(best)),
           qPrintable(status));
  QVERIFY(find<QProgressBar>(&w, "progressBar")->isHidden());
  // The validation previews are not kept: the chart says where this model's predictions are.
  const QString validation = w.findChild<ValidationChart*>()->view()->chart()->title();
  QVERIFY2(validation.contains("Predict page"), qPrintable(validation));
  QTRY_VERIFY_WITH_TIMEOUT(!w.document()->evaluating(), 30000);
  QVERIFY(!w.document()->isModified());  // opened as saved, metrics computed again
  QVERIFY(!w.isWindowModified());
  w.pages()->setCurrentIndex(3);
  save_screenshot(&w, "train_page_restored_from_session.png");

  // A new model clears the Export page's message too.
  QVERIFY(export_page->saveHistoryTo(dir_.filePath("history2.csv")).isEmpty());
  QVERIFY(!export_status->text().isEmpty());
  train(w, 2);
  QVERIFY(export_status->text().isEmpty());
  QVERIFY(!find<QProgressBar>(&w, "progressBar")->isHidden());  // the run that just ended
}

void DocumentStateTest::aSequenceSessionShowsItsHistory() {
  // X (N, T, 1) and Y (N, 1) as .npy: a small regression dataset (Y the sum of each sequence).
  const std::size_t n = 40, steps = 6;
  NpyArray x{{n, steps, 1}, {}, false}, y{{n, 1}, {}, false};
  for (std::size_t i = 0; i < n; ++i) {
    float sum = 0;
    for (std::size_t t = 0; t < steps; ++t) {
      x.data.push_back(float(std::sin(0.37 * double(i * steps + t))));
      sum += x.data.back();
    }
    y.data.push_back(sum);
  }
  write_npy(dir_.filePath("X.npy").toStdString(), x);
  write_npy(dir_.filePath("Y.npy").toStdString(), y);
  MainWindow w;
  w.show();
  QVERIFY(w.document()
              ->loadSequenceFiles({dir_.filePath("X.npy").toStdString(), dir_.filePath("Y.npy").toStdString(), {}, {}})
              .isEmpty());
  train(w, 3);
  QVERIFY(w.document()->sequenceOutcome());
  const QString session = dir_.filePath("sequences.rnnwb");
  QVERIFY(w.saveSession(session).isEmpty());
  QVERIFY(w.openSample("sunspots").isEmpty());
  QCOMPARE(xy(&w, "lossChart", "training loss")->count(), 0);
  QVERIFY(w.openSession(session).isEmpty());
  QCOMPARE(xy(&w, "lossChart", "training loss")->count(), 3);
  QVERIFY(find<QLabel>(&w, "trainStatus")->text().contains("3 epochs"));
  QVERIFY(find<QProgressBar>(&w, "progressBar")->isHidden());

  // The dataset moved: locating X finds Y beside it, and the session opens from there.
  QVERIFY(QDir(dir_.path()).mkpath("moved-sequences"));
  const QString moved_x = dir_.filePath("moved-sequences/X.npy"), moved_y = dir_.filePath("moved-sequences/Y.npy");
  QVERIFY(QFile::rename(dir_.filePath("X.npy"), moved_x));
  QVERIFY(QFile::rename(dir_.filePath("Y.npy"), moved_y));
  QVERIFY(w.openSample("sunspots").isEmpty());
  int located = 0;
  w.prompts().missing_data = [](const QString&) { return MissingDataChoice::Locate; };
  w.prompts().locate_data = [&](const QString&) {
    ++located;
    return moved_x;
  };
  QVERIFY(w.openSession(session).isEmpty());
  QCOMPARE(located, 1);
  QCOMPARE(QString::fromStdString(w.document()->sequenceFiles().x_path), moved_x);
  QCOMPARE(QString::fromStdString(w.document()->sequenceFiles().y_path), moved_y);
  QCOMPARE(xy(&w, "lossChart", "training loss")->count(), 3);
}

void DocumentStateTest::changedSettingsMarkTheModelOutOfDate() {
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  const int trained_window = int(doc->pipelineConfig().window);
  train(w, 2);
  const QList<ModelDriftBanner*> banners = drift_banners(w);
  QCOMPARE(banners.size(), 3);  // Train, Predict, Export
  for (ModelDriftBanner* b : banners) QVERIFY(b->isHidden());

  // The window changes: every page that uses the model says so, with both values.
  doc->setWindow(trained_window + 5);
  for (ModelDriftBanner* b : banners) {
    QVERIFY(!b->isHidden());
    QVERIFY2(b->text().contains("Settings changed since training"), qPrintable(b->text()));
    QVERIFY2(b->text().contains(QString("window: %1 now, %2 in the model").arg(trained_window + 5).arg(trained_window)),
             qPrintable(b->text()));
  }
  QCOMPARE(int(doc->trained()->pipeline.window), trained_window);  // the model keeps its own
  w.pages()->setCurrentIndex(4);
  save_screenshot(&w, "predict_page_model_out_of_date.png");
  w.pages()->setCurrentIndex(3);
  save_screenshot(&w, "train_page_model_out_of_date.png");

  // Saved and reopened as it was: the same settings, the same model, so out of date again.
  const QString session = dir_.filePath("drift.rnnwb");
  QVERIFY(w.saveSession(session).isEmpty());
  QVERIFY(w.openSession(session).isEmpty());
  QCOMPARE(int(doc->pipelineConfig().window), trained_window + 5);
  QCOMPARE(int(doc->trained()->pipeline.window), trained_window);
  QVERIFY(!banners.front()->isHidden());

  // Revert: the document's settings go back to the model's.
  FitConfig fit = doc->fitConfig();
  fit.optimizer.lr *= 2;
  doc->setFitConfig(fit);
  QVERIFY(banners.front()->text().contains("lr"));
  QTest::mouseClick(find<QPushButton>(banners.front(), "driftRevert"), Qt::LeftButton);
  QCOMPARE(int(doc->pipelineConfig().window), trained_window);
  QCOMPARE(doc->fitConfig().optimizer.lr, doc->trained()->training.optimizer.lr);
  QVERIFY(doc->modelDrift().isEmpty());
  for (ModelDriftBanner* b : banners) QVERIFY(b->isHidden());

  // Retrain: a training with the settings as they are now, after which nothing is out of date.
  doc->setHorizon(2);
  QVERIFY(!banners.back()->isHidden());
  QTest::mouseClick(find<QPushButton>(banners.back(), "driftRetrain"), Qt::LeftButton);
  QVERIFY(w.controller()->isRunning());
  QVERIFY(wait_for([&] { return !w.controller()->isRunning(); }, 60000));
  QCOMPARE(int(doc->trained()->pipeline.horizon), 2);
  for (ModelDriftBanner* b : banners) QVERIFY(b->isHidden());
}

void DocumentStateTest::closingDuringTrainingAsksAndKeepsTheRecoveryFile() {
  const QString recovery = MainWindow::defaultRecoveryFile();
  QFile::remove(recovery);
  {
    MainWindow w;
    w.show();
    w.setRecoveryFile(recovery, 0);
    QVERIFY(w.openSample("sunspots").isEmpty());
    small_model(w.document(), 100000);
    int asked = 0;
    bool stop = false;
    w.prompts().stop_training_and_quit = [&] {
      ++asked;
      return stop;
    };
    w.startTraining();
    QVERIFY(wait_for([&] { return epochs_in(recovery) >= 1; }, 30000));
    // Keep training: the window stays and so does the training.
    QVERIFY(!w.close());
    QCOMPARE(asked, 1);
    QVERIFY(w.isVisible());
    QVERIFY(w.controller()->isRunning());
    // Stop and quit: the worker stops, its thread ends, and the recovery file stays.
    stop = true;
    QVERIFY(w.close());
    QCOMPARE(asked, 2);
    QVERIFY(!w.controller()->isRunning());
    QVERIFY(epochs_in(recovery) >= 1);
  }
  // The next start offers it.
  MainWindow again;
  again.setRecoveryFile(recovery, 0);
  QVERIFY(again.recoveryOffered());
  QVERIFY(again.recoveryOfferText().contains("interrupted"));
  QVERIFY(again.discardRecovery().isEmpty());
  QVERIFY(!QFile::exists(recovery));
}

void DocumentStateTest::replacingAModifiedDocumentAsksToSave() {
  MainWindow w;
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  QVERIFY(!doc->isModified());
  QVERIFY(!w.isWindowModified());
  QVERIFY2(w.windowTitle().startsWith("sample:sunspots[*]"), qPrintable(w.windowTitle()));
  QList<SaveChoice> answers;
  QString save_as;
  int asked = 0;
  w.prompts().save_changes = [&](const QString&) {
    ++asked;
    return answers.takeFirst();
  };
  w.prompts().session_path_to_save = [&] { return save_as; };
  auto* sample_action = w.findChild<QAction*>("sunspotsAction");
  QVERIFY(sample_action);

  // Nothing changed: no question.
  sample_action->trigger();
  QCOMPARE(asked, 0);

  // Changed: the title says so; Cancel keeps everything as it is.
  const int window = int(doc->pipelineConfig().window);
  doc->setWindow(window + 3);
  QVERIFY(doc->isModified());
  QVERIFY(w.isWindowModified());
  answers = {SaveChoice::Cancel};
  sample_action->trigger();
  QCOMPARE(asked, 1);
  QCOMPARE(int(doc->pipelineConfig().window), window + 3);
  QVERIFY(doc->isModified());
  // Closing asks too, and Cancel keeps the window.
  answers = {SaveChoice::Cancel};
  QVERIFY(!w.close());
  QCOMPARE(asked, 2);

  // Discard: the sample opens afresh, not modified.
  answers = {SaveChoice::Discard};
  sample_action->trigger();
  QCOMPARE(asked, 3);
  QCOMPARE(int(doc->pipelineConfig().window), window);
  QVERIFY(!doc->isModified());

  // Save: a session never saved asks where (cancelling that cancels the open)...
  doc->setWindow(window + 4);
  answers = {SaveChoice::Save};
  save_as.clear();
  sample_action->trigger();
  QCOMPARE(int(doc->pipelineConfig().window), window + 4);
  const QString session = dir_.filePath("asked.rnnwb");
  QFile::remove(session);
  answers = {SaveChoice::Save};
  save_as = session;
  sample_action->trigger();
  QCOMPARE(asked, 5);
  QVERIFY(QFile::exists(session));
  QCOMPARE(int(doc->pipelineConfig().window), window);  // then the sample opened
  QVERIFY(w.openSession(session).isEmpty());
  QCOMPARE(int(doc->pipelineConfig().window), window + 4);
  QTRY_VERIFY_WITH_TIMEOUT(!doc->evaluating(), 30000);  // the metrics arriving change nothing to save
  QVERIFY(!doc->isModified());
  QVERIFY2(w.windowTitle().startsWith("asked.rnnwb[*]"), qPrintable(w.windowTitle()));

  // ...and an open session is saved in place (as Ctrl+S does).
  doc->setWindow(window + 6);
  QVERIFY(w.isWindowModified());
  w.findChild<QAction*>("saveSessionAction")->trigger();
  QVERIFY(!doc->isModified());
  QVERIFY(!w.isWindowModified());
  QVERIFY(w.openSession(session).isEmpty());
  QCOMPARE(int(doc->pipelineConfig().window), window + 6);
  // A new model is an unsaved change as well.
  small_model(doc, 1);
  doc->setModified(false);
  w.startTraining();
  QVERIFY(wait_for([&] { return !w.controller()->isRunning(); }, 60000));
  QVERIFY(doc->hasTrained());
  QVERIFY(doc->isModified());
  answers = {SaveChoice::Discard};
  QVERIFY(w.close());
  QCOMPARE(asked, 6);
}

void DocumentStateTest::aSessionWhoseDataMovedCanBeLocated() {
  const QString csv = write_csv(dir_.filePath("moving.csv"), 200);
  const QString session = dir_.filePath("moving.rnnwb");
  {
    MainWindow w;
    QVERIFY(w.openCsv(csv).isEmpty());
    w.document()->setWindow(7);
    QVERIFY(w.saveSession(session).isEmpty());
  }
  const QString moved = dir_.filePath("moved.csv");
  QFile::remove(moved);
  QVERIFY(QFile::rename(csv, moved));
  const QString other = write_csv(dir_.filePath("other.csv"), 200, 1.0);  // the same shape, other values

  MainWindow w;
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  MissingDataChoice choice = MissingDataChoice::Locate;
  QString located;
  bool use_anyway = false;
  int asked_missing = 0, asked_different = 0;
  w.prompts().missing_data = [&](const QString& text) {
    ++asked_missing;
    if (!text.contains("moving.csv")) qWarning("the question does not name the file: %s", qPrintable(text));
    return choice;
  };
  w.prompts().locate_data = [&](const QString&) { return located; };
  w.prompts().use_different_data = [&](const QString&) {
    ++asked_different;
    return use_anyway;
  };

  // Another file (its SHA-256 differs): asked, and No changes nothing.
  located = other;
  QVERIFY(!w.openSession(session).isEmpty());
  QCOMPARE(asked_missing, 1);
  QCOMPARE(asked_different, 1);
  QCOMPARE(w.document()->dataSource(), QString("sample:sunspots"));
  // Yes uses it.
  use_anyway = true;
  QVERIFY(w.openSession(session).isEmpty());
  QCOMPARE(asked_different, 2);
  QCOMPARE(w.document()->dataSource(), other);
  QCOMPARE(int(w.document()->pipelineConfig().window), 7);

  // The moved file itself: its SHA-256 matches, so no second question.
  located = moved;
  QVERIFY(w.openSession(session).isEmpty());
  QCOMPARE(asked_missing, 3);
  QCOMPARE(asked_different, 2);
  QCOMPARE(w.document()->dataSource(), moved);
  QCOMPARE(int(w.document()->pipelineConfig().window), 7);
  QVERIFY(w.document()->isModified());  // saving records where the data is now
  QVERIFY(w.saveSession(session).isEmpty());
  QVERIFY(w.openSession(session).isEmpty());
  QCOMPARE(asked_missing, 3);  // found where it is now
  QCOMPARE(w.document()->dataSource(), moved);
}

void DocumentStateTest::aSessionOpensWithoutItsData() {
  const QString csv = write_csv(dir_.filePath("vanishing.csv"), 240);
  const QString session = dir_.filePath("vanishing.rnnwb");
  int epochs = 0;
  {
    MainWindow w;
    QVERIFY(w.openCsv(csv).isEmpty());
    train(w, 3);
    epochs = w.document()->fitResult().epochs_run;
    QVERIFY(w.saveSession(session).isEmpty());
  }
  QVERIFY(QFile::remove(csv));
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  w.prompts().missing_data = [](const QString&) { return MissingDataChoice::WithoutData; };
  QVERIFY(w.openSession(session).isEmpty());
  WorkbenchDocument* doc = w.document();
  QVERIFY(!doc->hasData());
  QVERIFY(doc->hasTrained());
  QCOMPARE(doc->missingData(), csv);
  QVERIFY(!find<QWidget>(&w, "missingDataBanner")->isHidden());
  QVERIFY(find<QLabel>(&w, "missingDataText")->text().contains("vanishing.csv"));
  QCOMPARE(xy(&w, "lossChart", "training loss")->count(), epochs);
  QVERIFY(find<QLabel>(&w, "startBlockedLabel")->text().contains("data file is missing"));
  // The model and its history can be saved; the predictions say why not.
  auto* export_page = w.findChild<ExportPage*>();
  QVERIFY(export_page->saveModelTo(dir_.filePath("vanishing.safetensors")).isEmpty());
  QVERIFY(export_page->saveHistoryTo(dir_.filePath("vanishing-history.csv")).isEmpty());
  QVERIFY(export_page->savePredictionsTo(dir_.filePath("vanishing-predictions.csv")).contains("missing"));
  save_screenshot(&w, "train_page_session_without_data.png");

  // Locate: the data comes back and the banner goes.
  write_csv(dir_.filePath("found.csv"), 240);
  w.prompts().locate_data = [&](const QString&) { return dir_.filePath("found.csv"); };
  QVERIFY(w.locateMissingData().isEmpty());
  QVERIFY(doc->hasData());
  QVERIFY(doc->missingData().isEmpty());
  QVERIFY(find<QWidget>(&w, "missingDataBanner")->isHidden());
}

QTEST_MAIN(DocumentStateTest)
#include "document_state_test.moc"
