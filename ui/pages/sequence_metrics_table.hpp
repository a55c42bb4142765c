#pragma once
// SequenceMetricsTable: a sequence model's metrics for one target, per split, in original units
// (MSE, RMSE, MAE, R², MAPE, sMAPE), each model row above the mean baseline's (always predicting
// the training targets' mean) on the same sequences. A model cell worse than the baseline is
// tinted red, a better one bold; verdict() says in words where the model is worse than the baseline.
#include <QString>
#include <QTableWidget>

#include "engine/workflow/evaluation.hpp"

namespace rnnwb::ui {

class SequenceMetricsTable : public QTableWidget {
  Q_OBJECT
 public:
  explicit SequenceMetricsTable(QWidget* parent = nullptr);

  // `e`: one target's evaluation (Evaluation::targets[i]) or the pooled one.
  void setEvaluation(const Evaluation& e);
  int metricColumn(const QString& metric) const;                    // "RMSE", "R²", ...; -1 when none
  int rowOf(const QString& split, const QString& predictor) const;  // ("test", "mean baseline"); -1
  const QString& verdict() const { return verdict_; }

 private:
  QString verdict_;
};

// The verdict for one evaluation: which splits the model is worse than the mean baseline on (by
// RMSE), with both numbers, or that it beats it on every split.
QString baseline_verdict(const Evaluation& e);

}  // namespace rnnwb::ui
