// The Data and Normalise pages, driven through their widgets with a real document: the table
// preview, column roles, window and split (and their chart bands), missing values and their
// policy, per-column transforms with the fitted statistics, range warnings and the previews.
#include <QAbstractItemModel>
#include <QAreaSeries>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "engine/data/pipeline.hpp"
#include "engine/io/session_file.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/pages/band_series.hpp"
#include "ui/pages/csv_table_model.hpp"
#include "ui/pages/data_page.hpp"
#include "ui/pages/normalise_page.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

// The chart series whose legend name starts with `prefix` ("window", "train", ...).
template <class S>
S* series(QWidget* root, const char* chart, const QString& prefix) {
  for (QAbstractSeries* s : find<ChartView>(root, chart)->chart()->series())
    if (s->name().startsWith(prefix))
      if (auto* typed = qobject_cast<S*>(s)) return typed;
  qFatal("chart %s has no series named %s...", chart, qPrintable(prefix));
}

bool checked(QListWidget* list, const QString& name) {
  const auto items = list->findItems(name, Qt::MatchExactly);
  return items.size() == 1 && items.front()->checkState() == Qt::Checked;
}

// A daily series whose "value" column has 2 missing cells (file lines 4 and 9).
QString write_missing_csv(const QTemporaryDir& dir) {
  QFile f(dir.filePath("gaps.csv"));
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write the test CSV");
  QTextStream out(&f);
  out << "date,value,other\n";
  for (int i = 0; i < 80; ++i) {
    out << QDate(2020, 1, 1).addDays(i).toString(Qt::ISODate) << ",";
    if (i != 2 && i != 7) out << 10 + std::sin(i * 0.3);
    out << "," << i % 7 << "\n";
  }
  return f.fileName();
}

// A CSV with a second and a fourth column of text ("city" from file line 2, "notes").
QString write_text_csv(const QTemporaryDir& dir) {
  QFile f(dir.filePath("shop.csv"));
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write the test CSV");
  QTextStream out(&f);
  out << "date,city,sales,stock,notes\n";
  for (int i = 0; i < 60; ++i)
    out << QDate(2020, 1, 1).addDays(i).toString(Qt::ISODate) << ",City" << i % 3 << "," << 10 + i % 7 << ".5,"
        << 100 - i << ",note " << i << "\n";
  return f.fileName();
}

// A European export: semicolons, decimal commas, a point grouping thousands. Row i: temp
// (20 + i % 5),5 and stock 1.0ii,25 = 1000 + i + 0.25.
QString write_decimal_comma_csv(const QTemporaryDir& dir) {
  QFile f(dir.filePath("eu.csv"));
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write the test CSV");
  QTextStream out(&f);
  out << "Datum;Temperatur;Bestand\n";
  for (int i = 0; i < 60; ++i)
    out << QDate(2020, 1, 1).addDays(i).toString(Qt::ISODate) << ";" << 20 + i % 5 << ",5;1."
        << QString::number(i).rightJustified(3, '0') << ",25\n";
  return f.fileName();
}

QListWidgetItem* item_named(QListWidget* list, const QString& name) {
  const auto items = list->findItems(name, Qt::MatchExactly);
  if (items.size() != 1) qFatal("no single item named %s", qPrintable(name));
  return items.front();
}

void choose(QComboBox* combo, const QString& text) {
  const int i = combo->findText(text);
  if (i < 0) qFatal("combo has no item %s", qPrintable(text));
  combo->setCurrentIndex(i);
  emit combo->activated(i);  // as a user's choice does
}

}  // namespace

class DataPagesTest : public QObject {
  Q_OBJECT

