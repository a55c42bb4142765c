#include "ui/pages/csv_reading_box.hpp"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <algorithm>

#include "engine/core/text.hpp"
#include "engine/data/data_source.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

const char* const kNoTime = "\x01none";            // the time combo's item for no time column
constexpr int kTextColumnRole = Qt::UserRole + 1;  // a column left out because it holds text

QString qt(const std::string& s) { return QString::fromStdString(s); }

// How the loader is told about column j: by name, or by number in a file without a header.
QString column_key(const CsvTable& t, std::size_t j) {
  return t.has_header ? qt(t.columns[j]) : QString::number(j + 1);
}

const IgnoredColumn* ignored_entry(const CsvTable& t, const std::string& name) {
  const auto it =
      std::find_if(t.ignored.begin(), t.ignored.end(), [&](const IgnoredColumn& c) { return c.name == name; });
  return it == t.ignored.end() ? nullptr : &*it;
}

}  // namespace

CsvReadingBox::CsvReadingBox(WorkbenchDocument* doc, QWidget* parent)
    : QGroupBox(tr("Reading the file"), parent), doc_(doc) {
  time_combo_ = new QComboBox;
  time_combo_->setObjectName("timeColumnCombo");
  time_combo_->setToolTip(
      tr("The column of time labels (dates, years...): it is not a target nor a feature. "
         "Default: the first column when it holds text or is named like time."));
  decimal_combo_ = new QComboBox;
  decimal_combo_->setObjectName("decimalCombo");
  decimal_combo_->addItem(tr("Auto"), 0);
  decimal_combo_->addItem(tr("Point (95.6)"), int('.'));
  decimal_combo_->addItem(tr("Comma (95,6)"), int(','));
  decimal_combo_->setToolTip(
      tr("The decimal separator of the numbers. Auto: a comma in a file delimited by ; or "
         "tabs whose numbers use it (1.234,5 with a point grouping thousands), else a point."));
  columns_ = new QListWidget;
  columns_->setObjectName("fileColumnList");
  columns_->setToolTip(
      tr("Untick a column to leave it out: it is then neither a target nor a feature. Columns "
         "of text are left out when the file opens."));
  error_ = new QLabel;
  error_->setObjectName("csvReadingError");
  error_->setWordWrap(true);
  error_->setStyleSheet("QLabel { color: #8a1f11; }");
  error_->hide();

  // Narrow enough that the Data page's boxes still fit a 1000-pixel window.
  for (QComboBox* combo : {time_combo_, decimal_combo_}) {
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(6);
  }
  // Each label above its control: the box stays narrow.
  auto* columns_label = new QLabel(tr("Columns (untick to leave out)"));
  columns_label->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Time column")));
  layout->addWidget(time_combo_);
  layout->addWidget(new QLabel(tr("Decimal separator")));
  layout->addWidget(decimal_combo_);
  layout->addWidget(columns_label);
  layout->addWidget(columns_, 1);
  layout->addWidget(error_);

  connect(time_combo_, &QComboBox::activated, this, &CsvReadingBox::timeChosen);
  connect(decimal_combo_, &QComboBox::activated, this, &CsvReadingBox::decimalChosen);
  // Applied after the tick's own event: the reload rebuilds the list, deleting the item ticked.
  connect(columns_, &QListWidget::itemChanged, this,
          [this] { QMetaObject::invokeMethod(this, &CsvReadingBox::columnsTicked, Qt::QueuedConnection); });
  connect(doc_, &WorkbenchDocument::dataChanged, this, &CsvReadingBox::refresh);
  connect(doc_, &WorkbenchDocument::sequencesChanged, this, &CsvReadingBox::refresh);
  refresh();
}

