#include "ui/pages/runs_loss_chart.hpp"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/charts/run_colours.hpp"

namespace rnnwb::ui {

namespace {

// A run's name, else the end of its id (its unique part; the id's start is its date and time).
std::string run_short_label(const RunRecord& run) {
  if (!run.name.empty() || run.id.size() <= 16) return run.label();
  return run.id.substr(16);
}

struct Extent {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  int epochs = 1;
  void add(double v) {
    if (!(v > 0) || !std::isfinite(v)) return;  // a log axis shows positive losses only
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
};

QLineSeries* curve(QChart* chart, const QString& name, const QColor& colour, bool dashed) {
  auto* s = new QLineSeries;
  s->setName(name);
  s->setObjectName(name);
  QPen pen(colour);
  pen.setWidthF(dashed ? 1.8 : 2.2);
  if (dashed) pen.setStyle(Qt::DashLine);
  s->setPen(pen);
  chart->addSeries(s);
  return s;
}

// The run's curves (validation only when it had validation data), their losses counted in `e`.
void add_run(QChart* chart, const RunRecord& run, int i, Extent& e) {
  const QString label = QString::fromStdString(run_short_label(run));
  QList<QPointF> train, val;
  for (const EpochStats& s : run.history) {
    if (s.train_loss > 0 && std::isfinite(s.train_loss)) train << QPointF(s.epoch, s.train_loss);
    if (s.val_loss > 0 && std::isfinite(s.val_loss)) val << QPointF(s.epoch, s.val_loss);
    e.add(s.train_loss);
    e.add(s.val_loss);
    e.epochs = std::max(e.epochs, s.epoch);
  }
  QLineSeries* t = curve(chart, label, run_colour(i), false);
  t->replace(train);
  t->setPointsVisible(train.size() < 2);  // a single epoch is a point, not a line
  if (val.isEmpty()) return;
  QLineSeries* v = curve(chart, label + QObject::tr(" (validation)"), run_colour(i), true);
  v->replace(val);
  v->setPointsVisible(val.size() < 2);
  for (QLegendMarker* m : chart->legend()->markers(v)) m->setVisible(false);  // one entry per run
}

}  // namespace

RunsLossChart::RunsLossChart(QWidget* parent) : QWidget(parent) {
  auto* chart = new QChart;
  chart->legend()->setAlignment(Qt::AlignBottom);
  x_ = new QValueAxis(this);
  x_->setTitleText(tr("epoch"));
  x_->setLabelFormat("%g");
  y_ = new QLogValueAxis(this);
  y_->setBase(10);
  y_->setMinorTickCount(8);
  y_->setLabelFormat("%.3g");
  y_->setTitleText(tr("loss (log scale)"));
  chart->addAxis(x_, Qt::AlignBottom);
  chart->addAxis(y_, Qt::AlignLeft);
  view_ = new ChartView(chart);
  view_->setObjectName("runsLossChart");
  view_->setMinimumSize(320, 220);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
  setRuns({});
}

void RunsLossChart::setRuns(const std::vector<const RunRecord*>& runs) {
  QChart* chart = view_->chart();
  chart->removeAllSeries();
  chart->setTitle(runs.empty() ? tr("Loss of the selected runs: select runs in the table")
                               : tr("Loss (solid: training, dashed: validation)"));
  Extent e;
  for (std::size_t i = 0; i < runs.size(); ++i) add_run(chart, *runs[i], int(i), e);
  set_round_ticks(x_, 1, std::max(2, e.epochs));
  const auto [lo, hi] = std::isfinite(e.lo) ? log_decade_range(e.lo, e.hi) : std::pair<double, double>{0.01, 1.0};
  y_->setRange(lo, hi);
  for (QAbstractSeries* s : chart->series()) {
    s->attachAxis(x_);
    s->attachAxis(y_);
  }
}

}  // namespace rnnwb::ui
