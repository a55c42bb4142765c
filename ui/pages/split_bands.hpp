#pragma once
// The train / validation / test regions of a series chart as shaded bands, in the colours every
// page uses (train light blue, validation light orange, test light green).
#include <QString>

#include "engine/data/pipeline.hpp"

class QAreaSeries;
class QChart;

namespace rnnwb::ui {

class SplitBands {
 public:
  // Adds the three bands to `chart` (before the lines, so the lines are drawn on top); attach the
  // chart's axes to them afterwards. Without `in_legend` they take no room in the legend.
  SplitBands(QChart* chart, bool in_legend);

  // Row r is drawn at x = r, so the rows [a, b) are shaded over x in [a - 0.5, b - 0.5].
  void set(const SplitBounds& bounds, double y0, double y1);
  void setHeight(double y0, double y1);  // after a zoom or pan

 private:
  QChart* chart_;
  QAreaSeries *train_, *validation_, *test_;
  bool in_legend_;
  SplitBounds bounds_;
};

}  // namespace rnnwb::ui
