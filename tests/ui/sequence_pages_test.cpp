// Sequence datasets in the workbench, driven through the widgets offscreen with a real document:
// File > Open sequence dataset (off the GUI thread; a bad file changes nothing), the Data page's
// summary, sequence chart (padding absent, not zero), target histogram and split by sequence, the
// Normalise page's statistics and scalers, the Model page's Bidirectional checkbox, a training run
// through the controller, and a session round trip. The dataset is written here with the engine's
// .npy writer, so every expected value below is computed from the values generated here.
#include <QAreaSeries>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "engine/io/model_file.hpp"
#include "engine/io/npy.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/main_window.hpp"
#include "ui/pages/export_page.hpp"
#include "ui/pages/histogram_chart.hpp"
#include "ui/pages/sequence_data_page.hpp"
#include "ui/pages/sequence_normalise_page.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

constexpr int kN = 40, kT = 12, kF = 2;

// Sequence i: valid steps [first(i), first(i) + length(i)), NaN padding around them.
int first_of(int i) { return i % 3; }
int length_of(int i) { return kT - first_of(i) - (i % 4); }
double x_value(int i, int t, int f) { return std::sin(0.5 * t + 0.3 * i + f) + 0.25 * f + 0.01 * i; }
// The target: the mean of feature 0 over the valid steps, times 2, plus 1.
double y_value(int i) {
  double s = 0;
  for (int t = first_of(i); t < first_of(i) + length_of(i); ++t) s += x_value(i, t, 0);
  return 2.0 * s / length_of(i) + 1.0;
}

struct Files {
  QString x, y;
};

Files write_dataset(const QTemporaryDir& dir) {
  NpyArray x{{kN, kT, kF}, {}, false}, y{{kN, 1}, {}, false};
  for (int i = 0; i < kN; ++i) {
    for (int t = 0; t < kT; ++t)
      for (int f = 0; f < kF; ++f) {
        const bool valid = t >= first_of(i) && t < first_of(i) + length_of(i);
        x.data.push_back(valid ? float(x_value(i, t, f)) : NAN);
      }
    y.data.push_back(float(y_value(i)));
  }
  Files out{dir.filePath("X.npy"), dir.filePath("Y.npy")};
  write_npy(out.x.toStdString(), x);
  write_npy(out.y.toStdString(), y);
  return out;
}

// Y as int64 class labels (what np.save writes for an integer array): 1 when the sequence's target
// is above the middle of the range, else 0. The engine's writer writes float32 only.
QString write_labels(const QTemporaryDir& dir) {
  std::string header = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + std::to_string(kN) + ", 1), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += char(1);
  bytes += char(0);
  bytes += char(header.size() & 0xff);
  bytes += char(header.size() >> 8);
  bytes += header;
  for (int i = 0; i < kN; ++i) {
    const std::int64_t label = y_value(i) > 1.0 ? 1 : 0;
    for (int b = 0; b < 8; ++b) bytes += char((label >> (8 * b)) & 0xff);
  }
  const QString path = dir.filePath("labels.npy");
  QFile out(path);
  if (!out.open(QIODevice::WriteOnly) || out.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size()))
    return {};
  return path;
}

SequenceFiles files_of(const Files& f, std::vector<std::string> features = {"speed", "load"}) {
  return SequenceFiles{f.x.toStdString(), f.y.toStdString(), std::move(features), {"wear"}};
}

// Opens through the main window (a background job) and waits for the outcome.
QString open_sequences(MainWindow& w, const SequenceFiles& files) {
  QSignalSpy done(&w, &MainWindow::sequencesOpened);
  w.openSequences(files);
  if (!done.wait(30000)) return "timed out";
  return done.first().first().toString();
}

}  // namespace

class SequencePagesTest : public QObject {
  Q_OBJECT
 private slots:
  void openingIsOffTheGuiThreadAndBadFilesChangeNothing();
  void dataPageShowsTheDatasetAndItsPadding();
  void splitBySequenceCounts();
  void normalisePageShowsTrainingStatistics();
  void modelPageOffersBidirectional();
  void trainsThroughTheControllerAndRoundTripsASession();
  void integerLabelsTrainAClassifier();
  void screenshots();
};

