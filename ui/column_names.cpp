#include "ui/column_names.hpp"

#include <QAbstractItemView>
#include <QComboBox>
#include <QEvent>
#include <QListView>
#include <QListWidgetItem>
#include <QStyleOptionComboBox>
#include <QStylePainter>
#include <algorithm>

namespace rnnwb::ui {

namespace {

// Paints a combo box as QComboBox does, with its text elided in the middle to the room there is
// (the style would clip it).
class ElidedComboPainter : public QObject {
 public:
  using QObject::QObject;
  bool eventFilter(QObject* watched, QEvent* event) override {
    auto* combo = qobject_cast<QComboBox*>(watched);
    if (!combo || combo->isEditable() || event->type() != QEvent::Paint) return false;
    QStylePainter painter(combo);
    QStyleOptionComboBox opt;
    opt.initFrom(combo);
    opt.editable = false;
    opt.frame = combo->hasFrame();
    opt.iconSize = combo->iconSize();
    opt.currentIcon = combo->itemIcon(combo->currentIndex());
    if (combo->hasFocus()) opt.state |= QStyle::State_Selected;
    painter.drawComplexControl(QStyle::CC_ComboBox, opt);
    const QRect text = combo->style()->subControlRect(QStyle::CC_ComboBox, &opt, QStyle::SC_ComboBoxEditField, combo);
    opt.currentText = combo->fontMetrics().elidedText(combo->currentText(), Qt::ElideMiddle, text.width() - 4);
    painter.drawControl(QStyle::CE_ComboBoxLabel, opt);
    return true;
  }
};

}  // namespace

QString elided_name(const QString& name, int max_chars) {
  if (max_chars < 3 || name.size() <= max_chars) return name;
  const int keep = max_chars - 1;  // one character for the ellipsis
  const int head = (keep + 1) / 2, tail = keep - head;
  return name.left(head) + QChar(0x2026) + name.right(tail);
}

void show_names_elided(QComboBox* combo) {
  int longest = 0;
  for (int i = 0; i < combo->count(); ++i) {
    const QString text = combo->itemText(i);
    longest = std::max(longest, int(text.size()));
    if (text.size() > kShownNameChars) combo->setItemData(i, text, Qt::ToolTipRole);
  }
  combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  combo->setMinimumContentsLength(std::clamp(longest, 4, kShownNameChars));
  show_names_elided(combo->view());
  if (!combo->property("rnnwb_elided").toBool()) {
    combo->setProperty("rnnwb_elided", true);
    combo->installEventFilter(new ElidedComboPainter(combo));
  }
}

void show_names_elided(QAbstractItemView* view) {
  view->setTextElideMode(Qt::ElideMiddle);
  // A list lays its items out as wide as their text and scrolls sideways; without the scroll bar
  // the items are as wide as the list and their text is elided.
  if (qobject_cast<QListView*>(view)) view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
}

void set_name_tooltip(QListWidgetItem* item, const QString& name) { item->setToolTip(name); }

}  // namespace rnnwb::ui
