#include "ui/pages/csv_table_model.hpp"

#include <QBrush>
#include <QColor>
#include <cmath>

#include "ui/column_names.hpp"

namespace rnnwb::ui {

CsvTableModel::CsvTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CsvTableModel::setTable(const CsvTable* table) {
  beginResetModel();
  table_ = table;
  endResetModel();
}

bool CsvTableModel::hasSeriesColumn() const { return table_ && table_->series.is_panel(); }

bool CsvTableModel::hasTimeColumn() const {
  return table_ && !table_->series.time_name.empty() && !table_->series.time_labels.empty();
}

int CsvTableModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() || !table_) return 0;
  return int(table_->series.rows());
}

int CsvTableModel::columnCount(const QModelIndex& parent) const {
  if (parent.isValid() || !table_) return 0;
  return int(table_->series.columns.size()) + (hasTimeColumn() ? 1 : 0) + (hasSeriesColumn() ? 1 : 0);
}

QVariant CsvTableModel::data(const QModelIndex& index, int role) const {
  if (!table_ || !index.isValid()) return {};
  const Series& s = table_->series;
  const std::size_t row = std::size_t(index.row());
  int column = index.column();
  if (hasSeriesColumn()) {
    if (column == 0) {
      if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return row < s.rows() ? QString::fromStdString(s.series_id(s.series_of_row(row))) : QString();
      return {};
    }
    --column;
  }
  if (hasTimeColumn()) {
    if (column == 0) {
      if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return row < s.time_labels.size() ? QString::fromStdString(s.time_labels[row]) : QString();
      return {};
    }
    --column;
  }
  if (column < 0 || std::size_t(column) >= s.columns.size() || row >= s.columns[std::size_t(column)].size()) return {};
  const double value = s.columns[std::size_t(column)][row];
  const bool missing = std::isnan(value);
  switch (role) {
    case Qt::DisplayRole:
      return missing ? QString() : QString::number(value, 'g', 10);
    case Qt::BackgroundRole:
      return missing ? QVariant(QBrush(QColor(255, 214, 214))) : QVariant();
    case Qt::TextAlignmentRole:
      return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
      return missing ? tr("Missing cell (file line %1): the missing-value policy decides what happens to it")
                           .arg(table_->line_of_row(row))
                     : QVariant();
    default:
      return {};
  }
}

QVariant CsvTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (!table_) return {};
  if (orientation == Qt::Vertical) {
    // Row indices count from 0, as on the charts' x axes.
    if (role == Qt::DisplayRole) return section;
    if (role == Qt::ToolTipRole)
      return tr("Row %1 (file line %2)").arg(section).arg(table_->line_of_row(std::size_t(section)));
    return {};
  }
  const Series& s = table_->series;
  int column = section;
  if (hasSeriesColumn()) {
    if (column == 0) {
      if (role == Qt::DisplayRole) return QString::fromStdString(s.series_name);
      if (role == Qt::ToolTipRole) return tr("Series column: the series each row belongs to (rows grouped by series)");
      return {};
    }
    --column;
  }
  if (hasTimeColumn()) {
    if (column == 0) {
      if (role == Qt::DisplayRole) return QString::fromStdString(s.time_name);
      if (role == Qt::ToolTipRole) return tr("Time column: used only as labels, never as a model input");
      return {};
    }
    --column;
  }
  if (column < 0 || std::size_t(column) >= s.names.size()) return {};
  const QString name = QString::fromStdString(s.names[std::size_t(column)]);
  if (role == Qt::DisplayRole) return elided_name(name);
  if (role == Qt::ToolTipRole)
    return name.size() > kShownNameChars ? tr("%1: numeric column").arg(name) : tr("Numeric column");
  return {};
}

}  // namespace rnnwb::ui
