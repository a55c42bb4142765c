#include "ui/pages/sequence_data_page.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/column_names.hpp"
#include "ui/pages/band_series.hpp"
#include "ui/pages/histogram_chart.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

const QColor kFeatureColours[] = {{31, 119, 180},  {214, 39, 40}, {44, 160, 44},   {255, 127, 14},
                                  {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {23, 190, 207}};
// More features than this are not all drawn: the chart would be a tangle (the label says so).
constexpr std::size_t kMaxDrawnFeatures = 8;

QString plural(qint64 n, const QString& one, const QString& many) {
  return n == 1 ? QString("1 %1").arg(one) : QString("%1 %2").arg(n).arg(many);
}

QString names_text(const std::vector<std::string>& names) {
  QStringList out;
  for (std::size_t i = 0; i < names.size() && i < 12; ++i) out << QString::fromStdString(names[i]);
  if (names.size() > 12) out << QObject::tr("… %1 more").arg(names.size() - 12);
  return out.join(", ");
}

QString split_name(const SequenceSplit& s, std::size_t i) {
  const auto in = [i](const std::vector<std::size_t>& v) { return std::binary_search(v.begin(), v.end(), i); };
  return in(s.train) ? QObject::tr("training") : in(s.validation) ? QObject::tr("validation") : QObject::tr("test");
}

}  // namespace

SequenceDataPage::SequenceDataPage(WorkbenchDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  setObjectName("sequenceDataPage");
  summary_ = new QLabel;
  summary_->setObjectName("sequenceSummary");
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  banner_ = new QLabel;
  banner_->setObjectName("sequenceError");
  banner_->setWordWrap(true);
  banner_->setStyleSheet(
      "QLabel { background: #fde2e1; color: #8a1f11; border: 1px solid #e0a19b; border-radius: 4px; padding: 6px; }");
  banner_->hide();

  auto* left = new QVBoxLayout;
  auto* data_box = new QGroupBox(tr("Sequence dataset"));
  auto* data_layout = new QVBoxLayout(data_box);
  data_layout->addWidget(summary_);
  left->addWidget(data_box);
  left->addWidget(buildSplitBox());
  left->addStretch(1);

  auto* right = new QSplitter(Qt::Vertical);
  right->setChildrenCollapsible(false);
  right->addWidget(buildSequenceBox());
  right->addWidget(buildTargetBox());
  right->setSizes({420, 300});

  auto* body = new QHBoxLayout;
  body->addLayout(left, 2);
  body->addWidget(right, 5);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(body, 1);
  // Warnings go last: appearing, they shrink the charts instead of moving the controls under the mouse.
  layout->addWidget(banner_);

  connect(doc_, &WorkbenchDocument::sequencesChanged, this, &SequenceDataPage::onSequencesChanged);
  connect(doc_, &WorkbenchDocument::sequenceConfigChanged, this, [this] {
    refreshSplit();
    refreshSequenceChart();
  });
  onSequencesChanged();
}

