#include "ui/pages/sequence_normalise_page.hpp"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

struct ScalerChoice {
  Scaler scaler;
  const char* label;
};
const ScalerChoice kScalers[] = {
    {Scaler::Standard, "standard (mean 0, std 1: the recipe's StandardScaler)"},
    {Scaler::MinMax, "minmax (to 0..1)"},
    {Scaler::Robust, "robust (median 0, IQR 1)"},
    {Scaler::None, "none (as in the file)"},
};

// Count, mean, population std, min and max of the finite values.
struct Stats {
  std::size_t n = 0;
  double mean = NAN, std = NAN, min = NAN, max = NAN;
};
Stats stats_of(const std::vector<double>& v) {
  Stats s;
  double sum = 0.0;
  for (double x : v) {
    if (!std::isfinite(x)) continue;
    if (s.n == 0) s.min = s.max = x;
    s.min = std::min(s.min, x);
    s.max = std::max(s.max, x);
    sum += x;
    ++s.n;
  }
  if (s.n == 0) return s;
  s.mean = sum / double(s.n);
  double ss = 0.0;
  for (double x : v)
    if (std::isfinite(x)) ss += (x - s.mean) * (x - s.mean);
  s.std = std::sqrt(ss / double(s.n));
  return s;
}

QComboBox* scaler_combo(const char* name, const QString& tip) {
  auto* c = new QComboBox;
  c->setObjectName(name);
  c->setToolTip(tip);
  for (const ScalerChoice& s : kScalers) c->addItem(QObject::tr(s.label), int(s.scaler));
  return c;
}

QTableWidget* stats_table(const char* name, const QString& first) {
  auto* t = new QTableWidget(0, 8);
  t->setObjectName(name);
  t->setHorizontalHeaderLabels({first, QObject::tr("values"), QObject::tr("mean"), QObject::tr("std"),
                                QObject::tr("min"), QObject::tr("max"), QObject::tr("offset"), QObject::tr("scale")});
  t->setEditTriggers(QAbstractItemView::NoEditTriggers);
  t->verticalHeader()->hide();
  t->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  t->setToolTip(QObject::tr("Statistics over the training sequences only; scaled = (value - offset) / scale"));
  return t;
}

void fill_row(QTableWidget* t, int row, const QString& name, const Stats& s, const ColumnTransform& c) {
  const auto num = [](double v) { return std::isfinite(v) ? QString::number(v, 'g', 6) : QStringLiteral("–"); };
  const QStringList cells = {name,       QString::number(s.n), num(s.mean),   num(s.std),
                             num(s.min), num(s.max),           num(c.offset), num(c.scale)};
  for (int col = 0; col < cells.size(); ++col) {
    auto* item = new QTableWidgetItem(cells[col]);
    if (col > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    t->setItem(row, col, item);
  }
}

}  // namespace

