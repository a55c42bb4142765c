// Real time axes on the workbench's charts: the Data, Normalise, Predict and Train pages label
// their x axis with the time column's dates at round times (a QCategoryAxis over the rows), for
// daily dates with gaps and for macrodata's year + quarter; the Predict chart keeps round ticks
// after a zoom; the season spin shows the suggestion. Each tick is checked against the table's own
// time labels: its row must be the first row of the period the label names.
#include <QCategoryAxis>
#include <QChart>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>
#include <cmath>

#include "engine/workflow/training.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/pages/data_page.hpp"
#include "ui/pages/normalise_page.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/pages/train_page.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

const QString kData = QStringLiteral(RNNWB_TEST_DATA_DIR);

// Weekdays of 2021-01-01 .. 2021-06-30 (weekends are gaps): "date,value".
QString write_daily_with_gaps(const QTemporaryDir& dir) {
  const QString path = dir.filePath("daily.csv");
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  f.write("date,value\n");
  int i = 0;
  for (QDate d(2021, 1, 1); d <= QDate(2021, 6, 30); d = d.addDays(1))
    if (d.dayOfWeek() <= 5) f.write(QString("%1,%2\n").arg(d.toString("yyyy-MM-dd")).arg(std::sin(0.3 * ++i)).toUtf8());
  return path;
}

// The time axis under the ChartView named `view` (axes live in the chart, not among the widgets).
QCategoryAxis* time_axis(QWidget* root, const QString& view) {
  for (QAbstractAxis* a : find<ChartView>(root, view)->chart()->axes(Qt::Horizontal))
    if (auto* c = qobject_cast<QCategoryAxis*>(a)) return c;
  qFatal("no time axis under %s", qPrintable(view));
}

// Macrodata's time label of row r, 1959Q1 onwards (forecast rows past 2009Q3 included).
std::string quarter_label(std::size_t r) { return std::to_string(1959 + r / 4) + "Q" + std::to_string(r % 4 + 1); }
std::vector<std::string> quarter_labels(std::size_t rows) {
  std::vector<std::string> out;
  for (std::size_t r = 0; r < rows; ++r) out.push_back(quarter_label(r));
  return out;
}

struct Tick {
  QString label;
  double row;
};
// The axis' ticks as drawn (labels without the zero-width spaces that keep repeated ones apart).
std::vector<Tick> ticks_of(QCategoryAxis* axis) {
  std::vector<Tick> out;
  for (const QString& l : axis->categoriesLabels())
    out.push_back({QString(l).remove(QChar(0x200B)), axis->endValue(l)});
  return out;
}

// Each tick sits on the first row whose time label starts with the tick's label (the first day of
// a month, the first quarter of a year), `offset` rows into the table.
void verify_first_rows(const std::vector<Tick>& ticks, const std::vector<std::string>& labels, std::size_t offset = 0) {
  for (const Tick& t : ticks) {
    const std::size_t row = offset + std::size_t(t.row);
    QVERIFY2(t.row == std::floor(t.row) && row < labels.size(), qPrintable(t.label));
    const QString here = QString::fromStdString(labels[row]);
    QVERIFY2(here.startsWith(t.label), qPrintable(t.label + " at " + here));
    if (row > 0) QVERIFY2(!QString::fromStdString(labels[row - 1]).startsWith(t.label), qPrintable(t.label));
  }
}

void train(WorkbenchDocument& doc, int epochs) { train_in_document(doc, epochs); }

bool is_round(double step) {  // 1, 2 or 5 x 10^k
  const double m = step / std::pow(10.0, std::floor(std::log10(step)));
  return std::abs(m - 1) < 1e-9 || std::abs(m - 2) < 1e-9 || std::abs(m - 5) < 1e-9 || std::abs(m - 10) < 1e-9;
}

}  // namespace

class TimeAxisPagesTest : public QObject {
  Q_OBJECT
 private slots:
  void dailyDatesWithGapsTickAtMonthsAndSuggestAWeek();
  void macrodataTicksAtYearsOfItsQuarters();
  void textLabelsKeepTheRowAxis();
  void predictZoomKeepsRoundTicksAndTimeLabels();
  void trainValidationChartShowsYears();
  void screenshots();
};

