#pragma once
// SplitScatterChart: predicted against actual values, one colour per split (legend "test (15)"),
// with the identity line y = x from the smallest to the largest value shown: a perfect model's
// points lie on it. Both axes share one range, so the line is the diagonal of a square plot.
#include <QWidget>
#include <map>
#include <vector>

#include "engine/data/pipeline.hpp"

class QChart;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace rnnwb::ui {

class ChartView;

class SplitScatterChart : public QWidget {
  Q_OBJECT
 public:
  explicit SplitScatterChart(QWidget* parent = nullptr);

  void setTitles(const QString& title, const QString& x_title, const QString& y_title);
  // The points of each split (actual, predicted); splits left out are hidden. Non-finite points
  // are not drawn.
  struct Points {
    std::vector<double> actual, predicted;
  };
  void setPoints(const std::map<Split, Points>& points);
  void clear();

  ChartView* view() const { return view_; }
  QScatterSeries* series(Split s) const;  // every split has one (empty when not shown)
  QLineSeries* identity() const { return identity_; }

 private:
  QChart* chart_;
  ChartView* view_;
  QValueAxis *x_axis_, *y_axis_;
  std::map<Split, QScatterSeries*> series_;
  QLineSeries* identity_;
};

}  // namespace rnnwb::ui