 private slots:
  void tableAndRolesOfSunspots();
  void windowSpinMovesTheWindowBand();
  void trainSplitResizesTheShadedRegion();
  void missingCellsAreReportedAndFixedByAPolicy();
  void tooFewRowsShowsABanner();
  void aMillionRowTableOpensAtOnce();
  void logOfZerosIsExplainedNotCrashed();
  void diffAndMinMaxShowTheFittedStatistics();
  void trendingSeriesWarnsAboutDifferencing();
  void textColumnOpensExcluded();
  void decimalCommaOpensWithTheRightValues();
  void choosingAnotherTimeColumn();
  void excludingAColumnDropsItFromTheRoles();
  void sessionKeepsTheReadingChoices();
  void macrodataDefaultsToRealGdp();
  void logErrorNamesTheFileLineAndYear();
  void screenshots();
};

void DataPagesTest::tableAndRolesOfSunspots() {
  WorkbenchDocument doc;
  QVERIFY(doc.loadSample("sunspots").isEmpty());
  DataPage page(&doc);
  QAbstractItemModel* model = find<QTableView>(&page, "dataTable")->model();
  QCOMPARE(model->rowCount(), 309);
  QCOMPARE(model->columnCount(), 2);
  QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QString("YEAR"));
  QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QString("SUNACTIVITY"));
  QCOMPARE(model->index(0, 0).data().toString(), QString("1700"));
  QCOMPARE(model->index(0, 1).data().toString(), QString("5"));
  QVERIFY(find<QLabel>(&page, "sourceLabel")->text().contains("309 rows"));

  auto* targets = find<QListWidget>(&page, "targetList");
  auto* features = find<QListWidget>(&page, "featureList");
  QCOMPARE(targets->count(), 1);  // YEAR is the time column, not a numeric choice
  QVERIFY(checked(targets, "SUNACTIVITY"));
  QVERIFY(checked(features, "SUNACTIVITY"));
  QVERIFY(find<QLabel>(&page, "rolesNote")->text().contains("YEAR"));

  // The last target cannot be unticked.
  targets->item(0)->setCheckState(Qt::Unchecked);
  QVERIFY(checked(targets, "SUNACTIVITY"));
  QCOMPARE(doc.targets(), QStringList{"SUNACTIVITY"});
  QVERIFY(find<QLabel>(&page, "rolesNote")->text().contains("At least one target"));

  // The chart plots the target over the row index, titled with the time column.
  auto* line = series<QLineSeries>(&page, "seriesChart", "SUNACTIVITY");
  QCOMPARE(line->count(), 309);
  QCOMPARE(line->at(1).y(), 11.0);
  auto* chart = find<ChartView>(&page, "seriesChart")->chart();
  QVERIFY(chart->axes(Qt::Horizontal).front()->titleText().contains("YEAR"));
  QCOMPARE(chart->axes(Qt::Vertical).front()->titleText(), QString("SUNACTIVITY"));
}

void DataPagesTest::windowSpinMovesTheWindowBand() {
  WorkbenchDocument doc;
  doc.loadSample("sunspots");
  DataPage page(&doc);
  auto* window = series<QAreaSeries>(&page, "seriesChart", "window");
  auto* horizon = series<QAreaSeries>(&page, "seriesChart", "horizon");
  const SplitBounds b = split_bounds(309, doc.pipelineConfig().split);

  find<QSpinBox>(&page, "windowSpin")->setValue(12);
  QCOMPARE(doc.pipelineConfig().window, Index(12));
  QCOMPARE(band_right(window) - band_left(window), 12.0);
  QCOMPARE(band_right(horizon), double(b.train_end) - 0.5);  // the last training window
  const double left_at_12 = band_left(window);

  find<QSpinBox>(&page, "windowSpin")->setValue(30);
  QCOMPARE(doc.pipelineConfig().window, Index(30));
  QCOMPARE(band_right(window) - band_left(window), 30.0);
  QCOMPARE(band_left(window), left_at_12 - 18);

  find<QSpinBox>(&page, "horizonSpin")->setValue(5);
  QCOMPARE(doc.pipelineConfig().horizon, Index(5));
  QCOMPARE(band_right(horizon) - band_left(horizon), 5.0);
  QCOMPARE(band_right(window), band_left(horizon));
}

