#pragma once
// MetricsTable: the evaluation of a trained model per split (train / validation / test) in
// original units, RMSE, MAE, MAPE, sMAPE, R2 and MASE, with the persistence and seasonal-naive
// baselines on the same rows beneath each model row. A model cell that beats persistence is bold.
#include <QAbstractTableModel>
#include <QTableWidget>
#include <vector>

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

// The metrics of each series (Evaluation::series), one row per series: test RMSE, MAE, MASE, R²,
// persistence's test RMSE beside them, and validation and training RMSE. Qt::UserRole holds each
// number (the sort role: a QSortFilterProxyModel sorts numerically, so the worst series come first
// at one click on a header).
class SeriesMetricsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit SeriesMetricsModel(QObject* parent = nullptr);
  void setEvaluation(const Evaluation& evaluation);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  int columnOf(const QString& header) const;  // "Test RMSE" (headers break into two lines); -1 when none

 private:
  std::vector<QString> ids_;
  std::vector<std::vector<double>> values_;
};

// Four significant digits without exponents ("23.46", "0.01234", "12345"); "—" when not finite.
QString format_metric(double value);

}  // namespace rnnwb::ui