QWidget* SequenceDataPage::buildSplitBox() {
  auto* box = new QGroupBox(tr("Split by sequence"));
  train_spin_ = new QDoubleSpinBox;
  train_spin_->setObjectName("seqTrainSpin");
  validation_spin_ = new QDoubleSpinBox;
  validation_spin_->setObjectName("seqValidationSpin");
  for (QDoubleSpinBox* s : {train_spin_, validation_spin_}) {
    s->setRange(0.0, 1.0);
    s->setSingleStep(0.05);
    s->setDecimals(2);
    s->setKeyboardTracking(false);
    connect(s, &QDoubleSpinBox::valueChanged, this, &SequenceDataPage::splitEdited);
  }
  train_spin_->setToolTip(tr("Fraction of the sequences that train the model (the first ones in file order)"));
  validation_spin_->setToolTip(tr("Fraction that validates (early stopping, the best epoch): after the training ones"));
  test_label_ = new QLabel;
  test_label_->setObjectName("seqTestLabel");
  shuffle_ = new QCheckBox(tr("Shuffle the sequences before splitting"));
  shuffle_->setObjectName("shuffleSplitCheck");
  shuffle_->setToolTip(
      tr("Off: in file order, the first sequences train, then validation, then test (as Keras' "
         "validation_split takes the last samples). On: assigned at random from the seed."));
  seed_ = new QSpinBox;
  seed_->setObjectName("splitSeedSpin");
  seed_->setRange(0, 999999);
  seed_->setKeyboardTracking(false);
  seed_->setToolTip(tr("The seed of the shuffled split: the same seed gives the same split"));
  connect(shuffle_, &QCheckBox::toggled, this, &SequenceDataPage::splitEdited);
  connect(seed_, &QSpinBox::valueChanged, this, &SequenceDataPage::splitEdited);
  counts_ = new QLabel;
  counts_->setObjectName("splitCounts");
  counts_->setWordWrap(true);
  auto* form = new QFormLayout(box);
  form->addRow(tr("Training"), train_spin_);
  form->addRow(tr("Validation"), validation_spin_);
  form->addRow(tr("Test"), test_label_);
  form->addRow(shuffle_);
  form->addRow(tr("Seed"), seed_);
  form->addRow(counts_);
  return box;
}

QWidget* SequenceDataPage::buildSequenceBox() {
  auto* box = new QGroupBox(tr("One sequence"));
  sequence_spin_ = new QSpinBox;
  sequence_spin_->setObjectName("sequenceSpin");
  sequence_spin_->setToolTip(tr("Which sequence to draw (0-based, as X[i] in NumPy)"));
  sequence_spin_->setPrefix(tr("sequence "));
  connect(sequence_spin_, &QSpinBox::valueChanged, this, [this] { refreshSequenceChart(); });
  sequence_info_ = new QLabel;
  sequence_info_->setObjectName("sequenceInfo");
  sequence_info_->setWordWrap(true);

  chart_ = new QChart;
  chart_->legend()->setAlignment(Qt::AlignBottom);
  axis_x_ = new QValueAxis;
  axis_x_->setTitleText(tr("step"));
  axis_y_ = new QValueAxis;
  axis_y_->setTitleText(tr("value"));
  chart_->addAxis(axis_x_, Qt::AlignBottom);
  chart_->addAxis(axis_y_, Qt::AlignLeft);
  padding_before_ = add_band(chart_, tr("padding"), QColor(128, 128, 128, 60));
  padding_after_ = add_band(chart_, tr("padding"), QColor(128, 128, 128, 60));
  padding_before_->setObjectName("paddingBefore");
  padding_after_->setObjectName("paddingAfter");
  for (QAreaSeries* band : {padding_before_, padding_after_}) {
    band->attachAxis(axis_x_);
    band->attachAxis(axis_y_);
  }
  chart_view_ = new ChartView(chart_);
  chart_view_->setObjectName("sequenceChart");
  chart_view_->setRenderHint(QPainter::Antialiasing);
  chart_view_->setMinimumHeight(220);

  auto* top = new QHBoxLayout;
  top->addWidget(sequence_spin_);
  top->addWidget(sequence_info_, 1);
  auto* layout = new QVBoxLayout(box);
  layout->addLayout(top);
  layout->addWidget(chart_view_, 1);
  return box;
}

QWidget* SequenceDataPage::buildTargetBox() {
  auto* box = new QGroupBox(tr("Targets"));
  target_combo_ = new QComboBox;
  target_combo_->setObjectName("targetCombo");
  target_combo_->setToolTip(tr("The target whose distribution is drawn (over all sequences, every horizon step)"));
  connect(target_combo_, &QComboBox::currentIndexChanged, this, [this] { refreshHistogram(); });
  histogram_ = new HistogramChart;
  histogram_->setObjectName("targetHistogram");
  histogram_->setMinimumHeight(180);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Distribution of")));
  top->addWidget(target_combo_);
  top->addStretch(1);
  auto* layout = new QVBoxLayout(box);
  layout->addLayout(top);
  layout->addWidget(histogram_, 1);
  return box;
}