void SequencePagesTest::openingIsOffTheGuiThreadAndBadFilesChangeNothing() {
  QTemporaryDir dir;
  const Files f = write_dataset(dir);
  MainWindow w;
  QVERIFY(w.openSample("sunspots").isEmpty());
  // X of rank 2: the engine's message, and the series stays open.
  NpyArray flat{{4, 3}, std::vector<float>(12, 1.0f), false};
  write_npy(dir.filePath("flat.npy").toStdString(), flat);
  const QString error = open_sequences(w, {dir.filePath("flat.npy").toStdString(), f.y.toStdString(), {}, {}});
  QVERIFY2(error.contains("rank") || error.contains("3 dimensions") || error.contains("(N, T, F)"), qPrintable(error));
  QVERIFY(w.document()->hasData());
  QVERIFY(!w.document()->hasSequences());
  QCOMPARE(w.document()->dataSource(), QString("sample:sunspots"));

  QCOMPARE(open_sequences(w, files_of(f)), QString());
  WorkbenchDocument* doc = w.document();
  QVERIFY(doc->hasSequences());
  QVERIFY(!doc->hasData());  // one kind of data at a time
  QCOMPARE(doc->sequences().size(), Index(kN));
  QCOMPARE(doc->sequences().features, (std::vector<std::string>{"speed", "load"}));
  // The Data and Normalise tabs now show their sequence faces.
  QVERIFY(w.findChild<SequenceDataPage*>()->isVisibleTo(w.pages()->widget(0)));

  // Y with the wrong number of rows: refused, the sequence dataset stays.
  NpyArray short_y{{3, 1}, {1, 2, 3}, false};
  write_npy(dir.filePath("short.npy").toStdString(), short_y);
  const QString second = open_sequences(w, {f.x.toStdString(), dir.filePath("short.npy").toStdString(), {}, {}});
  QVERIFY(!second.isEmpty());
  QVERIFY(doc->hasSequences());
  QCOMPARE(doc->sequences().size(), Index(kN));

  // Opening a series closes the sequence dataset.
  QVERIFY(w.openSample("sunspots").isEmpty());
  QVERIFY(!doc->hasSequences());
  QVERIFY(doc->hasData());
}

void SequencePagesTest::dataPageShowsTheDatasetAndItsPadding() {
  QTemporaryDir dir;
  const Files f = write_dataset(dir);
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSequenceFiles(files_of(f)), QString());
  SequenceDataPage page(&doc);
  page.resize(1200, 800);
  page.show();
  const QString summary = find<QLabel>(&page, "sequenceSummary")->text();
  // Valid lengths: T - i%3 - i%4 over i < 40: from 12 - 2 - 3 = 7 to 12.
  QVERIFY2(summary.contains("N = 40 sequences"), qPrintable(summary));
  QVERIFY2(summary.contains("T = 12 steps (valid lengths 7 to 12)"), qPrintable(summary));
  QVERIFY2(summary.contains("F = 2 features: speed, load"), qPrintable(summary));
  QVERIFY2(summary.contains("k = 1 target: wear"), qPrintable(summary));

  // Sequence 5: first 2, length 12 - 2 - 1 = 9: steps 2..10 drawn, 0, 1 and 11 absent.
  find<QSpinBox>(&page, "sequenceSpin")->setValue(5);
  QCOMPARE(page.featureLines().size(), std::size_t(2));
  for (int feature = 0; feature < kF; ++feature) {
    QLineSeries* line = page.featureLines()[std::size_t(feature)];
    QCOMPARE(line->count(), 9);
    QCOMPARE(line->at(0).x(), 2.0);
    QCOMPARE(line->at(8).x(), 10.0);
    for (int p = 0; p < line->count(); ++p) {
      QVERIFY(std::isfinite(line->at(p).y()));
      QCOMPARE(float(line->at(p).y()), float(x_value(5, 2 + p, feature)));
    }
  }
  auto [before, after] = page.paddingBands();
  QVERIFY(before && after && before->isVisible() && after->isVisible());
  QCOMPARE(before->upperSeries()->at(1).x(), 1.5);  // steps 0 and 1
  QCOMPARE(after->upperSeries()->at(0).x(), 10.5);  // step 11
  QVERIFY(find<QLabel>(&page, "sequenceInfo")->text().contains("valid steps 2 to 10 (9 of 12)"));

  // Sequence 0: no padding at all (first 0, length 12).
  find<QSpinBox>(&page, "sequenceSpin")->setValue(0);
  QCOMPARE(page.featureLines()[0]->count(), 12);
  QVERIFY(!before->isVisible() && !after->isVisible());

  // The histogram holds every sequence's target once.
  auto* histogram = find<HistogramChart>(&page, "targetHistogram");
  int total = 0;
  for (int c : histogram->histogram().counts) total += c;
  QCOMPARE(total, kN);
  double lo = 1e9;
  for (int i = 0; i < kN; ++i) lo = std::min(lo, double(float(y_value(i))));
  QCOMPARE(float(histogram->histogram().lo), float(lo));
}

