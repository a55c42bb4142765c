#pragma once
// SequenceOpenDialog (File > Open sequence dataset…): X.npy and Y.npy (two files) or one .npz
// holding X and y, with optional feature and target names (comma-separated; empty: x0.., y0..).
// Non-modal like every dialog of the workbench: `accepted` hands over the files chosen.
#include <QDialog>

#include "engine/io/sequence_file.hpp"

class QLineEdit;
class QRadioButton;
class QLabel;
class QPushButton;

namespace rnnwb::ui {

class SequenceOpenDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SequenceOpenDialog(QWidget* parent = nullptr);
  SequenceFiles files() const;  // what the fields say now
  // Why the fields cannot be opened yet (a path missing), or empty; the Open button follows it.
  QString incomplete() const;

 signals:
  void chosen(rnnwb::SequenceFiles files);

 private:
  void refresh();

  QRadioButton* pair_;
  QRadioButton* archive_;
  QLineEdit* x_path_;
  QLineEdit* y_path_;
  QLineEdit* npz_path_;
  QLineEdit* features_;
  QLineEdit* targets_;
  QLabel* note_;
  QPushButton* open_;
};

// "a, b,c" -> {"a", "b", "c"} (blanks dropped; empty text: no names, so the defaults).
std::vector<std::string> split_names(const QString& text);

}  // namespace rnnwb::ui
