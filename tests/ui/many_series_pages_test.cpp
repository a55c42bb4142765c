// Many series in the workbench, driven through the widgets offscreen with a real document: the
// Data page's series column, series list and chart of the selected series with its own split, the
// wide form, split by series, the Normalise page's per-series statistics, the Predict page's series
// chooser and per-series metrics (sortable), sessions that keep all of it, and a 10,000-series list.
// Expected values come from the sample's CSV text read here, not from the loader's grouping.
#include <QAbstractItemModel>
#include <QApplication>
#include <QAreaSeries>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>

#include "engine/data/samples.hpp"
#include "engine/export/model_export.hpp"
#include "engine/io/session_file.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/training.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/pages/band_series.hpp"
#include "ui/pages/data_page.hpp"
#include "ui/pages/export_page.hpp"
#include "ui/pages/normalise_page.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

// The closes of each index of the EuStockMarkets sample, from its CSV text ("index","day","close").
std::map<QString, std::vector<double>> eustock_closes() {
  const auto csv = sample_csv("eustock_long");
  if (!csv) qFatal("no sample eustock_long");
  std::map<QString, std::vector<double>> out;
  const QStringList lines = QString::fromUtf8(csv->data(), qsizetype(csv->size())).split('\n', Qt::SkipEmptyParts);
  for (qsizetype i = 1; i < lines.size(); ++i) {
    const QStringList cells = lines[i].trimmed().split(',');
    if (cells.size() != 3) continue;
    QString id = cells[0];
    id.remove('"');
    out[id].push_back(cells[2].toDouble());
  }
  return out;
}

// The line series whose legend name starts with `prefix`.
QLineSeries* named_line(QWidget* root, const char* chart, const QString& prefix) {
  for (QAbstractSeries* s : find<ChartView>(root, chart)->chart()->series())
    if (s->name().startsWith(prefix))
      if (auto* l = qobject_cast<QLineSeries*>(s)) return l;
  return nullptr;
}

QAreaSeries* band(QWidget* root, const QString& prefix) {
  for (QAbstractSeries* s : find<ChartView>(root, "seriesChart")->chart()->series())
    if (s->name().startsWith(prefix))
      if (auto* a = qobject_cast<QAreaSeries*>(s)) return a;
  qFatal("no band %s", qPrintable(prefix));
}

// The drawn points are min/max decimated to the plot's width: they keep the first and last point,
// the minimum and the maximum, and every drawn y is one of the series' values.
void verify_drawn(QLineSeries* line, const std::vector<double>& values) {
  QVERIFY(line);
  QVERIFY(line->count() > 0);
  QCOMPARE(line->at(0).x(), 0.0);
  QCOMPARE(line->at(0).y(), values.front());
  QVERIFY(line->at(line->count() - 1).x() <= double(values.size() - 1));
  QVERIFY(line->at(line->count() - 1).x() >= 0.99 * double(values.size() - 1));
  double lo = INFINITY, hi = -INFINITY;
  for (const QPointF& p : line->points()) {
    lo = std::min(lo, p.y());
    hi = std::max(hi, p.y());
    const std::size_t i = std::size_t(std::lround(p.x()));
    QVERIFY(i < values.size());
    QCOMPARE(p.y(), values[i]);
  }
  QCOMPARE(lo, *std::min_element(values.begin(), values.end()));
  QCOMPARE(hi, *std::max_element(values.begin(), values.end()));
}

// The population mean and standard deviation of the first `n` values (the standard scaler's).
std::pair<double, double> mean_sd(const std::vector<double>& v, std::size_t n) {
  double mean = 0, var = 0;
  for (std::size_t i = 0; i < n; ++i) mean += v[i];
  mean /= double(n);
  for (std::size_t i = 0; i < n; ++i) var += (v[i] - mean) * (v[i] - mean);
  return {mean, std::sqrt(var / double(n))};
}

void train(WorkbenchDocument& doc) {
  train_in_document(doc, 2, 4);
  QElapsedTimer clock;
  clock.start();
  while (doc.evaluating() && clock.elapsed() < 60000) QTest::qWait(10);
}