void DataPagesTest::trainSplitResizesTheShadedRegion() {
  WorkbenchDocument doc;
  doc.loadSample("sunspots");
  DataPage page(&doc);
  auto* train = series<QAreaSeries>(&page, "seriesChart", "train");
  auto* validation = series<QAreaSeries>(&page, "seriesChart", "validation");
  auto* test = series<QAreaSeries>(&page, "seriesChart", "test");
  QCOMPARE(band_right(train) - band_left(train), 216.0);  // floor(0.7 * 309)

  find<QDoubleSpinBox>(&page, "trainSplitSpin")->setValue(0.5);
  QCOMPARE(doc.pipelineConfig().split.train, 0.5);
  QCOMPARE(doc.pipelineConfig().split.validation, 0.15);
  QVERIFY(std::abs(doc.pipelineConfig().split.test - 0.35) < 1e-12);
  const SplitBounds b = split_bounds(309, doc.pipelineConfig().split);
  QCOMPARE(b.train_end, std::size_t(154));
  QCOMPARE(band_right(train) - band_left(train), 154.0);
  QCOMPARE(band_left(validation), band_right(train));
  QCOMPARE(band_right(validation) - band_left(validation), double(b.validation_end - b.train_end));
  QCOMPARE(band_right(test), 308.5);
  QVERIFY(train->name().contains("154 rows"));
  QVERIFY2(find<QLabel>(&page, "testSplitLabel")->text().contains("0.350"),
           qPrintable(find<QLabel>(&page, "testSplitLabel")->text()));

  // Train + validation cannot pass 1: the validation fraction is clamped.
  find<QDoubleSpinBox>(&page, "trainSplitSpin")->setValue(0.9);
  QVERIFY(doc.pipelineConfig().split.train + doc.pipelineConfig().split.validation <= 1.0 + 1e-12);
  QVERIFY(doc.pipelineConfig().split.test >= 0.0);
}

void DataPagesTest::missingCellsAreReportedAndFixedByAPolicy() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  DataPage page(&doc);
  page.show();
  QCOMPARE(doc.loadCsvFile(write_missing_csv(dir)), QString());
  QCOMPARE(doc.targets(), QStringList{"value"});

  const QString report = find<QLabel>(&page, "missingReport")->text();
  QVERIFY2(report.contains("value: 2 missing") && report.contains("4, 9"), qPrintable(report));
  QVERIFY(!report.contains("other"));
  QVERIFY(!doc.prepared().error.isEmpty());
  auto* status = find<QLabel>(&page, "preparedStatus");
  QVERIFY2(status->text().contains("missing cells") && status->text().contains("value"), qPrintable(status->text()));
  QVERIFY2(status->text().contains("missing-value policy"), qPrintable(status->text()));  // plain words, no --flags
  QVERIFY(!status->text().contains("--"));
  QVERIFY(find<QLabel>(&page, "pipelineError")->isVisible());

  // The missing cell is shown empty on a red background.
  QAbstractItemModel* model = find<QTableView>(&page, "dataTable")->model();
  QCOMPARE(model->index(2, 1).data().toString(), QString());
  QVERIFY(model->index(2, 1).data(Qt::BackgroundRole).isValid());
  QVERIFY(!model->index(3, 1).data(Qt::BackgroundRole).isValid());

  auto* policy = find<QComboBox>(&page, "missingPolicy");
  QCOMPARE(policy->currentText(), QString("error"));
  policy->setCurrentIndex(policy->findText("interpolate"));
  QCOMPARE(doc.missingPolicy(), MissingPolicy::Interpolate);
  QVERIFY(doc.prepared().error.isEmpty());
  QVERIFY2(status->text().contains("nterpolated 2 cells"), qPrintable(status->text()));
  QVERIFY(find<QLabel>(&page, "missingPolicyHelp")->text().contains("straight line"));
  QVERIFY(!find<QLabel>(&page, "pipelineError")->isVisible());
  // The chart shows the interpolated series: row 2 lies between its neighbours.
  auto* line = series<QLineSeries>(&page, "seriesChart", "value");
  QCOMPARE(line->count(), 80);
  QVERIFY(std::abs(line->at(2).y() - 0.5 * (line->at(1).y() + line->at(3).y())) < 1e-9);
}

