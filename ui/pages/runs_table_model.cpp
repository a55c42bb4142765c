#include "ui/pages/runs_table_model.hpp"

#include <QFont>
#include <cmath>

#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

QString qtext(const std::string& s) { return QString::fromStdString(s); }

const QString kBestMark = QStringLiteral("★ ");

}  // namespace

RunsTableModel::RunsTableModel(WorkbenchDocument* doc, QObject* parent) : QAbstractTableModel(parent), doc_(doc) {
  connect(doc_, &WorkbenchDocument::runsChanged, this, &RunsTableModel::rebuild);
  rebuild();
}

void RunsTableModel::rebuild() {
  beginResetModel();
  table_ = run_table(doc_->runs());
  name_column_ = table_.column("name");
  note_column_ = table_.column("note");
  endResetModel();
}

int RunsTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(table_.rows.size()); }

int RunsTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(table_.columns.size());
}

QString RunsTableModel::runId(int row) const {
  if (row < 0 || std::size_t(row) >= doc_->runs().size()) return {};
  return qtext(doc_->runs()[std::size_t(row)].id);
}

int RunsTableModel::rowOf(const QString& id) const {
  const auto& runs = doc_->runs();
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (qtext(runs[i].id) == id) return int(i);
  return -1;
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || std::size_t(index.row()) >= table_.rows.size()) return {};
  const RunCell& cell = table_.rows[std::size_t(index.row())][std::size_t(index.column())];
  const bool best = index.row() == table_.best_row;
  switch (role) {
    case Qt::DisplayRole:
      return best && index.column() == 0 ? kBestMark + qtext(cell.text) : qtext(cell.text);
    case Qt::EditRole:
      return qtext(cell.text);
    case kSortRole:
      return cell.value;
    case Qt::FontRole: {
      if (!best) return {};
      QFont bold;
      bold.setBold(true);
      return bold;
    }
    case Qt::ToolTipRole: {
      const RunRecord& run = doc_->runs()[std::size_t(index.row())];
      QString tip = best ? tr("The best run: the lowest validation loss") : QString();
      if (!run.note.empty()) tip += (tip.isEmpty() ? "" : "\n") + tr("Note: %1").arg(qtext(run.note));
      if (!run.message.empty()) tip += (tip.isEmpty() ? "" : "\n") + qtext(run.message);
      return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
      return std::isnan(cell.value) ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
      return {};
  }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || std::size_t(section) >= table_.columns.size()) return {};
  const RunColumn& c = table_.columns[std::size_t(section)];
  if (role == Qt::DisplayRole) return qtext(c.name);
  if (role == Qt::ToolTipRole) {
    if (c.kind != RunColumnKind::Setting) return qtext(c.name);
    return tr("%1 (%2): %3")
        .arg(qtext(c.name), qtext(c.key), c.differs ? tr("differs between the runs") : tr("the same in every run"));
  }
  return {};
}

Qt::ItemFlags RunsTableModel::flags(const QModelIndex& index) const {
  Qt::ItemFlags f = QAbstractTableModel::flags(index);
  if (index.column() == name_column_ || index.column() == note_column_) f |= Qt::ItemIsEditable;
  return f;
}

bool RunsTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || !index.isValid()) return false;
  const QString id = runId(index.row());
  // The document changes the run and emits runsChanged, which rebuilds the table.
  if (index.column() == name_column_) return doc_->renameRun(id, value.toString());
  if (index.column() == note_column_) return doc_->annotateRun(id, value.toString());
  return false;
}

QString RunsFilterProxy::setRunFilter(const QString& filter) {
  filter_ = filter.trimmed();
  QString error;
  filter_ok_ = true;
  if (auto* runs = qobject_cast<RunsTableModel*>(sourceModel()); runs && !runs->table().rows.empty()) {
    try {
      row_passes(runs->table(), 0, filter_.toStdString());
    } catch (const std::exception& e) {
      filter_ok_ = false;
      error = QString::fromUtf8(e.what());
    }
  }
  invalidateFilter();
  return error;
}

bool RunsFilterProxy::filterAcceptsRow(int row, const QModelIndex&) const {
  auto* runs = qobject_cast<RunsTableModel*>(sourceModel());
  if (!runs || filter_.isEmpty() || !filter_ok_) return true;
  try {
    return row_passes(runs->table(), std::size_t(row), filter_.toStdString());
  } catch (const std::exception&) {
    return true;
  }
}

bool RunsFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  // Numbers by value, then text; empty cells always last (whichever way the column is sorted).
  const double a = left.data(RunsTableModel::kSortRole).toDouble(),
               b = right.data(RunsTableModel::kSortRole).toDouble();
  const QString ta = left.data(Qt::EditRole).toString(), tb = right.data(Qt::EditRole).toString();
  if (ta.isEmpty() != tb.isEmpty()) return (sortOrder() == Qt::AscendingOrder) == tb.isEmpty();
  if (!std::isnan(a) && !std::isnan(b)) return a < b;
  if (std::isnan(a) != std::isnan(b)) return !std::isnan(a);
  return QString::localeAwareCompare(ta, tb) < 0;
}

}  // namespace rnnwb::ui