void select_rows(QTableView* view, std::initializer_list<int> rows) {
  view->selectionModel()->clearSelection();
  for (int r : rows)
    view->selectionModel()->select(view->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

// A wide CSV: a time column and three columns of the same quantity (c starts 3 rows late).
QString write_wide_csv(const QTemporaryDir& dir) {
  QFile f(dir.filePath("wide.csv"));
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write the wide CSV");
  QTextStream out(&f);
  out << "t,a,b,c\n";
  for (int i = 0; i < 40; ++i) {
    out << i << "," << 10 + std::sin(i * 0.3) << "," << 100 + 5 * std::cos(i * 0.2) << ",";
    if (i >= 3) out << 1000 + i;
    out << "\n";
  }
  return f.fileName();
}

}  // namespace

class ManySeriesPagesTest : public QObject {
  Q_OBJECT

 private slots:
  void eustockListsFourSeriesAndChartsTheSelected();
  void aRepeatedTextColumnIsSuggestedAndChosen();
  void splitBySeriesShadesWholeSeries();
  void perSeriesScalingShowsEachSeriesStatistics();
  void predictPageChartsAndRanksEachSeries();
  void wideFormTakesTickedColumnsAsSeries();
  void sessionsKeepTheSeriesFormAndScaling();
  void tenThousandSeriesListAtOnce();
  void screenshots();
};

void ManySeriesPagesTest::eustockListsFourSeriesAndChartsTheSelected() {
  const auto closes = eustock_closes();
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("eustock_long").isEmpty());
  QCOMPARE(QString::fromStdString(doc.seriesForm().column), QString("index"));
  DataPage page(&doc);
  auto* list = find<QTableView>(&page, "seriesList");
  QAbstractItemModel* model = list->model();
  QCOMPARE(model->rowCount(), 4);
  const QStringList ids = {"DAX", "SMI", "CAC", "FTSE"};  // order of first appearance in the file
  for (int r = 0; r < 4; ++r) {
    QCOMPARE(model->index(r, 0).data().toString(), ids[r]);
    QCOMPARE(model->index(r, 1).data().toULongLong(), qulonglong(closes.at(ids[r]).size()));
    QCOMPARE(model->index(r, 1).data().toULongLong(), 1860ull);
    // Split by time within each series: floor(0.7 * 1860) = 1302 training rows, floor(0.85 * 1860) = 1581.
    QCOMPARE(model->index(r, 2).data().toULongLong(), 1302ull);
    QCOMPARE(model->index(r, 3).data().toULongLong(), 1581ull - 1302ull);
    QCOMPARE(model->index(r, 4).data().toULongLong(), 1860ull - 1581ull);
  }
  QCOMPARE(find<QComboBox>(&page, "seriesColumnCombo")->currentData().toString(), QString("index"));
  QVERIFY(find<QLabel>(&page, "sourceLabel")->text().contains("4 series by column index"));

  // The first series is charted at first; selecting CAC charts CAC's closes with its own split.
  verify_drawn(named_line(&page, "seriesChart", "DAX"), closes.at("DAX"));
  select_rows(list, {2});
  QCOMPARE(page.chartedSeries(), std::vector<std::size_t>{2});
  verify_drawn(named_line(&page, "seriesChart", "CAC"), closes.at("CAC"));
  QVERIFY(!named_line(&page, "seriesChart", "DAX"));
  auto* chart = find<ChartView>(&page, "seriesChart")->chart();
  QVERIFY(chart->title().contains("CAC"));
  QVERIFY(find<QLabel>(&page, "testSplitLabel")->text().contains("train 1302"));

  // Two selected: both drawn, overlaid on the same x (row within the series).
  select_rows(list, {1, 3});
  QCOMPARE(page.chartedSeries(), (std::vector<std::size_t>{1, 3}));
  verify_drawn(named_line(&page, "seriesChart", "SMI"), closes.at("SMI"));
  verify_drawn(named_line(&page, "seriesChart", "FTSE"), closes.at("FTSE"));
  QVERIFY(chart->title().contains("2 series overlaid"));

  // A setting that refills the list keeps the selection and the chart.
  find<QSpinBox>(&page, "windowSpin")->setValue(10);
  QCOMPARE(page.chartedSeries(), (std::vector<std::size_t>{1, 3}));
  QCOMPARE(list->selectionModel()->selectedRows().size(), 2);
}

