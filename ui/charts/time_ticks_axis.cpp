#include "ui/charts/time_ticks_axis.hpp"

#include <QCategoryAxis>
#include <QChart>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace rnnwb::ui {

TimeTicksAxis::TimeTicksAxis(QChart* chart, QValueAxis* rows, const QString& object_name)
    : QObject(chart), chart_(chart), rows_(rows) {
  time_ = new QCategoryAxis;
  time_->setObjectName(object_name);
  time_->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  time_->setVisible(false);
  chart_->addAxis(time_, Qt::AlignBottom);
  connect(rows_, &QValueAxis::rangeChanged, this, &TimeTicksAxis::refresh);
  connect(chart_, &QChart::plotAreaChanged, this, &TimeTicksAxis::refresh);
}

void TimeTicksAxis::setSeries(const Series* s, std::size_t k, std::size_t future) {
  const bool has = s && !s->time_labels.empty() && k < s->series_count() && s->series_rows(k) > 0;
  const std::size_t b = has ? s->series_begin(k) : 0, e = has ? s->series_end(k) : 0;
  // The labels' identity: where they are and their ends (a new table or series changes one).
  const std::string key = has ? std::to_string(reinterpret_cast<std::uintptr_t>(s->time_labels.data())) + ":" +
                                    std::to_string(b) + ":" + std::to_string(e) + ":" + s->time_labels[b] + ":" +
                                    s->time_labels[e - 1] + ":" + std::to_string(future)
                              : std::string();
  if (key != key_) {
    key_ = key;
    axis_ = {};
    if (has) {
      std::vector<std::string> labels(s->time_labels.begin() + long(b), s->time_labels.begin() + long(e));
      axis_ = read_time_axis(labels);
      if (future > 0 && axis_.is_time() && axis_.native > 0) {  // the forecast rows' times, as the CSV labels them
        for (std::string& l : next_time_labels(axis_, labels.size() - 1, future)) labels.push_back(std::move(l));
        axis_ = read_time_axis(labels);
      }
    }
  }
  time_->setTitleText(has ? QString::fromStdString(s->time_name) : QString());
  rows_->setVisible(!active());
  time_->setVisible(active());
  refresh();
}

void TimeTicksAxis::refresh() {
  if (!active() || refreshing_) return;
  refreshing_ = true;
  for (const QString& label : time_->categoriesLabels()) time_->remove(label);
  const double lo = rows_->min(), hi = rows_->max();
  time_->setRange(lo, hi);
  time_->setStartValue(lo);
  const std::size_t n = axis_.positions.size();
  const double first = std::max(0.0, std::ceil(lo)), last = std::min(double(n) - 1, std::floor(hi));
  if (first <= last) {
    // About one label per 90 pixels, so dates never run into each other.
    const int most = std::clamp(int(chart_->plotArea().width() / 90), 2, 10);
    QStringList seen;
    for (const TimeTick& t : time_ticks(axis_, std::size_t(first), std::size_t(last), most)) {
      QString label = QString::fromStdString(t.label);
      while (seen.contains(label)) label += QChar(0x200B);  // a category needs a unique label: 06:00 each day
      seen << label;
      time_->append(label, t.row);
    }
  }
  refreshing_ = false;
}

}  // namespace rnnwb::ui
