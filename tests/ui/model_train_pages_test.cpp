// The Model and Train pages driven through their widgets, offscreen, with a real document and a
// real training controller: the layer stack editor and the engine's summary, invalid stacks
// explained and blocking Start, hyperparameters reaching the document, live loss and validation
// charts of a real run, Stop keeping the best weights, pause / resume finishing every epoch.
#include <QApplication>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QLogValueAxis>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextStream>
#include <QValueAxis>
#include <QtTest>
#include <cmath>

#include "engine/workflow/training.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/pages/model_page.hpp"
#include "ui/pages/train_page.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

template <class S = QLineSeries>
S* series(QWidget* root, const char* chart, const QString& name) {
  for (QAbstractSeries* s : find<ChartView>(root, chart)->chart()->series())
    if (s->name() == name) return qobject_cast<S*>(s);
  return nullptr;
}

QString item_text(QWidget* page, int row) { return find<QListWidget>(page, "layerList")->item(row)->text(); }

void select_layer(QWidget* page, int row) { find<QListWidget>(page, "layerList")->setCurrentRow(row); }

void click(QWidget* page, const char* name) { find<QPushButton>(page, name)->click(); }

// Parameters of layer i of a model, summed from the engine's own tensor list.
Index layer_parameters(const Model<float>& m, int i) {
  Index n = 0;
  for (const NamedTensor& t : m.tensors())
    if (t.name.rfind("layers." + std::to_string(i) + ".", 0) == 0) n += t.size;
  return n;
}

void small_run(WorkbenchDocument& doc, int epochs, int batch) {
  FitConfig fit = doc.fitConfig();
  fit.epochs = epochs;
  fit.batch_size = batch;
  fit.patience = 0;
  fit.threads = 1;
  doc.setFitConfig(fit);
}

}  // namespace

class ModelTrainPagesTest : public QObject {
  Q_OBJECT

 private slots:
  void summaryFollowsTheStack();
  void invalidStackIsExplainedAndBlocksStart();
  void hyperparametersReachTheDocument();
  void trainingFillsTheCharts();
  void stopKeepsTheBestWeights();
  void pauseThenResumeFinishesEveryEpoch();
  void divergenceIsShownInRed();
  void screenshots();
};

