// The Runs page (issue 16): every training of the workbench becomes a run of the document (its
// settings, loss history, per-batch curve, metrics once evaluated, weights); a session keeps the
// runs and their weights; the table sorts numbers as numbers, filters, shows the differing
// settings first and marks the best run; Restore makes a run's model the current one; rename,
// annotate and delete (asked first); the table exports as CSV (never over the data file).
#include "ui/pages/runs_page.hpp"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>
#include <cmath>

#include "engine/io/npy.hpp"
#include "engine/io/session_file.hpp"
#include "ui/main_window.hpp"
#include "ui/pages/runs_table_model.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

// A tiny LSTM trained for `epochs` epochs with learning rate `lr`, no early stop; waits for the
// training and for its metrics (the background evaluation).
void train(MainWindow& w, int units, double lr, int epochs = 2) {
  WorkbenchDocument* doc = w.document();
  doc->setLayers({LayerSpec::lstm(units)});
  FitConfig fit = doc->fitConfig();
  fit.epochs = epochs;
  fit.patience = 0;
  fit.threads = 1;
  fit.optimizer.lr = lr;
  doc->setFitConfig(fit);
  const std::size_t before = doc->runs().size();
  w.startTraining();
  QVERIFY(w.controller()->isRunning());
  QVERIFY(wait_for([&] { return !w.controller()->isRunning(); }, 60000));
  QCOMPARE(doc->runs().size(), before + 1);
  QVERIFY(wait_for([&] { return doc->runs().back().metrics.contains("test"); }, 30000));
}

RunsPage* runs_page(MainWindow& w) { return w.findChild<RunsPage*>(); }

// A run made by hand: the document's settings with these units and learning rate, and one epoch
// whose validation loss is `val`.
RunRecord made_run(const WorkbenchDocument* doc, int units, double lr, double val, const std::string& cell = "lstm") {
  RunRecord r;
  r.settings = doc->currentSettings();
  r.settings.layers = {cell == "gru" ? LayerSpec::gru(units) : LayerSpec::lstm(units)};
  r.settings.fit.optimizer.lr = lr;
  r.history = {EpochStats{1, val * 2, val, lr, 0.1}};
  r.best_epoch = 1;
  r.started_at = "2026-12-02T01:50:00Z";
  return r;
}

int column(const RunsPage* page, const QString& name) {
  const RunTable& t = page->model()->table();
  return t.column(name.toStdString());
}

QString cell(const RunsPage* page, int row, const QString& name) {
  return page->proxy()->index(row, column(page, name)).data().toString();
}

QString read(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll());
}

bool same_weights(const TrainedModel& a, const TrainedModel& b) {
  return a.model.parameters().size() == b.model.parameters().size() && a.model.parameters() == b.model.parameters();
}

}  // namespace

class RunsPageTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void everyTrainingBecomesARun();
  void aStoppedTrainingIsAStoppedRun();
  void aSequenceTrainingIsARunTooAndItsSessionKeepsIt();
  void twoHundredRunsStayCheap();
  void aSessionKeepsTheRunsAndTheirWeights();
  void aSessionOpenedWithoutItsDataKeepsItsRuns();
  void tableSortsFiltersAndShowsDifferingSettingsFirst();
  void restoreMakesTheRunsModelCurrent();
  void renameAnnotateAndDeleteAsked();
  void exportsTheTableAsCsv();
  void screenshots();

 private:
  QTemporaryDir dir_;
};

void RunsPageTest::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QVERIFY(dir_.isValid());
  qputenv("RNNWB_RECOVERY_DIR", dir_.filePath("recovery").toUtf8());
}