SequenceNormalisePage::SequenceNormalisePage(WorkbenchDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  setObjectName("sequenceNormalisePage");
  feature_scaler_ =
      scaler_combo("featureScalerCombo", tr("How each feature is scaled: fitted over every valid step of the training "
                                            "sequences pooled (the padding is left out)"));
  target_scaler_ = scaler_combo("targetScalerCombo",
                                tr("How each target column is scaled: fitted over the training targets; predictions "
                                   "are shown in original units"));
  connect(feature_scaler_, &QComboBox::currentIndexChanged, this, &SequenceNormalisePage::scalerChosen);
  connect(target_scaler_, &QComboBox::currentIndexChanged, this, &SequenceNormalisePage::scalerChosen);
  note_ = new QLabel;
  note_->setObjectName("scalingNote");
  note_->setWordWrap(true);
  warnings_ = new QLabel;
  warnings_->setObjectName("scalingWarnings");
  warnings_->setWordWrap(true);
  warnings_->setStyleSheet("color: #8a5a00;");
  features_ = stats_table("featureStatsTable", tr("feature"));
  targets_ = stats_table("targetStatsTable", tr("target"));

  auto* choose = new QGroupBox(tr("Scalers (fitted on the training sequences only)"));
  auto* form = new QFormLayout(choose);
  form->addRow(tr("Features"), feature_scaler_);
  form->addRow(tr("Targets"), target_scaler_);
  form->addRow(note_);
  auto* fbox = new QGroupBox(tr("Features over the training sequences' valid steps"));
  (new QVBoxLayout(fbox))->addWidget(features_);
  auto* tbox = new QGroupBox(tr("Targets over the training sequences"));
  (new QVBoxLayout(tbox))->addWidget(targets_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(choose);
  layout->addWidget(fbox, 3);
  layout->addWidget(tbox, 2);
  // Warnings go last: appearing, they shrink the charts instead of moving the controls under the mouse.
  layout->addWidget(warnings_);

  connect(doc_, &WorkbenchDocument::sequencesChanged, this, &SequenceNormalisePage::refresh);
  connect(doc_, &WorkbenchDocument::sequenceConfigChanged, this, &SequenceNormalisePage::refresh);
  refresh();
}

void SequenceNormalisePage::scalerChosen() {
  SequenceConfig c = doc_->sequenceConfig();
  c.feature_scaler = Scaler(feature_scaler_->currentData().toInt());
  c.target_scaler = Scaler(target_scaler_->currentData().toInt());
  doc_->setSequenceConfig(c);
}

void SequenceNormalisePage::refresh() {
  const SequenceConfig& c = doc_->sequenceConfig();
  {
    const QSignalBlocker b1(feature_scaler_), b2(target_scaler_);
    feature_scaler_->setCurrentIndex(feature_scaler_->findData(int(c.feature_scaler)));
    target_scaler_->setCurrentIndex(target_scaler_->findData(int(c.target_scaler)));
  }
  features_->setRowCount(0);
  targets_->setRowCount(0);
  if (!doc_->hasSequences()) {
    note_->setText(tr("Open a sequence dataset first (File > Open sequence dataset)."));
    warnings_->hide();
    return;
  }
  const SequenceDataset& d = doc_->sequences();
  const auto& plan = doc_->sequencePlan();
  if (!plan.scaling || !plan.split) {
    note_->setText(plan.error);
    warnings_->hide();
    return;
  }
  const std::vector<std::size_t>& train = plan.split->train;
  note_->setText(
      tr("Fitted on the %1 training sequences (%2 valid steps pooled per feature).").arg(train.size()).arg([&] {
        qint64 steps = 0;
        for (std::size_t i : train) steps += d.spans[i].length;
        return steps;
      }()));
  warnings_->setText(plan.warnings.join("\n"));
  warnings_->setVisible(!plan.warnings.isEmpty());
  features_->setRowCount(int(d.x.features));
  for (Index f = 0; f < d.x.features; ++f) {
    std::vector<double> v;
    for (std::size_t i : train)
      for (Index t = d.spans[i].first; t < d.spans[i].first + d.spans[i].length; ++t) v.push_back(d.x(Index(i), t, f));
    fill_row(features_, int(f), QString::fromStdString(d.features[std::size_t(f)]), stats_of(v),
             plan.scaling->features[std::size_t(f)]);
  }
  // One scaler per target column, over all its horizon steps pooled (as fit_sequence_scaling).
  targets_->setRowCount(int(d.y.features));
  for (Index k = 0; k < d.y.features; ++k) {
    std::vector<double> v;
    for (std::size_t i : train)
      for (Index h = 0; h < d.y.steps; ++h) v.push_back(d.y(Index(i), h, k));
    fill_row(targets_, int(k), QString::fromStdString(d.targets[std::size_t(k)]), stats_of(v),
             plan.scaling->targets[std::size_t(k)]);
  }
}

}  // namespace rnnwb::ui