void SequencePagesTest::splitBySequenceCounts() {
  QTemporaryDir dir;
  const Files f = write_dataset(dir);
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSequenceFiles(files_of(f)), QString());
  SequenceDataPage page(&doc);
  page.show();
  find<QDoubleSpinBox>(&page, "seqTrainSpin")->setValue(0.5);
  find<QDoubleSpinBox>(&page, "seqValidationSpin")->setValue(0.25);
  // In file order: floor(0.5 * 40) = 20 train, floor(0.75 * 40) - 20 = 10 validation, 10 test.
  QCOMPARE(find<QLabel>(&page, "splitCounts")->text(), QString("20 training · 10 validation · 10 test sequences"));
  QCOMPARE(find<QLabel>(&page, "seqTestLabel")->text(), QString("0.25"));
  const SequenceSplit split = *doc.sequencePlan().split;  // a copy: the plan is recomputed below
  QCOMPARE(split.train.front(), std::size_t(0));
  QCOMPARE(split.train.back(), std::size_t(19));
  QCOMPARE(split.test.front(), std::size_t(30));
  QVERIFY(!find<QSpinBox>(&page, "splitSeedSpin")->isEnabled());
  find<QCheckBox>(&page, "shuffleSplitCheck")->setChecked(true);
  QVERIFY(doc.sequenceConfig().shuffle_split);
  QVERIFY(find<QSpinBox>(&page, "splitSeedSpin")->isEnabled());
  find<QSpinBox>(&page, "splitSeedSpin")->setValue(7);
  QCOMPARE(doc.sequenceConfig().split_seed, std::uint64_t(7));
  QCOMPARE(find<QLabel>(&page, "splitCounts")->text(), QString("20 training · 10 validation · 10 test sequences"));
  const auto& shuffled = *doc.sequencePlan().split;
  QVERIFY(shuffled.train != split.train);  // 20 of 40 in order by chance: about 1 in 10^11
  // Too few sequences for a fraction: the engine's message in the banner.
  find<QDoubleSpinBox>(&page, "seqTrainSpin")->setValue(0.99);
  find<QDoubleSpinBox>(&page, "seqValidationSpin")->setValue(0.01);
  QVERIFY(!find<QLabel>(&page, "sequenceError")->isHidden());
  QVERIFY(!find<QLabel>(&page, "sequenceError")->text().isEmpty());
}