void ModelTrainPagesTest::summaryFollowsTheStack() {
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  ModelPage page(&doc);
  page.resize(1200, 800);
  page.show();
  auto* list = find<QListWidget>(&page, "layerList");
  QCOMPARE(list->count(), 2);
  QVERIFY2(item_text(&page, 0).startsWith("LSTM 32 units"), qPrintable(item_text(&page, 0)));
  QVERIFY2(item_text(&page, 0).contains("returns the last step"), qPrintable(item_text(&page, 0)));
  QVERIFY2(item_text(&page, 1).startsWith("Dense head: 1 output"), qPrintable(item_text(&page, 1)));
  QVERIFY(!(list->item(1)->flags() & Qt::ItemIsEnabled));  // greyed: the engine adds it

  select_layer(&page, 0);
  click(&page, "addGru");
  QCOMPARE(doc.layers().size(), std::size_t(2));
  QCOMPARE(doc.layers()[1].kind, LayerKind::GRU);
  QVERIFY(doc.layers()[0].return_sequences);
  QVERIFY(!doc.layers()[1].return_sequences);
  QVERIFY2(item_text(&page, 0).contains("returns the sequence"), qPrintable(item_text(&page, 0)));
  QVERIFY2(item_text(&page, 1).startsWith("GRU 32 units"), qPrintable(item_text(&page, 1)));
  QVERIFY2(item_text(&page, 1).contains("returns the last step"), qPrintable(item_text(&page, 1)));

  // The summary is the engine's, for the stack as it will be trained (with the head).
  const Model<float> expected(1, {LayerSpec::lstm(32, true), LayerSpec::gru(32), LayerSpec::dense(1)});
  const QString summary = find<QPlainTextEdit>(&page, "modelSummary")->toPlainText();
  QCOMPARE(summary, QString::fromStdString(expected.summary(doc.pipelineConfig().window)));
  const QStringList lines = summary.split('\n');
  for (int i = 0; i < 3; ++i) {
    const QString prefix = QString("layers.%1 (%2").arg(i).arg(i == 0 ? "lstm" : i == 1 ? "gru" : "dense");
    bool found = false;
    for (const QString& l : lines)
      if (l.startsWith(prefix)) found = l.trimmed().endsWith(" " + QString::number(layer_parameters(expected, i)));
    QVERIFY2(found, qPrintable("no line " + prefix + " with its parameter count in\n" + summary));
  }
  QCOMPARE(layer_parameters(expected, 0), Index(4 * 32 * (1 + 32) + 2 * 4 * 32));  // PyTorch's LSTM count
  QVERIFY(summary.contains(QString("Total params: %1").arg(expected.parameter_count())));
  QVERIFY(!find<QLabel>(&page, "stackError")->isVisible());

  // Editing the selected layer updates the summary at once.
  select_layer(&page, 1);
  find<QSpinBox>(&page, "unitsSpin")->setValue(16);
  QCOMPARE(doc.layers()[1].units, 16);
  QVERIFY(find<QPlainTextEdit>(&page, "modelSummary")
              ->toPlainText()
              .contains(QString("Total params: %1")
                            .arg(Model<float>(1, {LayerSpec::lstm(32, true), LayerSpec::gru(16), LayerSpec::dense(1)})
                                     .parameter_count())));
  QVERIFY(!find<QComboBox>(&page, "activationCombo")->isVisible());  // GRU: fixed gate activations
  click(&page, "moveUp");                                            // GRU first: LSTM now returns the last step
  QCOMPARE(doc.layers()[0].kind, LayerKind::GRU);
  QVERIFY(doc.layers()[0].return_sequences && !doc.layers()[1].return_sequences);
  QVERIFY(item_text(&page, 1).startsWith("LSTM 32 units"));
  QVERIFY(item_text(&page, 1).contains("returns the last step"));
}

