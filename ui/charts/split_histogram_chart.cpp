#include "ui/charts/split_histogram_chart.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/charts/split_colours.hpp"

namespace rnnwb::ui {

namespace {
const Split kSplits[] = {Split::Train, Split::Validation, Split::Test};
}

SplitHistogramChart::SplitHistogramChart(QWidget* parent) : QWidget(parent) {
  chart_ = new QChart;
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  x_axis_ = new QValueAxis;
  y_axis_ = new QValueAxis;
  chart_->addAxis(x_axis_, Qt::AlignBottom);
  chart_->addAxis(y_axis_, Qt::AlignLeft);
  for (Split s : kSplits) {
    auto* area = new QAreaSeries(new QLineSeries, new QLineSeries);
    area->setObjectName(split_label(s) + "Bars");
    QColor fill = split_point_colour(s);
    fill.setAlpha(200);
    area->setBrush(fill);
    area->setPen(QPen(split_point_colour(s).darker(140), 1));
    chart_->addSeries(area);
    areas_[s] = area;
  }
  zero_ = new QLineSeries;
  zero_->setObjectName("zeroLine");
  zero_->setPen(QPen(QColor(60, 60, 60), 1.2, Qt::DashLine));
  chart_->addSeries(zero_);
  for (QLegendMarker* m : chart_->legend()->markers(zero_)) m->setVisible(false);
  for (QAbstractSeries* s : chart_->series()) {
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
  }
  view_ = new ChartView(chart_);
  view_->setObjectName("residualHistogram");
  view_->setMinimumSize(320, 280);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
  clear();
}

void SplitHistogramChart::setTitles(const QString& title, const QString& x_title, const QString& y_title) {
  chart_->setTitle(title);
  x_axis_->setTitleText(x_title);
  y_axis_->setTitleText(y_title);
}

void SplitHistogramChart::setValues(const std::map<Split, std::vector<double>>& values) {
  chart_->zoomReset();
  std::vector<std::vector<double>> groups;
  for (Split s : kSplits) {
    auto it = values.find(s);
    groups.push_back(it == values.end() ? std::vector<double>{} : it->second);
  }
  bins_ = histogram_bins(groups);
  const std::size_t nbins = bins_.edges.size() - 1;
  std::vector<double> base(nbins, 0.0);  // the stack so far
  for (std::size_t g = 0; g < 3; ++g) {
    QAreaSeries* area = areas_.at(kSplits[g]);
    QList<QPointF> upper, lower;
    std::size_t count = 0;
    for (std::size_t b = 0; b < nbins; ++b) {  // a step outline: flat over each bin
      const double top = base[b] + double(bins_.counts[g][b]);
      for (double x : {bins_.edges[b], bins_.edges[b + 1]}) {
        lower.append(QPointF(x, base[b]));
        upper.append(QPointF(x, top));
      }
      count += bins_.counts[g][b];
      base[b] = top;
    }
    area->upperSeries()->replace(upper);
    area->lowerSeries()->replace(lower);
    area->setName(tr("%1 (%2)").arg(split_label(kSplits[g])).arg(count));
    area->setVisible(count > 0);
  }
  const double highest = *std::max_element(base.begin(), base.end());
  set_value_axis(x_axis_, {bins_.edges.front(), bins_.edges.back()});
  // counts are whole numbers: ticks at least 1 apart
  set_round_ticks(y_axis_, 0.0, std::max(1.0, std::ceil(highest * 1.05)), 6, 1.0);
  y_axis_->setLabelFormat("%.0f");
  zero_->replace(QList<QPointF>{{0.0, 0.0}, {0.0, y_axis_->max()}});
  zero_->setVisible(bins_.edges.front() <= 0 && bins_.edges.back() >= 0);
  for (QLegendMarker* m : chart_->legend()->markers(zero_)) m->setVisible(false);
}

void SplitHistogramChart::clear() {
  bins_ = {};
  for (auto& [split, area] : areas_) {
    area->upperSeries()->clear();
    area->lowerSeries()->clear();
    area->setVisible(false);
  }
  zero_->clear();
  zero_->setVisible(false);
  x_axis_->setRange(0, 1);
  y_axis_->setRange(0, 1);
}

}  // namespace rnnwb::ui
