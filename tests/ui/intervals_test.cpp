// The Predict page's prediction intervals, offscreen with a model trained by the engine: the band
// around the one-step predictions is the stored half width on each side, the forecast fan widens
// with the steps ahead, the level chooser switches levels, and the coverage note shows the test
// rows' figures. Screenshot: predict_page_intervals.png.
#include <QAreaSeries>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QtTest>
#include <cmath>

#include "ui/charts/chart_view.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

class IntervalsTest : public QObject {
  Q_OBJECT
 private slots:
  void bandsAroundThePredictionsAndTheForecastFan();
};

namespace {

QAreaSeries* band(QWidget* root, const char* name) {
  for (QAbstractSeries* s : find<ChartView>(root, "predictionChart")->chart()->series())
    if (s->objectName() == name) return qobject_cast<QAreaSeries*>(s);
  return nullptr;
}

}  // namespace

void IntervalsTest::bandsAroundThePredictionsAndTheForecastFan() {
  WorkbenchDocument doc;
  QTabWidget tabs;
  auto* page = new PredictPage(&doc);
  tabs.addTab(page, "Predict");
  tabs.resize(1200, 800);
  tabs.show();
  QVERIFY(doc.loadSample("sunspots").isEmpty());
  doc.setWindow(12);
  train_in_document(doc, 40);
  QVERIFY(wait_idle(*page));
  find<QSpinBox>(page, "forecastSpin")->setValue(30);
  QVERIFY(wait_idle(*page));

  const PredictionIntervals& pi = doc.trained()->intervals;
  QCOMPARE(pi.levels.size(), std::size_t(2));  // the default 0.8, 0.95
  auto* level = find<QComboBox>(page, "intervalLevel");
  QCOMPARE(level->count(), 2);
  QCOMPARE(level->currentText(), QString("80%"));
  QAreaSeries* rows = band(page, "intervalBand");
  QAreaSeries* fan = band(page, "forecastFan");
  QVERIFY(rows && fan && rows->isVisible() && fan->isVisible());
  // Each side of the band is the prediction -/+ the 80% half width.
  QLineSeries* predicted = line(page, "predictionChart", "predicted");
  const double w = pi.levels[0].direct[0][0];
  QCOMPARE(rows->upperSeries()->count(), predicted->count());
  for (int i : {0, 50, predicted->count() - 1}) {
    QCOMPARE(rows->upperSeries()->at(i).x(), predicted->at(i).x());
    QVERIFY(std::abs(rows->upperSeries()->at(i).y() - (predicted->at(i).y() + w)) < 1e-9 * (1 + w));
    QVERIFY(std::abs(rows->lowerSeries()->at(i).y() - (predicted->at(i).y() - w)) < 1e-9 * (1 + w));
  }
  // The fan: as many steps as were calibrated (at most the 30 forecast), wider at the end than at the start.
  const int fan_steps = int(std::min<std::size_t>(30, pi.levels[0].closed_loop.size()));
  QCOMPARE(fan->upperSeries()->count(), fan_steps);
  auto width = [&](int k) { return fan->upperSeries()->at(k).y() - fan->lowerSeries()->at(k).y(); };
  QVERIFY(width(fan_steps - 1) > width(0));
  QVERIFY(find<QLabel>(page, "intervalCoverage")->text().contains("nominal 80%"));

  level->setCurrentIndex(1);  // 95%: a wider band
  QVERIFY(rows->upperSeries()->at(0).y() - rows->lowerSeries()->at(0).y() > 2 * w);
  QVERIFY(find<QLabel>(page, "intervalCoverage")->text().contains("nominal 95%"));
  level->setCurrentIndex(0);
  save_screenshot(&tabs, "predict_page_intervals.png");
}

QTEST_MAIN(IntervalsTest)
#include "intervals_test.moc"
