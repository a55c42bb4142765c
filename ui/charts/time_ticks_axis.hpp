#pragma once
// TimeTicksAxis: labelled time ticks under a chart whose x coordinate is the row. A QCategoryAxis
// sits where the row axis was (the row axis stays, hidden, for everything that maps x to rows), on
// the same range, with labels at the round times the engine picks (time_ticks) for the rows in
// view, recomputed on every zoom, pan, reset or resize. A time column of text labels, or none:
// the row axis shows as before.
#include <QObject>
#include <QString>
#include <cstddef>
#include <string>

#include "engine/data/time_axis.hpp"

class QCategoryAxis;
class QChart;
class QValueAxis;

namespace rnnwb::ui {

class TimeTicksAxis : public QObject {
  Q_OBJECT
 public:
  // `rows` is the chart's x axis (added to `chart` already); the time axis gets `object_name`.
  TimeTicksAxis(QChart* chart, QValueAxis* rows, const QString& object_name);

  // The rows drawn are series k of `s` (x = row within it), then `future` forecast rows labelled
  // by continuing its step; null or no time column: the row axis.
  void setSeries(const Series* s, std::size_t k = 0, std::size_t future = 0);
  bool active() const { return axis_.is_time(); }
  QCategoryAxis* axis() const { return time_; }
  void refresh();  // the ticks for the rows in view

 private:
  QChart* chart_;
  QValueAxis* rows_;
  QCategoryAxis* time_;
  TimeAxis axis_;
  std::string key_;  // which labels axis_ was read from (re-read only when they change)
  bool refreshing_ = false;
};

}  // namespace rnnwb::ui
