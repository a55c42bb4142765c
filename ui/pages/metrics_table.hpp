#pragma once
// MetricsTable: the evaluation of a trained model per split (train / validation / test) in
// original units, RMSE, MAE, MAPE, sMAPE, R2 and MASE, with the persistence and seasonal-naive
// baselines on the same rows beneath each model row. A model cell that beats persistence is bold.
#include <QTableWidget>

#include "engine/workflow/evaluation.hpp"

namespace rnnwb::ui {

class MetricsTable : public QTableWidget {
  Q_OBJECT
 public:
  explicit MetricsTable(QWidget* parent = nullptr);

  void setEvaluation(const Evaluation& evaluation);
  // Column of a metric ("RMSE", "MAE", ...) and row of (split, predictor), or -1.
  int metricColumn(const QString& metric) const;
  int rowOf(const QString& split, const QString& predictor) const;
};

// Four significant digits without exponents ("23.46", "0.01234", "12345"); "—" when not finite.
QString format_metric(double value);

}  // namespace rnnwb::ui
