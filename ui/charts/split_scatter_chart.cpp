#include "ui/charts/split_scatter_chart.hpp"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/charts/split_colours.hpp"

namespace rnnwb::ui {

SplitScatterChart::SplitScatterChart(QWidget* parent) : QWidget(parent) {
  chart_ = new QChart;
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  x_axis_ = new QValueAxis;
  y_axis_ = new QValueAxis;
  chart_->addAxis(x_axis_, Qt::AlignBottom);
  chart_->addAxis(y_axis_, Qt::AlignLeft);
  identity_ = new QLineSeries;
  identity_->setObjectName("identityLine");
  identity_->setName(tr("predicted = actual"));
  identity_->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
  chart_->addSeries(identity_);
  for (Split s : {Split::Train, Split::Validation, Split::Test}) {
    auto* series = new QScatterSeries;
    series->setObjectName(split_label(s) + "Points");
    series->setMarkerSize(7);
    QColor fill = split_point_colour(s);
    fill.setAlpha(170);
    series->setColor(fill);
    series->setBorderColor(split_point_colour(s).darker(130));
    chart_->addSeries(series);
    series_[s] = series;
  }
  for (QAbstractSeries* s : chart_->series()) {
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
  }
  view_ = new ChartView(chart_);
  view_->setObjectName("scatterChart");
  view_->setMinimumSize(320, 280);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
  clear();
}

QScatterSeries* SplitScatterChart::series(Split s) const { return series_.at(s); }

void SplitScatterChart::setTitles(const QString& title, const QString& x_title, const QString& y_title) {
  chart_->setTitle(title);
  x_axis_->setTitleText(x_title);
  y_axis_->setTitleText(y_title);
}

void SplitScatterChart::setPoints(const std::map<Split, Points>& points) {
  chart_->zoomReset();
  double lo = INFINITY, hi = -INFINITY;
  for (auto& [split, series] : series_) {
    QList<QPointF> drawn;
    auto it = points.find(split);
    if (it != points.end())
      for (std::size_t i = 0; i < it->second.actual.size(); ++i) {
        const double a = it->second.actual[i], p = it->second.predicted[i];
        if (!std::isfinite(a) || !std::isfinite(p)) continue;
        drawn.append(QPointF(a, p));
        lo = std::min({lo, a, p});
        hi = std::max({hi, a, p});
      }
    series->replace(drawn);
    series->setName(tr("%1 (%2)").arg(split_label(split)).arg(drawn.size()));
    series->setVisible(it != points.end() && !drawn.isEmpty());
  }
  if (!(lo <= hi)) {
    clear();
    return;
  }
  identity_->replace(QList<QPointF>{{lo, lo}, {hi, hi}});
  identity_->setVisible(true);
  // one range for both axes, so y = x runs corner to corner
  set_value_axis(x_axis_, {lo, hi});
  set_value_axis(y_axis_, {lo, hi});
}

void SplitScatterChart::clear() {
  for (auto& [split, series] : series_) {
    series->clear();
    series->setVisible(false);
  }
  identity_->clear();
  identity_->setVisible(false);
  x_axis_->setRange(0, 1);
  y_axis_->setRange(0, 1);
}

}  // namespace rnnwb::ui
