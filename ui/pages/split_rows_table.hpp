#pragma once
// What the sequence metrics tables share: rows of (split, predictor) pairs that are always all in
// view, and finding a row by its pair.
#include <QHeaderView>
#include <QString>
#include <QTableWidget>

namespace rnnwb::ui {

// Every row in view: the table never scrolls its few rows.
inline void show_every_row(QTableWidget* table) {
  table->resizeRowsToContents();
  int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth();
  for (int r = 0; r < table->rowCount(); ++r) height += table->rowHeight(r);
  table->setMinimumHeight(height);
}

// The row whose first two cells read split and predictor, or -1.
inline int row_of_pair(const QTableWidget* table, const QString& split, const QString& predictor) {
  for (int r = 0; r < table->rowCount(); ++r)
    if (table->item(r, 0)->text() == split && table->item(r, 1)->text() == predictor) return r;
  return -1;
}

}  // namespace rnnwb::ui
