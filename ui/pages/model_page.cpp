#include "ui/pages/model_page.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "engine/nn/layer_kind.hpp"
#include "engine/nn/stack_shape.hpp"
#include "ui/pages/hyperparameter_form.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

QString kind_name(LayerKind kind) {
  return QString::fromUtf8(kind_facts(kind).display_name.data(), qsizetype(kind_facts(kind).display_name.size()));
}

// One row of the layer list: "LSTM 32 units · returns the sequence", "Dropout 0.2", ...
// `sequence_in` says whether the layer receives a whole sequence (a Dense layer then acts per step).
QString describe(const LayerSpec& l, bool sequence_in) {
  const LayerKindFacts& kind = kind_facts(l.kind);
  const QString act = QString::fromStdString(to_string(l.activation));
  if (!kind.has_units) return QString("%1 %2").arg(kind_name(l.kind)).arg(l.rate);
  QString text = QString("%1 %2 units").arg(kind_name(l.kind)).arg(l.units);
  if (!kind.recurrent) return text + ", " + act + (sequence_in ? " · on every step" : "");
  // Bidirectional: the forward and backward outputs side by side, twice the units (PyTorch's
  // bidirectional=True), which is the shape the next layer and the summary see.
  if (l.bidirectional) text += QObject::tr(" · bidirectional (%1 outputs)").arg(2 * l.units);
  return text + (kind.chooses_activation ? ", " + act : QString()) +
         (l.return_sequences ? " · returns the sequence" : " · returns the last step");
}

QPushButton* button(const QString& text, const char* name, const QString& tip) {
  auto* b = new QPushButton(text);
  b->setObjectName(name);
  b->setToolTip(tip);
  return b;
}

}  // namespace

ModelPage::ModelPage(WorkbenchDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  auto* left = new QVBoxLayout;
  left->addWidget(buildStackEditor(), 3);
  left->addWidget(buildSummary(), 2);

  auto* training = new QGroupBox(tr("Training"));
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(new HyperparameterForm(doc_));
  auto* training_layout = new QVBoxLayout(training);
  training_layout->addWidget(scroll);
  training->setMinimumWidth(400);

  auto* layout = new QHBoxLayout(this);
  layout->addLayout(left, 3);
  layout->addWidget(training, 2);

  for (auto signal : {&WorkbenchDocument::modelChanged, &WorkbenchDocument::dataChanged,
                      &WorkbenchDocument::rolesChanged, &WorkbenchDocument::pipelineChanged})
    connect(doc_, signal, this, &ModelPage::refresh);
  refresh();
}