void RunsPageTest::everyTrainingBecomesARun() {
  MainWindow w;
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  QVERIFY(doc->runs().empty());
  train(w, 4, 0.01);
  train(w, 6, 0.003);
  QCOMPARE(doc->runs().size(), std::size_t(2));
  const RunRecord &a = doc->runs()[0], &b = doc->runs()[1];
  QVERIFY(a.id != b.id);
  QCOMPARE(a.settings.layers.front().units, 4);
  QCOMPARE(b.settings.layers.front().units, 6);
  QCOMPARE(b.settings.fit.optimizer.lr, 0.003);
  QCOMPARE(a.settings.data_source, std::string("sample:sunspots"));
  QCOMPARE(a.settings.data_sha256, doc->dataSha256().toStdString());
  QCOMPARE(a.end, RunEnd::Completed);
  QCOMPARE(a.history.size(), std::size_t(2));
  QVERIFY(a.seconds > 0);
  QVERIFY(!a.started_at.empty());
  // Every batch of both epochs is on the per-batch curve (few enough to keep them all), in order.
  QVERIFY(!a.batches.empty());
  const Index per_epoch = a.batches.back().batch;
  QCOMPARE(a.batches.size(), std::size_t(2 * per_epoch));
  for (std::size_t i = 0; i < a.batches.size(); ++i) {
    QCOMPARE(a.batches[i].epoch, int(i / std::size_t(per_epoch)) + 1);
    QCOMPARE(a.batches[i].batch, Index(i % std::size_t(per_epoch)) + 1);
  }
  // The metrics of the background evaluation reached the run, and its model is the current one.
  QVERIFY(b.metrics["test"].contains("rmse"));
  QVERIFY(b.model && same_weights(*b.model, *doc->trained()));
  QVERIFY(a.model && !same_weights(*a.model, *b.model));
  // Another sample is another document: no runs.
  QVERIFY(w.openSample("macrodata").isEmpty());
  QVERIFY(doc->runs().empty());
}

void RunsPageTest::aStoppedTrainingIsAStoppedRun() {
  MainWindow w;
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  doc->setLayers({LayerSpec::lstm(4)});
  FitConfig fit = doc->fitConfig();
  fit.epochs = 100000;  // far more than it can run before Stop
  fit.patience = 0;
  fit.threads = 1;
  doc->setFitConfig(fit);
  int epochs = 0;
  connect(w.controller(), &TrainingController::epochEnded, this, [&] { ++epochs; });
  w.startTraining();
  QVERIFY(wait_for([&] { return epochs >= 2; }, 30000));
  QVERIFY(doc->runs().empty());  // not before it ends
  w.controller()->stop();
  QVERIFY(wait_for([&] { return !w.controller()->isRunning(); }, 30000));
  QCOMPARE(doc->runs().size(), std::size_t(1));
  const RunRecord& r = doc->runs().front();
  QCOMPARE(r.end, RunEnd::Stopped);
  QVERIFY(r.history.size() >= 2 && r.history.size() < 100000);
  QVERIFY(r.model != nullptr);  // the best weights were kept
}

void RunsPageTest::aSequenceTrainingIsARunTooAndItsSessionKeepsIt() {
  // 30 sequences of 8 steps, 1 feature; the target is the last step.
  NpyArray x{{30, 8, 1}, {}, false}, y{{30, 1}, {}, false};
  for (int i = 0; i < 30; ++i) {
    for (int t = 0; t < 8; ++t) x.data.push_back(float(std::sin(0.4 * t + 0.2 * i)));
    y.data.push_back(x.data.back());
  }
  const QString xp = dir_.filePath("seqX.npy"), yp = dir_.filePath("seqY.npy");
  write_npy(xp.toStdString(), x);
  write_npy(yp.toStdString(), y);
  MainWindow w;
  WorkbenchDocument* doc = w.document();
  QVERIFY(doc->loadSequenceFiles(SequenceFiles{xp.toStdString(), yp.toStdString(), {}, {}}).isEmpty());
  train(w, 3, 0.01);
  const RunRecord r = doc->runs().front();
  QVERIFY(r.settings.sequences.has_value());
  QCOMPARE(r.settings.sequences->files.x_path, xp.toStdString());
  QCOMPARE(r.settings.sequences->x_sha256, doc->sequences().x_sha256);
  QVERIFY(r.model && r.model->is_sequence_model());
  QVERIFY(r.metrics["test"].contains("rmse"));
  const QString path = dir_.filePath("sequences.rnnwb");
  QVERIFY(w.saveSession(path).isEmpty());
  QVERIFY(w.openSample("sunspots").isEmpty());
  QVERIFY(doc->runs().empty());
  QVERIFY(w.openSession(path).isEmpty());
  QVERIFY(doc->hasSequences());
  QCOMPARE(doc->runs().size(), std::size_t(1));
  QCOMPARE(doc->runs().front().id, r.id);
  QVERIFY(doc->runs().front().model && same_weights(*doc->runs().front().model, *r.model));
}

