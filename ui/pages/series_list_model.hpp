#pragma once
// SeriesListModel: the series of the data (one row each: id, rows, and how its rows are split), for
// a QTableView. Model/view, with no widget per series, so 10,000 series list at once.
#include <QAbstractTableModel>
#include <string>
#include <vector>

#include "engine/data/pipeline.hpp"

namespace rnnwb::ui {

class SeriesListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kId, kRows, kTrain, kValidation, kTest, kColumns };
  explicit SeriesListModel(QObject* parent = nullptr);

  // The series of `series`; `splits` (split_series of a fitted pipeline, one per series) fills the
  // split columns, empty leaves them blank.
  void setSeries(const Series& series, const std::vector<SeriesSplit>& splits);
  void clear();

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  QString id(int row) const;

 private:
  struct Entry {
    std::string id;
    std::size_t rows = 0, train = 0, validation = 0, test = 0;
    bool split = false, skipped = false;
  };
  std::vector<Entry> entries_;
};

}  // namespace rnnwb::ui