void ModelTrainPagesTest::invalidStackIsExplainedAndBlocksStart() {
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  TrainingController controller;
  ModelPage model(&doc);
  TrainPage train(&doc, &controller);
  model.resize(1200, 800);
  model.show();
  train.show();
  auto* error = find<QLabel>(&model, "stackError");
  auto* start = find<QPushButton>(&train, "startButton");
  QVERIFY(start->isEnabled());

  // LSTM, Dense, GRU, SimpleRNN: return_sequences follows, so the Dense acts on every step and the
  // engine builds it (as Keras would).
  select_layer(&model, 0);
  click(&model, "addDense");
  click(&model, "addGru");
  click(&model, "addRnn");
  QCOMPARE(doc.layers().size(), std::size_t(4));
  QVERIFY2(item_text(&model, 1).contains("on every step"), qPrintable(item_text(&model, 1)));
  QVERIFY2(doc.checkStack().error.isEmpty(), qPrintable(doc.checkStack().error));
  QVERIFY(!error->isVisible());

  // Without a recurrent layer the head has no last step to read: the engine says so.
  for (int row : {3, 2, 0}) {
    select_layer(&model, row);
    click(&model, "removeLayer");
  }
  QCOMPARE(doc.layers().size(), std::size_t(1));
  QCOMPARE(doc.layers()[0].kind, LayerKind::Dense);
  const QString engine_error = doc.checkStack().error;
  QVERIFY(!engine_error.isEmpty());
  QVERIFY(error->isVisible());
  QVERIFY2(error->text().contains(engine_error), qPrintable(error->text()));
  QVERIFY2(error->text().contains("Add an LSTM, GRU or SimpleRNN"), qPrintable(error->text()));
  QVERIFY(error->styleSheet().contains("#b00020"));
  QVERIFY(!start->isEnabled());
  QVERIFY(start->toolTip().contains(engine_error));
  QVERIFY(find<QLabel>(&train, "startBlockedLabel")->isVisible());
  QVERIFY(find<QLabel>(&train, "startBlockedLabel")->text().contains("Model page"));
  train.startTraining();  // the slot refuses too, in words, without a dialog
  QVERIFY(!controller.isRunning());
  QVERIFY(find<QLabel>(&train, "trainStatus")->text().startsWith("Cannot start"));

  // Fix: a recurrent layer before the Dense.
  select_layer(&model, 0);
  click(&model, "addLstm");
  click(&model, "moveUp");
  QCOMPARE(doc.layers()[0].kind, LayerKind::LSTM);
  QVERIFY(!error->isVisible());
  QVERIFY(start->isEnabled());
  QVERIFY(!find<QLabel>(&train, "startBlockedLabel")->isVisible());

  // A stack set elsewhere (a session, a script) with a last-step LSTM before a GRU: the engine's
  // explanation, and any edit on the page sets return_sequences right.
  doc.setLayers({LayerSpec::lstm(8, false), LayerSpec::gru(4)});
  QVERIFY(error->isVisible());
  QVERIFY2(error->text().contains("needs a sequence as input"), qPrintable(error->text()));
  QVERIFY(!start->isEnabled());
  QVERIFY(find<QPushButton>(&model, "fixReturnSequences")->isVisible());
  click(&model, "fixReturnSequences");
  QVERIFY(doc.layers()[0].return_sequences);
  QVERIFY(!error->isVisible());
  QVERIFY(!find<QPushButton>(&model, "fixReturnSequences")->isVisible());
  QVERIFY(start->isEnabled());
  doc.setLayers({LayerSpec::lstm(8, false), LayerSpec::gru(4)});
  QVERIFY(error->isVisible());
  select_layer(&model, 1);
  find<QSpinBox>(&model, "unitsSpin")->setValue(6);  // any edit sets them too
  QVERIFY(doc.layers()[0].return_sequences);
  QCOMPARE(doc.layers()[1].units, 6);
  QVERIFY(!error->isVisible());
  QVERIFY(start->isEnabled());

  // The dropout editor appears for a Dropout layer only.
  click(&model, "addDropout");
  QCOMPARE(doc.layers()[2].kind, LayerKind::Dropout);
  QVERIFY(find<QDoubleSpinBox>(&model, "dropoutSpin")->isVisible());
  QVERIFY(!find<QSpinBox>(&model, "unitsSpin")->isVisible());
  find<QDoubleSpinBox>(&model, "dropoutSpin")->setValue(0.35);
  QCOMPARE(doc.layers()[2].rate, 0.35);

  // Data that cannot make windows blocks Start too, with the document's reason.
  doc.setWindow(400);  // longer than the series
  QVERIFY(!doc.fitted().error.isEmpty());
  QVERIFY(!start->isEnabled());
  const QString blocked = find<QLabel>(&train, "startBlockedLabel")->text();
  QVERIFY2(blocked.contains("too few rows", Qt::CaseInsensitive) && blocked.contains("Data page"), qPrintable(blocked));
  QVERIFY(start->toolTip().contains("too few rows", Qt::CaseInsensitive));
  doc.setWindow(12);
  QVERIFY(start->isEnabled());
  QVERIFY2(item_text(&model, 2) == "Dropout 0.35", qPrintable(item_text(&model, 2)));
}

