#pragma once
// ChartView: a QChartView people can explore: drag a rubber band to zoom, wheel to zoom around the
// cursor, right-drag (or middle-drag) to pan, double-click or reset() to see everything again.
// savePng / saveSvg write the chart through an atomic save (QSaveFile), returning an error text.
#include <QChartView>
#include <QString>

namespace rnnwb::ui {

class ChartView : public QChartView {
  Q_OBJECT
 public:
  explicit ChartView(QChart* chart, QWidget* parent = nullptr);

  void reset();  // zoom back to the full range
  QString savePng(const QString& path);
  QString saveSvg(const QString& path);

 signals:
  void viewChanged();  // after a zoom, pan or reset (pages re-decimate long series)

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;

 private:
  bool panning_ = false;
  QPoint last_pos_;
};

}  // namespace rnnwb::ui
