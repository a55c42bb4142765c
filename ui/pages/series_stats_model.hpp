#pragma once
// SeriesStatsModel: with per-series scaling, the statistics fitted on each series' own training
// rows (Pipeline::series_transforms): one row per series, an offset and a scale column per used
// column. Model/view, so thousands of series cost no widgets.
#include <QAbstractTableModel>
#include <string>
#include <vector>

#include "engine/data/pipeline.hpp"

namespace rnnwb::ui {

class SeriesStatsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit SeriesStatsModel(QObject* parent = nullptr);

  // The fitted per-series statistics of `pipeline` for `columns` (in that order); a global
  // pipeline leaves the model empty.
  void setPipeline(const Pipeline& pipeline, const std::vector<std::string>& columns);
  void clear();

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::vector<std::string> columns_, ids_;
  std::vector<std::vector<double>> values_;  // per series: offset, scale of each column
};

}  // namespace rnnwb::ui