void DataPagesTest::tooFewRowsShowsABanner() {
  WorkbenchDocument doc;
  doc.loadSample("sunspots");
  DataPage page(&doc);
  page.show();
  auto* banner = find<QLabel>(&page, "pipelineError");
  QVERIFY(!banner->isVisible());
  find<QSpinBox>(&page, "windowSpin")->setValue(400);
  QVERIFY(banner->isVisible());
  QVERIFY2(banner->text().contains("too few rows", Qt::CaseInsensitive) && banner->text().contains("shorter window"),
           qPrintable(banner->text()));
  find<QSpinBox>(&page, "windowSpin")->setValue(12);
  QVERIFY(!banner->isVisible());
}

void DataPagesTest::aMillionRowTableOpensAtOnce() {
  RNNWB_TIMING_TEST();
  CsvTable table;
  table.series.names = {"x"};
  table.series.columns = {std::vector<double>(1000000, 1.5)};
  table.series.columns[0][999999] = NAN;
  CsvTableModel model;
  QTableView view;
  view.resize(600, 400);
  view.show();
  QElapsedTimer clock;
  clock.start();
  view.setModel(&model);
  model.setTable(&table);
  QApplication::processEvents();
  const qint64 ms = clock.elapsed();
  QVERIFY2(ms < 500, qPrintable(QString("opening took %1 ms").arg(ms)));
  QCOMPARE(model.rowCount(), 1000000);
  QCOMPARE(model.index(999998, 0).data().toString(), QString("1.5"));
  QCOMPARE(model.index(999999, 0).data().toString(), QString());
  QVERIFY(model.index(999999, 0).data(Qt::BackgroundRole).isValid());
}

void DataPagesTest::logOfZerosIsExplainedNotCrashed() {
  WorkbenchDocument doc;
  doc.loadSample("sunspots");
  NormalisePage page(&doc);
  page.show();
  auto* table = find<QTableWidget>(&page, "transformTable");
  QCOMPARE(table->rowCount(), 1);
  QCOMPARE(table->item(0, 0)->text(), QString("SUNACTIVITY"));
  QCOMPARE(table->item(0, 1)->text(), QString("target + feature"));
  auto* banner = find<QLabel>(&page, "normaliseError");
  QVERIFY(!banner->isVisible());

  find<QCheckBox>(&page, "log:SUNACTIVITY")->setChecked(true);
  QVERIFY(doc.columnTransform("SUNACTIVITY").log);
  QVERIFY(!doc.fitted().error.isEmpty());
  QVERIFY(banner->isVisible());
  QVERIFY2(banner->text().contains("values &gt; 0") || banner->text().contains("values > 0"),
           qPrintable(banner->text()));
  QCOMPARE(table->item(0, 5)->text(), QString("—"));  // nothing fitted
  QCOMPARE(series<QLineSeries>(&page, "afterChart", "SUNACTIVITY")->count(), 0);
  QCOMPARE(series<QLineSeries>(&page, "beforeChart", "SUNACTIVITY")->count(), 309);

  find<QCheckBox>(&page, "log:SUNACTIVITY")->setChecked(false);
  QVERIFY(!banner->isVisible());
  QCOMPARE(series<QLineSeries>(&page, "afterChart", "SUNACTIVITY")->count(), 309);
}