void SequenceDataPage::onSequencesChanged() {
  for (QLineSeries* l : lines_) {
    chart_->removeSeries(l);
    delete l;
  }
  lines_.clear();
  {
    const QSignalBlocker block(target_combo_);
    target_combo_->clear();
  }
  if (!doc_->hasSequences()) {
    summary_->setText(tr("Open a sequence dataset with File > Open sequence dataset."));
    refreshSplit();
    return;
  }
  const SequenceDataset& d = doc_->sequences();
  const auto [lo, hi] = valid_length_range(d);
  const SequenceFiles& files = doc_->sequenceFiles();
  const QString source = files.y_path.empty() ? QFileInfo(QString::fromStdString(files.x_path)).fileName()
                                              : tr("%1 and %2")
                                                    .arg(QFileInfo(QString::fromStdString(files.x_path)).fileName(),
                                                         QFileInfo(QString::fromStdString(files.y_path)).fileName());
  QString text = tr("<b>%1</b><br>N = %2<br>T = %3 (valid lengths %4 to %5)<br>F = %6: %7<br>k = %8: %9")
                     .arg(source.toHtmlEscaped())
                     .arg(plural(d.size(), tr("sequence"), tr("sequences")))
                     .arg(plural(d.x.steps, tr("step"), tr("steps")))
                     .arg(lo)
                     .arg(hi)
                     .arg(plural(d.x.features, tr("feature"), tr("features")))
                     .arg(names_text(d.features).toHtmlEscaped())
                     .arg(plural(d.y.features, tr("target"), tr("targets")))
                     .arg(names_text(d.targets).toHtmlEscaped());
  if (d.horizon() > 1) text += tr("<br>H = %1 target steps per sequence").arg(d.horizon());
  if (doc_->sequenceConfig().task == SequenceTask::Classification)
    text +=
        tr("<br>Y holds integer labels: a <b>classifier</b> (softmax head, cross-entropy loss, accuracy "
           "beside the majority class)");
  if (lo < d.x.steps)
    text += tr("<br>Shorter sequences are padded with NaN steps; the network reads only the valid ones.");
  summary_->setText(text);

  const std::size_t drawn = std::min<std::size_t>(d.features.size(), kMaxDrawnFeatures);
  for (std::size_t f = 0; f < drawn; ++f) {
    auto* line = new QLineSeries;
    line->setName(QString::fromStdString(d.features[f]));
    line->setObjectName("feature:" + QString::fromStdString(d.features[f]));
    line->setColor(kFeatureColours[f % std::size(kFeatureColours)]);
    chart_->addSeries(line);
    line->attachAxis(axis_x_);
    line->attachAxis(axis_y_);
    lines_.push_back(line);
  }
  {
    const QSignalBlocker block(sequence_spin_);
    sequence_spin_->setRange(0, int(d.size()) - 1);
    sequence_spin_->setValue(0);
    sequence_spin_->setSuffix(tr(" of 0–%1").arg(d.size() - 1));
  }
  {
    const QSignalBlocker block(target_combo_);
    for (const std::string& t : d.targets) target_combo_->addItem(QString::fromStdString(t));
    target_combo_->setCurrentIndex(0);
    show_names_elided(target_combo_);
  }
  refreshSplit();
  refreshSequenceChart();
  refreshHistogram();
}

void SequenceDataPage::splitEdited() {
  SequenceConfig c = doc_->sequenceConfig();
  c.split.train = train_spin_->value();
  c.split.validation = validation_spin_->value();
  c.split.test = std::max(0.0, 1.0 - c.split.train - c.split.validation);
  c.shuffle_split = shuffle_->isChecked();
  c.split_seed = std::uint64_t(seed_->value());
  doc_->setSequenceConfig(c);
}

