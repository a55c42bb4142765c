#include "ui/column_names.hpp"

#include <QAbstractItemView>
#include <QComboBox>
#include <QListView>
#include <QListWidgetItem>
#include <algorithm>

namespace rnnwb::ui {

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
}

void show_names_elided(QAbstractItemView* view) {
  view->setTextElideMode(Qt::ElideMiddle);
  // A list lays its items out as wide as their text and scrolls sideways; without the scroll bar
  // the items are as wide as the list and their text is elided.
  if (qobject_cast<QListView*>(view)) view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
}

void set_name_tooltip(QListWidgetItem* item, const QString& name) { item->setToolTip(name); }

}  // namespace rnnwb::ui
