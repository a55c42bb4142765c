#include "ui/charts/chart_view.hpp"

#include <QBuffer>
#include <QChart>
#include <QMouseEvent>
#include <QPainter>
#include <QSvgGenerator>
#include <QValueAxis>
#include <QWheelEvent>
#include <QXYSeries>
#include <algorithm>

#include "engine/core/atomic_write.hpp"
#include "ui/charts/decimate.hpp"

namespace rnnwb::ui {

ChartView::ChartView(QChart* chart, QWidget* parent) : QChartView(chart, parent) {
  setRenderHint(QPainter::Antialiasing);
  setRubberBand(QChartView::RectangleRubberBand);
  setToolTip(tr("Drag to zoom into a region, wheel to zoom, right-drag to pan, double-click to reset"));
  // Connected first, so the series are redrawn before the pages' own slots run.
  connect(this, &ChartView::viewChanged, this, &ChartView::redecimate);
  connect(chart, &QChart::plotAreaChanged, this, &ChartView::redecimate);  // the pixel width changed
}

void ChartView::reset() {
  chart()->zoomReset();
  emit viewChanged();
}

ChartView::Decimated& ChartView::entry(QXYSeries* series) {
  const auto it =
      std::find_if(decimated_.begin(), decimated_.end(), [&](const Decimated& d) { return d.series == series; });
  if (it != decimated_.end()) return *it;
  return decimated_.emplace_back(Decimated{series, {}, {}});
}

void ChartView::setDecimated(QXYSeries* series, std::vector<double> xs, std::vector<double> ys) {
  Decimated& d = entry(series);
  d.xs = std::move(xs);
  d.ys = std::move(ys);
}

void ChartView::appendDecimated(QXYSeries* series, const std::vector<double>& xs, const std::vector<double>& ys) {
  Decimated& d = entry(series);
  d.xs.insert(d.xs.end(), xs.begin(), xs.end());
  d.ys.insert(d.ys.end(), ys.begin(), ys.end());
}

void ChartView::redecimate() {
  for (Decimated& d : decimated_) redraw(d);
}

void ChartView::redraw(Decimated& d) {
  if (!d.series) return;  // deleted with its chart
  const int columns = std::max(200, int(chart()->plotArea().width()));
  double lo = d.xs.empty() ? 0.0 : d.xs.front(), hi = d.xs.empty() ? 0.0 : d.xs.back();
  for (QAbstractAxis* axis : d.series->attachedAxes())
    if (auto* x = qobject_cast<QValueAxis*>(axis); x && x->orientation() == Qt::Horizontal) {
      lo = x->min();
      hi = x->max();
    }
  d.series->replace(decimate_min_max(d.xs, d.ys, lo, hi, columns));
}

void ChartView::wheelEvent(QWheelEvent* event) {
  const double factor = event->angleDelta().y() > 0 ? 1.25 : 0.8;
  const QPointF at = event->position();
  const QRectF area = chart()->plotArea();
  // Zoom around the cursor: scale the plot rectangle about the mouse position.
  QRectF r(area.topLeft(), area.size() / factor);
  r.moveCenter(at - (at - area.center()) / factor);
  chart()->zoomIn(r);
  emit viewChanged();
  event->accept();
}

void ChartView::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::RightButton || event->button() == Qt::MiddleButton) {
    panning_ = true;
    last_pos_ = event->pos();
    event->accept();
    return;
  }
  QChartView::mousePressEvent(event);
}

void ChartView::mouseMoveEvent(QMouseEvent* event) {
  if (panning_) {
    const QPoint delta = event->pos() - last_pos_;
    chart()->scroll(-delta.x(), delta.y());
    last_pos_ = event->pos();
    emit viewChanged();  // re-decimate as it moves, so the line never ends at the old edge
    event->accept();
    return;
  }
  QChartView::mouseMoveEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent* event) {
  if (panning_) {
    panning_ = false;
    emit viewChanged();
    event->accept();
    return;
  }
  // A right click without a drag would zoom out in QChartView; we pan with it instead.
  QChartView::mouseReleaseEvent(event);
  if (event->button() == Qt::LeftButton) emit viewChanged();
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* event) {
  reset();
  event->accept();
}

namespace {
// Charts are saved through the engine's one atomic-write helper, like every other file.
QString write_bytes(const QString& path, const QByteArray& bytes) {
  try {
    write_file_atomically(path.toStdString(), std::string_view(bytes.constData(), std::size_t(bytes.size())));
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}
}  // namespace

QString ChartView::savePng(const QString& path) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  if (!grab().save(&buffer, "PNG")) return tr("Cannot encode the chart as PNG");
  return write_bytes(path, buffer.data());
}

QString ChartView::saveSvg(const QString& path) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(size());
  svg.setViewBox(rect());
  svg.setTitle(chart()->title());
  {
    QPainter painter(&svg);
    render(&painter);
  }
  return write_bytes(path, buffer.data());
}

}  // namespace rnnwb::ui
