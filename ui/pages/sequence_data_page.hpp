#pragma once
// SequenceDataPage (step 1 for a sequence dataset): what was loaded (N sequences, T steps with the
// valid lengths' range, F features, k targets), a chart of sequence i (its features over its valid
// steps: padding is absent from the lines and shaded grey, never drawn as zero), the distribution
// of each target (histogram) and the split by sequence (fractions, shuffle, seed) with its counts.
#include <QWidget>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QAreaSeries;
class QSpinBox;
class QValueAxis;
class QChart;

namespace rnnwb::ui {

class ChartView;
class HistogramChart;
class WorkbenchDocument;

class SequenceDataPage : public QWidget {
  Q_OBJECT
 public:
  explicit SequenceDataPage(WorkbenchDocument* doc, QWidget* parent = nullptr);

  // The lines of the sequence chart, one per feature (in feature order).
  const std::vector<QLineSeries*>& featureLines() const { return lines_; }
  // The grey bands over the padding before and after the valid steps (hidden when there is none).
  std::pair<QAreaSeries*, QAreaSeries*> paddingBands() const { return {padding_before_, padding_after_}; }

 private:
  QWidget* buildSplitBox();
  QWidget* buildSequenceBox();
  QWidget* buildTargetBox();
  void onSequencesChanged();
  void refreshSplit();
  void refreshSequenceChart();
  void refreshHistogram();
  void splitEdited();

  WorkbenchDocument* doc_;
  QLabel* summary_;
  QLabel* banner_;
  QDoubleSpinBox* train_spin_;
  QDoubleSpinBox* validation_spin_;
  QLabel* test_label_;
  QCheckBox* shuffle_;
  QSpinBox* seed_;
  QLabel* counts_;
  QSpinBox* sequence_spin_;
  QLabel* sequence_info_;
  ChartView* chart_view_;
  QChart* chart_;
  QValueAxis* axis_x_;
  QValueAxis* axis_y_;
  std::vector<QLineSeries*> lines_;
  QAreaSeries* padding_before_;
  QAreaSeries* padding_after_;
  QComboBox* target_combo_;
  HistogramChart* histogram_;
};

}  // namespace rnnwb::ui