QWidget* ModelPage::buildStackEditor() {
  auto* box = new QGroupBox(tr("Layers"));
  input_label_ = new QLabel;
  input_label_->setObjectName("inputLabel");
  list_ = new QListWidget;
  list_->setObjectName("layerList");
  list_->setSpacing(2);
  list_->setToolTip(tr("The hidden layers, input at the top. Select one to edit it below, or move or remove it."));
  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0 && row < int(doc_->layers().size())) selected_ = row;
    refreshEditor();
  });

  auto* buttons = new QVBoxLayout;
  auto add = [&](const QString& text, const char* name, const QString& tip, LayerSpec layer) {
    QPushButton* b = button(text, name, tip);
    connect(b, &QPushButton::clicked, this, [this, layer] { addLayer(layer); });
    buttons->addWidget(b);
  };
  add(tr("Add LSTM"), "addLstm",
      tr("Add an LSTM layer (32 units) after the selected one: long short-term memory, the usual first choice"),
      LayerSpec::lstm(32));
  add(tr("Add GRU"), "addGru", tr("Add a GRU layer (32 units) after the selected one: like an LSTM, fewer parameters"),
      LayerSpec::gru(32));
  add(tr("Add SimpleRNN"), "addRnn",
      tr("Add a SimpleRNN layer (32 units, tanh) after the selected one: the plain recurrent cell, for short windows"),
      LayerSpec::simple_rnn(32));
  add(tr("Add Dense"), "addDense",
      tr("Add a Dense layer (16 units, relu) after the selected one: after the last recurrent layer it transforms "
         "its last step; before it, it acts on every step"),
      LayerSpec::dense(16, Activation::Relu));
  add(tr("Add Dropout"), "addDropout",
      tr("Add Dropout (rate 0.2) after the selected layer: zeroes a random fraction of its outputs while training, "
         "against overfitting"),
      LayerSpec::dropout(0.2));
  buttons->addSpacing(12);
  remove_ = button(tr("Remove"), "removeLayer", {});
  up_ = button(tr("Up"), "moveUp", {});
  down_ = button(tr("Down"), "moveDown", {});
  connect(remove_, &QPushButton::clicked, this, &ModelPage::removeLayer);
  connect(up_, &QPushButton::clicked, this, [this] { moveLayer(-1); });
  connect(down_, &QPushButton::clicked, this, [this] { moveLayer(+1); });
  for (QPushButton* b : {remove_, up_, down_}) buttons->addWidget(b);
  buttons->addStretch();

  units_ = new QSpinBox;
  units_->setObjectName("unitsSpin");
  units_->setRange(1, 2048);
  units_->setKeyboardTracking(false);  // typing 1024 builds one network, not 1, 10, 102 and 1024
  units_->setToolTip(
      tr("Units (hidden size) of the selected layer: more units learn more complex patterns but "
         "train slower and overfit sooner. Default: 32 (Dense: 16)"));
  activation_ = new QComboBox;
  activation_->setObjectName("activationCombo");
  activation_->setToolTip(
      tr("Activation of the selected layer: SimpleRNN tanh or relu; Dense linear, relu, tanh or "
         "sigmoid. Default: tanh (SimpleRNN), relu (Dense)"));
  rate_ = new QDoubleSpinBox;
  rate_->setObjectName("dropoutSpin");
  rate_->setRange(0.0, 0.95);
  rate_->setSingleStep(0.05);
  rate_->setDecimals(2);
  rate_->setToolTip(
      tr("Fraction of the previous layer's outputs zeroed at random while training (never when "
         "predicting). Default: 0.2"));
  editor_hint_ = new QLabel;
  editor_hint_->setObjectName("layerEditorHint");
  editor_hint_->setStyleSheet("font-weight: bold;");

  connect(units_, &QSpinBox::valueChanged, this, [this](int units) {
    const int row = selectedRow();
    if (row < 0) return;
    std::vector<LayerSpec> layers = doc_->layers();
    layers[std::size_t(row)].units = units;
    commit(std::move(layers), row);
  });
  connect(activation_, &QComboBox::currentIndexChanged, this, [this] {
    const int row = selectedRow();
    if (row < 0 || activation_->currentIndex() < 0) return;
    std::vector<LayerSpec> layers = doc_->layers();
    layers[std::size_t(row)].activation = Activation(activation_->currentData().toInt());
    commit(std::move(layers), row);
  });
  connect(rate_, &QDoubleSpinBox::valueChanged, this, [this](double rate) {
    const int row = selectedRow();
    if (row < 0) return;
    std::vector<LayerSpec> layers = doc_->layers();
    layers[std::size_t(row)].rate = rate;
    commit(std::move(layers), row);
  });

  bidirectional_ = new QCheckBox(tr("Bidirectional"));
  bidirectional_->setObjectName("bidirectionalCheck");
  bidirectional_->setToolTip(
      tr("Read the sequence forwards and backwards and concatenate both outputs (PyTorch's bidirectional=True): "
         "twice the units as outputs. The backward direction starts at the last valid step."));
  connect(bidirectional_, &QCheckBox::toggled, this, [this](bool on) {
    const int row = selectedRow();
    if (row < 0) return;
    std::vector<LayerSpec> layers = doc_->layers();
    layers[std::size_t(row)].bidirectional = on;
    commit(std::move(layers), row);
  });

  editor_ = new QFormLayout;
  editor_->addRow(editor_hint_);
  editor_->addRow(tr("Units"), units_);
  editor_->addRow(tr("Activation"), activation_);
  editor_->addRow(tr("Dropout rate"), rate_);
  editor_->addRow(QString(), bidirectional_);

  auto* note =
      new QLabel(tr("return_sequences is set for you: a recurrent layer followed by another recurrent "
                    "layer passes on its whole sequence; the last one passes only its last step."));
  note->setObjectName("returnSequencesNote");
  note->setWordWrap(true);

  auto* row = new QHBoxLayout;
  row->addWidget(list_, 1);
  row->addLayout(buttons);
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(input_label_);
  layout->addLayout(row, 1);
  layout->addLayout(editor_);
  layout->addWidget(note);
  return box;
}

