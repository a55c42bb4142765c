#pragma once
// HyperparameterForm: every training choice of a Keras/PyTorch script (optimizer, learning rate,
// schedule, epochs, batch, loss, early stopping, clipping, seed, threads, weight init) as one
// form. Rows that only matter for some choices (momentum for SGD, the Huber delta, a schedule's
// own settings) appear with that choice. Edits go straight to the document.
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSpinBox;

namespace rnnwb::ui {

class WorkbenchDocument;

class HyperparameterForm : public QWidget {
  Q_OBJECT
 public:
  explicit HyperparameterForm(WorkbenchDocument* doc, QWidget* parent = nullptr);

 private:
  void buildWidgets();
  void connectWidgets();
  void refresh();  // widgets <- document, without echoing the values back

  WorkbenchDocument* doc_;
  QFormLayout* form_ = nullptr;
  QComboBox *optimizer_ = nullptr, *schedule_ = nullptr, *loss_ = nullptr, *init_ = nullptr;
  QDoubleSpinBox *lr_ = nullptr, *clip_ = nullptr, *weight_decay_ = nullptr, *momentum_ = nullptr,
                 *huber_delta_ = nullptr, *gamma_ = nullptr, *eta_min_ = nullptr, *factor_ = nullptr,
                 *min_delta_ = nullptr;
  QSpinBox *epochs_ = nullptr, *batch_ = nullptr, *patience_ = nullptr, *seed_ = nullptr, *threads_ = nullptr,
           *step_size_ = nullptr, *t_max_ = nullptr, *plateau_patience_ = nullptr;
  QCheckBox *restore_best_ = nullptr, *shuffle_ = nullptr;
};

}  // namespace rnnwb::ui