void RunsPageTest::twoHundredRunsStayCheap() {
  RNNWB_TIMING_TEST();  // wall-clock bounds: run alone (ctest -L timing)
  MainWindow w;
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  RunsPage* page = runs_page(w);
  w.pages()->setCurrentWidget(page);
  w.show();
  QElapsedTimer clock;
  clock.start();
  // All at once (a session, a fast sweep): the table follows each, the charts are drawn once.
  for (int i = 0; i < 199; ++i) doc->addRun(made_run(doc, 4 + i % 20, 0.001 * (1 + i % 10), 0.1 + 0.001 * i));
  QApplication::processEvents();
  const qint64 all_ms = clock.elapsed();
  QCOMPARE(page->model()->rowCount(), 199);
  // One more, as a sweep's run arrives: table, selection and charts of 200 runs, all refreshed.
  page->selectRuns({QString::fromStdString(doc->runs()[0].id), QString::fromStdString(doc->runs()[1].id)});
  clock.restart();
  doc->addRun(made_run(doc, 64, 0.1, 0.05));
  QApplication::processEvents();
  const qint64 one_ms = clock.elapsed();
  QCOMPARE(page->model()->rowCount(), 200);
  QCOMPARE(page->model()->table().best_row, 199);
  QCOMPARE(page->table()->indexWidget(page->proxy()->index(0, 0)), nullptr);  // no widget per row
  QCOMPARE(doc->selectedRunIds().size(), 2);
  qInfo("199 runs added in %lld ms; the 200th refreshed the page in %lld ms", all_ms, one_ms);
  QVERIFY2(all_ms < 10000, qPrintable(QString("199 runs took %1 ms").arg(all_ms)));
  QVERIFY2(one_ms < 1500, qPrintable(QString("the 200th run took %1 ms").arg(one_ms)));
}

void RunsPageTest::aSessionKeepsTheRunsAndTheirWeights() {
  MainWindow w;
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  train(w, 4, 0.01);
  train(w, 5, 0.01);
  QVERIFY(doc->renameRun(QString::fromStdString(doc->runs()[0].id), "first"));
  const std::vector<RunRecord> before = doc->runs();
  const QString path = dir_.filePath("two_runs.rnnwb");
  QVERIFY(w.saveSession(path).isEmpty());
  QVERIFY(w.openSample("macrodata").isEmpty());
  QVERIFY(doc->runs().empty());
  QVERIFY(w.openSession(path).isEmpty());
  QCOMPARE(doc->runs().size(), std::size_t(2));
  for (std::size_t i = 0; i < 2; ++i) {
    const RunRecord &r = doc->runs()[i], &was = before[i];
    QCOMPARE(r.id, was.id);
    QCOMPARE(r.name, was.name);
    QCOMPARE(r.history.size(), was.history.size());
    QCOMPARE(r.history.back().val_loss, was.history.back().val_loss);
    QCOMPARE(r.batches.size(), was.batches.size());
    QCOMPARE(r.metrics, was.metrics);
    QVERIFY(r.model && same_weights(*r.model, *was.model));
  }
  QCOMPARE(doc->runs()[0].name, std::string("first"));
  QVERIFY(!doc->isModified());
  // The Runs page shows them.
  QCOMPARE(runs_page(w)->model()->rowCount(), 2);
}

void RunsPageTest::aSessionOpenedWithoutItsDataKeepsItsRuns() {
  const QString data = dir_.filePath("moving.csv");
  {
    QFile f(data);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QTextStream out(&f);
    out << "t,value\n";
    for (int i = 0; i < 200; ++i) out << i << "," << std::cos(i * 0.3) + 2 << "\n";
  }
  MainWindow w;
  WorkbenchDocument* doc = w.document();
  QVERIFY(w.openCsv(data).isEmpty());
  const QString id = doc->addRun(made_run(doc, 8, 0.01, 0.2));
  const QString path = dir_.filePath("moving.rnnwb");
  QVERIFY(w.saveSession(path).isEmpty());
  QVERIFY(QFile::remove(data));
  w.prompts().missing_data = [](const QString&) { return MissingDataChoice::WithoutData; };
  QVERIFY(w.openSession(path).isEmpty());
  QVERIFY(!doc->missingData().isEmpty());
  QCOMPARE(doc->runs().size(), std::size_t(1));
  QCOMPARE(QString::fromStdString(doc->runs().front().id), id);
}

