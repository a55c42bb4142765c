#pragma once
// RunsLossChart: the loss curves of the selected runs overlaid, per epoch on a log-10 axis:
// training solid, validation dashed, one colour per run, the legend naming each run once.
#include <QWidget>
#include <vector>

#include "engine/io/run_record.hpp"

class QLogValueAxis;
class QValueAxis;

namespace rnnwb::ui {

class ChartView;

class RunsLossChart : public QWidget {
  Q_OBJECT
 public:
  explicit RunsLossChart(QWidget* parent = nullptr);
  void setRuns(const std::vector<const RunRecord*>& runs);  // replaces what is drawn
  ChartView* view() const { return view_; }

 private:
  ChartView* view_;
  QValueAxis* x_;
  QLogValueAxis* y_;
};

}  // namespace rnnwb::ui