void DataPagesTest::diffAndMinMaxShowTheFittedStatistics() {
  WorkbenchDocument doc;
  doc.loadSample("sunspots");
  NormalisePage page(&doc);
  find<QSpinBox>(&page, "diff:SUNACTIVITY")->setValue(1);
  auto* scaler = find<QComboBox>(&page, "scaler:SUNACTIVITY");
  scaler->setCurrentIndex(scaler->findText("minmax"));
  QCOMPARE(doc.columnTransform("SUNACTIVITY").diff_lag, 1);
  QCOMPARE(doc.columnTransform("SUNACTIVITY").scaler, Scaler::MinMax);

  QVERIFY(doc.fitted().pipeline);
  const ColumnTransform& t = doc.fitted().pipeline->transforms.at("SUNACTIVITY");
  auto* table = find<QTableWidget>(&page, "transformTable");
  QCOMPARE(table->item(0, 5)->text(), QString::number(t.offset, 'g', 6));
  QCOMPARE(table->item(0, 6)->text(), QString::number(t.scale, 'g', 6));
  QVERIFY(t.offset < 0 && t.scale > 0);  // min and range of the differences
  QVERIFY(find<QLabel>(&page, "fittedOnLabel")->text().contains("first 216 training rows"));

  // The after chart shows the engine's transform: (x[t] - x[t-1] - offset) / scale, row 0 dropped.
  const std::vector<double>& raw = doc.prepared().series->columns[0];
  auto* after = series<QLineSeries>(&page, "afterChart", "SUNACTIVITY");
  QCOMPARE(after->count(), 308);
  QCOMPARE(after->at(99).x(), 100.0);
  QVERIFY(std::abs(after->at(99).y() - t.scale_value(raw[100] - raw[99])) < 1e-12);
  auto* shaded = series<QAreaSeries>(&page, "afterChart", "training rows");
  QCOMPARE(band_right(shaded) - band_left(shaded), 216.0);
  QVERIFY(find<ChartView>(&page, "afterChart")->chart()->title().contains("diff 1"));
}

void DataPagesTest::trendingSeriesWarnsAboutDifferencing() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  NormalisePage page(&doc);
  page.show();
  auto* warnings = find<QLabel>(&page, "rangeWarnings");
  // A stationary series has no warning: the box stays hidden.
  QCOMPARE(doc.loadCsvFile(write_missing_csv(dir)), QString());
  doc.setMissingPolicy(MissingPolicy::Interpolate);
  QVERIFY(doc.fitted().warnings.isEmpty());
  QVERIFY(!warnings->isVisible());

  QVERIFY(doc.loadSample("macrodata").isEmpty());
  QCOMPARE(doc.targets(), QStringList{"realgdp"});
  QVERIFY(!doc.fitted().warnings.isEmpty());
  QVERIFY(warnings->isVisible());
  QVERIFY2(warnings->text().contains("realgdp") && warnings->text().contains("differencing"),
           qPrintable(warnings->text()));
  QVERIFY(!warnings->text().contains("--"));
  QCOMPARE(find<QTableWidget>(&page, "transformTable")->item(0, 0)->text(), QString("realgdp"));
}

void DataPagesTest::textColumnOpensExcluded() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  QCOMPARE(doc.loadCsvFile(write_text_csv(dir)), QString());
  DataPage page(&doc);
  QCOMPARE(doc.timeColumn(), QString("date"));
  QCOMPARE(doc.numericColumns(), (QStringList{"sales", "stock"}));
  auto* columns = find<QListWidget>(&page, "fileColumnList");
  QCOMPARE(columns->count(), 5);
  QListWidgetItem* city = item_named(columns, "city");
  QCOMPARE(city->checkState(), Qt::Unchecked);
  QVERIFY(!(city->flags() & Qt::ItemIsUserCheckable));  // text cannot be ticked back as numbers
  QVERIFY2(city->toolTip().contains("line 2") && city->toolTip().contains("\"City0\""), qPrintable(city->toolTip()));
  QCOMPARE(item_named(columns, "notes")->checkState(), Qt::Unchecked);
  QCOMPARE(item_named(columns, "sales")->checkState(), Qt::Checked);
  auto* targets = find<QListWidget>(&page, "targetList");
  QCOMPARE(targets->count(), 2);
  QVERIFY(checked(targets, "sales"));
}

