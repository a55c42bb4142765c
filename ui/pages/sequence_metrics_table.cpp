#include "ui/pages/sequence_metrics_table.hpp"

#include <QHeaderView>
#include <QStringList>

#include "ui/charts/split_colours.hpp"
#include "ui/pages/metrics_table.hpp"
#include "ui/pages/split_rows_table.hpp"

namespace rnnwb::ui {

namespace {

struct MetricColumn {
  const char* header;
  const char* tip;
  double Metrics::*value;
  bool higher_is_better;
};

const MetricColumn kColumns[] = {
    {"MSE", "Mean squared error, in the target's units squared", &Metrics::mse, false},
    {"RMSE", "Root mean squared error, in the target's units: large errors weigh most", &Metrics::rmse, false},
    {"MAE", "Mean absolute error, in the target's units", &Metrics::mae, false},
    {"R²", "Share of the variance explained: 1 is perfect, 0 is no better than the mean, below 0 is worse",
     &Metrics::r2, true},
    {"MAPE %", "Mean absolute percentage error (sequences whose actual value is 0 are left out)", &Metrics::mape,
     false},
    {"sMAPE %", "Symmetric MAPE: |error| relative to the mean of |actual| and |predicted|, 0 to 200", &Metrics::smape,
     false},
};
constexpr int kFirstMetric = 2;
const Split kSplits[] = {Split::Train, Split::Validation, Split::Test};
const char* const kBaseline = "mean";

bool worse(const MetricColumn& c, double model, double baseline) {
  return c.higher_is_better ? model < baseline : model > baseline;
}

}  // namespace

QString baseline_verdict(const Evaluation& e) {
  auto base = e.baselines.find(kBaseline);
  if (e.model.empty() || base == e.baselines.end()) return {};
  QStringList worse_on;
  for (Split s : kSplits) {
    auto m = e.model.find(s);
    auto b = base->second.find(s);
    if (m == e.model.end() || b == base->second.end()) continue;
    if (m->second.rmse > b->second.rmse)
      worse_on << QObject::tr("%1 (RMSE %2 against %3)")
                      .arg(split_label(s), format_metric(m->second.rmse), format_metric(b->second.rmse));
  }
  if (!worse_on.isEmpty())
    return QObject::tr("The model is WORSE than the mean baseline (always predicting the training mean) on: %1.")
        .arg(worse_on.join(", "));
  const Split shown = e.model.count(Split::Test) ? Split::Test : e.model.begin()->first;
  return QObject::tr("The model beats the mean baseline on every split (%1 RMSE %2 against %3).")
      .arg(split_label(shown), format_metric(e.model.at(shown).rmse), format_metric(base->second.at(shown).rmse));
}

SequenceMetricsTable::SequenceMetricsTable(QWidget* parent) : QTableWidget(parent) {
  setObjectName("sequenceMetricsTable");
  setColumnCount(kFirstMetric + int(std::size(kColumns)));
  QStringList headers{tr("Split"), tr("Predictor")};
  for (const MetricColumn& c : kColumns) headers << c.header;
  setHorizontalHeaderLabels(headers);
  for (int i = 0; i < int(std::size(kColumns)); ++i)
    horizontalHeaderItem(kFirstMetric + i)->setToolTip(tr(kColumns[i].tip));
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionMode(QAbstractItemView::NoSelection);
  verticalHeader()->setVisible(false);
  horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
}

void SequenceMetricsTable::setEvaluation(const Evaluation& e) {
  setRowCount(0);
  verdict_ = baseline_verdict(e);
  auto base = e.baselines.find(kBaseline);
  for (Split s : kSplits) {
    auto m = e.model.find(s);
    if (m == e.model.end()) continue;
    const Metrics* b = nullptr;
    if (base != e.baselines.end() && base->second.count(s)) b = &base->second.at(s);
    QColor tint = split_point_colour(s);
    tint.setAlpha(40);
    for (int predictor = 0; predictor < (b ? 2 : 1); ++predictor) {
      const int row = rowCount();
      insertRow(row);
      const Metrics& shown = predictor == 0 ? m->second : *b;
      auto* split_item = new QTableWidgetItem(split_label(s));
      split_item->setBackground(tint);
      setItem(row, 0, split_item);
      setItem(row, 1, new QTableWidgetItem(predictor == 0 ? tr("model") : tr("mean baseline")));
      for (int c = 0; c < int(std::size(kColumns)); ++c) {
        const double v = shown.*kColumns[c].value;
        auto* item = new QTableWidgetItem(format_metric(v));
        item->setData(Qt::UserRole, v);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (predictor == 0 && b) {
          const double bv = (*b).*kColumns[c].value;
          if (worse(kColumns[c], v, bv)) {
            item->setBackground(QColor(240, 170, 170));
            item->setToolTip(tr("worse than the mean baseline (%1)").arg(format_metric(bv)));
          } else {
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
          }
        } else if (predictor == 1) {
          item->setForeground(QColor(90, 90, 90));
        }
        setItem(row, kFirstMetric + c, item);
      }
    }
  }
  show_every_row(this);
}

int SequenceMetricsTable::metricColumn(const QString& metric) const {
  for (int c = 0; c < int(std::size(kColumns)); ++c)
    if (metric == kColumns[c].header) return kFirstMetric + c;
  return -1;
}

int SequenceMetricsTable::rowOf(const QString& split, const QString& predictor) const {
  return row_of_pair(this, split, predictor);
}

}  // namespace rnnwb::ui