void RunsPageTest::tableSortsFiltersAndShowsDifferingSettingsFirst() {
  MainWindow w;
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  doc->addRun(made_run(doc, 64, 0.01, 0.30));
  doc->addRun(made_run(doc, 8, 0.01, 0.10));  // the best
  doc->addRun(made_run(doc, 16, 0.01, 0.20, "gru"));
  RunsPage* page = runs_page(w);
  QTableView* table = page->table();
  QCOMPARE(page->proxy()->rowCount(), 3);
  // id, name, end, then the settings that differ (the cell kind and the units), before the rest.
  const QHeaderView* header = table->horizontalHeader();
  QStringList visible;
  for (int v = 0; v < header->count(); ++v)
    if (!table->isColumnHidden(header->logicalIndex(v)))
      visible << page->model()->headerData(header->logicalIndex(v), Qt::Horizontal).toString();
  QCOMPARE(visible.mid(0, 3), QStringList({"id", "name", "end"}));
  QVERIFY2(visible.mid(3, 2).contains("units"), qPrintable(visible.join(",")));
  QVERIFY(!visible.contains("lr"));  // the same in every run: hidden until "All settings"
  find<QCheckBox>(page, "allSettings")->setChecked(true);
  QVERIFY(!table->isColumnHidden(column(page, "lr")));
  // The best run by validation loss: starred and bold.
  const QModelIndex best = page->model()->index(1, 0);
  QVERIFY(best.data().toString().startsWith("★"));
  QVERIFY(best.data(Qt::FontRole).value<QFont>().bold());
  QVERIFY(!page->model()->index(0, 0).data().toString().startsWith("★"));
  // Units sort as numbers (8, 16, 64), not as text (16, 64, 8).
  table->sortByColumn(column(page, "units"), Qt::AscendingOrder);
  QCOMPARE(QStringList({cell(page, 0, "units"), cell(page, 1, "units"), cell(page, 2, "units")}),
           QStringList({"8", "16", "64"}));
  table->sortByColumn(column(page, "units"), Qt::DescendingOrder);
  QCOMPARE(cell(page, 0, "units"), QString("64"));
  // Filters: any text, a comparison, an unknown column (said, every run shown).
  auto* filter = find<QLineEdit>(page, "runsFilter");
  filter->setText("gru");
  QCOMPARE(page->proxy()->rowCount(), 1);
  QCOMPARE(cell(page, 0, "units"), QString("16"));
  filter->setText("units>10");
  QCOMPARE(page->proxy()->rowCount(), 2);
  QVERIFY(find<QLabel>(page, "runsCount")->text().contains("2 of 3"));
  filter->setText("colour=red");
  QCOMPARE(page->proxy()->rowCount(), 3);
  QVERIFY(find<QLabel>(page, "runsFilterError")->text().contains("colour"));
  filter->clear();
  QVERIFY(find<QLabel>(page, "runsFilterError")->isHidden());
  // The selection is the document's (the Predict page overlays it), and back.
  page->selectRuns({QString::fromStdString(doc->runs()[2].id)});
  QCOMPARE(doc->selectedRunIds(), QStringList({QString::fromStdString(doc->runs()[2].id)}));
  doc->setSelectedRunIds({QString::fromStdString(doc->runs()[0].id)});
  QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
  QCOMPARE(page->model()->runId(page->proxy()->mapToSource(table->selectionModel()->selectedRows()[0]).row()),
           QString::fromStdString(doc->runs()[0].id));
  // A run arriving keeps the selection.
  doc->addRun(made_run(doc, 32, 0.01, 0.5));
  QCOMPARE(doc->selectedRunIds(), QStringList({QString::fromStdString(doc->runs()[0].id)}));
  QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
  // A text setting (the cell kind) on the charts: the scatter's x axis names its values.
  w.resize(1400, 900);
  w.show();
  w.pages()->setCurrentWidget(page);
  find<QComboBox>(page, "runsScatterSetting")->setCurrentText("layers[0].type");
  page->selectRuns({QString::fromStdString(doc->runs()[0].id), QString::fromStdString(doc->runs()[1].id)});
  QTest::qWait(50);
  save_screenshot(&w, "runs_page_text_setting.png");
}