void ModelTrainPagesTest::hyperparametersReachTheDocument() {
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  ModelPage page(&doc);
  page.show();
  // The widgets start at the document's defaults, and each says what it does and its default.
  QCOMPARE(find<QSpinBox>(&page, "epochsSpin")->value(), 100);
  QCOMPARE(find<QSpinBox>(&page, "batchSpin")->value(), 32);
  QCOMPARE(find<QSpinBox>(&page, "patienceSpin")->value(), 15);
  QCOMPARE(find<QDoubleSpinBox>(&page, "lrSpin")->value(), 0.003);
  QCOMPARE(find<QComboBox>(&page, "optimizerCombo")->currentText(), QString("adam"));
  for (const char* name : {"optimizerCombo", "lrSpin", "scheduleCombo", "epochsSpin", "batchSpin", "lossCombo",
                           "patienceSpin", "clipSpin", "seedSpin", "threadsSpin", "initCombo", "unitsSpin",
                           "activationCombo", "dropoutSpin", "addLstm", "addGru", "addRnn", "addDense", "addDropout"}) {
    const QString tip = find<QWidget>(&page, name)->toolTip();
    QVERIFY2(tip.size() > 20, name);
    if (QByteArray(name).startsWith("add")) continue;
    QVERIFY2(tip.contains("Default"), name);
  }

  find<QSpinBox>(&page, "epochsSpin")->setValue(3);
  find<QSpinBox>(&page, "batchSpin")->setValue(16);
  QCOMPARE(doc.fitConfig().epochs, 3);
  QCOMPARE(doc.fitConfig().batch_size, Index(16));
  find<QDoubleSpinBox>(&page, "lrSpin")->setValue(0.01);
  QCOMPARE(doc.fitConfig().optimizer.lr, 0.01);
  find<QComboBox>(&page, "optimizerCombo")->setCurrentText("adamw");
  QCOMPARE(doc.fitConfig().optimizer.kind, OptimizerKind::AdamW);
  QCOMPARE(doc.fitConfig().optimizer.lr, 0.01);  // kept across the switch
  find<QComboBox>(&page, "scheduleCombo")->setCurrentText("cosine");
  QCOMPARE(doc.fitConfig().schedule.kind, ScheduleKind::Cosine);
  QVERIFY(find<QSpinBox>(&page, "cosinePeriodSpin")->isVisible());
  QVERIFY(!find<QSpinBox>(&page, "stepSizeSpin")->isVisible());
  find<QComboBox>(&page, "lossCombo")->setCurrentText("huber");
  QCOMPARE(doc.fitConfig().loss.kind, LossKind::Huber);
  QVERIFY(find<QDoubleSpinBox>(&page, "huberDeltaSpin")->isVisible());
  find<QSpinBox>(&page, "patienceSpin")->setValue(0);
  QCOMPARE(doc.fitConfig().patience, 0);
  QCOMPARE(find<QSpinBox>(&page, "patienceSpin")->text(), QString("off"));
  find<QDoubleSpinBox>(&page, "clipSpin")->setValue(1.5);
  QCOMPARE(doc.fitConfig().clip_norm, 1.5);
  find<QSpinBox>(&page, "seedSpin")->setValue(42);
  QCOMPARE(doc.fitConfig().seed, std::uint64_t(42));
  QCOMPARE(doc.initOptions().seed, std::uint64_t(42));
  find<QSpinBox>(&page, "threadsSpin")->setValue(3);
  QCOMPARE(doc.fitConfig().threads, 3);
  find<QComboBox>(&page, "initCombo")->setCurrentText("pytorch");
  QCOMPARE(doc.initOptions().scheme, InitScheme::PyTorch);

  // And back: a document change (a session being opened) shows in the widgets.
  FitConfig fit = doc.fitConfig();
  fit.epochs = 7;
  fit.optimizer = OptimizerConfig::defaults(OptimizerKind::SGD, 0.05);
  doc.setFitConfig(fit);
  QCOMPARE(find<QSpinBox>(&page, "epochsSpin")->value(), 7);
  QCOMPARE(find<QComboBox>(&page, "optimizerCombo")->currentText(), QString("sgd"));
  QCOMPARE(find<QDoubleSpinBox>(&page, "lrSpin")->value(), 0.05);
  QVERIFY(find<QDoubleSpinBox>(&page, "momentumSpin")->isVisible());
}

