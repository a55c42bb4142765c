#include "ui/pages/series_list_model.hpp"

#include <QColor>

namespace rnnwb::ui {

SeriesListModel::SeriesListModel(QObject* parent) : QAbstractTableModel(parent) {}

void SeriesListModel::setSeries(const Series& series, const std::vector<SeriesSplit>& splits) {
  beginResetModel();
  entries_.clear();
  entries_.reserve(series.series_count());
  const bool split = splits.size() == series.series_count();
  for (std::size_t s = 0; s < series.series_count(); ++s) {
    Entry e;
    e.id = series.is_panel() ? series.series_id(s) : std::string();
    e.rows = series.series_rows(s);
    if (split) {
      const SeriesSplit& p = splits[s];
      e.split = true;
      e.skipped = p.skipped;
      e.train = p.bounds.train_end - p.begin;
      e.validation = p.bounds.validation_end - p.bounds.train_end;
      e.test = p.end - p.bounds.validation_end;
    }
    entries_.push_back(std::move(e));
  }
  endResetModel();
}

void SeriesListModel::clear() {
  beginResetModel();
  entries_.clear();
  endResetModel();
}

int SeriesListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(entries_.size()); }

int SeriesListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : kColumns; }

QString SeriesListModel::id(int row) const {
  return row >= 0 && row < int(entries_.size()) ? QString::fromStdString(entries_[std::size_t(row)].id) : QString();
}

QVariant SeriesListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= int(entries_.size())) return {};
  const Entry& e = entries_[std::size_t(index.row())];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case kId:
        return e.id.empty() ? tr("(all rows)") : QString::fromStdString(e.id);
      case kRows:
        return qulonglong(e.rows);
      case kTrain:
        return e.split ? QVariant(qulonglong(e.train)) : QVariant();
      case kValidation:
        return e.split ? QVariant(qulonglong(e.validation)) : QVariant();
      case kTest:
        return e.split ? QVariant(qulonglong(e.test)) : QVariant();
    }
  }
  if (role == Qt::TextAlignmentRole && index.column() != kId) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ForegroundRole && e.skipped) return QColor(150, 150, 150);
  if (role == Qt::ToolTipRole && e.skipped)
    return tr("Too short for one training window: this series is skipped (it takes part in nothing)");
  return {};
}

QVariant SeriesListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case kId:
      return tr("Series");
    case kRows:
      return tr("Rows");
    case kTrain:
      return tr("Train");
    case kValidation:
      return tr("Validation");
    case kTest:
      return tr("Test");
  }
  return {};
}

}  // namespace rnnwb::ui
