#include "ui/pages/metrics_table.hpp"

#include <QHeaderView>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace rnnwb::ui {

namespace {

struct MetricColumn {
  const char* header;
  const char* tip;
  double Metrics::*value;
  bool higher_is_better;
};

const MetricColumn kColumns[] = {
    {"RMSE", "Root mean squared error, in the target's units: large errors weigh most", &Metrics::rmse, false},
    {"MAE", "Mean absolute error, in the target's units", &Metrics::mae, false},
    {"MAPE %", "Mean absolute percentage error (rows where the actual value is 0 are left out)", &Metrics::mape, false},
    {"sMAPE %", "Symmetric MAPE: |error| relative to the mean of |actual| and |predicted|, 0 to 200", &Metrics::smape,
     false},
    {"R²", "Share of the variance explained: 1 is perfect, 0 is no better than the mean, below 0 is worse",
     &Metrics::r2, true},
    {"MASE",
     "Mean absolute scaled error: MAE divided by the naive forecast's MAE on the training rows; below 1 "
     "beats it",
     &Metrics::mase, false},
};
constexpr int kFirstMetric = 2;

const Split kSplits[] = {Split::Train, Split::Validation, Split::Test};

QColor split_colour(Split split) {
  if (split == Split::Train) return QColor(31, 119, 180, 45);
  if (split == Split::Validation) return QColor(255, 127, 14, 55);
  return QColor(44, 160, 44, 50);
}

QString predictor_label(const std::string& name) {
  if (name == "model") return QObject::tr("model");
  if (name == "persistence") return QObject::tr("persistence");
  if (name == "seasonal_naive") return QObject::tr("seasonal naive");
  return QString::fromStdString(name);
}

}  // namespace

QString format_metric(double v) {
  if (!std::isfinite(v)) return QStringLiteral("—");
  if (v == 0) return QStringLiteral("0");
  const int magnitude = int(std::floor(std::log10(std::abs(v))));
  return QString::number(v, 'f', std::clamp(3 - magnitude, 0, 8));
}

MetricsTable::MetricsTable(QWidget* parent) : QTableWidget(parent) {
  setObjectName("metricsTable");
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionMode(QAbstractItemView::ContiguousSelection);  // copyable
  verticalHeader()->hide();
  verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  setColumnCount(kFirstMetric + int(std::size(kColumns)));
  auto header_item = [](const QString& text, const QString& tip) {
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(tip);
    return item;
  };
  setHorizontalHeaderItem(0, header_item(tr("Split"), tr("Rows whose predicted values fall in this split")));
  setHorizontalHeaderItem(1, header_item(tr("Predictor"), tr("The trained model, or a baseline on the same rows")));
  for (int c = 0; c < int(std::size(kColumns)); ++c)
    setHorizontalHeaderItem(kFirstMetric + c, header_item(kColumns[c].header, tr(kColumns[c].tip)));
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);  // spare width to the names
  setToolTip(tr("Metrics in original units. Bold: the model beats persistence on that metric for that split."));
}

void MetricsTable::setEvaluation(const Evaluation& e) {
  setRowCount(0);
  QFont bold = font();
  bold.setBold(true);
  for (const Split split : kSplits) {
    const auto model = e.model.find(split);
    if (model == e.model.end()) continue;
    const Metrics* persistence = nullptr;
    if (const auto p = e.baselines.find("persistence"); p != e.baselines.end())
      if (const auto s = p->second.find(split); s != p->second.end()) persistence = &s->second;
    std::vector<std::pair<std::string, const Metrics*>> predictors = {{"model", &model->second}};
    for (const auto& [name, splits] : e.baselines)
      if (const auto s = splits.find(split); s != splits.end()) predictors.push_back({name, &s->second});
    // persistence right below the model, then the seasonal baseline
    std::stable_sort(predictors.begin() + 1, predictors.end(),
                     [](const auto& a, const auto& b) { return a.first == "persistence" && b.first != "persistence"; });
    for (const auto& [name, m] : predictors) {
      const int row = rowCount();
      insertRow(row);
      auto* split_item = new QTableWidgetItem(QString::fromStdString(to_string(split)));
      split_item->setBackground(split_colour(split));
      split_item->setToolTip(tr("%1 values compared").arg(m->count));
      setItem(row, 0, split_item);
      auto* who = new QTableWidgetItem(predictor_label(name));
      if (name == "model") who->setFont(bold);
      setItem(row, 1, who);
      for (int c = 0; c < int(std::size(kColumns)); ++c) {
        const MetricColumn& col = kColumns[c];
        const double v = m->*col.value;
        auto* item = new QTableWidgetItem(format_metric(v));
        item->setData(Qt::UserRole, v);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (name == "model" && persistence) {
          const double base = persistence->*col.value;
          const bool better = std::isfinite(v) && std::isfinite(base) && (col.higher_is_better ? v > base : v < base);
          if (better) {
            item->setFont(bold);
            item->setForeground(QColor(20, 110, 40));
          }
          item->setToolTip(better ? tr("%1 = %2, better than persistence (%3)").arg(col.header).arg(v).arg(base)
                                  : tr("%1 = %2, not better than persistence (%3)").arg(col.header).arg(v).arg(base));
        } else {
          item->setToolTip(tr("%1 = %2").arg(col.header).arg(v));
        }
        if (std::string(col.header) == "MAPE %" && m->mape_skipped > 0)
          item->setToolTip(item->toolTip() + tr(" (%1 zero actual values left out)").arg(m->mape_skipped));
        setItem(row, kFirstMetric + c, item);
      }
    }
  }
}

