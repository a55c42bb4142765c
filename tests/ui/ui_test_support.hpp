#pragma once
// What every workbench test needs: widgets by object name, a long series on disk, screenshots.
#include <QLineSeries>
#include <QString>
#include <QTemporaryDir>
#include <QWidget>

namespace rnnwb::ui::test {

// The child widget of type T named `name`; a missing one ends the test run with its name.
template <class T>
T* find(QWidget* root, const QString& name) {
  T* w = root->findChild<T*>(name);
  if (!w) qFatal("no widget named %s", qPrintable(name));
  return w;
}

// The line series named `name` (its objectName) in the ChartView `chart` under `root`.
QLineSeries* line(QWidget* root, const char* chart, const char* name);

// A noisy sine ("t,value") of `rows` rows in `dir`, long enough that an epoch takes a while.
QString write_long_series(const QTemporaryDir& dir, int rows);

// Renders `widget` into $RNNWB_SCREENSHOT_DIR/<name> (nothing when the variable is unset).
void save_screenshot(QWidget* widget, const QString& name);

}  // namespace rnnwb::ui::test
