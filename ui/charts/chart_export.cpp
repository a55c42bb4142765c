#include "ui/charts/chart_export.hpp"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

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

QString fileNameSafe(const QString& text) {
  static const QRegularExpression unsafe("[^\\w.-]+|_+", QRegularExpression::UseUnicodePropertiesOption);
  QString name = text;
  name.replace(unsafe, "-");
  name.replace(QRegularExpression("-{2,}"), "-");
  while (!name.isEmpty() && (name.front() == '-' || name.front() == '.')) name.remove(0, 1);
  while (!name.isEmpty() && (name.back() == '-' || name.back() == '.')) name.chop(1);
  name.truncate(80);
  if (name.isEmpty()) return QStringLiteral("chart");
  static const QRegularExpression reserved("^(con|prn|aux|nul|com[0-9]|lpt[0-9])$",
                                           QRegularExpression::CaseInsensitiveOption);
  return reserved.match(name).hasMatch() ? name + "-chart" : name;
}

QString chartFileStem(const QString& dataName, const QString& viewName) {
  // What each chart of the workbench shows, in the words of its page.
  static const QHash<QString, QString> words{{"seriesChart", "data"},
                                             {"beforeChart", "before-transforms"},
                                             {"afterChart", "after-transforms"},
                                             {"lossChart", "loss"},
                                             {"validationChart", "validation"},
                                             {"predictionChart", "predictions"},
                                             {"residualChart", "residuals"},
                                             {"scatterChart", "predicted-vs-actual"},
                                             {"residualHistogram", "residual-histogram"},
                                             {"sequenceChart", "sequence"},
                                             {"worstSequenceChart", "worst-sequence"}};
  QString what = words.value(viewName);
  if (what.isEmpty()) {  // camelCase in words: "fooBarChart" -> "foo-bar"
    what = viewName;
    if (what.endsWith("Chart")) what.chop(5);
    what.replace(QRegularExpression("([a-z0-9])([A-Z])"), "\\1-\\2");
    what = what.toLower();
  }
  if (what.isEmpty()) what = "chart";
  return fileNameSafe(dataName.trimmed().isEmpty() ? what : dataName + "-" + what);
}

}  // namespace rnnwb::ui
