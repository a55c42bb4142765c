#include "ui/recovery_banner.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace rnnwb::ui {

RecoveryBanner::RecoveryBanner(QWidget* parent) : QFrame(parent) {
  setObjectName("recoveryBanner");
  setFrameShape(QFrame::StyledPanel);
  setStyleSheet(
      "#recoveryBanner { background: #fff4ce; border: 1px solid #d9b44a; }"
      "#recoveryBanner QLabel { color: #3d3000; }");
  text_ = new QLabel;
  text_->setObjectName("recoveryText");
  text_->setWordWrap(true);
  text_->setTextFormat(Qt::RichText);
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  restore_ = new QPushButton(tr("Restore"));
  restore_->setObjectName("recoveryRestore");
  discard_ = new QPushButton(tr("Discard"));
  discard_->setObjectName("recoveryDiscard");
  discard_->setToolTip(tr("Delete the recovery file"));
  auto* layout = new QHBoxLayout(this);
  layout->addWidget(text_, 1);
  layout->addWidget(restore_);
  layout->addWidget(discard_);
  connect(restore_, &QPushButton::clicked, this, &RecoveryBanner::restoreClicked);
  connect(discard_, &QPushButton::clicked, this, &RecoveryBanner::discardClicked);
  hide();  // until a recovery file is found
}

void RecoveryBanner::offer(const QString& rich_text) {
  text_->setText(rich_text);
  show();
}

QString RecoveryBanner::text() const { return text_->text(); }

void RecoveryBanner::setRestoreEnabled(bool enabled, const QString& why) {
  restore_->setEnabled(enabled);
  restore_->setToolTip(why);
}

}  // namespace rnnwb::ui