void RunsPageTest::restoreMakesTheRunsModelCurrent() {
  MainWindow w;
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  train(w, 4, 0.01);
  train(w, 7, 0.01);
  const RunRecord first = doc->runs()[0];
  QVERIFY(!same_weights(*doc->trained(), *first.model));
  RunsPage* page = runs_page(w);
  page->selectRuns({QString::fromStdString(first.id)});
  QVERIFY(page->restoreSelected().isEmpty());
  QVERIFY(doc->hasTrained());
  QVERIFY(same_weights(*doc->trained(), *first.model));
  QCOMPARE(doc->layers().front().units, 4);  // the Model page shows its settings
  QCOMPARE(doc->fitResult().history.size(), first.history.size());
  QCOMPARE(doc->runs().size(), std::size_t(2));  // the runs stay
  QVERIFY(doc->isModified());
  QVERIFY(doc->modelDrift().isEmpty());  // the settings are the model's
  // The Predict page shows it once evaluated.
  QVERIFY(wait_for([&] { return !doc->evaluation().model.empty(); }, 30000));
  QVERIFY(find<QLabel>(&w, "notTrainedLabel")->isHidden());

  // A run of other data: asked first; "no" changes nothing.
  QVERIFY(w.openSample("macrodata").isEmpty());
  doc->addRun(first);
  page->selectRuns({QString::fromStdString(first.id)});
  int asked = 0;
  QString asked_text;
  page->prompts().open_other_data = [&](const QString& text) {
    ++asked;
    asked_text = text;
    return false;
  };
  QVERIFY(page->restoreSelected().isEmpty());
  QCOMPARE(asked, 1);
  QVERIFY2(asked_text.contains("sample:sunspots"), qPrintable(asked_text));
  QCOMPARE(doc->dataSource(), QString("sample:macrodata"));
  QVERIFY(!doc->hasTrained());
  page->prompts().open_other_data = [](const QString&) { return true; };
  QVERIFY(page->restoreSelected().isEmpty());
  QCOMPARE(doc->dataSource(), QString("sample:sunspots"));
  QVERIFY(same_weights(*doc->trained(), *first.model));
  QCOMPARE(doc->runs().size(), std::size_t(1));
  // A run without weights (diverged) cannot be restored: said, nothing changes.
  RunRecord diverged = made_run(doc, 4, 10.0, 1.0);
  diverged.end = RunEnd::Diverged;
  page->selectRuns({doc->addRun(diverged)});
  const QString error = page->restoreSelected();
  QVERIFY2(error.contains("kept no weights"), qPrintable(error));
  QVERIFY(same_weights(*doc->trained(), *first.model));
}

