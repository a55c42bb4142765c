#include "ui/pages/runs_parallel_chart.hpp"

#include <QCategoryAxis>
#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/charts/run_colours.hpp"
#include "ui/pages/run_axis_values.hpp"

namespace rnnwb::ui {

namespace {

QString qtext(const std::string& s) { return QString::fromStdString(s); }
QString short_number(double v) { return QString::number(v, 'g', 4); }

ChartView* chart_view(QWidget* owner, const char* name) {
  auto* chart = new QChart;
  chart->legend()->hide();
  auto* view = new ChartView(chart);
  view->setObjectName(name);
  view->setMinimumSize(320, 220);
  auto* layout = new QVBoxLayout(owner);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view);
  return view;
}

void clear_categories(QCategoryAxis* axis) {
  for (const QString& label : axis->categoriesLabels()) axis->remove(label);
}

// An axis's label: its name and range ("units 8–64", "cell gru|lstm").
QString axis_label(const RunColumn& c, const AxisValues& a) {
  QString range;
  if (!a.numeric()) {
    QStringList names;
    for (const std::string& t : a.categories) names << qtext(t);
    range = names.join("|");
  } else {
    range = a.hi > a.lo ? short_number(a.lo) + "–" + short_number(a.hi) : short_number(a.lo);
  }
  return qtext(c.name).toHtmlEscaped() + "<br>" + range.toHtmlEscaped();  // two lines: name, range
}

// The values and two more, an eighth of their range beyond each end, so no point sits on the frame.
std::vector<double> padded(std::vector<double> v) {
  if (v.empty()) return v;
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  const double pad = *hi > *lo ? (*hi - *lo) / 8 : std::max(0.1, std::abs(*lo) / 10);
  const double a = *lo - pad, b = *hi + pad;
  v.push_back(a);
  v.push_back(b);
  return v;
}

void attach_all(QChart* chart, QAbstractAxis* x, QAbstractAxis* y) {
  for (QAbstractSeries* s : chart->series()) {
    s->attachAxis(x);
    s->attachAxis(y);
  }
}

}  // namespace

RunsParallelChart::RunsParallelChart(QWidget* parent) : QWidget(parent) {
  view_ = chart_view(this, "runsParallelChart");
  x_ = new QCategoryAxis(this);
  x_->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  x_->setGridLineVisible(true);
  y_ = new QValueAxis(this);
  y_->setRange(-0.05, 1.05);
  y_->setLabelsVisible(false);
  y_->setTickCount(5);
  view_->chart()->addAxis(x_, Qt::AlignBottom);
  view_->chart()->addAxis(y_, Qt::AlignLeft);
}

void RunsParallelChart::setData(const RunTable& table, const std::vector<std::size_t>& rows, int metric) {
  QChart* chart = view_->chart();
  chart->removeAllSeries();
  clear_categories(x_);
  std::vector<int> columns = differing_setting_columns(table);
  if (metric >= 0) columns.push_back(metric);
  const bool enough = columns.size() >= 2 && !rows.empty();
  chart->setTitle(
      !enough
          ? tr("Parallel coordinates: the runs differ in no setting yet (a sweep varies some)")
          : tr("Settings against %1 (dark: low, yellow: high)").arg(qtext(table.columns[std::size_t(metric)].name)));
  x_->setVisible(enough);
  if (!enough) return;
  std::vector<AxisValues> axes;
  for (int c : columns) axes.push_back(axis_values(table, c, rows));
  for (std::size_t k = 0; k < columns.size(); ++k)
    x_->append(axis_label(table.columns[std::size_t(columns[k])], axes[k]), double(k));
  x_->setRange(-0.6, double(columns.size()) - 0.4);  // room for the first and last labels
  x_->setLabelsAngle(columns.size() > 5 ? -20 : 0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto* s = new QLineSeries;
    s->setObjectName(QString("run %1").arg(rows[i]));
    const bool best = int(rows[i]) == table.best_row;
    QPen pen(metric_colour(axes.back().normalised(axes.back().values[i])));
    pen.setWidthF(best ? 4.0 : 1.8);
    s->setPen(pen);
    for (std::size_t k = 0; k < axes.size(); ++k) {
      const double v = axes[k].normalised(axes[k].values[i]);
      if (!std::isnan(v)) s->append(double(k), v);
    }
    chart->addSeries(s);
  }
  attach_all(chart, x_, y_);
}

RunsScatterChart::RunsScatterChart(QWidget* parent) : QWidget(parent) {
  view_ = chart_view(this, "runsScatterChart");
  x_numbers_ = new QValueAxis(this);
  x_numbers_->setLabelFormat("%g");
  x_texts_ = new QCategoryAxis(this);
  x_texts_->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  y_ = new QValueAxis(this);
  y_->setLabelFormat("%.4g");
  for (QAbstractAxis* x : std::initializer_list<QAbstractAxis*>{x_numbers_, x_texts_})
    view_->chart()->addAxis(x, Qt::AlignBottom);
  view_->chart()->addAxis(y_, Qt::AlignLeft);
}

void RunsScatterChart::setData(const RunTable& table, const std::vector<std::size_t>& rows, int setting, int metric) {
  QChart* chart = view_->chart();
  chart->removeAllSeries();
  clear_categories(x_texts_);
  const bool shown = setting >= 0 && metric >= 0 && !rows.empty();
  x_numbers_->setVisible(false);
  x_texts_->setVisible(false);
  y_->setVisible(shown);
  if (!shown) return chart->setTitle(tr("A setting against a metric: the runs differ in no setting yet"));
  const RunColumn &sc = table.columns[std::size_t(setting)], &mc = table.columns[std::size_t(metric)];
  chart->setTitle(tr("%1 against %2").arg(qtext(mc.name), qtext(sc.name)));
  const AxisValues xs = axis_values(table, setting, rows), ys = axis_values(table, metric, rows);
  auto* points = new QScatterSeries;
  points->setObjectName("runs");
  points->setMarkerSize(10);
  points->setColor(run_colour(0));
  auto* best = new QScatterSeries;
  best->setObjectName("best run");
  best->setMarkerSize(15);
  best->setColor(QColor(44, 160, 44));
  std::vector<double> finite_y;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (std::isnan(xs.values[i]) || !std::isfinite(ys.values[i])) continue;
    (int(rows[i]) == table.best_row ? best : points)->append(xs.values[i], ys.values[i]);
    finite_y.push_back(ys.values[i]);
  }
  chart->addSeries(points);
  chart->addSeries(best);
  QAbstractAxis* x = xs.numeric() ? static_cast<QAbstractAxis*>(x_numbers_) : x_texts_;
  if (xs.numeric()) {
    const double pad = xs.hi > xs.lo ? (xs.hi - xs.lo) * 0.12 : std::max(1.0, std::abs(xs.lo) * 0.1);
    set_round_ticks(x_numbers_, xs.lo - pad, xs.hi + pad, 6);
  } else {
    for (std::size_t k = 0; k < xs.categories.size(); ++k) x_texts_->append(qtext(xs.categories[k]), double(k));
    x_texts_->setRange(-0.5, double(xs.categories.size()) - 0.5);
  }
  x->setVisible(true);
  x->setTitleText(qtext(sc.name));
  set_value_axis(y_, padded(finite_y));
  y_->setTitleText(qtext(mc.name));
  attach_all(chart, x, y_);
}

}  // namespace rnnwb::ui
