#include "ui_test_support.hpp"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>
#include <cmath>

#include "ui/charts/chart_view.hpp"

namespace rnnwb::ui::test {

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

}  // namespace rnnwb::ui::test