QWidget* ModelPage::buildSummary() {
  auto* box = new QGroupBox(tr("Summary (what the engine will build)"));
  error_ = new QLabel;
  error_->setObjectName("stackError");
  error_->setWordWrap(true);
  error_->setStyleSheet("color: #b00020; font-weight: bold;");
  error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  error_->hide();
  summary_ = new QPlainTextEdit;
  summary_->setObjectName("modelSummary");
  summary_->setReadOnly(true);
  summary_->setLineWrapMode(QPlainTextEdit::NoWrap);
  summary_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  summary_->setToolTip(
      tr("Each layer's output shape for one window and its number of trainable parameters "
         "(both biases counted, as in PyTorch)"));
  fix_ = new QPushButton(tr("Set return_sequences automatically"));
  fix_->setObjectName("fixReturnSequences");
  fix_->setToolTip(
      tr("Let every recurrent layer that has another recurrent layer after it return its whole "
         "sequence, and the last one its last step"));
  fix_->hide();
  connect(fix_, &QPushButton::clicked, this, [this] { commit(doc_->layers(), selected_); });
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(summary_);
  layout->addWidget(error_);  // under the summary: appearing, it moves no control
  layout->addWidget(fix_, 0, Qt::AlignLeft);
  return box;
}

int ModelPage::selectedRow() const {
  const int row = list_->currentRow();
  return row >= 0 && row < int(doc_->layers().size()) ? row : -1;
}

void ModelPage::commit(std::vector<LayerSpec> layers, int row) {
  selected_ = row;
  doc_->setLayers(with_automatic_return_sequences(std::move(layers)));
}

void ModelPage::addLayer(const LayerSpec& layer) {
  std::vector<LayerSpec> layers = doc_->layers();
  const int row = selectedRow();
  const int at = row < 0 ? int(layers.size()) : row + 1;
  layers.insert(layers.begin() + at, layer);
  commit(std::move(layers), at);
}

void ModelPage::removeLayer() {
  const int row = selectedRow();
  if (row < 0) return;
  std::vector<LayerSpec> layers = doc_->layers();
  layers.erase(layers.begin() + row);
  commit(std::move(layers), std::min(row, int(layers.size()) - 1));
}

void ModelPage::moveLayer(int delta) {
  const int row = selectedRow(), to = row + delta;
  if (row < 0 || to < 0 || to >= int(doc_->layers().size())) return;
  std::vector<LayerSpec> layers = doc_->layers();
  std::swap(layers[std::size_t(row)], layers[std::size_t(to)]);
  commit(std::move(layers), to);
}

