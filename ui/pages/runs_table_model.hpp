#pragma once
// The Runs page's table: the engine's run_table (engine/experiments/run_table.hpp) over the
// document's runs, one row per run, the settings that differ first. The best run by validation
// loss is bold with a star. The name and note cells are edited in place (the document's
// renameRun / annotateRun). RunsFilterProxy sorts numbers as numbers (empty cells last) and
// filters with the engine's row_passes ("lr<0.01", "cell=gru", or any text).
#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QStringList>

#include "engine/experiments/run_table.hpp"

namespace rnnwb::ui {

class WorkbenchDocument;

class RunsTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit RunsTableModel(WorkbenchDocument* doc, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

  const RunTable& table() const { return table_; }
  QString runId(int row) const;
  int rowOf(const QString& id) const;  // -1 when no run has that id

  static constexpr int kSortRole = Qt::UserRole + 1;  // the cell's number (NaN: not a number)

 private:
  void rebuild();  // from the document's runs (runsChanged)

  WorkbenchDocument* doc_;
  RunTable table_;
  int name_column_ = -1, note_column_ = -1;
};

class RunsFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  // The engine's filter syntax; an empty string passes every run. Returns the error in words
  // (a column that does not exist: every run passes then) or empty.
  QString setRunFilter(const QString& filter);
  QString runFilter() const { return filter_; }

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  QString filter_;
  bool filter_ok_ = true;
};

}  // namespace rnnwb::ui
