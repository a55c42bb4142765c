#include "ui/sequence_open_dialog.hpp"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "ui/file_dialogs.hpp"

namespace rnnwb::ui {

std::vector<std::string> split_names(const QString& text) {
  std::vector<std::string> out;
  for (const QString& part : text.split(',', Qt::SkipEmptyParts))
    if (const QString name = part.trimmed(); !name.isEmpty()) out.push_back(name.toStdString());
  return out;
}

namespace {

// A path field with a Browse… button that opens a file dialog (non-blocking) into it.
QWidget* path_row(QWidget* parent, QLineEdit* edit, const QString& title, const QString& filter) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* browse = new QPushButton(QObject::tr("Browse…"));
  layout->addWidget(edit, 1);
  layout->addWidget(browse);
  QObject::connect(browse, &QPushButton::clicked, parent, [parent, edit, title, filter] {
    ask_for_path(parent, PathFor::Opening, title, edit->text(), filter,
                 [edit](const QString& path) { edit->setText(path); });
  });
  return row;
}

}  // namespace

SequenceOpenDialog::SequenceOpenDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Open a sequence dataset"));
  setObjectName("sequenceOpenDialog");
  pair_ = new QRadioButton(tr("Two .npy files: X (N, T, F) and Y (N, k) or (N, H, k)"));
  pair_->setObjectName("pairChoice");
  archive_ = new QRadioButton(tr("One .npz archive holding arrays X and y"));
  archive_->setObjectName("npzChoice");
  pair_->setChecked(true);
  x_path_ = new QLineEdit;
  x_path_->setObjectName("xPath");
  y_path_ = new QLineEdit;
  y_path_->setObjectName("yPath");
  npz_path_ = new QLineEdit;
  npz_path_->setObjectName("npzPath");
  features_ = new QLineEdit;
  features_->setObjectName("featureNames");
  features_->setPlaceholderText(tr("optional, e.g. temperature, pressure, flow (default x0, x1, …)"));
  targets_ = new QLineEdit;
  targets_->setObjectName("targetNames");
  targets_->setPlaceholderText(tr("optional (default y0, y1, …)"));
  note_ = new QLabel;
  note_->setWordWrap(true);
  note_->setObjectName("openNote");

  const QString npy = tr("NumPy arrays (*.npy);;All files (*)");
  auto* form = new QFormLayout;
  form->addRow(pair_);
  form->addRow(tr("X (inputs)"), path_row(this, x_path_, tr("Open X.npy"), npy));
  form->addRow(tr("Y (targets)"), path_row(this, y_path_, tr("Open Y.npy"), npy));
  form->addRow(archive_);
  form->addRow(tr("Archive"),
               path_row(this, npz_path_, tr("Open an .npz"), tr("NumPy archives (*.npz);;All files (*)")));
  form->addRow(tr("Feature names"), features_);
  form->addRow(tr("Target names"), targets_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel);
  open_ = buttons->button(QDialogButtonBox::Open);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    if (!incomplete().isEmpty()) return;
    emit chosen(files());
    accept();
  });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(
      new QLabel(tr("Each sequence is one sample with a target per sequence. A step whose features "
                    "are all NaN is padding (before and/or after the valid steps).")));
  layout->addLayout(form);
  layout->addWidget(note_);
  layout->addWidget(buttons);
  for (QLineEdit* e : {x_path_, y_path_, npz_path_}) connect(e, &QLineEdit::textChanged, this, [this] { refresh(); });
  connect(pair_, &QRadioButton::toggled, this, [this] { refresh(); });
  resize(640, sizeHint().height());
  refresh();
}

SequenceFiles SequenceOpenDialog::files() const {
  SequenceFiles f;
  if (pair_->isChecked()) {
    f.x_path = x_path_->text().trimmed().toStdString();
    f.y_path = y_path_->text().trimmed().toStdString();
  } else {
    f.x_path = npz_path_->text().trimmed().toStdString();
  }
  f.features = split_names(features_->text());
  f.targets = split_names(targets_->text());
  return f;
}

QString SequenceOpenDialog::incomplete() const {
  if (pair_->isChecked()) {
    if (x_path_->text().trimmed().isEmpty()) return tr("Choose X.npy, the inputs (N, T, F).");
    if (y_path_->text().trimmed().isEmpty()) return tr("Choose Y.npy, the targets (N, k) or (N, H, k).");
  } else if (npz_path_->text().trimmed().isEmpty()) {
    return tr("Choose the .npz archive holding X and y.");
  }
  return {};
}

void SequenceOpenDialog::refresh() {
  const bool pair = pair_->isChecked();
  x_path_->parentWidget()->setEnabled(pair);
  y_path_->parentWidget()->setEnabled(pair);
  npz_path_->parentWidget()->setEnabled(!pair);
  note_->setText(incomplete());
  open_->setEnabled(incomplete().isEmpty());
}

}  // namespace rnnwb::ui
