#include "ui_test_support.hpp"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_view.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui::test {

void train_in_document(WorkbenchDocument& doc, int epochs, int units) {
  doc.setLayers({LayerSpec::lstm(units)});
  FitConfig fit = doc.fitConfig();
  fit.epochs = epochs;
  fit.patience = 0;
  fit.threads = 2;
  doc.setFitConfig(fit);
  const auto& prepared = doc.prepared();
  if (!prepared.series) qFatal("not prepared: %s", qPrintable(prepared.error));
  doc.setTrainOutcome(train_model(*prepared.series, doc.trainRequest()));
}

bool wait_idle(const PredictPage& page) {
  const auto idle = [&] { return !page.isBusy(); };
  wait_for(idle, 30000);
  QTest::qWait(1);
  return wait_for(idle, 30000);
}

QString write_long_series(const QTemporaryDir& dir, int rows) {
  QFile f(dir.filePath("long.csv"));
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(f.fileName()));
  QTextStream out(&f);
  out << "t,value\n";
  for (int i = 0; i < rows; ++i) out << i << "," << std::sin(i * 0.05) + 0.3 * std::sin(i * 0.31) << "\n";
  return f.fileName();
}

void save_screenshot(QWidget* widget, const QString& name) {
  const QString folder = qEnvironmentVariable("RNNWB_SCREENSHOT_DIR");
  if (folder.isEmpty()) return;
  QDir().mkpath(folder);
  QApplication::processEvents();
  const QString path = folder + "/" + name;
  if (!widget->grab().save(path)) qFatal("cannot save %s", qPrintable(path));
}

QLineSeries* line(QWidget* root, const char* chart, const char* name) {
  for (QAbstractSeries* s : find<ChartView>(root, chart)->chart()->series())
    if (s->objectName() == name) return qobject_cast<QLineSeries*>(s);
  qFatal("no series %s in %s", name, chart);
}

GuiLatencyProbe::GuiLatencyProbe() {
  timer_.setTimerType(Qt::PreciseTimer);
  timer_.setInterval(int(kTickMs));
  QObject::connect(&timer_, &QTimer::timeout, &timer_, [this] { gaps_.push_back(since_tick_.restart()); });
}

void GuiLatencyProbe::start() {
  gaps_.clear();
  since_tick_.start();
  timer_.start();
}

void GuiLatencyProbe::stop() {
  timer_.stop();
  gaps_.push_back(since_tick_.elapsed());  // the time since the last tick counts too
}

qint64 GuiLatencyProbe::medianMs() const {
  if (gaps_.empty()) return 0;
  std::vector<qint64> sorted = gaps_;
  std::nth_element(sorted.begin(), sorted.begin() + long(sorted.size() / 2), sorted.end());
  return sorted[sorted.size() / 2];
}

qint64 GuiLatencyProbe::longestMs() const { return gaps_.empty() ? 0 : *std::max_element(gaps_.begin(), gaps_.end()); }

QString GuiLatencyProbe::summary() const {
  return QString("%1 gaps between GUI timer ticks (asked for every %2 ms): median %3 ms, longest %4 ms")
      .arg(gaps_.size())
      .arg(kTickMs)
      .arg(medianMs())
      .arg(longestMs());
}

QString GuiLatencyProbe::stall() const {
  if (gaps_.size() < kMinSamples) return QString("the GUI timer ticked too rarely to measure: %1").arg(summary());
  if (medianMs() >= kMedianBoundMs)
    return QString("the GUI thread stalled (median gap %1 ms, bound %2 ms): %3")
        .arg(medianMs())
        .arg(kMedianBoundMs)
        .arg(summary());
  if (longestMs() >= kMaxBoundMs)
    return QString("the GUI thread stalled (longest gap %1 ms, bound %2 ms): %3")
        .arg(longestMs())
        .arg(kMaxBoundMs)
        .arg(summary());
  return {};
}

}  // namespace rnnwb::ui::test
