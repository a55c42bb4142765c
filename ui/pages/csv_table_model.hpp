#pragma once
// CsvTableModel: the loaded CsvTable as a read-only Qt table: the series id first (many series,
// rows grouped by series), the time column (when there is one), then the numeric columns. Cells are formatted when the
// view asks for them, so a million-row table opens as fast as a ten-row one. Missing cells (NaN) are shown empty on a
// soft red background.
#include <QAbstractTableModel>

#include "engine/data/csv_loader.hpp"

namespace rnnwb::ui {

class CsvTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit CsvTableModel(QObject* parent = nullptr);

  // Shows `table` (not owned; it must outlive the model or be replaced); nullptr shows nothing.
  void setTable(const CsvTable* table);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  bool hasTimeColumn() const;
  bool hasSeriesColumn() const;  // a panel: the series id first

  const CsvTable* table_ = nullptr;
};

}  // namespace rnnwb::ui
