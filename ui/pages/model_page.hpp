#pragma once
// ModelPage: the network and how it is trained. Left, the hidden layer stack (add, remove,
// reorder, edit the selected layer; return_sequences is set automatically) ending in the Dense
// head the engine adds; middle, the engine's own summary of the stack (shapes and parameter
// counts) or why it cannot be built; right, the hyperparameters.
#include <QWidget>
#include <vector>

#include "engine/nn/layer_spec.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace rnnwb::ui {

class WorkbenchDocument;

class ModelPage : public QWidget {
  Q_OBJECT
 public:
  explicit ModelPage(WorkbenchDocument* doc, QWidget* parent = nullptr);

 private:
  QWidget* buildStackEditor();
  QWidget* buildSummary();
  void addLayer(const LayerSpec& layer);
  void removeLayer();
  void moveLayer(int delta);
  // Hands an edited stack to the document (with return_sequences managed) and selects `row`.
  void commit(std::vector<LayerSpec> layers, int row);
  void refresh();  // list, editor, summary <- document
  void refreshEditor();
  int selectedRow() const;  // -1 when no hidden layer is selected

  WorkbenchDocument* doc_;
  QLabel* input_label_ = nullptr;
  QListWidget* list_ = nullptr;
  QPushButton *remove_ = nullptr, *up_ = nullptr, *down_ = nullptr;
  QFormLayout* editor_ = nullptr;
  QLabel* editor_hint_ = nullptr;
  QSpinBox* units_ = nullptr;
  QComboBox* activation_ = nullptr;
  QDoubleSpinBox* rate_ = nullptr;
  QCheckBox* bidirectional_ = nullptr;  // recurrent layers: forward and backward outputs concatenated
  QPlainTextEdit* summary_ = nullptr;
  QLabel* error_ = nullptr;
  QPushButton* fix_ = nullptr;  // shown for a stack whose return_sequences were set elsewhere
  int selected_ = 0;            // the row to select after the next refresh
};

}  // namespace rnnwb::ui
