#pragma once
// SequenceResultsView: what a model trained on sequences makes of them (the Predict page's view
// of a sequence dataset). For the chosen target: predicted against actual values (one colour per
// split, the identity line), the residuals' histogram stacked by split, the metrics of every split
// beside the mean baseline with a plain verdict, and the worst-predicted sequences; clicking one
// shows that sequence's features over its valid steps with its prediction and actual value.
// A classifier (Evaluation::is_classification) shows instead of the scatter, histogram and metrics
// the confusion matrix of a chosen split (test first), its accuracy, macro F1 and log loss beside
// the majority baseline, and lists the sequences whose actual class it finds least probable.
#include <QWidget>
#include <memory>

#include "ui/pages/sequence_results.hpp"

class QComboBox;
class QLabel;
class QStackedWidget;
class QTableWidget;

namespace rnnwb::ui {

class ClassMetricsTable;
class ConfusionMatrixTable;
class SequenceChart;
class SequenceMetricsTable;
class SplitHistogramChart;
class SplitScatterChart;

class SequenceResultsView : public QWidget {
  Q_OBJECT
 public:
  static constexpr std::size_t kWorstShown = 25;  // rows of the worst-predicted list
  static constexpr std::size_t kNone = std::size_t(-1);

  explicit SequenceResultsView(QWidget* parent = nullptr);
  ~SequenceResultsView() override;

  void setResults(std::shared_ptr<const SequenceResults> results);
  void clear();
  const SequenceResults* results() const { return results_.get(); }

  int target() const;  // the chosen target's column
  void setTarget(int target);
  std::size_t shownSequence() const { return shown_; }  // kNone when none
  void showSequence(std::size_t i);

  SplitScatterChart* scatter() const { return scatter_; }
  SplitHistogramChart* histogram() const { return histogram_; }
  SequenceMetricsTable* metricsTable() const { return metrics_; }
  QTableWidget* worstTable() const { return worst_; }
  SequenceChart* sequenceChart() const { return sequence_chart_; }
  ConfusionMatrixTable* confusionMatrix() const { return confusion_; }
  ClassMetricsTable* classMetricsTable() const { return class_metrics_; }
  bool showsClasses() const;  // the classifier's parts are shown
  void setConfusionSplit(Split s);

 signals:
  void sequenceShown(std::size_t sequence);

 private:
  void showTarget();  // every part for the chosen target
  void showClasses();
  void showConfusion();  // of the split chosen
  void fillWorst(const std::vector<SequenceError>& worst, int target);
  QString classLabel(double label) const;

  std::shared_ptr<const SequenceResults> results_;
  QComboBox* target_combo_;
  QLabel *target_label_, *summary_, *verdict_, *detail_;
  QStackedWidget* upper_;  // regression: scatter, histogram, metrics; classification: confusion, metrics
  QComboBox* confusion_split_;
  ConfusionMatrixTable* confusion_;
  ClassMetricsTable* class_metrics_;
  SplitScatterChart* scatter_;
  SplitHistogramChart* histogram_;
  SequenceMetricsTable* metrics_;
  QTableWidget* worst_;
  SequenceChart* sequence_chart_;
  std::size_t shown_ = kNone;
};

}  // namespace rnnwb::ui