void ModelTrainPagesTest::trainingFillsTheCharts() {
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  TrainingController controller;
  ModelPage model(&doc);
  TrainPage page(&doc, &controller);
  page.resize(1200, 800);
  page.show();
  doc.setLayers({LayerSpec::lstm(8)});
  find<QSpinBox>(&model, "epochsSpin")->setValue(3);
  find<QSpinBox>(&model, "batchSpin")->setValue(16);
  QCOMPARE(doc.fitConfig().epochs, 3);
  QCOMPARE(doc.fitConfig().batch_size, Index(16));

  // What the user sees mid-run, recorded right after the page handled each epoch.
  QStringList statuses, progress_texts;
  connect(&controller, &TrainingController::epochEnded, &page, [&] {
    statuses << find<QLabel>(&page, "trainStatus")->text();
    progress_texts << find<QLabel>(&page, "progressLabel")->text();
  });
  QSignalSpy finished(&controller, &TrainingController::finished);
  click(&page, "startButton");
  QVERIFY(controller.isRunning());
  QVERIFY(!find<QPushButton>(&page, "startButton")->isEnabled());
  QVERIFY(find<QPushButton>(&page, "stopButton")->isEnabled());
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  QVERIFY(doc.hasTrained());
  QCOMPARE(doc.trained()->history.size(), std::size_t(3));

  QCOMPARE(statuses.size(), 3);
  QCOMPARE(statuses[0], QString("Training… epoch 2/3"));
  QVERIFY2(progress_texts[1].contains("Epoch 2/3") && progress_texts[1].contains("batch") &&
               progress_texts[1].contains("elapsed") && progress_texts[1].contains("left") &&
               progress_texts[1].contains("learning rate 0.003"),
           qPrintable(progress_texts[1]));
  const QString status = find<QLabel>(&page, "trainStatus")->text();
  QVERIFY2(status.startsWith("Done: completed 3 epochs"), qPrintable(status));

  auto* train_loss = series(&page, "lossChart", "training loss");
  auto* val_loss = series(&page, "lossChart", "validation loss");
  QVERIFY(train_loss && val_loss);
  QCOMPARE(train_loss->count(), 3);
  QCOMPARE(val_loss->count(), 3);
  for (int i = 0; i < 3; ++i) {
    QCOMPARE(train_loss->at(i), QPointF(i + 1, doc.trained()->history[std::size_t(i)].train_loss));
    QCOMPARE(val_loss->at(i).y(), doc.trained()->history[std::size_t(i)].val_loss);
  }
  auto* batch_loss = series(&page, "lossChart", "batch loss");
  QVERIFY(batch_loss && batch_loss->count() > 3);
  QVERIFY(batch_loss->at(batch_loss->count() - 1).x() <= 3.0 + 1e-9);
  QVERIFY(batch_loss->at(0).x() > 0.0 && batch_loss->at(0).x() <= 1.0);
  auto* best = series<QScatterSeries>(&page, "lossChart", "best epoch");
  QVERIFY(best);
  QCOMPARE(best->count(), 1);
  QCOMPARE(best->at(0).x(), double(doc.fitResult().best_epoch));

  QChart* chart = find<ChartView>(&page, "lossChart")->chart();
  QCOMPARE(chart->axes(Qt::Horizontal).value(0)->titleText(), QString("epoch"));
  QCOMPARE(chart->axes(Qt::Vertical).value(0)->titleText(), QString("loss"));
  QVERIFY(qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).value(0)));
  find<QCheckBox>(&page, "logScale")->setChecked(true);
  QCOMPARE(chart->axes(Qt::Vertical).size(), 1);
  auto* log_axis = qobject_cast<QLogValueAxis*>(chart->axes(Qt::Vertical).value(0));
  QVERIFY(log_axis);
  QCOMPARE(train_loss->attachedAxes().size(), 2);
  QVERIFY(log_axis->min() > 0 && log_axis->min() < train_loss->at(2).y() && log_axis->max() > train_loss->at(0).y());
  find<QCheckBox>(&page, "logScale")->setChecked(false);
  QVERIFY(qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).value(0)));
  QCOMPARE(train_loss->count(), 3);

  auto* bar = find<QProgressBar>(&page, "progressBar");
  QCOMPARE(bar->value(), bar->maximum());

  // Validation chart: one prediction per validation window, with the actual values under it.
  const PreparedTraining prepared = prepare_training(*doc.prepared().series, doc.trainRequest());
  const int windows = int(prepared.windows.validation.size());
  QVERIFY(windows > 10);
  auto* predicted = series(&page, "validationChart", "predicted");
  auto* actual = series(&page, "validationChart", "actual");
  QVERIFY(predicted && actual);
  QCOMPARE(predicted->count(), windows);
  QCOMPARE(actual->count(), windows);
  const std::vector<double>& sunspots = doc.prepared().series->columns[0];
  const std::size_t first_row = prepared.windows.validation_rows.front();
  QCOMPARE(actual->at(0), QPointF(double(first_row), sunspots[first_row]));
  QChart* vchart = find<ChartView>(&page, "validationChart")->chart();
  QCOMPARE(vchart->axes(Qt::Horizontal).value(0)->titleText(), QString("row"));
  QCOMPARE(vchart->axes(Qt::Vertical).value(0)->titleText(), QString("SUNACTIVITY"));

  QVERIFY(find<QPushButton>(&page, "startButton")->isEnabled());
  QVERIFY(!find<QPushButton>(&page, "pauseButton")->isEnabled());
  QVERIFY(QApplication::activeModalWidget() == nullptr);
}

