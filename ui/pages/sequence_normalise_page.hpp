#pragma once
// SequenceNormalisePage (step 2 for a sequence dataset): the scaler of the features and of the
// targets, and what they are fitted on: per feature, its statistics over the training sequences'
// valid steps pooled (the recipe's X[train].reshape(-1, F) without the padding rows) beside the
// fitted offset and scale; per target column, the same over the training targets. The scalers are
// the engine's (fit_sequence_scaling), fitted on the training sequences only.
#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

namespace rnnwb::ui {

class WorkbenchDocument;

class SequenceNormalisePage : public QWidget {
  Q_OBJECT
 public:
  explicit SequenceNormalisePage(WorkbenchDocument* doc, QWidget* parent = nullptr);

 private:
  void refresh();
  void scalerChosen();

  WorkbenchDocument* doc_;
  QComboBox* feature_scaler_;
  QComboBox* target_scaler_;
  QLabel* note_;
  QLabel* warnings_;
  QTableWidget* features_;
  QTableWidget* targets_;
};

}  // namespace rnnwb::ui