void ManySeriesPagesTest::aRepeatedTextColumnIsSuggestedAndChosen() {
  QTemporaryDir dir;
  QFile f(dir.filePath("long.csv"));
  QVERIFY(f.open(QIODevice::WriteOnly));
  {
    QTextStream out(&f);
    out << "store,sales\n";
    // Interleaved rows of three stores: 20, 20 and 10 rows.
    for (int i = 0; i < 20; ++i) {
      out << "north," << 100 + i << "\n";
      out << "south," << 200 + 2 * i << "\n";
      if (i % 2 == 0) out << "east," << 300 + 3 * i << "\n";
    }
  }
  f.close();
  WorkbenchDocument doc;
  QVERIFY(doc.loadCsvFile(f.fileName()).isEmpty());
  QVERIFY(!doc.isPanel());
  QCOMPARE(doc.suggestedSeriesColumn(), QString("store"));
  DataPage page(&doc);
  auto* combo = find<QComboBox>(&page, "seriesColumnCombo");
  auto* suggestion = find<QLabel>(&page, "seriesSuggestion");
  QVERIFY(!suggestion->isHidden());
  QVERIFY(suggestion->text().contains("store"));
  const int item = combo->findData(QString("store"));
  QVERIFY(item > 0);
  QVERIFY(combo->itemText(item).contains("suggested"));

  combo->setCurrentIndex(item);
  emit combo->activated(item);
  QVERIFY(doc.isPanel());
  QVERIFY(suggestion->isHidden());
  QAbstractItemModel* model = find<QTableView>(&page, "seriesList")->model();
  QCOMPARE(model->rowCount(), 3);
  QCOMPARE(model->index(0, 0).data().toString(), QString("north"));
  QCOMPARE(model->index(2, 0).data().toString(), QString("east"));
  QCOMPARE(model->index(2, 1).data().toULongLong(), 10ull);
  select_rows(find<QTableView>(&page, "seriesList"), {1});
  std::vector<double> south;
  for (int i = 0; i < 20; ++i) south.push_back(200 + 2 * i);
  verify_drawn(named_line(&page, "seriesChart", "south"), south);

  // Back to one series.
  combo->setCurrentIndex(0);
  emit combo->activated(0);
  QVERIFY(!doc.isPanel());
  QCOMPARE(model->rowCount(), 1);
}

void ManySeriesPagesTest::splitBySeriesShadesWholeSeries() {
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("eustock_long").isEmpty());
  DataPage page(&doc);
  auto* split_by = find<QComboBox>(&page, "splitByCombo");
  QVERIFY(split_by->isEnabled());
  const int by_series = split_by->findData(int(SplitBy::Series));
  split_by->setCurrentIndex(by_series);
  emit split_by->activated(by_series);
  QCOMPARE(doc.pipelineConfig().split_by, SplitBy::Series);
  QCOMPARE(doc.trainRequest().pipeline.split_by, SplitBy::Series);
  // 4 series at 0.7 / 0.15: floor(2.8) = 2 train, floor(3.4) = 3 -> 1 validation, 1 test.
  QAbstractItemModel* model = find<QTableView>(&page, "seriesList")->model();
  QCOMPARE(model->index(0, 2).data().toULongLong(), 1860ull);
  QCOMPARE(model->index(2, 3).data().toULongLong(), 1860ull);
  QCOMPARE(model->index(3, 4).data().toULongLong(), 1860ull);
  QCOMPARE(model->index(3, 2).data().toULongLong(), 0ull);

  // The chart shades the charted series' own role: DAX is all training, FTSE all test.
  QCOMPARE(band_left(band(&page, "train")), -0.5);
  QCOMPARE(band_right(band(&page, "train")), 1859.5);
  QCOMPARE(band_right(band(&page, "test")) - band_left(band(&page, "test")), 0.0);
  select_rows(find<QTableView>(&page, "seriesList"), {3});
  QCOMPARE(band_right(band(&page, "train")) - band_left(band(&page, "train")), 0.0);
  QCOMPARE(band_left(band(&page, "test")), -0.5);
  QCOMPARE(band_right(band(&page, "test")), 1859.5);
  // Per-series scaling cannot go with split by series (a held-out series has no training rows):
  // the banner says so in the workbench's words, not the CLI's.
  doc.setScalePer(ScalePer::Series);
  auto* banner = find<QLabel>(&page, "pipelineError");
  QVERIFY(!banner->isHidden());
  QVERIFY2(banner->text().contains("global scaling (Scale per) on the Normalise page"), qPrintable(banner->text()));
  QVERIFY(!banner->text().contains("--"));
  doc.setScalePer(ScalePer::Global);
  QVERIFY(banner->isHidden());

  // By time again: FTSE's own fractions (floor(0.7 * 1860) = 1302 training rows).
  const int by_time = split_by->findData(int(SplitBy::Time));
  split_by->setCurrentIndex(by_time);
  emit split_by->activated(by_time);
  QCOMPARE(band_right(band(&page, "train")), 1301.5);
}

