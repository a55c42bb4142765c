#pragma once
// SequenceChart: one sequence of a sequence dataset, each feature a line over the sequence's
// valid steps only (padding steps are absent, not drawn as gaps or zeros); x is the step index
// in the file, so a sequence padded at the front starts where its first valid step is.
#include <QWidget>
#include <vector>

#include "engine/data/sequences.hpp"

class QChart;
class QLineSeries;
class QValueAxis;

namespace rnnwb::ui {

class ChartView;

class SequenceChart : public QWidget {
  Q_OBJECT
 public:
  explicit SequenceChart(const QString& view_name, QWidget* parent = nullptr);

  // Shows sequence `i` of `d` (d.spans filled by check_sequences) with `title`.
  void showSequence(const SequenceDataset& d, std::size_t i, const QString& title);
  void clear();

  ChartView* view() const { return view_; }
  const std::vector<QLineSeries*>& lines() const { return lines_; }  // one per feature shown

 private:
  QChart* chart_;
  ChartView* view_;
  QValueAxis *x_axis_, *y_axis_;
  std::vector<QLineSeries*> lines_;
};

}  // namespace rnnwb::ui
