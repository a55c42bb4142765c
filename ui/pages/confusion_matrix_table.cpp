#include "ui/pages/confusion_matrix_table.hpp"

#include <QHeaderView>
#include <algorithm>

namespace rnnwb::ui {

ConfusionMatrixTable::ConfusionMatrixTable(QWidget* parent) : QTableWidget(parent) {
  setObjectName("confusionMatrix");
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionMode(QAbstractItemView::NoSelection);
  horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  setToolTip(tr("Rows: the actual class; columns: the class predicted. Shading: each cell's share of its row."));
}

void ConfusionMatrixTable::setMatrix(const std::vector<std::vector<std::size_t>>& confusion,
                                     const std::vector<std::string>& names) {
  const int n = int(confusion.size());
  setRowCount(n);
  setColumnCount(n);
  QStringList rows, columns;
  for (int c = 0; c < n; ++c) {
    const QString name =
        std::size_t(c) < names.size() ? QString::fromStdString(names[std::size_t(c)]) : QString::number(c);
    rows << tr("actual %1").arg(name);
    columns << tr("predicted %1").arg(name);
  }
  setVerticalHeaderLabels(rows);
  setHorizontalHeaderLabels(columns);
  for (int a = 0; a < n; ++a) {
    std::size_t total = 0;
    for (std::size_t v : confusion[std::size_t(a)]) total += v;
    for (int p = 0; p < n; ++p) {
      const std::size_t v = confusion[std::size_t(a)][std::size_t(p)];
      const double share = total ? double(v) / double(total) : 0.0;
      auto* item = new QTableWidgetItem(QString::number(v));
      item->setData(Qt::UserRole, qulonglong(v));
      item->setTextAlignment(Qt::AlignCenter);
      // white to blue for the right answers, white to red for the wrong ones
      const QColor full = a == p ? QColor(31, 119, 180) : QColor(214, 39, 40);
      auto mix = [share](int from, int to) { return int(from + (to - from) * share); };
      const QColor fill(mix(255, full.red()), mix(255, full.green()), mix(255, full.blue()));
      item->setBackground(fill);
      item->setForeground(share > 0.55 ? Qt::white : Qt::black);
      item->setToolTip(tr("%1 of %2 sequences of this class (%3%)").arg(v).arg(total).arg(100.0 * share, 0, 'f', 1));
      if (a == p) {
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
      }
      setItem(a, p, item);
    }
  }
}

std::size_t ConfusionMatrixTable::count(int actual, int predicted) const {
  const QTableWidgetItem* i = item(actual, predicted);
  return i ? std::size_t(i->data(Qt::UserRole).toULongLong()) : 0;
}

}  // namespace rnnwb::ui
