// Crash recovery in the workbench, offscreen, with RNNWB_RECOVERY_DIR pointing at a temporary
// folder: a training writes the recovery file while it runs and removes it when it ends (finished
// or stopped); a real rnn-workbench process started with --train and killed with SIGKILL leaves
// one, and the next main window offers it in a non-modal banner: Restore reloads the data, puts
// the model and its loss history in the document (Train page) and the Predict page shows exactly
// what load_model(recovery file) predicts; Discard deletes the file; a file whose data is gone or
// that cannot be read is explained, with only Discard.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "engine/io/model_file.hpp"
#include "engine/workflow/checkpoint.hpp"
#include "engine/workflow/prediction.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/main_window.hpp"
#include "ui/pages/loss_chart.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

// Epochs in the recovery file, or -1 while there is none (it is replaced atomically, so a read
// never sees half a file).
int epochs_in(const QString& path) {
  if (!QFile::exists(path)) return -1;
  try {
    const LoadedCheckpoint c = load_checkpoint(path.toStdString());
    return c.recovery ? c.recovery->epochs_done : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

// A recovery file written by the engine's Checkpointer: `epochs` epochs of a small LSTM on the
// sunspots sample, as a training that never got to remove it would leave it.
void write_recovery(const QString& path, int epochs, const std::string& data_source = "sample:sunspots") {
  WorkbenchDocument doc;
  if (!doc.loadSample("sunspots").isEmpty()) qFatal("no sample");
  doc.setLayers({LayerSpec::lstm(8)});
  FitConfig config = doc.fitConfig();
  config.epochs = epochs;
  config.patience = 0;
  config.threads = 1;
  doc.setFitConfig(config);
  const Series& series = *doc.prepared().series;
  TrainRequest request = doc.trainRequest();
  request.data_source = data_source;
  PreparedTraining prepared = prepare_training(series, request);
  Checkpointer ck({path.toStdString(), 0, {{"missing", "error"}}}, checkpoint_model(series, request, prepared));
  (void)rnnwb::fit(prepared.model, prepared.windows.train, prepared.validation(), request.fit, &ck);
  if (ck.writes() != epochs) qFatal("the checkpoint was not written: %s", ck.last_error().c_str());
}

}  // namespace

class RecoveryTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void trainingWritesTheFileAndRemovesItWhenItEnds();
  void aKilledWorkbenchIsOfferedAndRestoredExactly();
  void discardDeletesTheFile();
  void missingDataOrABrokenFileIsExplained();

 private:
  QTemporaryDir dir_;
  QString path_;
};

void RecoveryTest::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QVERIFY(dir_.isValid());
  qputenv("RNNWB_RECOVERY_DIR", dir_.path().toUtf8());
  path_ = MainWindow::defaultRecoveryFile();
  QCOMPARE(path_, dir_.filePath("recovery.safetensors"));
}

void RecoveryTest::trainingWritesTheFileAndRemovesItWhenItEnds() {
  MainWindow w;
  w.show();
  w.setRecoveryFile(path_, 0);
  QVERIFY(!w.recoveryOffered());  // nothing was left behind
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  doc->setLayers({LayerSpec::lstm(8)});
  FitConfig fit = doc->fitConfig();
  fit.epochs = 40;
  fit.patience = 0;
  fit.threads = 2;
  doc->setFitConfig(fit);

  // Finished: the file appears during training (best weights, history so far), then goes.
  w.startTraining();
  QVERIFY(w.controller()->isRunning());
  int seen = -1;
  QVERIFY(
      wait_for([&] { return (seen = std::max(seen, epochs_in(path_))) >= 2 || !w.controller()->isRunning(); }, 20000));
  QVERIFY2(seen >= 2, qPrintable(QString("epochs seen in the recovery file: %1").arg(seen)));
  QVERIFY(wait_for([&] { return !w.controller()->isRunning(); }, 30000));
  QVERIFY(!QFile::exists(path_));
  QVERIFY(doc->hasTrained());
  QCOMPARE(doc->fitResult().epochs_run, 40);

  // Stopped by the user: removed as well.
  fit.epochs = 100000;
  doc->setFitConfig(fit);
  w.startTraining();
  QVERIFY(wait_for([&] { return epochs_in(path_) >= 1; }, 20000));
  w.controller()->stop();
  QVERIFY(wait_for([&] { return !w.controller()->isRunning(); }, 10000));
  QVERIFY(!QFile::exists(path_));
  QCOMPARE(doc->fitResult().status, FitStatus::Cancelled);
  QCOMPARE(QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);  // no temporary file either
}