void DataPagesTest::decimalCommaOpensWithTheRightValues() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  QCOMPARE(doc.loadCsvFile(write_decimal_comma_csv(dir)), QString());
  DataPage page(&doc);
  const Series& s = doc.table().series;
  QCOMPARE(doc.numericColumns(), (QStringList{"Temperatur", "Bestand"}));
  QCOMPARE(s.columns[0][0], 20.5);
  QCOMPARE(s.columns[0][3], 23.5);
  QCOMPARE(s.columns[1][7], 1007.25);
  auto* decimal = find<QComboBox>(&page, "decimalCombo");
  QCOMPARE(decimal->currentText(), QString("Auto (comma)"));
  // Point refused: the message says why; the data stays as it was.
  choose(decimal, "Point (95.6)");
  auto* error = find<QLabel>(&page, "csvReadingError");
  QVERIFY2(error->text().contains("\"20,5\" on line 2 looks like a number with a decimal comma") &&
               error->text().contains("Comma as the Decimal separator"),
           qPrintable(error->text()));
  QCOMPARE(doc.table().series.columns[1][7], 1007.25);
  QVERIFY(doc.csvOptions().decimal == 0);
  choose(decimal, "Comma (95,6)");
  QVERIFY(doc.csvOptions().decimal == ',');
  QVERIFY(error->isHidden());
  QCOMPARE(doc.table().series.columns[0][1], 21.5);
}

void DataPagesTest::choosingAnotherTimeColumn() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  QVERIFY(doc.loadCsvFile(write_text_csv(dir)).isEmpty());
  DataPage page(&doc);
  auto* time = find<QComboBox>(&page, "timeColumnCombo");
  QCOMPARE(time->currentText(), QString("date"));
  choose(time, "city");
  QCOMPARE(doc.timeColumn(), QString("city"));
  QCOMPARE(QString::fromStdString(doc.table().series.time_labels[4]), QString("City1"));
  // "date" is now a column of text: left out, unticked.
  auto* columns = find<QListWidget>(&page, "fileColumnList");
  QCOMPARE(item_named(columns, "date")->checkState(), Qt::Unchecked);
  QCOMPARE(doc.numericColumns(), (QStringList{"sales", "stock"}));
  choose(find<QComboBox>(&page, "timeColumnCombo"), "None");
  QVERIFY(doc.timeColumn().isEmpty());
  QVERIFY(doc.csvOptions().no_time_column);
}

void DataPagesTest::excludingAColumnDropsItFromTheRoles() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  QVERIFY(doc.loadCsvFile(write_text_csv(dir)).isEmpty());
  DataPage page(&doc);
  auto* columns = find<QListWidget>(&page, "fileColumnList");
  item_named(columns, "stock")->setCheckState(Qt::Unchecked);
  QTRY_COMPARE(doc.numericColumns(), QStringList{"sales"});
  QVERIFY(doc.csvOptions().ignore_columns == std::vector<std::string>{"stock"});
  QCOMPARE(find<QListWidget>(&page, "targetList")->count(), 1);
  QCOMPARE(item_named(find<QListWidget>(&page, "fileColumnList"), "stock")->checkState(), Qt::Unchecked);
  // Ticked again: back as a numeric column.
  item_named(find<QListWidget>(&page, "fileColumnList"), "stock")->setCheckState(Qt::Checked);
  QTRY_COMPARE(doc.numericColumns(), (QStringList{"sales", "stock"}));
}

