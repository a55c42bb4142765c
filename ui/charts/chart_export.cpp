#include "ui/charts/chart_export.hpp"

#include <QDir>
#include <QFileInfo>

#include "ui/charts/chart_view.hpp"

namespace rnnwb::ui {

namespace {

// A chart below this size is on a page that has not been laid out yet.
constexpr int kMinWidth = 480, kMinHeight = 300;
const QSize kExportSize(1000, 560);

}  // namespace

QString saveChartFiles(ChartView* view, const QString& folder, const QString& baseName) {
  if (!view) return QObject::tr("There is no chart to save.");
  const QFileInfo dir(folder);
  if (!dir.isDir())
    return QObject::tr("The folder %1 does not exist: choose an existing folder or create it first.")
        .arg(QDir::toNativeSeparators(folder));
  const QString base = QDir(folder).filePath(baseName);

  // A hidden page lays itself out only when it is first drawn: let it do so now, so that it does
  // not shrink the chart again in the middle of the export.
  if (!view->isVisible()) view->grab();
  const QSize old_size = view->size();
  const bool enlarge = !view->isVisible() && (old_size.width() < kMinWidth || old_size.height() < kMinHeight);
  if (enlarge) view->resize(kExportSize);  // the page's layout sizes it again when it is shown
  QString error = view->savePng(base + ".png");
  if (error.isEmpty()) error = view->saveSvg(base + ".svg");
  if (enlarge) view->resize(old_size);
  return error;
}

}  // namespace rnnwb::ui