void ManySeriesPagesTest::perSeriesScalingShowsEachSeriesStatistics() {
  const auto closes = eustock_closes();
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("eustock_long").isEmpty());
  NormalisePage page(&doc);
  auto* view = find<QTableView>(&page, "seriesStatsTable");
  QVERIFY(view->isHidden());  // global scaling: no per-series table
  QSignalSpy scale_per(&doc, &WorkbenchDocument::scalePerChanged);
  auto* combo = find<QComboBox>(&page, "scalePerCombo");
  const int per_series = combo->findData(int(ScalePer::Series));
  combo->setCurrentIndex(per_series);
  emit combo->activated(per_series);
  QCOMPARE(scale_per.count(), 1);
  QCOMPARE(doc.pipelineConfig().scale_per, ScalePer::Series);
  QVERIFY(!view->isHidden());
  QAbstractItemModel* model = view->model();
  QCOMPARE(model->rowCount(), 4);
  QCOMPARE(model->columnCount(), 3);  // series, close offset, close scale
  QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QString("close offset"));
  for (int r = 0; r < 4; ++r) {
    const QString id = model->index(r, 0).data().toString();
    const auto [mean, sd] = mean_sd(closes.at(id), 1302);  // standard scaler on its own training rows
    QVERIFY(std::abs(model->index(r, 1).data(Qt::UserRole).toDouble() - mean) < 1e-9 * mean);
    QVERIFY(std::abs(model->index(r, 2).data(Qt::UserRole).toDouble() - sd) < 1e-9 * sd);
  }
  // Back to global: the table goes.
  combo->setCurrentIndex(0);
  emit combo->activated(0);
  QVERIFY(view->isHidden());
  QCOMPARE(model->rowCount(), 0);
}

