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

}  // namespace rnnwb::ui