void RecoveryTest::aKilledWorkbenchIsOfferedAndRestoredExactly() {
  // The real program, training through its own widgets, killed with SIGKILL.
  const QString program = QCoreApplication::applicationDirPath() + "/../../app/rnn-workbench";
  QVERIFY2(QFileInfo(program).isExecutable(), qPrintable(program + " is not built"));
  QProcess process;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("QT_QPA_PLATFORM", "offscreen");
  env.insert("RNNWB_RECOVERY_DIR", dir_.path());
  env.insert("XDG_CONFIG_HOME", dir_.filePath("config"));  // leave the user's settings alone
  env.insert("XDG_DATA_HOME", dir_.filePath("data"));
  process.setProcessEnvironment(env);
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(program, {"--train", "--epochs", "100000", "--checkpoint-every", "0"});
  QVERIFY2(process.waitForStarted(10000), qPrintable(process.errorString()));
  int epochs = -1;
  QVERIFY(wait_for([&] { return (epochs = epochs_in(path_)) >= 2 || process.state() != QProcess::Running; }, 25000));
  QVERIFY2(process.state() == QProcess::Running, process.readAll().constData());
  process.kill();  // SIGKILL
  QVERIFY(process.waitForFinished(10000));
  QCOMPARE(process.exitStatus(), QProcess::CrashExit);
  QVERIFY(QFile::exists(path_));

  // What the file holds, read the way `rnnwb predict` reads it.
  const LoadedCheckpoint checkpoint = load_checkpoint(path_.toStdString());
  QVERIFY(checkpoint.recovery);
  epochs = checkpoint.recovery->epochs_done;
  QVERIFY(epochs >= 2);
  QCOMPARE(int(checkpoint.model.history.size()), epochs);
  QCOMPARE(checkpoint.model.data_source, std::string("sample:sunspots"));
  QCOMPARE(checkpoint.recovery->context.value("writer", ""), std::string("rnn-workbench"));
  TrainedModel expected = load_model(path_.toStdString());

  // The next start offers it, without a dialog.
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QVERIFY(w.openSample("macrodata").isEmpty());  // something else is open: restoring replaces it
  w.setRecoveryFile(path_, 0);
  QVERIFY(w.recoveryOffered());
  QVERIFY(QApplication::activeModalWidget() == nullptr);
  const QString text = find<QLabel>(&w, "recoveryText")->text();
  QVERIFY2(text.contains(QString("The last training was interrupted at epoch %1</b>").arg(epochs)), qPrintable(text));
  QVERIFY2(text.contains(QString("best validation loss %1, at epoch %2")
                             .arg(checkpoint.recovery->best_loss, 0, 'g', 4)
                             .arg(checkpoint.recovery->best_epoch)),
           qPrintable(text));
  QVERIFY(text.contains("Restore that model and its loss history?"));
  QVERIFY(text.contains("sample:sunspots"));
  auto* restore = find<QPushButton>(&w, "recoveryRestore");
  QVERIFY(restore->isVisible() && restore->isEnabled());
  QVERIFY(find<QPushButton>(&w, "recoveryDiscard")->isEnabled());
  save_screenshot(&w, "recovery_offer.png");
  if (!qEnvironmentVariableIsEmpty("RNNWB_RECOVERY_SHOT")) w.grab().save(qEnvironmentVariable("RNNWB_RECOVERY_SHOT"));

  QTest::mouseClick(restore, Qt::LeftButton);
  QVERIFY(!w.recoveryOffered());
  QVERIFY(!QFile::exists(path_));  // restored: the file has served its purpose
  WorkbenchDocument* doc = w.document();
  QCOMPARE(doc->dataSource(), QString("sample:sunspots"));
  QVERIFY(doc->hasTrained());
  QCOMPARE(doc->trained()->model.parameters(), expected.model.parameters());  // the checkpointed weights
  QCOMPARE(doc->trained()->history.size(), expected.history.size());
  QCOMPARE(doc->trained()->best_epoch, checkpoint.recovery->best_epoch);
  QCOMPARE(doc->fitResult().epochs_run, epochs);
  QCOMPARE(doc->pipelineConfig().window, expected.pipeline.window);
  // The Train page shows the history.
  QCOMPARE(w.pages()->currentIndex(), 3);
  auto* chart = w.pages()->widget(3)->findChild<LossChart*>();
  QVERIFY(chart);
  QCOMPARE(chart->trainLossPoints().size(), epochs);
  QCOMPARE(chart->validationLossPoints().size(), epochs);
  QCOMPARE(chart->trainLossPoints().back().y(), expected.history.back().train_loss);
  QVERIFY(find<QLabel>(&w, "trainStatus")->text().contains("Restored"));
  save_screenshot(&w, "recovery_restored_train_page.png");

  // The Predict page shows what the checkpointed model predicts.
  auto* predict = qobject_cast<PredictPage*>(w.pages()->widget(4));
  QVERIFY(predict);
  w.pages()->setCurrentIndex(4);
  QVERIFY(wait_for([&] { return !predict->isBusy() && line(predict, "predictionChart", "predicted")->count() > 0; },
                   20000));
  QLineSeries* predicted = line(predict, "predictionChart", "predicted");
  const Series& series = *doc->prepared().series;
  const std::size_t window = std::size_t(expected.pipeline.window), rows = series.rows();
  QCOMPARE(predicted->count(), int(rows - window));
  const Tensor3<double> engine = predict_rows(expected, series, {window, window + 1, rows - 1});
  // As in the Predict page's own test: the same within float rounding of how rows are batched.
  const auto same = [](double a, double b) { return std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b)); };
  QVERIFY(same(predicted->at(0).y(), engine(0, 0, 0)));
  QVERIFY(same(predicted->at(1).y(), engine(1, 0, 0)));
  QVERIFY(same(predicted->at(predicted->count() - 1).y(), engine(2, 0, 0)));
  // And the document's model predicts bit for bit like the file's.
  TrainedModel restored = *doc->trained();
  const Tensor3<double> mine = predict_rows(restored, series, {window, rows - 1});
  const Tensor3<double> theirs = predict_rows(expected, series, {window, rows - 1});
  QCOMPARE(mine.data, theirs.data);
  QVERIFY(wait_for([&] { return !doc->evaluating(); }, 20000));
  // The restored work saves as a session that opens again (its model is marked "interrupted").
  QTemporaryDir dir;
  const QString session = dir.filePath("restored.rnnwb");
  QCOMPARE(w.saveSession(session), QString());
  QCOMPARE(w.openSession(session), QString());
  QVERIFY(w.document()->hasTrained());
  QCOMPARE(to_string(w.document()->trained()->fit_status), std::string("interrupted"));
  QCOMPARE(w.document()->trained()->model.parameters(), expected.model.parameters());
}

