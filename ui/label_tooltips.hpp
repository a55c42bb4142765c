#pragma once
// Tooltips on labels too: hovering the word "Window" beside a spin box explains the window as
// hovering the spin box does. share_field_tooltips gives each label under `root` that has no
// tooltip of its own the tooltip of the field it names (its buddy, else the widget after it in its
// grid row, form row or row of widgets) and keeps it up to date when the field's tooltip changes. It
// also makes the field the label's buddy, so a mnemonic in the label focuses the field. Calling it
// again (on a page that added fields) only handles the labels not handled yet.
class QLabel;
class QWidget;

namespace rnnwb::ui {

void share_field_tooltips(QWidget* root);
// The field that `label` names, or nullptr.
QWidget* labelled_field(QLabel* label);

}  // namespace rnnwb::ui