void ModelTrainPagesTest::stopKeepsTheBestWeights() {
  RNNWB_TIMING_TEST();
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  TrainingController controller;
  TrainPage page(&doc, &controller);
  doc.setLayers({LayerSpec::lstm(8)});
  small_run(doc, 100000, 16);
  QSignalSpy epochs(&controller, &TrainingController::epochEnded);
  QSignalSpy finished(&controller, &TrainingController::finished);
  click(&page, "startButton");
  QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 2, 30000);
  QVERIFY(controller.isRunning());
  QElapsedTimer clock;
  clock.start();
  click(&page, "stopButton");
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 2000);
  QVERIFY2(clock.elapsed() < 2000, qPrintable(QString("Stop took %1 ms").arg(clock.elapsed())));
  QVERIFY(!controller.isRunning());
  QVERIFY(doc.hasTrained());
  QCOMPARE(doc.fitResult().status, FitStatus::Cancelled);
  const QString status = find<QLabel>(&page, "trainStatus")->text();
  QCOMPARE(status, QString("Stopped: best weights of epoch %1 kept.").arg(doc.fitResult().best_epoch));
  QVERIFY(doc.fitResult().best_epoch >= 1);
  QVERIFY(find<QPushButton>(&page, "startButton")->isEnabled());
}