void SequencePagesTest::normalisePageShowsTrainingStatistics() {
  QTemporaryDir dir;
  const Files f = write_dataset(dir);
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSequenceFiles(files_of(f)), QString());
  SequenceConfig c = doc.sequenceConfig();
  c.split = {0.5, 0.25, 0.25};
  doc.setSequenceConfig(c);
  SequenceNormalisePage page(&doc);
  page.show();
  // Feature "load" (f = 1) over the valid steps of sequences 0..19, as float32 like the file.
  double sum = 0, n = 0, lo = 1e9, hi = -1e9;
  for (int i = 0; i < 20; ++i)
    for (int t = first_of(i); t < first_of(i) + length_of(i); ++t) {
      const double v = float(x_value(i, t, 1));
      sum += v, ++n, lo = std::min(lo, v), hi = std::max(hi, v);
    }
  const double mean = sum / n;
  double ss = 0;
  for (int i = 0; i < 20; ++i)
    for (int t = first_of(i); t < first_of(i) + length_of(i); ++t) ss += std::pow(float(x_value(i, t, 1)) - mean, 2);
  const double std = std::sqrt(ss / n);
  auto* table = find<QTableWidget>(&page, "featureStatsTable");
  QCOMPARE(table->rowCount(), 2);
  QCOMPARE(table->item(1, 0)->text(), QString("load"));
  QCOMPARE(table->item(1, 1)->text().toInt(), int(n));
  QVERIFY(std::abs(table->item(1, 2)->text().toDouble() - mean) < 1e-5);
  QVERIFY(std::abs(table->item(1, 3)->text().toDouble() - std) < 1e-5);
  QVERIFY(std::abs(table->item(1, 6)->text().toDouble() - mean) < 1e-5);  // standard: offset = mean
  QVERIFY(std::abs(table->item(1, 7)->text().toDouble() - std) < 1e-5);   // scale = population std

  // Targets with minmax: offset = min, scale = max - min of the 20 training targets.
  find<QComboBox>(&page, "targetScalerCombo")->setCurrentIndex(1);
  QCOMPARE(doc.sequenceConfig().target_scaler, Scaler::MinMax);
  double ylo = 1e9, yhi = -1e9;
  for (int i = 0; i < 20; ++i)
    ylo = std::min(ylo, double(float(y_value(i)))), yhi = std::max(yhi, double(float(y_value(i))));
  auto* targets = find<QTableWidget>(&page, "targetStatsTable");
  QCOMPARE(targets->rowCount(), 1);
  QCOMPARE(targets->item(0, 0)->text(), QString("wear"));
  QVERIFY(std::abs(targets->item(0, 6)->text().toDouble() - ylo) < 1e-5);
  QVERIFY(std::abs(targets->item(0, 7)->text().toDouble() - (yhi - ylo)) < 1e-5);
  find<QComboBox>(&page, "featureScalerCombo")->setCurrentIndex(3);  // none
  QCOMPARE(doc.sequenceConfig().feature_scaler, Scaler::None);
  QCOMPARE(table->item(1, 6)->text().toDouble(), 0.0);
  QCOMPARE(table->item(1, 7)->text().toDouble(), 1.0);
}

void SequencePagesTest::modelPageOffersBidirectional() {
  QTemporaryDir dir;
  const Files f = write_dataset(dir);
  MainWindow w;
  QCOMPARE(open_sequences(w, files_of(f)), QString());
  w.pages()->setCurrentIndex(2);
  auto* list = find<QListWidget>(&w, "layerList");
  list->setCurrentRow(0);
  auto* check = find<QCheckBox>(&w, "bidirectionalCheck");
  QVERIFY(!check->isChecked());
  check->setChecked(true);
  QVERIFY(w.document()->layers()[0].bidirectional);
  QVERIFY2(list->item(0)->text().contains("bidirectional (64 outputs)"), qPrintable(list->item(0)->text()));
  const QString summary = find<QPlainTextEdit>(&w, "modelSummary")->toPlainText();
  QVERIFY2(summary.contains("input (None, 12, 2)"), qPrintable(summary));  // T = 12, F = 2
  QVERIFY2(summary.contains("(None, 64)"), qPrintable(summary));           // 2 x 32 units
  QVERIFY(find<QLabel>(&w, "inputLabel")->text().contains("12 steps × 2 features (speed, load)"));
  // A Dense layer has no direction: the checkbox is hidden for it.
  find<QPushButton>(&w, "addDense")->click();
  list->setCurrentRow(1);
  QVERIFY(!check->isVisibleTo(&w));
}

