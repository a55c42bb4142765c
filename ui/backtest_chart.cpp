#include "ui/backtest_chart.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace rnnwb::ui {

BacktestChart::BacktestChart(QWidget* parent) : QChartView(new QChart, parent) {
  setObjectName("backtestChart");
  setRenderHint(QPainter::Antialiasing);
  setMinimumHeight(220);
  chart()->legend()->setAlignment(Qt::AlignBottom);
  setToolTip(
      tr("The target (first series), each fold's one-step predictions on its test block (shaded), and the "
         "fold origins (dashed): every fold trained on the rows left of its origin only."));
}

void BacktestChart::clear() {
  chart()->removeAllSeries();
  for (QAbstractAxis* a : chart()->axes()) chart()->removeAxis(a);
  origins_ = 0;
}

void BacktestChart::show(const Series& series, const BacktestResult& r) {
  clear();
  if (r.folds.empty()) return;
  const Pipeline& p = r.folds.front().trained->pipeline;
  const int c = series.find(p.targets.front());
  if (c < 0) return;
  const std::vector<double>& x = series.columns[std::size_t(c)];
  const std::size_t n = series.series_rows(0), b = series.series_begin(0);
  auto* actual = new QLineSeries;
  actual->setName(tr("actual %1").arg(QString::fromStdString(p.targets.front())));
  actual->setPen(QPen(QColor(60, 60, 60), 1.2));
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t i = 0; i < n; ++i) {
    actual->append(double(i), x[b + i]);
    lo = std::min(lo, x[b + i]), hi = std::max(hi, x[b + i]);
  }
  const double pad = 0.05 * std::max(hi - lo, 1e-9);
  lo -= pad, hi += pad;
  chart()->addSeries(actual);
  for (const FoldResult& f : r.folds) {
    auto* predicted = new QLineSeries;  // one per fold: a line never joins two folds
    predicted->setName(f.index == 1 ? tr("fold predictions") : QString());
    predicted->setPen(QPen(QColor(214, 96, 39), 1.6));
    auto *upper = new QLineSeries, *lower = new QLineSeries;
    upper->append(double(f.plan.test_begin), hi), upper->append(double(f.plan.test_end), hi);
    lower->append(double(f.plan.test_begin), lo), lower->append(double(f.plan.test_end), lo);
    auto* block = new QAreaSeries(upper, lower);
    block->setColor(f.index % 2 ? QColor(70, 130, 200, 40) : QColor(70, 130, 200, 70));
    block->setBorderColor(Qt::transparent);
    block->setName(f.index == 1 ? tr("test blocks") : QString());
    chart()->addSeries(block);
    auto* origin = new QLineSeries;
    origin->append(double(f.plan.origin), lo), origin->append(double(f.plan.origin), hi);
    origin->setPen(QPen(QColor(40, 90, 160), 1.2, Qt::DashLine));
    origin->setName(f.index == 1 ? tr("fold origins") : QString());
    chart()->addSeries(origin);
    ++origins_;
    // The first series' windows are the first ones of the fold (rows in data order).
    for (Index w = 0; w < f.predicted.batch; ++w) {
      const std::size_t pos = f.plan.test_begin + std::size_t(w);
      if (pos >= f.plan.test_end || (series.is_panel() && series.series_of_row(b + pos) != 0)) break;
      predicted->append(double(pos), f.predicted(w, 0, 0));
    }
    chart()->addSeries(predicted);
  }
  chart()->createDefaultAxes();
  for (QAbstractAxis* a : chart()->axes(Qt::Vertical)) a->setRange(lo, hi);
  for (QAbstractAxis* a : chart()->axes(Qt::Horizontal)) {
    a->setRange(0, double(n));
    a->setTitleText(tr("row"));
    if (auto* v = qobject_cast<QValueAxis*>(a)) v->setLabelFormat("%d");
  }
  for (QLegendMarker* m : chart()->legend()->markers())
    if (m->label().isEmpty()) m->setVisible(false);
}

}  // namespace rnnwb::ui