void ModelTrainPagesTest::pauseThenResumeFinishesEveryEpoch() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  QCOMPARE(doc.loadCsvFile(write_long_series(dir, 8000)), QString());  // epochs of about 0.1 s
  doc.setWindow(16);
  doc.setLayers({LayerSpec::lstm(16)});
  small_run(doc, 3, 32);
  TrainingController controller;
  TrainPage page(&doc, &controller);
  auto* pause = find<QPushButton>(&page, "pauseButton");
  auto* status = find<QLabel>(&page, "trainStatus");
  QVERIFY(!pause->isEnabled());

  // Pause as soon as the first batch losses arrive, as a user pressing F6 mid-epoch.
  QSignalSpy batches(&controller, &TrainingController::batchLosses);
  QSignalSpy epochs(&controller, &TrainingController::epochEnded);
  QSignalSpy finished(&controller, &TrainingController::finished);
  bool paused_once = false;
  connect(&controller, &TrainingController::batchLosses, &page, [&] {
    if (paused_once) return;
    paused_once = true;
    pause->click();
  });
  click(&page, "startButton");
  QTRY_VERIFY_WITH_TIMEOUT(paused_once, 30000);
  QVERIFY(controller.isPaused());
  QCOMPARE(pause->text(), QString("Resume"));
  QVERIFY2(status->text().startsWith("Paused in epoch 1/3"), qPrintable(status->text()));
  QTest::qWait(100);  // at most the batch in flight finishes
  const int batches_at_pause = int(batches.count()), epochs_at_pause = int(epochs.count());
  QVERIFY2(epochs_at_pause < 3 && finished.count() == 0, "the run ended before the pause took effect");
  QTest::qWait(400);
  QCOMPARE(int(batches.count()), batches_at_pause);
  QCOMPARE(int(epochs.count()), epochs_at_pause);
  QCOMPARE(finished.count(), 0);

  pause->click();
  QVERIFY(!controller.isPaused());
  QCOMPARE(pause->text(), QString("Pause"));
  QVERIFY2(status->text().startsWith("Training… epoch"), qPrintable(status->text()));
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  QCOMPARE(epochs.count(), 3);
  QCOMPARE(doc.trained()->history.size(), std::size_t(3));
  QCOMPARE(series(&page, "lossChart", "training loss")->count(), 3);
  QVERIFY2(status->text().startsWith("Done: completed 3 epochs"), qPrintable(status->text()));
}

void ModelTrainPagesTest::divergenceIsShownInRed() {
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  TrainingController controller;
  ModelPage model(&doc);
  TrainPage page(&doc, &controller);
  page.show();
  doc.setLayers({LayerSpec::lstm(8)});
  small_run(doc, 10, 32);
  find<QComboBox>(&model, "optimizerCombo")->setCurrentText("sgd");
  find<QDoubleSpinBox>(&model, "lrSpin")->setValue(10.0);  // far too high: the loss explodes
  QCOMPARE(doc.fitConfig().optimizer.lr, 10.0);
  QSignalSpy finished(&controller, &TrainingController::finished);
  click(&page, "startButton");
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
  auto* status = find<QLabel>(&page, "trainStatus");
  QVERIFY2(status->text().startsWith("Diverged: the loss became"), qPrintable(status->text()));
  QVERIFY2(status->text().contains("lower the learning rate"), qPrintable(status->text()));
  QVERIFY(status->styleSheet().contains("#b00020"));
  QVERIFY(status->isVisible());
  QVERIFY(!doc.hasTrained());  // nothing usable came of it
  QVERIFY(QApplication::activeModalWidget() == nullptr);
  QVERIFY(find<QPushButton>(&page, "startButton")->isEnabled());
}

void ModelTrainPagesTest::screenshots() {
  if (qEnvironmentVariable("RNNWB_SCREENSHOT_DIR").isEmpty()) QSKIP("RNNWB_SCREENSHOT_DIR is not set");
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  TrainingController controller;
  ModelPage model(&doc);
  model.resize(1200, 800);
  model.show();
  select_layer(&model, 0);
  click(&model, "addDropout");
  click(&model, "addGru");
  find<QSpinBox>(&model, "unitsSpin")->setValue(16);
  save_screenshot(&model, "model_page.png");
  const std::vector<LayerSpec> good = doc.layers();
  doc.setLayers({LayerSpec::lstm(16, false), LayerSpec::gru(8)});  // as an old session might hold
  save_screenshot(&model, "model_page_error.png");
  doc.setLayers(good);

  TrainPage page(&doc, &controller);
  page.resize(1200, 800);
  page.show();
  small_run(doc, 30, 16);
  QSignalSpy finished(&controller, &TrainingController::finished);
  click(&page, "startButton");
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  save_screenshot(&page, "train_page.png");
}

QTEST_MAIN(ModelTrainPagesTest)
#include "model_train_pages_test.moc"