void SequenceDataPage::refreshSplit() {
  const SequenceConfig& c = doc_->sequenceConfig();
  {
    const QSignalBlocker b1(train_spin_), b2(validation_spin_), b3(shuffle_), b4(seed_);
    train_spin_->setValue(c.split.train);
    validation_spin_->setValue(c.split.validation);
    shuffle_->setChecked(c.shuffle_split);
    seed_->setValue(int(c.split_seed));
    seed_->setEnabled(c.shuffle_split);
  }
  test_label_->setText(QString::number(std::max(0.0, 1.0 - c.split.train - c.split.validation), 'f', 2));
  if (!doc_->hasSequences()) {
    counts_->clear();
    banner_->hide();
    return;
  }
  const auto& plan = doc_->sequencePlan();
  if (plan.split) {
    counts_->setText(tr("%1 training · %2 validation · %3 test sequences")
                         .arg(plan.split->train.size())
                         .arg(plan.split->validation.size())
                         .arg(plan.split->test.size()));
  } else {
    counts_->setText(tr("(no split)"));
  }
  banner_->setText(plan.error);
  banner_->setVisible(!plan.error.isEmpty());
}

void SequenceDataPage::refreshSequenceChart() {
  if (!doc_->hasSequences()) return;
  const SequenceDataset& d = doc_->sequences();
  const std::size_t i = std::size_t(std::clamp<Index>(sequence_spin_->value(), 0, d.size() - 1));
  const ValidSpan span = d.spans[i];
  // Only the valid steps become points: the padding steps before and after are absent, not zero.
  std::vector<double> values;
  for (std::size_t f = 0; f < lines_.size(); ++f) {
    QList<QPointF> points;
    points.reserve(qsizetype(span.length));
    for (Index t = span.first; t < span.first + span.length; ++t) {
      const double v = d.x(Index(i), t, Index(f));
      points << QPointF(double(t), v);
      values.push_back(v);
    }
    lines_[f]->replace(points);
  }
  set_row_axis(axis_x_, std::size_t(d.x.steps));
  set_value_axis(axis_y_, values);
  const double y0 = axis_y_->min(), y1 = axis_y_->max();
  set_band(padding_before_, -0.5, double(span.first) - 0.5, y0, y1);
  set_band(padding_after_, double(span.first + span.length) - 0.5, double(d.x.steps) - 0.5, y0, y1);
  padding_before_->setVisible(span.first > 0);
  padding_after_->setVisible(span.first + span.length < d.x.steps);
  // One legend entry for both bands (the legend remakes its markers as series come and go).
  for (QLegendMarker* m : chart_->legend()->markers(padding_after_)) m->setVisible(false);
  for (QLegendMarker* m : chart_->legend()->markers(padding_before_)) m->setVisible(true);

  QStringList targets;
  for (Index k = 0; k < d.y.features && k < 6; ++k)
    targets << QString("%1 = %2")
                   .arg(QString::fromStdString(d.targets[std::size_t(k)]))
                   .arg(d.y(Index(i), 0, k), 0, 'g', 5);
  const auto& plan = doc_->sequencePlan();
  QString info = tr("valid steps %1 to %2 (%3 of %4)")
                     .arg(span.first)
                     .arg(span.first + span.length - 1)
                     .arg(span.length)
                     .arg(d.x.steps);
  if (plan.split) info += tr(" · %1 split").arg(split_name(*plan.split, i));
  info += " · " + targets.join(", ");
  if (d.features.size() > lines_.size()) info += tr(" · the first %1 features drawn").arg(lines_.size());
  sequence_info_->setText(info);
  chart_->setTitle(tr("Sequence %1").arg(i));
}

void SequenceDataPage::refreshHistogram() {
  if (!doc_->hasSequences() || target_combo_->currentIndex() < 0) return;
  const SequenceDataset& d = doc_->sequences();
  const Index k = target_combo_->currentIndex();
  std::vector<double> values;
  for (Index n = 0; n < d.y.batch; ++n)
    for (Index h = 0; h < d.y.steps; ++h) values.push_back(d.y(n, h, k));
  histogram_->setValues(values, target_combo_->currentText());
}

}  // namespace rnnwb::ui
