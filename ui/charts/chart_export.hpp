#pragma once
// Writing a chart to files: <folder>/<baseName>.png (a bitmap for documents and slides) and
// <folder>/<baseName>.svg (vector, for print), through ChartView::savePng / saveSvg, which write
// atomically. A chart on a page that was never shown has no real size yet: it is drawn at a
// readable size instead of a thumbnail.
#include <QString>

namespace rnnwb::ui {

class ChartView;

// Returns an empty string on success, else the error in plain words (the files already there are
// left as they were).
QString saveChartFiles(ChartView* view, const QString& folder, const QString& baseName);

// A chart's file name without the extension, as a user reads it: the data's name and what the
// chart shows, "sunspots-predictions" for the view named "predictionChart" (an unknown view:
// its name in words, "fooBarChart" -> "foo-bar"); safe as a file name on every system.
QString chartFileStem(const QString& dataName, const QString& viewName);
// `text` with everything but letters, digits, '.', '_' and '-' turned into '-', trimmed, at most
// 80 characters, never empty ("chart"), never a name Windows reserves (CON, NUL, COM1...).
QString fileNameSafe(const QString& text);

}  // namespace rnnwb::ui
