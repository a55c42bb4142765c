#pragma once
// ConfusionMatrixTable: a classifier's confusion matrix as a heat map, one row per actual class
// and one column per predicted class, each cell the count of sequences, shaded by its share of its
// row (the recall of the row's class on the diagonal); the diagonal (right) is bold.
#include <QTableWidget>
#include <string>
#include <vector>

namespace rnnwb::ui {

class ConfusionMatrixTable : public QTableWidget {
  Q_OBJECT
 public:
  explicit ConfusionMatrixTable(QWidget* parent = nullptr);
  // confusion[actual][predicted]; names one per class.
  void setMatrix(const std::vector<std::vector<std::size_t>>& confusion, const std::vector<std::string>& names);
  std::size_t count(int actual, int predicted) const;  // from the cell (Qt::UserRole)
};

}  // namespace rnnwb::ui
