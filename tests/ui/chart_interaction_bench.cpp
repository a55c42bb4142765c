// A million-point series on the Data page: every zoom and pan redraws a line decimated to the
// chart's pixel width (min/max per pixel column). Prints the time per redraw (a benchmark: the
// figure goes into docs/PERFORMANCE.md) and asserts the property a wrong design breaks outright:
// the drawn line holds a few points per pixel column, not the million.
#include <QApplication>
#include <QChart>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QMouseEvent>
#include <QTabWidget>
#include <QValueAxis>
#include <QWheelEvent>
#include <QtTest>
#include <algorithm>

#include "ui/charts/chart_view.hpp"
#include "ui/main_window.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

QLineSeries* data_line(ChartView* view) {
  for (QAbstractSeries* s : view->chart()->series())
    if (auto* line = qobject_cast<QLineSeries*>(s); line && line->count() > 2) return line;
  qFatal("the series chart has no data line");
}

// Runs `action`, then paints the chart synchronously; returns the milliseconds both took.
template <class F>
double timed_redraw(ChartView* view, F&& action) {
  QElapsedTimer clock;
  clock.start();
  action();
  view->viewport()->repaint();
  return clock.nsecsElapsed() / 1e6;
}

void print_times(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  qInfo("%s on 1,000,000 points: median %.1f ms, slowest %.1f ms over %zu redraws", what, ms[ms.size() / 2], ms.back(),
        ms.size());
}

}  // namespace

class ChartInteractionBench : public QObject {
  Q_OBJECT
 private slots:
  void millionPointsZoomAndPan();
};

void ChartInteractionBench::millionPointsZoomAndPan() {
  QTemporaryDir dir;
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QVERIFY(w.openCsv(write_long_series(dir, 1'000'000)).isEmpty());
  w.pages()->setCurrentIndex(0);
  auto* view = find<ChartView>(&w, "seriesChart");
  QApplication::processEvents();
  QLineSeries* line = data_line(view);
  const int columns = int(view->chart()->plotArea().width());
  QVERIFY2(line->count() <= 4 * columns + 8, qPrintable(QString("%1 points drawn").arg(line->count())));

  const QPointF centre = view->chart()->plotArea().center();
  auto* x_axis = qobject_cast<QValueAxis*>(view->chart()->axes(Qt::Horizontal).first());
  const double full_span = x_axis->max() - x_axis->min();
  std::vector<double> zooms, pans;
  for (int i = 0; i < 12; ++i)
    zooms.push_back(timed_redraw(view, [&] {
      QWheelEvent wheel(centre, view->mapToGlobal(centre.toPoint()), {}, {0, i < 8 ? 120 : -120}, Qt::NoButton,
                        Qt::NoModifier, Qt::NoScrollPhase, false);
      QApplication::sendEvent(view->viewport(), &wheel);
    }));
  QVERIFY(line->count() <= 4 * columns + 8);
  const double zoomed_span = x_axis->max() - x_axis->min();
  QVERIFY2(zoomed_span < 0.5 * full_span, "the wheel did not zoom in");
  const double left_before_pan = x_axis->min();
  QTest::mousePress(view->viewport(), Qt::RightButton, {}, centre.toPoint());
  for (int i = 1; i <= 12; ++i)
    pans.push_back(timed_redraw(view, [&] {
      QMouseEvent move(QEvent::MouseMove, centre - QPointF(20 * i, 0), view->mapToGlobal(centre.toPoint()),
                       Qt::NoButton, Qt::RightButton, Qt::NoModifier);
      QApplication::sendEvent(view->viewport(), &move);
    }));
  QTest::mouseRelease(view->viewport(), Qt::RightButton, {}, (centre - QPointF(240, 0)).toPoint());
  QVERIFY(line->count() <= 4 * columns + 8);
  QVERIFY2(x_axis->min() > left_before_pan, "dragging left did not pan right");
  // The line covers the new visible range: its first point is at or before the left edge.
  QVERIFY(line->at(0).x() <= x_axis->min() + 1);
  print_times("zoom (wheel) + repaint", zooms);
  print_times("pan (right-drag) + repaint", pans);
  const double reset = timed_redraw(view, [&] { view->reset(); });
  qInfo("reset to the full range + repaint: %.1f ms", reset);
}

QTEST_MAIN(ChartInteractionBench)
#include "chart_interaction_bench.moc"
