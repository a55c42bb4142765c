#include "ui/pages/class_metrics_table.hpp"

#include <QHeaderView>
#include <QStringList>

#include "ui/charts/split_colours.hpp"
#include "ui/pages/metrics_table.hpp"
#include "ui/pages/split_rows_table.hpp"

namespace rnnwb::ui {

namespace {

struct ClassColumn {
  const char* header;
  const char* tip;
  double ClassMetrics::*value;
  bool higher_is_better;
};

const ClassColumn kColumns[] = {
    {"Accuracy", "Share of the sequences whose most probable class is the actual one", &ClassMetrics::accuracy, true},
    {"Macro F1", "F1 of each class, averaged with every class weighing the same (rare classes count fully)",
     &ClassMetrics::macro_f1, true},
    {"Log loss", "Mean of −log p(actual class): how sure the model is of the right answer; lower is better",
     &ClassMetrics::log_loss, false},
};
constexpr int kFirstMetric = 2;
const Split kSplits[] = {Split::Train, Split::Validation, Split::Test};
const char* const kBaseline = "majority";

}  // namespace

QString class_baseline_verdict(const Evaluation& e) {
  auto base = e.class_baselines.find(kBaseline);
  if (e.classes.empty() || base == e.class_baselines.end()) return {};
  QStringList worse_on;
  for (Split s : kSplits) {
    auto m = e.classes.find(s);
    auto b = base->second.find(s);
    if (m == e.classes.end() || b == base->second.end()) continue;
    if (m->second.accuracy < b->second.accuracy)
      worse_on << QObject::tr("%1 (accuracy %2 against %3)")
                      .arg(split_label(s), format_metric(m->second.accuracy), format_metric(b->second.accuracy));
  }
  if (!worse_on.isEmpty())
    return QObject::tr(
               "The model is WORSE than the majority baseline (always the most frequent training class) on: %1.")
        .arg(worse_on.join(", "));
  const Split shown = e.classes.count(Split::Test) ? Split::Test : e.classes.begin()->first;
  return QObject::tr(
             "The model is at least as accurate as the majority baseline on every split (%1 accuracy %2 "
             "against %3).")
      .arg(split_label(shown), format_metric(e.classes.at(shown).accuracy),
           format_metric(base->second.at(shown).accuracy));
}

ClassMetricsTable::ClassMetricsTable(QWidget* parent) : QTableWidget(parent) {
  setObjectName("classMetricsTable");
  setColumnCount(kFirstMetric + int(std::size(kColumns)));
  QStringList headers{tr("Split"), tr("Predictor")};
  for (const ClassColumn& c : kColumns) headers << c.header;
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

void ClassMetricsTable::setEvaluation(const Evaluation& e) {
  setRowCount(0);
  auto base = e.class_baselines.find(kBaseline);
  for (Split s : kSplits) {
    auto m = e.classes.find(s);
    if (m == e.classes.end()) continue;
    const ClassMetrics* b = nullptr;
    if (base != e.class_baselines.end() && base->second.count(s)) b = &base->second.at(s);
    QColor tint = split_point_colour(s);
    tint.setAlpha(40);
    for (int predictor = 0; predictor < (b ? 2 : 1); ++predictor) {
      const int row = rowCount();
      insertRow(row);
      const ClassMetrics& shown = predictor == 0 ? m->second : *b;
      auto* split_item = new QTableWidgetItem(split_label(s));
      split_item->setBackground(tint);
      setItem(row, 0, split_item);
      setItem(row, 1, new QTableWidgetItem(predictor == 0 ? tr("model") : tr("majority baseline")));
      for (int c = 0; c < int(std::size(kColumns)); ++c) {
        const double v = shown.*kColumns[c].value;
        auto* item = new QTableWidgetItem(format_metric(v));
        item->setData(Qt::UserRole, v);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (predictor == 0 && b) {
          const double bv = (*b).*kColumns[c].value;
          const bool worse = kColumns[c].higher_is_better ? v < bv : v > bv;
          if (worse) {
            item->setBackground(QColor(240, 170, 170));
            item->setToolTip(tr("worse than the majority baseline (%1)").arg(format_metric(bv)));
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

int ClassMetricsTable::metricColumn(const QString& metric) const {
  for (int c = 0; c < int(std::size(kColumns)); ++c)
    if (metric == kColumns[c].header) return kFirstMetric + c;
  return -1;
}

int ClassMetricsTable::rowOf(const QString& split, const QString& predictor) const {
  return row_of_pair(this, split, predictor);
}

}  // namespace rnnwb::ui