void ModelPage::refresh() {
  const std::vector<LayerSpec>& layers = doc_->layers();
  const QStringList features = doc_->features();
  const int window = int(doc_->pipelineConfig().window), horizon = int(doc_->pipelineConfig().horizon);
  const int targets = std::max(1, int(doc_->targets().size()));
  if (doc_->hasSequences()) {
    const SequenceDataset& d = doc_->sequences();
    input_label_->setText(
        tr("Input: sequences of up to %1 steps × %2 features (%3)").arg(d.x.steps).arg(d.x.features).arg([&] {
          QStringList names;
          for (const std::string& f : d.features) names << QString::fromStdString(f);
          return names.join(", ");
        }()));
  } else
    input_label_->setText(
        doc_->hasData() ? tr("Input: windows of %1 steps × %2 (%3)")
                              .arg(window)
                              .arg(features.size() == 1 ? tr("1 feature") : tr("%1 features").arg(features.size()))
                              .arg(features.join(", "))
                        : tr("Input: open data on the Data page first"));
  {
    const QSignalBlocker block(list_);
    list_->clear();
    const std::vector<bool> sequence_in = sequence_inputs(layers);
    for (std::size_t i = 0; i < layers.size(); ++i) list_->addItem(describe(layers[i], sequence_in[i]));
    const int outputs =
        doc_->hasSequences() ? int(doc_->sequences().horizon() * doc_->sequences().y.features) : horizon * targets;
    auto* head = new QListWidgetItem(
        tr("Dense head: %1 output%2 (added automatically)").arg(outputs).arg(outputs == 1 ? "" : "s"));
    head->setFlags(Qt::NoItemFlags);  // greyed and not selectable: the engine owns it
    head->setToolTip(tr("horizon %1 × %2 target(s): the engine adds this linear layer so the network outputs "
                        "every predicted value from the last step")
                         .arg(horizon)
                         .arg(targets));
    list_->addItem(head);
    selected_ = std::clamp(selected_, -1, int(layers.size()) - 1);
    list_->setCurrentRow(selected_);
  }
  refreshEditor();

  const WorkbenchDocument::StackCheck check = doc_->checkStack();
  if (check.network) {
    error_->hide();
    fix_->hide();
    summary_->setPlainText(check.summary);
  } else {
    const bool any_recurrent =
        std::any_of(layers.begin(), layers.end(), [](const LayerSpec& l) { return kind_facts(l.kind).recurrent; });
    QString fix;
    if (!any_recurrent)
      fix = tr("Add an LSTM, GRU or SimpleRNN layer: the head reads the last step of a recurrent layer.");
    else if (!return_sequences_are_automatic(layers))
      fix = tr("Press the button below, or edit any layer here: return_sequences is then set automatically.");
    else
      fix = tr("Change the layer named above.");
    error_->setText(tr("This stack cannot be trained: %1. %2").arg(check.error, fix));
    error_->show();
    fix_->setVisible(any_recurrent && !return_sequences_are_automatic(layers));
    summary_->setPlainText(tr("(no summary while the stack is invalid)"));
  }
}

void ModelPage::refreshEditor() {
  const int row = selectedRow();
  const int count = int(doc_->layers().size());
  remove_->setEnabled(row >= 0);
  remove_->setToolTip(row >= 0 ? tr("Remove the selected layer") : tr("Select a layer to remove it"));
  up_->setEnabled(row > 0);
  up_->setToolTip(row > 0 ? tr("Move the selected layer towards the input")
                          : tr("Select a layer below the first to move it up"));
  down_->setEnabled(row >= 0 && row + 1 < count);
  down_->setToolTip(row >= 0 && row + 1 < count ? tr("Move the selected layer towards the head")
                                                : tr("Select a layer above the last to move it down"));

  const QSignalBlocker b1(units_), b2(activation_), b3(rate_), b4(bidirectional_);
  if (row < 0) {
    editor_->setRowVisible(bidirectional_, false);
    editor_hint_->setText(count ? tr("Select a layer to edit it.") : tr("Add a layer to start."));
    editor_->setRowVisible(units_, false);
    editor_->setRowVisible(activation_, false);
    editor_->setRowVisible(rate_, false);
    return;
  }
  const LayerSpec& l = doc_->layers()[std::size_t(row)];
  editor_hint_->setText(tr("Layer %1: %2").arg(row).arg(kind_name(l.kind)));
  const LayerKindFacts& kind = kind_facts(l.kind);
  editor_->setRowVisible(units_, kind.has_units);
  editor_->setRowVisible(rate_, !kind.has_units);
  // LSTM and GRU have fixed gate activations (sigmoid and tanh): nothing to choose.
  editor_->setRowVisible(activation_, kind.chooses_activation);
  editor_->setRowVisible(bidirectional_, kind.recurrent);
  bidirectional_->setChecked(l.bidirectional);
  units_->setValue(std::max(1, l.units));
  rate_->setValue(l.rate);
  activation_->clear();
  std::vector<Activation> choices = {Activation::Tanh, Activation::Relu};
  if (!kind.recurrent) choices = {Activation::Linear, Activation::Relu, Activation::Tanh, Activation::Sigmoid};
  for (Activation a : choices) activation_->addItem(QString::fromStdString(to_string(a)), int(a));
  activation_->setCurrentIndex(activation_->findData(int(l.activation)));
}

}  // namespace rnnwb::ui