void ManySeriesPagesTest::predictPageChartsAndRanksEachSeries() {
  const auto closes = eustock_closes();
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("eustock_long").isEmpty());
  doc.setWindow(20);
  doc.setScalePer(ScalePer::Series);
  doc.setForecastSteps(5);
  PredictPage page(&doc);
  page.resize(1200, 800);
  train(doc);
  QVERIFY(wait_idle(page));
  QCOMPARE(doc.evaluation().series_ids.size(), 4u);

  auto* combo = find<QComboBox>(&page, "seriesCombo");
  QVERIFY(!combo->isHidden());
  QCOMPARE(combo->count(), 4);
  QCOMPARE(combo->itemText(3), QString("FTSE"));
  verify_drawn(named_line(&page, "predictionChart", "actual"), closes.at("DAX"));

  combo->setCurrentIndex(3);
  QVERIFY(wait_idle(page));
  verify_drawn(named_line(&page, "predictionChart", "actual"), closes.at("FTSE"));
  QVERIFY(find<QLabel>(&page, "predictStatus")->text().contains("FTSE"));
  // One-step predictions of FTSE's rows: 1860 - 20 of them, drawn from x = 20.
  auto* predicted = named_line(&page, "predictionChart", "predicted");
  QVERIFY(predicted && predicted->count() > 0);
  QCOMPARE(predicted->at(0).x(), 20.0);
  QVERIFY(predicted->at(predicted->count() - 1).x() <= 1859.0);
  QVERIFY(predicted->at(predicted->count() - 1).x() >= 1840.0);
  // FTSE's own forecast (from its own end), not DAX's.
  auto* forecast = named_line(&page, "predictionChart", "forecast");
  QVERIFY(forecast && forecast->isVisible());
  QCOMPARE(forecast->count(), 5);
  const auto expected = forecast_closed_loop(*doc.trained(), *doc.prepared().series, 5, 2, 3);
  const auto dax = forecast_closed_loop(*doc.trained(), *doc.prepared().series, 5, 2, 0);
  for (int k = 0; k < 5; ++k) {
    QCOMPARE(forecast->at(k).x(), 1860.0 + k);
    QVERIFY(std::abs(forecast->at(k).y() - expected[std::size_t(k)][0]) < 1e-6 * std::abs(expected[std::size_t(k)][0]));
  }
  QVERIFY(std::abs(expected[0][0] - dax[0][0]) > 1.0);  // the series index matters

  // Per series metrics: the 4 ids, sortable by a metric so that the worst comes first.
  auto* tabs = find<QTabWidget>(&page, "metricsTabs");
  QVERIFY(tabs->isTabEnabled(1));
  QVERIFY(tabs->tabText(1).contains("4"));
  auto* table = find<QTableView>(&page, "seriesMetricsTable");
  QAbstractItemModel* model = table->model();
  QCOMPARE(model->rowCount(), 4);
  QStringList ids;
  for (int r = 0; r < 4; ++r) ids << model->index(r, 0).data().toString();
  QCOMPARE(ids, (QStringList{"DAX", "SMI", "CAC", "FTSE"}));
  int rmse = -1;
  for (int c = 0; c < model->columnCount(); ++c)
    if (model->headerData(c, Qt::Horizontal).toString().simplified() == "Test RMSE") rmse = c;
  QVERIFY(rmse > 0);
  for (int r = 0; r < 4; ++r) {
    const Evaluation& e = doc.evaluation().series[std::size_t(r)];
    QCOMPARE(model->index(r, rmse).data(Qt::UserRole).toDouble(), e.model.at(Split::Test).rmse);
  }
  table->sortByColumn(rmse, Qt::DescendingOrder);
  std::vector<std::pair<double, QString>> by_rmse;
  for (std::size_t s = 0; s < 4; ++s)
    by_rmse.push_back({doc.evaluation().series[s].model.at(Split::Test).rmse,
                       QString::fromStdString(doc.evaluation().series_ids[s])});
  std::sort(by_rmse.rbegin(), by_rmse.rend());
  for (int r = 0; r < 4; ++r) QCOMPARE(model->index(r, 0).data().toString(), by_rmse[std::size_t(r)].second);
  QVERIFY(model->index(0, rmse).data(Qt::UserRole).toDouble() >= model->index(3, rmse).data(Qt::UserRole).toDouble());

  // Double-clicking a series charts it.
  emit table->doubleClicked(model->index(3, 0));
  QCOMPARE(combo->currentText(), by_rmse[3].second);

  // The Export page: ONNX of a per-series model embeds the statistics of the series chosen there.
  ExportPage exports(&doc);
  auto* export_series = find<QComboBox>(&exports, "exportSeries");
  QVERIFY(!export_series->isHidden());
  QCOMPARE(export_series->count(), 4);
  QTemporaryDir dir;
  auto bytes = [](const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  };
  exports.setExportSeries("SMI");
  QVERIFY2(exports.exportOnnxTo(dir.filePath("smi.onnx")).isEmpty(), "export of SMI");
  exports.setExportSeries("DAX");
  QVERIFY2(exports.exportOnnxTo(dir.filePath("dax.onnx")).isEmpty(), "export of DAX");
  export_model(*doc.trained(), ExportFormat::Onnx, dir.filePath("engine_smi.onnx").toStdString(), "SMI");
  QCOMPARE(bytes(dir.filePath("smi.onnx")), bytes(dir.filePath("engine_smi.onnx")));
  QVERIFY(bytes(dir.filePath("smi.onnx")) != bytes(dir.filePath("dax.onnx")));
}