void TimeAxisPagesTest::dailyDatesWithGapsTickAtMonthsAndSuggestAWeek() {
  QTemporaryDir dir;
  WorkbenchDocument doc;
  DataPage page(&doc);
  page.resize(1200, 800);
  page.show();
  QCOMPARE(doc.loadCsvFile(write_daily_with_gaps(dir)), QString());
  QCOMPARE(find<QSpinBox>(&page, "seasonSpin")->value(), 7);
  QCOMPARE(doc.pipelineConfig().season, 7);
  QCOMPARE(find<QLabel>(&page, "seasonNote")->text(), QString("suggested: 7 (daily time step)"));
  auto* axis = time_axis(&page, "seriesChart");
  QVERIFY(axis->isVisible());
  QCOMPARE(axis->titleText(), QString("date"));
  const auto ticks = ticks_of(axis);
  // 129 weekdays over six months at about 90 px per label: one tick per month.
  QCOMPARE(int(ticks.size()), 6);
  const QStringList want{"2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06"};
  for (int i = 0; i < 6; ++i) QCOMPARE(ticks[std::size_t(i)].label, want[i]);
  verify_first_rows(ticks, doc.table().series.time_labels);
  // The user's own season stays; the note still says what was suggested.
  find<QSpinBox>(&page, "seasonSpin")->setValue(5);
  QCOMPARE(doc.pipelineConfig().season, 5);
}

void TimeAxisPagesTest::macrodataTicksAtYearsOfItsQuarters() {
  WorkbenchDocument doc;
  QTabWidget tabs;
  auto* data = new DataPage(&doc);
  auto* normalise = new NormalisePage(&doc);
  tabs.addTab(data, "Data");
  tabs.addTab(normalise, "Normalise");
  tabs.resize(1200, 800);
  tabs.show();
  QCOMPARE(doc.loadCsvFile(kData + "/macrodata.csv"), QString());
  QCOMPARE(doc.timeColumn(), QString("year+quarter"));
  QVERIFY2(find<QLabel>(data, "sourceLabel")->text().contains("1959Q1"),
           qPrintable(find<QLabel>(data, "sourceLabel")->text()));
  QCOMPARE(find<QSpinBox>(data, "seasonSpin")->value(), 4);
  QCOMPARE(find<QLabel>(data, "seasonNote")->text(), QString("suggested: 4 (quarterly time step)"));
  const auto& labels = doc.table().series.time_labels;
  for (QWidget* page : {static_cast<QWidget*>(data), static_cast<QWidget*>(normalise)}) {
    tabs.setCurrentWidget(page);
    QTest::qWait(20);
    auto* axis = time_axis(page, page == data ? "seriesChart" : "beforeChart");
    QCOMPARE(axis->objectName(), QString(page == data ? "seriesChartTimeAxis" : "beforeChartTimeAxis"));
    QVERIFY(axis->isVisible());
    const auto ticks = ticks_of(axis);
    QVERIFY2(ticks.size() >= 3 && ticks.size() <= 10, qPrintable(QString::number(ticks.size())));
    for (const Tick& t : ticks) {
      QVERIFY2(t.label.size() == 4 && t.label.toInt() % 5 == 0, qPrintable(t.label));  // round years
      QCOMPARE(QString::fromStdString(labels[std::size_t(t.row)]), t.label + "Q1");
    }
    verify_first_rows(ticks, labels);
  }
}

void TimeAxisPagesTest::textLabelsKeepTheRowAxis() {
  QTemporaryDir dir;
  const QString path = dir.filePath("text.csv");
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("id,value\n");
  for (int i = 0; i < 40; ++i) f.write(QString("r%1,%2\n").arg(i).arg(i % 7).toUtf8());
  f.close();
  WorkbenchDocument doc;
  DataPage page(&doc);
  page.resize(1200, 800);
  page.show();
  QCOMPARE(doc.loadCsvFile(path), QString());
  QVERIFY(!time_axis(&page, "seriesChart")->isVisible());
  QCOMPARE(find<QSpinBox>(&page, "seasonSpin")->value(), 0);
  QCOMPARE(find<QLabel>(&page, "seasonNote")->text(), QString());
}

void TimeAxisPagesTest::predictZoomKeepsRoundTicksAndTimeLabels() {
  WorkbenchDocument doc;
  PredictPage page(&doc);
  page.resize(1200, 800);
  page.show();
  QCOMPARE(doc.loadCsvFile(kData + "/macrodata.csv"), QString());
  doc.setTargets({"realgdp"});
  doc.setWindow(8);
  train(doc, 3);
  QVERIFY(wait_idle(page));
  auto* view = find<ChartView>(&page, "predictionChart");
  auto* time = time_axis(&page, "predictionChart");
  QVERIFY(time->isVisible());
  QCOMPARE(doc.table().series.time_labels, quarter_labels(203));
  const auto with_forecast = quarter_labels(203 + std::size_t(doc.forecastSteps()));  // the forecast's quarters too
  const auto whole = ticks_of(time);
  verify_first_rows(whole, with_forecast);
  QVERIFY(whole.back().row >= 203 - 40);  // the last decade's tick (2000 at row 164) or the forecast's

  // Zoom into the middle of the plot: the value axis gets round ticks, several of them.
  const QRectF plot = view->chart()->plotArea();
  view->chart()->zoomIn(QRectF(plot.left() + plot.width() * 0.4, plot.top() + plot.height() * 0.3, plot.width() * 0.13,
                               plot.height() * 0.17));
  emit view->viewChanged();
  auto* y = qobject_cast<QValueAxis*>(view->chart()->axes(Qt::Vertical).first());
  QVERIFY(y);
  QCOMPARE(y->tickType(), QValueAxis::TicksDynamic);
  QVERIFY2(is_round(y->tickInterval()), qPrintable(QString::number(y->tickInterval())));
  const double shown = (y->max() - y->min()) / y->tickInterval();
  QVERIFY2(shown >= 2 && shown <= 8, qPrintable(QString::number(shown)));
  // The time labels follow the zoom: only rows in view, still on the first rows of their periods.
  auto* rows = qobject_cast<QValueAxis*>(view->chart()->axes(Qt::Horizontal).first());
  const auto zoomed = ticks_of(time);
  QVERIFY(zoomed.size() >= 2);
  for (const Tick& t : zoomed) QVERIFY(t.row >= rows->min() && t.row <= rows->max());
  verify_first_rows(zoomed, with_forecast);
  // The zoom covers ~26 rows (6.5 years of quarters): ticks every year or two, not every decade.
  QVERIFY2(zoomed.size() >= 3, qPrintable(QString::number(zoomed.size())));
}

