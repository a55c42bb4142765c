#pragma once
// Column names where room is short: a CSV header of 80 characters must not widen a combo box, a
// list or a table past the window, nor push a chart's title off its edge. One rule everywhere:
// past kShownNameChars characters the middle is elided ("very_long_head…_of_the_name") and the
// full name is the tooltip.
#include <QString>

class QAbstractItemView;
class QComboBox;
class QListWidgetItem;

namespace rnnwb::ui {

inline constexpr int kShownNameChars = 28;

// `name` with its middle replaced by "…" when it is longer than `max_chars` characters.
QString elided_name(const QString& name, int max_chars = kShownNameChars);
// A combo box of names (call after filling it): each item's tooltip is its full name, the box is
// no wider than kShownNameChars characters, and both the box and its popup elide in the middle.
// The items' text stays the full name, so currentText() still names the column.
void show_names_elided(QComboBox* combo);
// A list or table of names: the text elided in the middle where the column is too narrow.
void show_names_elided(QAbstractItemView* view);
// A list item holding a name: its tooltip is the full name.
void set_name_tooltip(QListWidgetItem* item, const QString& name);

}  // namespace rnnwb::ui