void CsvReadingBox::refresh() {
  const bool has = doc_->hasData();
  for (QWidget* w :
       {static_cast<QWidget*>(time_combo_), static_cast<QWidget*>(decimal_combo_), static_cast<QWidget*>(columns_)})
    w->setEnabled(has);
  const QSignalBlocker block_t(time_combo_), block_c(columns_);
  time_combo_->clear();
  columns_->clear();
  if (!has) return;
  const CsvTable& t = doc_->table();
  fillTimeCombo(t);
  fillColumns(t);
  const char asked = doc_->csvOptions().decimal;
  decimal_combo_->setCurrentIndex(asked == '.' ? 1 : asked == ',' ? 2 : 0);
  decimal_combo_->setItemText(0, t.decimal == ',' ? tr("Auto (comma)") : tr("Auto (point)"));
}

void CsvReadingBox::fillTimeCombo(const CsvTable& t) {
  time_combo_->addItem(tr("None"), QString(kNoTime));
  for (std::size_t j = 0; j < t.columns.size(); ++j)
    if (t.columns[j] != t.series.series_name || doc_->seriesForm().column.empty())
      time_combo_->addItem(qt(t.columns[j]), column_key(t, j));
  const int at = t.series.time_name.empty() ? 0 : time_combo_->findText(qt(file_time_column(t.series.time_name)));
  time_combo_->setCurrentIndex(std::max(at, 0));
}

void CsvReadingBox::fillColumns(const CsvTable& t) {
  const Series& s = t.series;
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    const std::string& name = t.columns[j];
    auto* item = new QListWidgetItem(qt(name), columns_);
    item->setData(Qt::UserRole, column_key(t, j));
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsUserCheckable;
    item->setCheckState(Qt::Checked);
    if (name == file_time_column(s.time_name)) {
      flags.setFlag(Qt::ItemIsUserCheckable, false);
      item->setToolTip(tr("The time column: its labels name the rows (choose another above)"));
    } else if (!doc_->seriesForm().column.empty() && name == s.series_name) {
      flags.setFlag(Qt::ItemIsUserCheckable, false);
      item->setToolTip(tr("The series column: its cells name each row's series"));
    } else if (const IgnoredColumn* c = ignored_entry(t, name)) {
      item->setCheckState(Qt::Unchecked);
      if (c->line > 0) {
        flags.setFlag(Qt::ItemIsUserCheckable, false);  // text cannot be read as numbers
        item->setData(kTextColumnRole, true);
        item->setToolTip(tr("Left out: text found at line %1: %2. A column of text cannot be a target or a "
                            "feature; choose it as the time column if it holds the time labels.")
                             .arg(c->line)
                             .arg(qt(quote(c->text))));
      } else {
        item->setToolTip(tr("Left out: tick it to read its numbers"));
      }
    }
    item->setFlags(flags);
  }
}

void CsvReadingBox::apply(const CsvOptions& options) {
  const QString error = doc_->setCsvOptions(options);
  error_->setText(error);
  error_->setVisible(!error.isEmpty());
  if (!error.isEmpty()) refresh();  // back to what the document holds
}

void CsvReadingBox::timeChosen() {
  CsvOptions o = doc_->csvOptions();
  const QString chosen = time_combo_->currentData().toString();
  o.no_time_column = chosen == kNoTime;
  o.time_column = o.no_time_column ? std::string() : chosen.toStdString();
  // A column chosen as the time column is no longer left out.
  o.ignore_columns.erase(std::remove(o.ignore_columns.begin(), o.ignore_columns.end(), o.time_column),
                         o.ignore_columns.end());
  apply(o);
}

void CsvReadingBox::decimalChosen() {
  CsvOptions o = doc_->csvOptions();
  o.decimal = char(decimal_combo_->currentData().toInt());
  apply(o);
}

void CsvReadingBox::columnsTicked() {
  CsvOptions o = doc_->csvOptions();
  o.ignore_columns.clear();
  for (int i = 0; i < columns_->count(); ++i) {
    const QListWidgetItem* it = columns_->item(i);
    if (it->checkState() == Qt::Unchecked && !it->data(kTextColumnRole).toBool())
      o.ignore_columns.push_back(it->data(Qt::UserRole).toString().toStdString());
  }
  if (o.ignore_columns != doc_->csvOptions().ignore_columns) apply(o);
}

}  // namespace rnnwb::ui