void TimeAxisPagesTest::trainValidationChartShowsYears() {
  WorkbenchDocument doc;
  QCOMPARE(doc.loadSample("sunspots"), QString());
  TrainingController controller;
  TrainPage page(&doc, &controller);
  page.resize(1200, 800);
  page.show();
  doc.setLayers({LayerSpec::lstm(8)});
  FitConfig fit = doc.fitConfig();
  fit.epochs = 2;
  fit.threads = 1;
  doc.setFitConfig(fit);
  QSignalSpy finished(&controller, &TrainingController::finished);
  find<QPushButton>(&page, "startButton")->click();
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  auto* axis = time_axis(&page, "validationChart");
  QVERIFY(axis->isVisible());
  const auto ticks = ticks_of(axis);
  QVERIFY(ticks.size() >= 2);
  for (const Tick& t : ticks) QCOMPARE(QString::number(1700 + int(t.row)), t.label);  // row 0 is 1700
  verify_first_rows(ticks, doc.table().series.time_labels);
}

void TimeAxisPagesTest::screenshots() {
  if (qEnvironmentVariable("RNNWB_SCREENSHOT_DIR").isEmpty()) QSKIP("RNNWB_SCREENSHOT_DIR is not set");
  QTemporaryDir dir;
  WorkbenchDocument doc;
  QTabWidget tabs;
  auto* data = new DataPage(&doc);
  auto* normalise = new NormalisePage(&doc);
  auto* predict = new PredictPage(&doc);
  TrainingController controller;
  auto* trainer = new TrainPage(&doc, &controller);
  tabs.addTab(data, "Data");
  tabs.addTab(normalise, "Normalise");
  tabs.addTab(trainer, "Train");
  tabs.addTab(predict, "Predict");
  tabs.resize(1200, 800);
  tabs.show();
  QCOMPARE(doc.loadCsvFile(write_daily_with_gaps(dir)), QString());
  QTest::qWait(20);
  save_screenshot(&tabs, "time_data_daily.png");
  QCOMPARE(doc.loadCsvFile(kData + "/macrodata.csv"), QString());
  doc.setTargets({"realgdp"});
  doc.setWindow(8);
  QTest::qWait(20);
  save_screenshot(&tabs, "time_data_macrodata.png");
  tabs.setCurrentWidget(normalise);
  QTest::qWait(20);
  save_screenshot(&tabs, "time_normalise_macrodata.png");
  tabs.setCurrentWidget(trainer);
  doc.setLayers({LayerSpec::lstm(8)});
  FitConfig fit = doc.fitConfig();
  fit.epochs = 20;
  fit.threads = 1;
  doc.setFitConfig(fit);
  QSignalSpy finished(&controller, &TrainingController::finished);
  find<QPushButton>(trainer, "startButton")->click();
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  QTest::qWait(20);
  save_screenshot(&tabs, "time_train_macrodata.png");
  tabs.setCurrentWidget(predict);
  QVERIFY(wait_idle(*predict));
  QTest::qWait(20);
  save_screenshot(&tabs, "time_predict_macrodata.png");
  auto* view = find<ChartView>(predict, "predictionChart");
  const QRectF plot = view->chart()->plotArea();
  view->chart()->zoomIn(QRectF(plot.left() + plot.width() * 0.4, plot.top() + plot.height() * 0.5, plot.width() * 0.13,
                               plot.height() * 0.25));  // around the 1980s' values
  emit view->viewChanged();
  QTest::qWait(20);
  save_screenshot(&tabs, "time_predict_zoomed.png");
}

QTEST_MAIN(TimeAxisPagesTest)
#include "time_axis_pages_test.moc"