void SequencePagesTest::trainsThroughTheControllerAndRoundTripsASession() {
  QTemporaryDir dir;
  const Files f = write_dataset(dir);
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QCOMPARE(open_sequences(w, files_of(f)), QString());
  WorkbenchDocument* doc = w.document();
  SequenceConfig c = doc->sequenceConfig();
  c.split = {0.5, 0.25, 0.25};
  c.shuffle_split = true;
  c.split_seed = 7;
  c.target_scaler = Scaler::MinMax;
  doc->setSequenceConfig(c);
  doc->setLayers({LayerSpec::gru(8).both_directions()});
  find<QSpinBox>(&w, "epochsSpin")->setValue(3);

  QSignalSpy finished(w.controller(), &TrainingController::finished);
  QSignalSpy batches(w.controller(), &TrainingController::batchLosses);
  QSignalSpy outcome(doc, &WorkbenchDocument::sequenceOutcomeChanged);
  w.startTraining();
  QVERIFY(w.controller()->isRunning());
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  QVERIFY(batches.count() >= 3);  // live losses reached the GUI
  QVERIFY(doc->sequenceOutcome());
  QVERIFY(!doc->hasTrained());  // the series' model slot stays empty
  QTRY_VERIFY_WITH_TIMEOUT(doc->sequenceOutcome()->evaluated, 30000);
  const auto* o = doc->sequenceOutcome();
  QVERIFY(o->model->is_sequence_model());
  QCOMPARE(o->fit.epochs_run, 3);
  QCOMPARE(o->split.test.size(), std::size_t(10));
  QCOMPARE(o->split.train, doc->sequencePlan().split->train);  // the split the Data page showed
  QVERIFY(o->evaluation.model.count(Split::Test));
  QVERIFY(o->evaluation.baselines.at("mean").count(Split::Test));
  QCOMPARE(o->predicted.batch, Index(kN));
  QCOMPARE(o->predicted.features, Index(1));
  for (double v : o->predicted.data) QVERIFY(std::isfinite(v));
  auto* loss = find<ChartView>(&w, "lossChart");
  bool three = false;
  for (QAbstractSeries* s : loss->chart()->series())
    if (s->name() == "training loss") three = qobject_cast<QLineSeries*>(s)->count() == 3;
  QVERIFY(three);

  // The Export page saves and exports the sequence model; its predictions are rnnwb predict's.
  auto* exporter = w.findChild<ExportPage*>();
  QVERIFY(exporter);
  QVERIFY(find<QPushButton>(&w, "saveModel")->isEnabled());
  QVERIFY(find<QLabel>(&w, "exportModelSummary")->text().contains("sequences of"));
  QCOMPARE(exporter->saveModelTo(dir.filePath("m.safetensors")), QString());
  QCOMPARE(load_model(dir.filePath("m.safetensors").toStdString()).model.parameters(), o->model->model.parameters());
  QCOMPARE(exporter->exportOnnxTo(dir.filePath("m.onnx")), QString());
  QVERIFY(QFileInfo(dir.filePath("m.onnx")).size() > 0);
  QCOMPARE(exporter->exportCTo(dir.filePath("m.c")), QString());
  QVERIFY(QFileInfo(dir.filePath("m.h")).size() > 0);
  QVERIFY(!find<QPushButton>(&w, "savePredictions")->isEnabled());
  QVERIFY(exporter->savePredictionsTo(dir.filePath("p.csv")).contains("rnnwb predict"));
  QVERIFY(!QFileInfo::exists(dir.filePath("p.csv")));

  const QString session = dir.filePath("s.rnnwb");
  QCOMPARE(w.saveSession(session), QString());
  MainWindow again;
  QCOMPARE(again.openSession(session), QString());
  WorkbenchDocument* back = again.document();
  QVERIFY(back->hasSequences());
  QCOMPARE(back->sequences().size(), Index(kN));
  QCOMPARE(back->sequences().features, (std::vector<std::string>{"speed", "load"}));
  QCOMPARE(back->sequences().targets, (std::vector<std::string>{"wear"}));
  QCOMPARE(back->sequenceFiles().y_path, f.y.toStdString());
  QCOMPARE(back->sequenceConfig().split.train, 0.5);
  QVERIFY(back->sequenceConfig().shuffle_split);
  QCOMPARE(back->sequenceConfig().split_seed, std::uint64_t(7));
  QCOMPARE(back->sequenceConfig().target_scaler, Scaler::MinMax);
  QCOMPARE(back->layers().size(), std::size_t(1));
  QVERIFY(back->layers()[0].bidirectional);
  QCOMPARE(back->fitConfig().epochs, 3);
  QVERIFY(back->sequenceOutcome());
  QCOMPARE(back->sequenceOutcome()->model->model.parameters(), o->model->model.parameters());
  QTRY_VERIFY_WITH_TIMEOUT(back->sequenceOutcome()->evaluated, 30000);
  QCOMPARE(back->sequenceOutcome()->evaluation.model.at(Split::Test).rmse, o->evaluation.model.at(Split::Test).rmse);
  QCOMPARE(find<QLabel>(&again, "splitCounts")->text(), QString("20 training · 10 validation · 10 test sequences"));

  // A session whose Y file is gone cannot be opened, and changes nothing.
  QVERIFY(QFile::remove(f.y));
  again.prompts().missing_data = [](const QString&) { return MissingDataChoice::Cancel; };  // not located
  QVERIFY(!again.openSession(session).isEmpty());
  QVERIFY(back->hasSequences());
  QCOMPARE(back->sequences().size(), Index(kN));
}

