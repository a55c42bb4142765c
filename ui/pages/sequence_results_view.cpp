#include "ui/pages/sequence_results_view.hpp"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <map>

#include "ui/charts/split_colours.hpp"
#include "ui/charts/split_histogram_chart.hpp"
#include "ui/charts/split_scatter_chart.hpp"
#include "ui/column_names.hpp"
#include "ui/pages/class_metrics_table.hpp"
#include "ui/pages/confusion_matrix_table.hpp"
#include "ui/pages/metrics_table.hpp"
#include "ui/pages/sequence_chart.hpp"
#include "ui/pages/sequence_metrics_table.hpp"

namespace rnnwb::ui {

namespace {

const Split kSplits[] = {Split::Train, Split::Validation, Split::Test};
enum WorstColumn { kSequence, kSplit, kLength, kActual, kPredicted, kError };

QString target_name(const SequenceDataset& d, int target) {
  return QString::fromStdString(d.targets.at(std::size_t(target)));
}

// "3.210" or, for a horizon above 1, "3.210, 3.400, 3.100"
QString values_text(const Tensor3<double>& t, std::size_t i, int target) {
  QStringList parts;
  for (Index h = 0; h < t.steps; ++h) parts << format_metric(t(Index(i), h, target));
  return parts.join(", ");
}

QGroupBox* boxed(const QString& title, QWidget* inside, QWidget* above = nullptr) {
  auto* box = new QGroupBox(title);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(4, 4, 4, 4);
  if (above) layout->addWidget(above);
  layout->addWidget(inside, 1);
  return box;
}

QTableWidgetItem* number_item(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

SequenceResultsView::SequenceResultsView(QWidget* parent) : QWidget(parent) {
  setObjectName("sequenceResultsView");
  target_combo_ = new QComboBox;
  target_combo_->setObjectName("sequenceTargetCombo");
  target_combo_->setMinimumContentsLength(10);
  target_label_ = new QLabel(tr("&Target:"));
  target_label_->setBuddy(target_combo_);
  summary_ = new QLabel;
  summary_->setObjectName("sequenceResultsSummary");
  verdict_ = new QLabel;
  verdict_->setObjectName("baselineVerdict");
  verdict_->setWordWrap(true);

  // regression: predicted against actual, residuals, metrics beside the mean baseline
  scatter_ = new SplitScatterChart;
  histogram_ = new SplitHistogramChart;
  metrics_ = new SequenceMetricsTable;
  auto* regression = new QWidget;
  auto* regression_grid = new QGridLayout(regression);
  regression_grid->setContentsMargins(0, 0, 0, 0);
  regression_grid->addWidget(scatter_, 0, 0);
  regression_grid->addWidget(histogram_, 0, 1);
  regression_grid->addWidget(boxed(tr("Metrics per split, in original units, beside the mean baseline"), metrics_), 1,
                             0, 1, 2);
  regression_grid->setRowStretch(0, 3);
  regression_grid->setRowStretch(1, 1);

  // classification: the confusion matrix of a split, metrics beside the majority baseline
  confusion_split_ = new QComboBox;
  confusion_split_->setObjectName("confusionSplitCombo");
  confusion_ = new ConfusionMatrixTable;
  class_metrics_ = new ClassMetricsTable;
  auto* split_row = new QWidget;
  auto* split_layout = new QHBoxLayout(split_row);
  split_layout->setContentsMargins(0, 0, 0, 0);
  auto* split_label = new QLabel(tr("Sequences of the &split:"));
  split_label->setBuddy(confusion_split_);
  split_layout->addWidget(split_label);
  split_layout->addWidget(confusion_split_);
  split_layout->addStretch(1);
  auto* classification = new QWidget;
  auto* class_layout = new QHBoxLayout(classification);
  class_layout->setContentsMargins(0, 0, 0, 0);
  class_layout->addWidget(boxed(tr("Confusion matrix (rows actual, columns predicted)"), confusion_, split_row), 3);
  class_layout->addWidget(boxed(tr("Metrics per split, beside the majority baseline"), class_metrics_), 2);

  upper_ = new QStackedWidget;
  upper_->addWidget(regression);
  upper_->addWidget(classification);

  worst_ = new QTableWidget(0, 6);
  worst_->setObjectName("worstSequences");
  worst_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  worst_->setSelectionBehavior(QAbstractItemView::SelectRows);
  worst_->setSelectionMode(QAbstractItemView::SingleSelection);
  worst_->verticalHeader()->setVisible(false);
  worst_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  worst_->horizontalHeader()->setStretchLastSection(true);
  sequence_chart_ = new SequenceChart("worstSequenceChart");
  detail_ = new QLabel;
  detail_->setObjectName("sequenceDetail");
  detail_->setWordWrap(true);
  detail_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* sequence_panel = new QWidget;
  auto* sequence_layout = new QVBoxLayout(sequence_panel);
  sequence_layout->setContentsMargins(0, 0, 0, 0);
  sequence_layout->addWidget(sequence_chart_, 1);
  sequence_layout->addWidget(detail_);

  auto* lower = new QHBoxLayout;
  lower->addWidget(boxed(tr("Worst-predicted sequences (click one to see it)"), worst_), 1);
  lower->addWidget(boxed(tr("The chosen sequence"), sequence_panel), 1);

  auto* top = new QHBoxLayout;
  top->addWidget(target_label_);
  top->addWidget(target_combo_);
  top->addSpacing(12);
  top->addWidget(summary_, 1);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(verdict_);
  layout->addWidget(upper_, 3);
  layout->addLayout(lower, 2);

  connect(target_combo_, &QComboBox::currentIndexChanged, this, [this] { showTarget(); });
  connect(confusion_split_, &QComboBox::currentIndexChanged, this, [this] { showConfusion(); });
  connect(worst_, &QTableWidget::currentCellChanged, this, [this](int row) {
    if (row < 0 || !results_) return;
    showSequence(worst_->item(row, kSequence)->data(Qt::UserRole).toULongLong());
  });
  clear();
}

SequenceResultsView::~SequenceResultsView() = default;

int SequenceResultsView::target() const { return std::max(0, target_combo_->currentIndex()); }
void SequenceResultsView::setTarget(int target) { target_combo_->setCurrentIndex(target); }

bool SequenceResultsView::showsClasses() const { return results_ && results_->evaluation.is_classification(); }

void SequenceResultsView::setConfusionSplit(Split s) {
  const int i = confusion_split_->findData(int(s));
  if (i >= 0) confusion_split_->setCurrentIndex(i);
}

void SequenceResultsView::clear() {
  results_.reset();
  shown_ = kNone;
  const QSignalBlocker block(target_combo_), block_split(confusion_split_);
  target_combo_->clear();
  confusion_split_->clear();
  summary_->clear();
  verdict_->clear();
  detail_->clear();
  scatter_->clear();
  histogram_->clear();
  metrics_->setRowCount(0);
  class_metrics_->setRowCount(0);
  confusion_->setRowCount(0);
  confusion_->setColumnCount(0);
  worst_->setRowCount(0);
  sequence_chart_->clear();
}

void SequenceResultsView::setResults(std::shared_ptr<const SequenceResults> results) {
  clear();
  results_ = std::move(results);
  if (!results_) return;
  const SequenceDataset& d = *results_->data;
  const bool classes = showsClasses();
  {
    const QSignalBlocker block(target_combo_);
    for (const std::string& t : d.targets) target_combo_->addItem(QString::fromStdString(t));
    show_names_elided(target_combo_);
  }
  target_label_->setVisible(!classes);
  target_combo_->setVisible(!classes);
  const auto [lo, hi] = valid_length_range(d);
  const QString lengths = lo == hi ? QString::number(lo) : tr("%1 to %2").arg(lo).arg(hi);
  const QString split = tr("split %1 / %2 / %3 sequences")
                            .arg(results_->split.train.size())
                            .arg(results_->split.validation.size())
                            .arg(results_->split.test.size());
  if (classes)
    summary_->setText(tr("%1 sequences of %2 valid steps, %3 feature(s), %4 classes of \"%5\"; %6")
                          .arg(d.size())
                          .arg(lengths)
                          .arg(d.x.features)
                          .arg(results_->evaluation.class_names.size())
                          .arg(target_name(d, 0), split));
  else
    summary_->setText(tr("%1 sequences of %2 valid steps, %3 feature(s), %4 target(s)%5; %6")
                          .arg(d.size())
                          .arg(lengths)
                          .arg(d.x.features)
                          .arg(d.y.features)
                          .arg(d.horizon() > 1 ? tr(" over %1 steps ahead").arg(d.horizon()) : QString(), split));
  upper_->setCurrentIndex(classes ? 1 : 0);
  if (classes)
    showClasses();
  else
    showTarget();
}

void SequenceResultsView::showTarget() {
  if (!results_ || showsClasses()) return;
  const SequenceResults& r = *results_;
  const int t = target();
  const QString name = target_name(*r.data, t);
  std::map<Split, SplitScatterChart::Points> points;
  std::map<Split, std::vector<double>> residuals;
  for (Split s : kSplits) {
    const std::vector<std::size_t>& rows = r.split.of(s);
    if (rows.empty()) continue;
    TargetValues v = target_values(r, t, rows);
    std::vector<double>& res = residuals[s];
    for (std::size_t i = 0; i < v.actual.size(); ++i) res.push_back(v.predicted[i] - v.actual[i]);
    points[s] = {std::move(v.actual), std::move(v.predicted)};
  }
  scatter_->setTitles(tr("Predicted against actual: %1").arg(name), tr("actual %1").arg(name),
                      tr("predicted %1").arg(name));
  scatter_->setPoints(points);
  histogram_->setTitles(tr("Residuals (predicted − actual): %1").arg(name), tr("residual"), tr("count"));
  histogram_->setValues(residuals);

  const Evaluation& e =
      std::size_t(t) < r.evaluation.targets.size() ? r.evaluation.targets[std::size_t(t)] : r.evaluation;
  metrics_->setEvaluation(e);
  const bool worse = metrics_->verdict().contains("WORSE");
  verdict_->setText(metrics_->verdict());
  verdict_->setStyleSheet(worse ? "QLabel { color: #b00020; font-weight: bold; }" : "QLabel { color: #1b5e20; }");
  worst_->setHorizontalHeaderLabels(
      {tr("Sequence"), tr("Split"), tr("Valid steps"), tr("Actual"), tr("Predicted"), tr("|Error|")});
  worst_->horizontalHeaderItem(kError)->setToolTip(tr("Absolute error (mean over the horizon steps)"));
  worst_->horizontalHeaderItem(kSequence)->setToolTip(tr("0-based index in the file, as NumPy's X[i]"));
  fillWorst(worst_sequences(r, t, kWorstShown), t);
}

QString SequenceResultsView::classLabel(double label) const {
  const std::vector<std::string>& names = results_->evaluation.class_names;
  const auto i = std::size_t(label);
  return i < names.size() ? QString::fromStdString(names[i]) : QString::number(label);
}

void SequenceResultsView::showClasses() {
  const SequenceResults& r = *results_;
  class_metrics_->setEvaluation(r.evaluation);
  const QString verdict = class_baseline_verdict(r.evaluation);
  verdict_->setText(verdict);
  verdict_->setStyleSheet(verdict.contains("WORSE") ? "QLabel { color: #b00020; font-weight: bold; }"
                                                    : "QLabel { color: #1b5e20; }");
  {
    const QSignalBlocker block(confusion_split_);
    for (Split s : kSplits)
      if (r.evaluation.classes.count(s))
        confusion_split_->addItem(tr("%1 (%2)").arg(split_label(s)).arg(r.split.of(s).size()), int(s));
    confusion_split_->setCurrentIndex(confusion_split_->count() - 1);  // test, or the last split there is
  }
  showConfusion();
  worst_->setHorizontalHeaderLabels(
      {tr("Sequence"), tr("Split"), tr("Valid steps"), tr("Actual"), tr("Predicted"), tr("P(actual)")});
  worst_->horizontalHeaderItem(kError)->setToolTip(
      tr("The probability the model gives the actual class: the lowest come first"));
  worst_->horizontalHeaderItem(kSequence)->setToolTip(tr("0-based index in the file, as NumPy's X[i]"));
  fillWorst(worst_classified(r, kWorstShown), 0);
}

void SequenceResultsView::showConfusion() {
  if (!showsClasses() || confusion_split_->currentIndex() < 0) return;
  const Split s = Split(confusion_split_->currentData().toInt());
  confusion_->setMatrix(results_->evaluation.classes.at(s).confusion, results_->evaluation.class_names);
}

void SequenceResultsView::fillWorst(const std::vector<SequenceError>& worst, int target) {
  const SequenceResults& r = *results_;
  const bool classes = showsClasses();
  const QSignalBlocker block(worst_);
  worst_->setRowCount(0);
  for (const SequenceError& w : worst) {
    const int row = worst_->rowCount();
    worst_->insertRow(row);
    auto* index = number_item(QString::number(w.sequence));
    index->setData(Qt::UserRole, qulonglong(w.sequence));
    worst_->setItem(row, kSequence, index);
    auto* split = new QTableWidgetItem(split_label(w.split));
    QColor tint = split_point_colour(w.split);
    tint.setAlpha(50);
    split->setBackground(tint);
    worst_->setItem(row, kSplit, split);
    worst_->setItem(row, kLength, number_item(QString::number(r.data->spans.at(w.sequence).length)));
    QTableWidgetItem* error;
    if (classes) {
      worst_->setItem(row, kActual, new QTableWidgetItem(classLabel(r.data->y(Index(w.sequence), 0, 0))));
      worst_->setItem(row, kPredicted, new QTableWidgetItem(classLabel(r.predicted(Index(w.sequence), 0, 0))));
      error = number_item(format_metric(actual_class_probability(r, w.sequence)));
    } else {
      worst_->setItem(row, kActual, number_item(values_text(r.data->y, w.sequence, target)));
      worst_->setItem(row, kPredicted, number_item(values_text(r.predicted, w.sequence, target)));
      error = number_item(format_metric(w.abs_error));
    }
    error->setData(Qt::UserRole, w.abs_error);
    worst_->setItem(row, kError, error);
  }
  if (!worst.empty()) {
    worst_->setCurrentCell(0, 0);
    showSequence(worst.front().sequence);
  }
}

void SequenceResultsView::showSequence(std::size_t i) {
  if (!results_ || i >= std::size_t(results_->data->size())) return;
  const SequenceResults& r = *results_;
  const SequenceDataset& d = *r.data;
  const ValidSpan span = d.spans.at(i);
  shown_ = i;
  sequence_chart_->showSequence(d, i,
                                tr("Sequence %1 (%2), steps %3 to %4")
                                    .arg(i)
                                    .arg(split_label(r.split_of.at(i)))
                                    .arg(span.first)
                                    .arg(span.first + span.length - 1));
  QStringList lines;
  if (showsClasses()) {
    QStringList probabilities;
    for (Index c = 1; c < r.predicted.features; ++c)
      probabilities << tr("%1 %2").arg(classLabel(double(c - 1)).toHtmlEscaped(),
                                       format_metric(r.predicted(Index(i), 0, c)));
    const double actual = d.y(Index(i), 0, 0), predicted = r.predicted(Index(i), 0, 0);
    lines << tr("<b>%1</b>: actual <b>%2</b>, predicted <b>%3</b>%4")
                 .arg(target_name(d, 0).toHtmlEscaped(), classLabel(actual).toHtmlEscaped(),
                      classLabel(predicted).toHtmlEscaped(), actual == predicted ? tr(" (right)") : tr(" (wrong)"));
    lines << tr("probabilities: %1").arg(probabilities.join(", "));
  } else {
    for (Index t = 0; t < d.y.features; ++t) {
      QStringList errors;
      for (Index h = 0; h < d.horizon(); ++h)
        errors << format_metric(r.predicted(Index(i), h, t) - d.y(Index(i), h, t));
      lines << tr("<b>%1</b>: actual %2, predicted %3, error %4")
                   .arg(target_name(d, int(t)).toHtmlEscaped(), values_text(d.y, i, int(t)),
                        values_text(r.predicted, i, int(t)), errors.join(", "));
    }
  }
  detail_->setText(lines.join("<br>"));
  emit sequenceShown(i);
}

}  // namespace rnnwb::ui