int MetricsTable::metricColumn(const QString& metric) const {
  for (int c = 0; c < columnCount(); ++c)
    if (horizontalHeaderItem(c)->text() == metric) return c;
  return -1;
}

int MetricsTable::rowOf(const QString& split, const QString& predictor) const {
  for (int r = 0; r < rowCount(); ++r)
    if (item(r, 0)->text() == split && item(r, 1)->text().startsWith(predictor)) return r;
  return -1;
}

namespace {

struct SeriesColumn {
  const char* header;
  const char* tip;
  Split split;
  const char* predictor;  // "model" or a baseline's name
  double Metrics::*value;
};

const SeriesColumn kSeriesColumns[] = {
    {"Test\nRMSE", "Root mean squared error on the series' test rows, in its units", Split::Test, "model",
     &Metrics::rmse},
    {"Test\nMAE", "Mean absolute error on the series' test rows", Split::Test, "model", &Metrics::mae},
    {"Test\nMASE", "Test MAE over the naive forecast's MAE on the series' own training rows; below 1 beats it",
     Split::Test, "model", &Metrics::mase},
    {"Test\nR²", "Share of the test variance explained", Split::Test, "model", &Metrics::r2},
    {"Persistence\nRMSE", "Test RMSE of persistence (the last known value as the prediction) on the same test rows",
     Split::Test, "persistence", &Metrics::rmse},
    {"Validation\nRMSE", "Root mean squared error on the series' validation rows", Split::Validation, "model",
     &Metrics::rmse},
    {"Train\nRMSE", "Root mean squared error on the series' training rows", Split::Train, "model", &Metrics::rmse},
};

}  // namespace

SeriesMetricsModel::SeriesMetricsModel(QObject* parent) : QAbstractTableModel(parent) {}

void SeriesMetricsModel::setEvaluation(const Evaluation& e) {
  beginResetModel();
  ids_.clear();
  values_.clear();
  for (std::size_t s = 0; s < e.series.size() && s < e.series_ids.size(); ++s) {
    const Evaluation& one = e.series[s];
    std::vector<double> row;
    for (const SeriesColumn& c : kSeriesColumns) {
      double v = NAN;
      const std::map<Split, Metrics>* splits = nullptr;
      if (std::string(c.predictor) == "model") {
        splits = &one.model;
      } else if (const auto b = one.baselines.find(c.predictor); b != one.baselines.end()) {
        splits = &b->second;
      }
      if (splits)
        if (const auto m = splits->find(c.split); m != splits->end()) v = m->second.*c.value;
      row.push_back(v);
    }
    ids_.push_back(QString::fromStdString(e.series_ids[s]));
    values_.push_back(std::move(row));
  }
  endResetModel();
}

int SeriesMetricsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(ids_.size()); }

int SeriesMetricsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : 1 + int(std::size(kSeriesColumns));
}

QVariant SeriesMetricsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= int(ids_.size())) return {};
  const std::size_t r = std::size_t(index.row());
  if (index.column() == 0) return role == Qt::DisplayRole || role == Qt::UserRole ? QVariant(ids_[r]) : QVariant();
  const double v = values_[r][std::size_t(index.column() - 1)];
  switch (role) {
    case Qt::DisplayRole:
      return format_metric(v);
    case Qt::UserRole:
      // Not finite (no rows in that split) sorts below every number.
      return std::isfinite(v) ? v : -std::numeric_limits<double>::infinity();
    case Qt::TextAlignmentRole:
      return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
      return QStringLiteral("%1 %2 = %3")
          .arg(ids_[r], QString(kSeriesColumns[index.column() - 1].header).replace('\n', ' '))
          .arg(v);
  }
  return {};
}

QVariant SeriesMetricsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
  if (role == Qt::DisplayRole) return section == 0 ? tr("Series") : tr(kSeriesColumns[section - 1].header);
  if (role == Qt::ToolTipRole && section > 0) return tr(kSeriesColumns[section - 1].tip);
  return {};
}

int SeriesMetricsModel::columnOf(const QString& header) const {
  for (int c = 0; c < columnCount(); ++c)
    if (headerData(c, Qt::Horizontal).toString().replace('\n', ' ') == header) return c;
  return -1;
}

}  // namespace rnnwb::ui