void ManySeriesPagesTest::wideFormTakesTickedColumnsAsSeries() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  QVERIFY(doc.loadCsvFile(write_wide_csv(dir)).isEmpty());
  DataPage page(&doc);
  auto* button = find<QPushButton>(&page, "columnsAsSeriesButton");
  QVERIFY(!button->isEnabled());  // one target ticked: nothing to take as series
  doc.setTargets({"a", "b", "c"});
  QVERIFY(button->isEnabled());
  button->click();
  QVERIFY(doc.isPanel());
  QCOMPARE(doc.seriesForm().columns, (std::vector<std::string>{"a", "b", "c"}));
  QCOMPARE(doc.numericColumns(), QStringList{"value"});
  QCOMPARE(doc.targets(), QStringList{"value"});
  QCOMPARE(doc.trainRequest().pipeline.series_columns, (std::vector<std::string>{"a", "b", "c"}));
  QAbstractItemModel* model = find<QTableView>(&page, "seriesList")->model();
  QCOMPARE(model->rowCount(), 3);
  QCOMPARE(model->index(0, 0).data().toString(), QString("a"));
  QCOMPARE(model->index(2, 0).data().toString(), QString("c"));
  QCOMPARE(model->index(0, 1).data().toULongLong(), 40ull);
  QCOMPARE(model->index(2, 1).data().toULongLong(), 37ull);  // c's 3 leading empty cells are outside it
  QVERIFY(find<QComboBox>(&page, "seriesColumnCombo")->currentText().contains("columns as series: a, b, c"));
  QVERIFY(!button->isEnabled());

  select_rows(find<QTableView>(&page, "seriesList"), {2});
  std::vector<double> c;
  for (int i = 3; i < 40; ++i) c.push_back(1000 + i);
  verify_drawn(named_line(&page, "seriesChart", "c"), c);

  // A model trains across the three and is evaluated on each.
  doc.setWindow(5);
  train(doc);
  QVERIFY(doc.hasTrained());
  QCOMPARE(doc.evaluation().series_ids, (std::vector<std::string>{"a", "b", "c"}));
  QCOMPARE(doc.trained()->pipeline.series_columns, (std::vector<std::string>{"a", "b", "c"}));
}

void ManySeriesPagesTest::sessionsKeepTheSeriesFormAndScaling() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("eustock_long").isEmpty());
  doc.setScalePer(ScalePer::Series);
  doc.setWindow(15);
  save_session(dir.filePath("s.rnnwb").toStdString(), doc.toSession({}));

  WorkbenchDocument opened;
  QVERIFY(opened.loadSample("sunspots").isEmpty());
  NormalisePage normalise(&opened);
  opened.commitSession(opened.prepareSession(load_session(dir.filePath("s.rnnwb").toStdString()), "s.rnnwb"));
  QCOMPARE(QString::fromStdString(opened.seriesForm().column), QString("index"));
  QVERIFY(opened.isPanel());
  QCOMPARE(opened.table().series.series_count(), 4u);
  QCOMPARE(opened.pipelineConfig().scale_per, ScalePer::Series);
  QCOMPARE(opened.pipelineConfig().window, Index(15));
  QCOMPARE(find<QTableView>(&normalise, "seriesStatsTable")->model()->rowCount(), 4);
  QCOMPARE(find<QComboBox>(&normalise, "scalePerCombo")->currentData().toInt(), int(ScalePer::Series));

  // Wide form, split by series.
  WorkbenchDocument wide;
  QVERIFY(wide.loadCsvFile(write_wide_csv(dir)).isEmpty());
  QVERIFY(wide.setSeriesForm({{}, {"a", "b", "c"}}).isEmpty());
  wide.setSplitBy(SplitBy::Series);
  save_session(dir.filePath("w.rnnwb").toStdString(), wide.toSession({}));
  WorkbenchDocument reopened;
  DataPage data(&reopened);
  reopened.commitSession(reopened.prepareSession(load_session(dir.filePath("w.rnnwb").toStdString()), "w.rnnwb"));
  QCOMPARE(reopened.seriesForm().columns, (std::vector<std::string>{"a", "b", "c"}));
  QCOMPARE(reopened.pipelineConfig().split_by, SplitBy::Series);
  QCOMPARE(find<QTableView>(&data, "seriesList")->model()->rowCount(), 3);
  QCOMPARE(find<QComboBox>(&data, "splitByCombo")->currentData().toInt(), int(SplitBy::Series));
}