void SequencePagesTest::integerLabelsTrainAClassifier() {
  QTemporaryDir dir;
  const Files f = write_dataset(dir);
  const QString labels = write_labels(dir);
  QVERIFY(!labels.isEmpty());
  int ones = 0;
  for (int i = 0; i < kN; ++i) ones += y_value(i) > 1.0;
  QVERIFY(ones > 5 && ones < kN - 5);  // both classes in every split of 40 shuffled sequences
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QCOMPARE(open_sequences(w, SequenceFiles{f.x.toStdString(), labels.toStdString(), {}, {}}), QString());
  WorkbenchDocument* doc = w.document();
  QCOMPARE(doc->sequenceConfig().task, SequenceTask::Classification);
  QVERIFY(find<QLabel>(&w, "sequenceSummary")->text().contains("classifier"));
  SequenceConfig c = doc->sequenceConfig();
  c.shuffle_split = true;
  c.split_seed = 3;
  doc->setSequenceConfig(c);
  find<QSpinBox>(&w, "epochsSpin")->setValue(3);
  QSignalSpy finished(w.controller(), &TrainingController::finished);
  w.startTraining();
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  QVERIFY(doc->sequenceOutcome());
  QTRY_VERIFY_WITH_TIMEOUT(doc->sequenceOutcome()->evaluated, 30000);
  const auto* o = doc->sequenceOutcome();
  QCOMPARE(o->model->sequences->classes.count, Index(2));
  QVERIFY(o->evaluation.is_classification());
  QCOMPARE(o->evaluation.classes.at(Split::Test).count, o->split.test.size());
  QCOMPARE(o->model->training.loss.kind, LossKind::CrossEntropy);
}

void SequencePagesTest::screenshots() {
  if (qEnvironmentVariable("RNNWB_SCREENSHOT_DIR").isEmpty()) QSKIP("RNNWB_SCREENSHOT_DIR is not set");
  QTemporaryDir dir;
  const Files f = write_dataset(dir);
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QCOMPARE(open_sequences(w, files_of(f)), QString());
  find<QSpinBox>(&w, "sequenceSpin")->setValue(5);
  w.pages()->setCurrentIndex(0);
  save_screenshot(&w, "sequence_data_page.png");
  w.pages()->setCurrentIndex(1);
  save_screenshot(&w, "sequence_normalise_page.png");
  w.pages()->setCurrentIndex(2);
  find<QListWidget>(&w, "layerList")->setCurrentRow(0);
  find<QCheckBox>(&w, "bidirectionalCheck")->setChecked(true);
  save_screenshot(&w, "sequence_model_page.png");
}

QTEST_MAIN(SequencePagesTest)
#include "sequence_pages_test.moc"
