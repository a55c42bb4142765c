#include "ui/model_drift_banner.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

ModelDriftBanner::ModelDriftBanner(WorkbenchDocument* doc, const QString& page_note, QWidget* parent)
    : QFrame(parent), doc_(doc), page_note_(page_note) {
  setObjectName("modelDriftBanner");
  setFrameShape(QFrame::StyledPanel);
  setStyleSheet(
      "#modelDriftBanner { background: #fff4ce; border: 1px solid #d9b44a; }"
      "#modelDriftBanner QLabel { color: #3d3000; }");
  text_ = new QLabel;
  text_->setObjectName("modelDriftText");
  text_->setWordWrap(true);
  text_->setTextFormat(Qt::RichText);
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  retrain_ = new QPushButton(tr("Retrain"));
  retrain_->setObjectName("driftRetrain");
  retrain_->setToolTip(tr("Train a new model with the settings as they are now (F5)"));
  revert_ = new QPushButton(tr("Revert"));
  revert_->setObjectName("driftRevert");
  revert_->setToolTip(tr("Set the Data, Normalise and Model pages back to the settings the model was trained with"));
  auto* layout = new QHBoxLayout(this);
  layout->addWidget(text_, 1);
  layout->addWidget(retrain_);
  layout->addWidget(revert_);
  connect(retrain_, &QPushButton::clicked, this, &ModelDriftBanner::retrainRequested);
  connect(revert_, &QPushButton::clicked, doc_, &WorkbenchDocument::revertToModelSettings);
  for (auto signal :
       {&WorkbenchDocument::dataChanged, &WorkbenchDocument::rolesChanged, &WorkbenchDocument::pipelineChanged,
        &WorkbenchDocument::modelChanged, &WorkbenchDocument::trainedChanged, &WorkbenchDocument::sequencesChanged})
    connect(doc_, signal, this, &ModelDriftBanner::refresh);
  refresh();
}

QString ModelDriftBanner::text() const { return text_->text(); }

void ModelDriftBanner::refresh() {
  const QStringList drift = doc_->modelDrift();
  setVisible(!drift.isEmpty());
  if (drift.isEmpty()) return;
  QStringList items;
  for (const QString& d : drift) items << d.toHtmlEscaped();
  const int shown = 4;  // the rest in the tooltip: the banner stays a few lines high
  QString list = QStringList(items.mid(0, shown)).join("; ");
  if (items.size() > shown) list += tr("; and %1 more").arg(items.size() - shown);
  text_->setText(tr("<b>Settings changed since training: retrain, or revert to the model's settings.</b> %1. %2")
                     .arg(list, page_note_.toHtmlEscaped()));
  text_->setToolTip(drift.join("\n"));
}

}  // namespace rnnwb::ui
