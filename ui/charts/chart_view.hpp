#pragma once
// ChartView: a QChartView people can explore: drag a rubber band to zoom, wheel to zoom around the
// cursor, right-drag (or middle-drag) to pan, double-click or reset() to see everything again.
// savePng / saveSvg write the chart through an atomic save (QSaveFile), returning an error text.
//
// It is also every chart's one decimation hook: a series handed to setDecimated() keeps its full
// points here and is drawn min/max-decimated (decimate.hpp) to the plot's pixel width over the
// visible range of its x axis; redecimate() redraws them all, and the view calls it on every zoom,
// pan, reset (viewChanged) and resize (the plot area changed), so a million points stay
// interactive and a wider window shows more detail.
#include <QChartView>
#include <QPointer>
#include <QString>
#include <QXYSeries>
#include <vector>

namespace rnnwb::ui {

class ChartView : public QChartView {
  Q_OBJECT
 public:
  explicit ChartView(QChart* chart, QWidget* parent = nullptr);

  void reset();  // zoom back to the full range

  // The full points of `series` (in this view's chart; xs ascending), drawn decimated from now on.
  // They are drawn by the next redecimate(): call it once the data and the axes are set.
  void setDecimated(QXYSeries* series, std::vector<double> xs, std::vector<double> ys);
  // Appends points with x beyond the last ones; drawn by the next redecimate() too.
  void appendDecimated(QXYSeries* series, const std::vector<double>& xs, const std::vector<double>& ys);
  void redecimate();  // every decimated series, to the current width and x range
  QString savePng(const QString& path);
  QString saveSvg(const QString& path);

 signals:
  void viewChanged();  // after a zoom, pan or reset (the decimated series are redrawn first)

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;

 private:
  struct Decimated {
    QPointer<QXYSeries> series;
    std::vector<double> xs, ys;
  };
  Decimated& entry(QXYSeries* series);
  void redraw(Decimated& d);

  bool panning_ = false;
  QPoint last_pos_;
  std::vector<Decimated> decimated_;
};

}  // namespace rnnwb::ui