void DataPagesTest::sessionKeepsTheReadingChoices() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  QVERIFY(doc.loadCsvFile(write_text_csv(dir)).isEmpty());
  CsvOptions o = doc.csvOptions();
  o.time_column = "city";
  o.ignore_columns = {"date", "stock"};
  o.decimal = '.';
  QCOMPARE(doc.setCsvOptions(o), QString());
  const QString path = dir.filePath("s.rnnwb");
  save_session(path.toStdString(), doc.toSession(nlohmann::json::object()));

  WorkbenchDocument reopened;
  reopened.commitSession(reopened.prepareSession(load_session(path.toStdString()), path));
  QCOMPARE(reopened.timeColumn(), QString("city"));
  QCOMPARE(reopened.numericColumns(), QStringList{"sales"});
  QVERIFY(reopened.csvOptions().ignore_columns == (std::vector<std::string>{"date", "stock"}));
  QVERIFY(reopened.csvOptions().decimal == '.');
  QVERIFY(reopened.csvOptions().ignore_text_columns);
  DataPage page(&reopened);
  QCOMPARE(find<QComboBox>(&page, "timeColumnCombo")->currentText(), QString("city"));
  QCOMPARE(find<QComboBox>(&page, "decimalCombo")->currentIndex(), 1);
}

void DataPagesTest::macrodataDefaultsToRealGdp() {
  WorkbenchDocument doc;
  QCOMPARE(doc.loadCsvFile(RNNWB_TEST_DATA_DIR "/macrodata.csv"), QString());
  QCOMPARE(doc.timeColumn(), QString("year+quarter"));  // year and quarter read as one time (1959Q1)
  QCOMPARE(doc.numericColumns().front(), QString("quarter"));
  QCOMPARE(doc.targets(), QStringList{"realgdp"});
  // The Time column choice names the file's column behind the joined time, not "None".
  DataPage page(&doc);
  QCOMPARE(find<QComboBox>(&page, "timeColumnCombo")->currentText(), QString("year"));
}

void DataPagesTest::logErrorNamesTheFileLineAndYear() {
  WorkbenchDocument doc;
  doc.loadSample("sunspots");
  ColumnTransform t = doc.columnTransform("SUNACTIVITY");
  t.log = true;
  doc.setColumnTransform("SUNACTIVITY", t);
  // The first 0 of the file is on line 13, year 1711 (the 12th data row).
  QVERIFY2(doc.fitted().error.contains("line 13 (YEAR \"1711\")"), qPrintable(doc.fitted().error));
  QVERIFY(doc.prepared().series);  // the series is still there to chart
}

void DataPagesTest::screenshots() {
  if (qEnvironmentVariable("RNNWB_SCREENSHOT_DIR").isEmpty()) QSKIP("RNNWB_SCREENSHOT_DIR is not set");
  WorkbenchDocument doc;
  doc.loadSample("sunspots");
  DataPage data(&doc);
  data.resize(1200, 800);
  data.show();
  save_screenshot(&data, "data_page.png");
  NormalisePage normalise(&doc);
  normalise.resize(1200, 800);
  normalise.show();
  find<QSpinBox>(&normalise, "diff:SUNACTIVITY")->setValue(1);
  save_screenshot(&normalise, "normalise_page.png");

  // The error states: missing cells under the "error" policy.
  QTemporaryDir dir;
  doc.loadCsvFile(write_missing_csv(dir));
  save_screenshot(&data, "data_page_missing.png");

  // Issue 15: a CSV with text columns opens with them left out; a decimal-comma export opens.
  doc.loadCsvFile(write_text_csv(dir));
  save_screenshot(&data, "data_page_text_column.png");
  doc.loadCsvFile(write_decimal_comma_csv(dir));
  save_screenshot(&data, "data_page_decimal_comma.png");
}

QTEST_MAIN(DataPagesTest)
#include "data_pages_test.moc"
