// The Predict page's residual diagnostics tab, offscreen, with models trained by the engine: the
// ACF bars and band against the document's own test count, the verdict in words, the histogram's
// normal curve, the error by step against the document's evaluation (step 1 of a closed loop is the
// one-step test error), the largest errors, many series with horizon 2, and the direct fallback
// of a model whose inputs are not all targets. Screenshots of each.
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "ui/pages/diagnostics_charts.hpp"
#include "ui/pages/diagnostics_panel.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

struct Window {
  WorkbenchDocument doc;
  QTabWidget tabs;
  PredictPage* predict;
  Window() {
    predict = new PredictPage(&doc);
    tabs.addTab(predict, "Predict");
    tabs.resize(1400, 1000);
    tabs.show();
  }
  // Trains, waits for the predictions, opens the diagnostics tab and waits for its report.
  DiagnosticsPanel* diagnose(int epochs, int units = 8) {
    train_in_document(doc, epochs, units);
    if (!wait_idle(*predict)) return nullptr;
    auto* panel = find<DiagnosticsPanel>(predict, "diagnosticsPanel");
    QSignalSpy shown(panel, &DiagnosticsPanel::reportShown);
    find<QTabWidget>(predict, "predictChartTabs")->setCurrentWidget(panel);
    if (!wait_for([&] { return shown.count() > 0 && !panel->isBusy(); }, 30000)) return nullptr;
    return panel;
  }
};

double y_at(QLineSeries* s, double x) {
  for (const QPointF& p : s->points())
    if (std::abs(p.x() - x) < 1e-9) return p.y();
  return NAN;
}

}  // namespace

class DiagnosticsTest : public QObject {
  Q_OBJECT
 private slots:
  void sunspotsAcfVerdictHistogramAndSteps();
  void manySeriesHorizonTwo();
  void inputsNotPredictedShowTheDirectSteps();
};

void DiagnosticsTest::sunspotsAcfVerdictHistogramAndSteps() {
  Window w;
  QVERIFY(w.doc.loadSample("sunspots").isEmpty());
  w.doc.setWindow(12);
  w.doc.setSeason(11);
  DiagnosticsPanel* panel = w.diagnose(30);
  QVERIFY(panel);
  QVERIFY(panel->report().has_value());
  const std::size_t test = w.doc.evaluation().model.at(Split::Test).count;  // horizon 1, one target
  // 2 x season lags, each bar 4 outline points; the band at 1.96 / sqrt(test residuals).
  auto* acf = find<AcfChart>(panel, "acfChart");
  QVERIFY(acf->isVisible());
  QCOMPARE(acf->bars()->count(), 4 * 22);
  QVERIFY(std::abs(acf->upperBand()->at(0).y() - 1.96 / std::sqrt(double(test))) < 1e-12);
  // Bar heights: a lag-1 autocorrelation within [-1, 1], and not all zero.
  const double r1 = acf->bars()->at(1).y();
  QVERIFY(std::abs(r1) <= 1 && r1 != 0);
  const QString verdict = find<QLabel>(panel, "diagnosticsVerdict")->text();
  QVERIFY2(verdict.contains(QString("Ljung-Box over 22 lags of %1 test residuals").arg(test)), qPrintable(verdict));
  QVERIFY2(verdict.contains("No structure left that Ljung-Box can see") || verdict.contains("still hold structure"),
           qPrintable(verdict));
  // The normal curve over the histogram.
  QVERIFY(find<ResidualHistogramChart>(panel, "residualHistogramChart")->normalCurve()->count() > 100);
  // Error by step: step 1 of the closed loop is the one-step test RMSE of the evaluation; persistence too.
  auto* steps = find<StepErrorChart>(panel, "stepErrorChart");
  QCOMPARE(steps->model()->count(), int(std::min<std::size_t>(24, test / 2)));
  const Evaluation& e = w.doc.evaluation();
  // (float32 predictions split over other threads: equal to about 1e-7 relative)
  QVERIFY2(std::abs(y_at(steps->model(), 1) - e.model.at(Split::Test).rmse) < 1e-6 * e.model.at(Split::Test).rmse,
           qPrintable(QString("%1 vs %2").arg(y_at(steps->model(), 1)).arg(e.model.at(Split::Test).rmse)));
  // The largest errors, largest first, labelled by year.
  auto* largest = find<QTableWidget>(panel, "largestErrorsTable");
  QCOMPARE(largest->rowCount(), 10);
  QVERIFY(std::abs(largest->item(0, 6)->text().toDouble()) >= std::abs(largest->item(9, 6)->text().toDouble()));
  QVERIFY(largest->item(0, 0)->text().toInt() > 1700);
  QVERIFY(largest->isColumnHidden(1));  // one series: no series column
  save_screenshot(&w.tabs, "predict_diagnostics_sunspots.png");
}

void DiagnosticsTest::manySeriesHorizonTwo() {
  Window w;
  QVERIFY(w.doc.loadSample("eustock_long").isEmpty());
  w.doc.setWindow(10);
  w.doc.setHorizon(2);
  DiagnosticsPanel* panel = w.diagnose(2, 4);
  QVERIFY(panel);
  QCOMPARE(panel->report()->series, std::size_t(4));
  auto* largest = find<QTableWidget>(panel, "largestErrorsTable");
  QVERIFY(!largest->isColumnHidden(1));
  QVERIFY(QStringList({"DAX", "SMI", "CAC", "FTSE"}).contains(largest->item(0, 1)->text()));
  QVERIFY(find<StepErrorChart>(panel, "stepErrorChart")->model()->count() == 24);  // 279 test rows a series
  save_screenshot(&w.tabs, "predict_diagnostics_many_series.png");
}

void DiagnosticsTest::inputsNotPredictedShowTheDirectSteps() {
  Window w;
  QVERIFY(w.doc.loadSample("macrodata").isEmpty());
  w.doc.setTargets({"realgdp"});
  w.doc.setFeatures({"realgdp", "realcons"});
  w.doc.setWindow(8);
  w.doc.setHorizon(3);
  DiagnosticsPanel* panel = w.diagnose(3, 4);
  QVERIFY(panel);
  QCOMPARE(find<StepErrorChart>(panel, "stepErrorChart")->model()->count(), 3);
  const QString note = find<QLabel>(panel, "stepErrorNote")->text();
  QVERIFY2(note.contains("No closed-loop forecast") && note.contains("realcons"), qPrintable(note));
  save_screenshot(&w.tabs, "predict_diagnostics_direct.png");
}

QTEST_MAIN(DiagnosticsTest)
#include "diagnostics_test.moc"
