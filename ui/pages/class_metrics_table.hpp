#pragma once
// ClassMetricsTable: a sequence classifier's accuracy, macro F1 and log loss per split, each model
// row above the majority baseline's (always the training split's most frequent class, with the
// training class frequencies as its probabilities). A model cell worse than the baseline is tinted
// red, a better one bold; class_baseline_verdict() says in words where the model is worse.
#include <QString>
#include <QTableWidget>

#include "engine/workflow/evaluation.hpp"

namespace rnnwb::ui {

class ClassMetricsTable : public QTableWidget {
  Q_OBJECT
 public:
  explicit ClassMetricsTable(QWidget* parent = nullptr);
  void setEvaluation(const Evaluation& e);                          // e.is_classification()
  int metricColumn(const QString& metric) const;                    // "Accuracy", "Macro F1", "Log loss"
  int rowOf(const QString& split, const QString& predictor) const;  // ("test", "majority baseline")
};

// Which splits the classifier's accuracy is below the majority baseline's (both numbers), or that
// it beats it on every split.
QString class_baseline_verdict(const Evaluation& e);

}  // namespace rnnwb::ui
