// Every chart gets the ChartView's one decimation hook: a long series is drawn with a few points
// per pixel column of the plot, and redrawn when the view is resized (a wider chart shows more
// detail), zoomed or reset. The loss and validation charts of the Train page had no resize hook.
#include <QApplication>
#include <QChart>
#include <QLineSeries>
#include <QtTest>
#include <cmath>

#include "ui/charts/chart_view.hpp"
#include "ui/pages/loss_chart.hpp"
#include "ui/pages/validation_chart.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

constexpr int kPoints = 200000;

double noisy(int i) { return 1.0 + 0.5 * std::sin(i * 0.001) + ((i * 7919) % 13) * 0.01; }

QLineSeries* series_named(ChartView* view, const QString& name) {
  for (QAbstractSeries* s : view->chart()->series())
    if (s->objectName() == name) return qobject_cast<QLineSeries*>(s);
  qFatal("no series %s", qPrintable(name));
}

int plot_columns(ChartView* view) { return int(view->chart()->plotArea().width()); }

// Shows `widget` at `size`, lets the chart lay itself out, and returns the plot's width.
int show_at(QWidget* widget, ChartView* view, QSize size) {
  widget->resize(size);
  widget->show();
  for (int i = 0; i < 20 && std::abs(view->width() - size.width()) > 50; ++i) QTest::qWait(10);
  QTest::qWait(20);  // the chart lays out its plot area
  return plot_columns(view);
}

// The series is decimated to the view's plot width (a few points per pixel column, never the
// whole series) and grows with it when the view is widened.
void check_follows_the_width(QWidget* widget, ChartView* view, QLineSeries* line) {
  const int narrow = plot_columns(view);
  const int narrow_count = line->count();
  QVERIFY2(narrow_count > narrow && narrow_count <= 4 * std::max(200, narrow) + 8,
           qPrintable(QString("%1 points on %2 columns").arg(narrow_count).arg(narrow)));
  const int wide = show_at(widget, view, QSize(1600, 700));
  QVERIFY2(wide > 2 * narrow, qPrintable(QString("%1 -> %2 columns").arg(narrow).arg(wide)));
  QTRY_VERIFY2(line->count() > 2 * narrow_count,
               qPrintable(QString("%1 points after widening from %2 to %3 columns, %4 before")
                              .arg(line->count())
                              .arg(narrow)
                              .arg(wide)
                              .arg(narrow_count)));
  QVERIFY(line->count() <= 4 * wide + 8);
}

}  // namespace

class ChartDecimationTest : public QObject {
  Q_OBJECT
 private slots:
  void lossChartRedecimatesWhenResized();
  void validationChartRedecimatesWhenResized();
};

void ChartDecimationTest::lossChartRedecimatesWhenResized() {
  LossChart chart;
  show_at(&chart, chart.view(), QSize(480, 360));
  chart.reset(1, "mse");
  QVector<double> losses;
  for (int i = 0; i < kPoints; ++i) losses << noisy(i);
  chart.addBatchLosses(1, kPoints, kPoints, losses);
  QLineSeries* batches = series_named(chart.view(), "batch loss");
  QVERIFY(batches->at(batches->count() - 1).x() <= 1.0 + 1e-9);
  check_follows_the_width(&chart, chart.view(), batches);
  save_screenshot(&chart, "loss_chart_decimated.png");
}

void ChartDecimationTest::validationChartRedecimatesWhenResized() {
  ValidationChart chart;
  show_at(&chart, chart.view(), QSize(480, 360));
  std::vector<double> values(kPoints + 10);
  for (int i = 0; i < int(values.size()); ++i) values[std::size_t(i)] = noisy(i);
  chart.reset("value", values);
  ValidationPreview preview;
  for (int i = 10; i < kPoints + 10; ++i) {
    preview.rows.push_back(std::size_t(i));
    preview.predicted.push_back(noisy(i) * 0.9);
  }
  chart.setPreview(1, preview);
  check_follows_the_width(&chart, chart.view(), series_named(chart.view(), "actual"));
  QVERIFY(series_named(chart.view(), "predicted")->count() <= 4 * plot_columns(chart.view()) + 8);
  QVERIFY(series_named(chart.view(), "predicted")->count() > 2 * 200);
  save_screenshot(&chart, "validation_chart_decimated.png");
}

QTEST_MAIN(ChartDecimationTest)
#include "chart_decimation_test.moc"