void RunsPageTest::renameAnnotateAndDeleteAsked() {
  MainWindow w;
  QVERIFY(w.openSample("sunspots").isEmpty());
  WorkbenchDocument* doc = w.document();
  const QString a = doc->addRun(made_run(doc, 8, 0.01, 0.1)), b = doc->addRun(made_run(doc, 16, 0.01, 0.2));
  RunsPage* page = runs_page(w);
  page->selectRuns({a});
  page->prompts().edit_text = [](const QString&, const QString&, const QString&) { return QString("baseline"); };
  QVERIFY(page->renameSelected().isEmpty());
  QCOMPARE(doc->findRun(a)->name, std::string("baseline"));
  QCOMPARE(cell(page, 0, "name"), QString("baseline"));
  page->prompts().edit_text = [](const QString&, const QString&, const QString&) { return std::nullopt; };
  QVERIFY(page->renameSelected().isEmpty());  // cancelled: the name stays
  QCOMPARE(doc->findRun(a)->name, std::string("baseline"));
  page->prompts().edit_text = [](const QString&, const QString&, const QString&) { return QString("too small"); };
  QVERIFY(page->annotateSelected().isEmpty());
  QCOMPARE(doc->findRun(a)->note, std::string("too small"));
  QVERIFY(page->model()->index(0, 0).data(Qt::ToolTipRole).toString().contains("too small"));
  // In place: the name cell is editable.
  const QModelIndex name_b = page->model()->index(1, column(page, "name"));
  QVERIFY(page->model()->flags(name_b) & Qt::ItemIsEditable);
  QVERIFY(page->model()->setData(name_b, "wide"));
  QCOMPARE(doc->findRun(b)->name, std::string("wide"));
  // Delete asks; no keeps both, yes removes the selected one (and from the selection).
  page->selectRuns({a});
  QString question;
  page->prompts().confirm_delete = [&](const QString& text) {
    question = text;
    return false;
  };
  QVERIFY(page->deleteSelected().isEmpty());
  QVERIFY(question.contains("baseline"));
  QCOMPARE(doc->runs().size(), std::size_t(2));
  page->prompts().confirm_delete = [](const QString&) { return true; };
  QVERIFY(page->deleteSelected().isEmpty());
  QCOMPARE(doc->runs().size(), std::size_t(1));
  QVERIFY(doc->findRun(a) == nullptr);
  QVERIFY(doc->selectedRunIds().isEmpty());
  QVERIFY(doc->isModified());
}

void RunsPageTest::exportsTheTableAsCsv() {
  MainWindow w;
  // A CSV of our own, so that writing over the data file can be tried.
  const QString data = dir_.filePath("series.csv");
  {
    QFile f(data);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QTextStream out(&f);
    out << "t,value\n";
    for (int i = 0; i < 300; ++i) out << i << "," << std::sin(i * 0.2) + 2 << "\n";
  }
  const QString data_bytes = read(data);
  QVERIFY(w.openCsv(data).isEmpty());
  WorkbenchDocument* doc = w.document();
  const QString a = doc->addRun(made_run(doc, 8, 0.01, 0.25));
  const QString b = doc->addRun(made_run(doc, 16, 0.01, 0.125));
  doc->renameRun(a, "small, first");  // a comma: quoted in the CSV
  RunsPage* page = runs_page(w);
  page->table()->sortByColumn(column(page, "units"), Qt::DescendingOrder);
  const QString out = dir_.filePath("runs.csv");
  page->prompts().csv_path = [&] { return out; };
  QVERIFY(page->exportCsv().isEmpty());
  const QStringList lines = read(out).split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 3);
  QVERIFY2(lines[0].startsWith("best,id,name,end,"), qPrintable(lines[0]));
  // As shown: units descending, so run b (16 units, the best) first, starred.
  QVERIFY2(lines[1].startsWith("*," + b + ","), qPrintable(lines[1]));
  QVERIFY2(lines[2].startsWith("," + a + ",\"small, first\","), qPrintable(lines[2]));
  QVERIFY(lines[1].contains(",0.125,"));
  // Never over the data file.
  page->prompts().csv_path = [&] { return data; };
  const QString error = page->exportCsv();
  QVERIFY2(error.contains("data file"), qPrintable(error));
  QCOMPARE(read(data), data_bytes);
}

void RunsPageTest::screenshots() {
  MainWindow w;
  w.resize(1400, 900);
  w.show();
  QVERIFY(w.openSample("sunspots").isEmpty());
  train(w, 4, 0.01, 3);
  train(w, 8, 0.01, 3);
  train(w, 4, 0.003, 3);
  train(w, 8, 0.003, 3);
  WorkbenchDocument* doc = w.document();
  doc->renameRun(QString::fromStdString(doc->runs()[0].id), "small");
  RunsPage* page = runs_page(w);
  w.pages()->setCurrentWidget(page);
  QStringList all;
  for (const RunRecord& r : doc->runs()) all << QString::fromStdString(r.id);
  page->selectRuns(all);
  save_screenshot(&w, "runs_page.png");
  QCOMPARE(page->model()->rowCount(), 4);
}

QTEST_MAIN(RunsPageTest)
#include "runs_page_test.moc"
