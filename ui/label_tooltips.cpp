#include "ui/label_tooltips.hpp"

#include <QBoxLayout>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QPointer>

namespace rnnwb::ui {

namespace {

constexpr const char* kShared = "rnnwb_tooltip_shared";

// The first widget of a layout item (a widget, or a row of widgets).
QWidget* first_widget(QLayoutItem* item) {
  if (!item) return nullptr;
  if (QWidget* w = item->widget()) return w;
  if (QLayout* inner = item->layout())
    for (int i = 0; i < inner->count(); ++i)
      if (QWidget* w = first_widget(inner->itemAt(i))) return w;
  return nullptr;
}

QWidget* field_in(QLayout* layout, QLabel* label) {
  const int index = layout->indexOf(label);
  if (index < 0) return nullptr;
  if (auto* form = qobject_cast<QFormLayout*>(layout)) {
    int row = -1;
    QFormLayout::ItemRole role;
    form->getItemPosition(index, &row, &role);
    return role == QFormLayout::LabelRole ? first_widget(form->itemAt(row, QFormLayout::FieldRole)) : nullptr;
  }
  if (auto* grid = qobject_cast<QGridLayout*>(layout)) {
    int row, column, rows, columns;
    grid->getItemPosition(index, &row, &column, &rows, &columns);
    return first_widget(grid->itemAtPosition(row, column + columns));
  }
  if (auto* box = qobject_cast<QBoxLayout*>(layout); box && box->direction() == QBoxLayout::LeftToRight)
    return first_widget(box->itemAt(index + 1));  // beside it, not under it
  return nullptr;
}

QLayout* layout_holding(QLayout* layout, QWidget* w) {
  if (!layout) return nullptr;
  if (layout->indexOf(w) >= 0) return layout;
  for (int i = 0; i < layout->count(); ++i)
    if (QLayout* found = layout_holding(layout->itemAt(i)->layout(), w)) return found;
  return nullptr;
}

// Copies the field's tooltip to the label now and whenever the field's tooltip changes.
class TooltipMirror : public QObject {
 public:
  TooltipMirror(QWidget* field, QLabel* label) : QObject(label), field_(field), label_(label) {
    field->installEventFilter(this);
    label->setToolTip(field->toolTip());
  }
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (watched == field_ && event->type() == QEvent::ToolTipChange && label_) label_->setToolTip(field_->toolTip());
    return false;
  }

 private:
  QPointer<QWidget> field_;
  QPointer<QLabel> label_;
};

}  // namespace

QWidget* labelled_field(QLabel* label) {
  if (QWidget* buddy = label->buddy()) return buddy;
  QWidget* parent = label->parentWidget();
  QLayout* layout = parent ? layout_holding(parent->layout(), label) : nullptr;
  QWidget* field = layout ? field_in(layout, label) : nullptr;
  return qobject_cast<QLabel*>(field) ? nullptr : field;  // a label beside a label names nothing
}

void share_field_tooltips(QWidget* root) {
  for (QLabel* label : root->findChildren<QLabel*>()) {
    if (label->property(kShared).toBool() || !label->toolTip().isEmpty()) continue;
    QWidget* field = labelled_field(label);
    if (!field) continue;
    label->setProperty(kShared, true);
    if (!label->buddy() && field->focusPolicy() != Qt::NoFocus) label->setBuddy(field);
    new TooltipMirror(field, label);
  }
}

}  // namespace rnnwb::ui