void RecoveryTest::discardDeletesTheFile() {
  write_recovery(path_, 3);
  MainWindow w;
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  w.setRecoveryFile(path_, 0);
  QVERIFY(w.recoveryOffered());
  QVERIFY(w.recoveryOfferText().contains("interrupted at epoch 3"));
  QTest::mouseClick(find<QPushButton>(&w, "recoveryDiscard"), Qt::LeftButton);
  QVERIFY(!w.recoveryOffered());
  QVERIFY(!QFile::exists(path_));
  QVERIFY(!w.document()->hasTrained());
  // The next start finds nothing.
  MainWindow again;
  again.setRecoveryFile(path_, 0);
  QVERIFY(!again.recoveryOffered());
}

void RecoveryTest::missingDataOrABrokenFileIsExplained() {
  write_recovery(path_, 2, dir_.filePath("gone.csv").toStdString());
  {
    MainWindow w;
    w.show();
    w.setRecoveryFile(path_, 0);
    QVERIFY(w.recoveryOffered());
    const QString text = w.recoveryOfferText();
    QVERIFY2(text.contains("gone.csv, cannot be found, so the workbench cannot restore it"), qPrintable(text));
    QVERIFY(text.contains("rnnwb predict --model"));
    QVERIFY(!text.contains("Restore that model"));
    QVERIFY(!find<QPushButton>(&w, "recoveryRestore")->isEnabled());
    QVERIFY(!w.restoreRecovery().isEmpty());
    QVERIFY(QFile::exists(path_));  // kept until discarded
    QVERIFY(w.discardRecovery().isEmpty());
    QVERIFY(!QFile::exists(path_));
  }
  {
    QFile f(path_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a safetensors file");
    f.close();
    MainWindow w;
    w.show();
    w.setRecoveryFile(path_, 0);
    QVERIFY(w.recoveryOffered());
    QVERIFY2(w.recoveryOfferText().contains("cannot be read"), qPrintable(w.recoveryOfferText()));
    QVERIFY(!find<QPushButton>(&w, "recoveryRestore")->isEnabled());
    QTest::mouseClick(find<QPushButton>(&w, "recoveryDiscard"), Qt::LeftButton);
    QVERIFY(!QFile::exists(path_));
  }
}

QTEST_MAIN(RecoveryTest)
#include "recovery_test.moc"