void ManySeriesPagesTest::tenThousandSeriesListAtOnce() {
  RNNWB_TIMING_TEST();
  QTemporaryDir dir;
  QFile f(dir.filePath("panel.csv"));
  QVERIFY(f.open(QIODevice::WriteOnly));
  {
    QTextStream out(&f);
    out << "id,v\n";
    for (int s = 0; s < 10000; ++s)
      for (int i = 0; i < 6; ++i) out << "s" << s << "," << s + 0.1 * i << "\n";
  }
  f.close();
  WorkbenchDocument doc;
  QVERIFY(doc.loadCsvFile(f.fileName()).isEmpty());
  DataPage page(&doc);
  page.resize(1200, 800);
  page.show();
  QVERIFY(QTest::qWaitForWindowExposed(&page));
  QElapsedTimer clock;
  clock.start();
  QVERIFY(doc.setSeriesForm({"id", {}}).isEmpty());
  QApplication::processEvents();
  const qint64 regroup_ms = clock.elapsed();
  auto* list = find<QTableView>(&page, "seriesList");
  QCOMPARE(list->model()->rowCount(), 10000);
  QCOMPARE(list->model()->index(9999, 0).data().toString(), QString("s9999"));
  QCOMPARE(list->model()->index(9999, 1).data().toULongLong(), 6ull);
  // Scrolling to the end and charting the last series is immediate.
  clock.restart();
  list->scrollToBottom();
  select_rows(list, {9999});
  QApplication::processEvents();
  const qint64 select_ms = clock.elapsed();
  QCOMPARE(page.chartedSeries(), std::vector<std::size_t>{9999});
  // A setting refills the list of 10,000 (split columns) without a stall.
  clock.restart();
  find<QSpinBox>(&page, "windowSpin")->setValue(3);
  QApplication::processEvents();
  const qint64 refill_ms = clock.elapsed();
  qInfo("10,000 series: regroup + list %lld ms, select the last %lld ms, refill on a setting %lld ms", regroup_ms,
        select_ms, refill_ms);
  QVERIFY2(select_ms < 500, qPrintable(QString::number(select_ms)));
  QVERIFY2(refill_ms < 2000, qPrintable(QString::number(refill_ms)));
  QVERIFY2(regroup_ms < 5000, qPrintable(QString::number(regroup_ms)));
}

void ManySeriesPagesTest::screenshots() {
  if (qEnvironmentVariable("RNNWB_SCREENSHOT_DIR").isEmpty()) QSKIP("RNNWB_SCREENSHOT_DIR is not set");
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("eustock_long").isEmpty());
  doc.setWindow(20);
  DataPage data(&doc);
  data.resize(1200, 800);
  data.show();
  select_rows(find<QTableView>(&data, "seriesList"), {0, 2});
  save_screenshot(&data, "many_series_data_page.png");

  NormalisePage normalise(&doc);
  normalise.resize(1200, 800);
  normalise.show();
  doc.setScalePer(ScalePer::Series);
  save_screenshot(&normalise, "many_series_normalise_page.png");

  doc.setForecastSteps(30);
  doc.setColumnTransform("close", ColumnTransform{false, 1, Scaler::Standard});  // daily changes: a useful model
  PredictPage predict(&doc);
  predict.resize(1200, 800);
  predict.show();
  train(doc);
  QVERIFY(wait_idle(predict));
  find<QComboBox>(&predict, "seriesCombo")->setCurrentIndex(2);
  QVERIFY(wait_idle(predict));
  save_screenshot(&predict, "many_series_predict_page.png");
  find<QTabWidget>(&predict, "metricsTabs")->setCurrentIndex(1);
  auto* table = find<QTableView>(&predict, "seriesMetricsTable");
  table->sortByColumn(1, Qt::DescendingOrder);
  save_screenshot(&predict, "many_series_predict_page_per_series.png");
  ExportPage exports(&doc);
  exports.resize(1200, 800);
  exports.show();
  save_screenshot(&exports, "many_series_export_page.png");

  // Chickweight: 50 series of unequal lengths, several overlaid.
  QVERIFY(doc.loadSample("chickweight_long").isEmpty());
  select_rows(find<QTableView>(&data, "seriesList"), {0, 1, 2, 3, 4});
  save_screenshot(&data, "many_series_data_page_chickweight.png");
}

QTEST_MAIN(ManySeriesPagesTest)
#include "many_series_pages_test.moc"
