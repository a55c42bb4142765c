#include "ui/pages/series_stats_model.hpp"

#include <cmath>

namespace rnnwb::ui {

SeriesStatsModel::SeriesStatsModel(QObject* parent) : QAbstractTableModel(parent) {}

void SeriesStatsModel::setPipeline(const Pipeline& p, const std::vector<std::string>& columns) {
  beginResetModel();
  columns_ = columns;
  ids_.clear();
  values_.clear();
  if (p.per_series()) {
    for (const std::string& id : p.series_ids) {
      const auto it = p.series_transforms.find(id);
      if (it == p.series_transforms.end()) continue;
      std::vector<double> row;
      for (const std::string& c : columns_) {
        const auto t = it->second.find(c);
        row.push_back(t != it->second.end() ? t->second.offset : NAN);
        row.push_back(t != it->second.end() ? t->second.scale : NAN);
      }
      ids_.push_back(id);
      values_.push_back(std::move(row));
    }
  }
  endResetModel();
}

void SeriesStatsModel::clear() {
  beginResetModel();
  columns_.clear();
  ids_.clear();
  values_.clear();
  endResetModel();
}

int SeriesStatsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(ids_.size()); }

int SeriesStatsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : 1 + 2 * int(columns_.size());
}

QVariant SeriesStatsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= int(ids_.size())) return {};
  const std::size_t r = std::size_t(index.row());
  if (index.column() == 0) return role == Qt::DisplayRole ? QVariant(QString::fromStdString(ids_[r])) : QVariant();
  const double v = values_[r][std::size_t(index.column() - 1)];
  if (role == Qt::DisplayRole) return std::isfinite(v) ? QString::number(v, 'g', 6) : QStringLiteral("—");
  if (role == Qt::UserRole) return v;  // the exact value, for tests and sorting
  if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant SeriesStatsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  if (section == 0) return tr("Series");
  const QString column = QString::fromStdString(columns_[std::size_t(section - 1) / 2]);
  return (section - 1) % 2 == 0 ? tr("%1 offset").arg(column) : tr("%1 scale").arg(column);
}

}  // namespace rnnwb::ui
