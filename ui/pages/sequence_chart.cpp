#include "ui/pages/sequence_chart.hpp"

#include <QChart>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"

namespace rnnwb::ui {

SequenceChart::SequenceChart(const QString& view_name, QWidget* parent) : QWidget(parent) {
  chart_ = new QChart;
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  x_axis_ = new QValueAxis;
  y_axis_ = new QValueAxis;
  x_axis_->setTitleText(tr("step"));
  y_axis_->setTitleText(tr("feature value"));
  chart_->addAxis(x_axis_, Qt::AlignBottom);
  chart_->addAxis(y_axis_, Qt::AlignLeft);
  view_ = new ChartView(chart_);
  view_->setObjectName(view_name);
  view_->setMinimumSize(320, 240);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
}

void SequenceChart::clear() {
  for (QLineSeries* s : lines_) {
    chart_->removeSeries(s);
    delete s;
  }
  lines_.clear();
  chart_->setTitle({});
}

void SequenceChart::showSequence(const SequenceDataset& d, std::size_t i, const QString& title) {
  // the lines are kept from one sequence to the next (the view keeps one decimation entry each)
  if (lines_.size() != std::size_t(d.x.features)) {
    clear();
    for (Index f = 0; f < d.x.features; ++f) {
      auto* line = new QLineSeries;
      line->setObjectName(QString("feature%1").arg(f));
      line->setName(QString::fromStdString(d.features.at(std::size_t(f))));
      chart_->addSeries(line);
      line->attachAxis(x_axis_);
      line->attachAxis(y_axis_);
      lines_.push_back(line);
    }
  }
  chart_->setTitle(title);
  const ValidSpan span = d.spans.at(i);
  std::vector<double> all;
  for (Index f = 0; f < d.x.features; ++f) {
    QLineSeries* line = lines_[std::size_t(f)];
    line->setName(QString::fromStdString(d.features.at(std::size_t(f))));
    line->setPointsVisible(span.length <= 60);
    std::vector<double> xs, ys;
    for (Index t = span.first; t < span.first + span.length; ++t) {
      xs.push_back(double(t));
      ys.push_back(d.x(Index(i), t, f));
    }
    all.insert(all.end(), ys.begin(), ys.end());
    view_->setDecimated(line, std::move(xs), std::move(ys));
  }
  const double first = double(span.first), last = double(span.first + span.length - 1);
  set_round_ticks(x_axis_, first - 0.5, std::max(first + 0.5, last + 0.5), 8, 1.0);
  x_axis_->setLabelFormat("%d");
  set_value_axis(y_axis_, all);
  view_->redecimate();
}

}  // namespace rnnwb::ui
