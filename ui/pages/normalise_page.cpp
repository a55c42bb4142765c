#include "ui/pages/normalise_page.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineSeries>
#include <QPen>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "engine/data/pipeline.hpp"
#include "engine/data/transforms.hpp"
#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/charts/time_ticks_axis.hpp"
#include "ui/column_names.hpp"
#include "ui/pages/band_series.hpp"
#include "ui/pages/gui_wording.hpp"
#include "ui/pages/series_stats_model.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

enum Col { kName, kRole, kLog, kDiff, kScaler, kOffset, kScale, kColumns };
enum Edit { kEditLog, kEditDiff, kEditScaler };

struct ScalerInfo {
  Scaler scaler;
  const char* name;
  const char* help;
};

const ScalerInfo kScalers[] = {
    {Scaler::None, "none", "No scaling: offset 0, scale 1"},
    {Scaler::Standard, "standard", "(x - mean) / standard deviation of the training rows (default)"},
    {Scaler::MinMax, "minmax", "(x - min) / (max - min) of the training rows: training values fall in [0, 1]"},
    {Scaler::Robust, "robust", "(x - median) / interquartile range of the training rows: outliers matter less"},
};

QString number(double v) { return QString::number(v, 'g', 6); }

QLabel* wrapped_label(const QString& text = {}) {
  auto* label = new QLabel(text);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

}  // namespace

NormalisePage::NormalisePage(WorkbenchDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  auto* explanation = wrapped_label(
      tr("Each column goes through log (optional) → differencing (optional) → (x − offset) / scale before the model "
         "sees it. Statistics are fitted on training rows only, so no information leaks from validation or test."));
  explanation->setObjectName("normaliseExplanation");

  banner_ = wrapped_label();
  banner_->setObjectName("normaliseError");
  banner_->setStyleSheet(
      "QLabel { background: #fde2e1; color: #8a1f11; border: 1px solid #e0a19b; border-radius: 4px; padding: 6px; }");
  banner_->hide();
  warnings_ = wrapped_label();
  warnings_->setObjectName("rangeWarnings");
  warnings_->setStyleSheet(
      "QLabel { background: #fff4d6; color: #6b4a00; border: 1px solid #e6c66e; border-radius: 4px; padding: 6px; }");
  warnings_->hide();
  fitted_on_ = wrapped_label();
  fitted_on_->setObjectName("fittedOnLabel");

  table_ = new QTableWidget(0, kColumns);
  table_->setObjectName("transformTable");
  table_->setHorizontalHeaderLabels(
      {tr("Column"), tr("Role"), tr("Log"), tr("Diff lag"), tr("Scaler"), tr("Fitted offset"), tr("Fitted scale")});
  const QString header_tips[kColumns] = {
      tr("A column the model uses"),
      tr("Target: predicted; feature: read in each window"),
      tr("Take the natural log first (values must be > 0); good for growing series. Default: off"),
      tr("Model x[t] − x[t − lag] instead of x[t]: 1 removes a trend, the season length a seasonal pattern; 0 = off "
         "(default). Must be smaller than the window"),
      tr("How the values are scaled with statistics of the training rows. Default: standard"),
      tr("Subtracted after log and differencing: mean (standard), min (minmax) or median (robust); fitted on the "
         "training rows"),
      tr("Divides afterwards: standard deviation, max − min or interquartile range; fitted on the training rows"),
  };
  for (int c = 0; c < kColumns; ++c) table_->horizontalHeaderItem(c)->setToolTip(header_tips[c]);
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setToolTip(tr("Select a row to preview that column below"));
  connect(table_, &QTableWidget::currentCellChanged, this, [this] { refreshPreview(); });

  scale_per_combo_ = new QComboBox;
  scale_per_combo_->setObjectName("scalePerCombo");
  scale_per_combo_->addItem(tr("global: one offset and scale per column, all series pooled"), int(ScalePer::Global));
  scale_per_combo_->addItem(tr("per series: each series fitted on its own training rows"), int(ScalePer::Series));
  scale_per_combo_->setToolTip(
      tr("Global (default): the statistics of each column are fitted on the training rows of all series together. "
         "Per series: each series gets its own, so series of very different size look alike to the model (not "
         "with split by series: a held-out series has no training rows)."));
  connect(scale_per_combo_, &QComboBox::activated, this,
          [this] { doc_->setScalePer(ScalePer(scale_per_combo_->currentData().toInt())); });
  scale_per_note_ = wrapped_label();
  scale_per_note_->setObjectName("scalePerNote");
  series_stats_ = new SeriesStatsModel(this);
  series_stats_view_ = new QTableView;
  series_stats_view_->setObjectName("seriesStatsTable");
  series_stats_view_->setModel(series_stats_);
  series_stats_view_->verticalHeader()->hide();
  series_stats_view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  series_stats_view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  series_stats_view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  series_stats_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  series_stats_view_->setToolTip(tr("Offset and scale fitted on each series' own training rows"));
  series_stats_view_->setSelectionMode(QAbstractItemView::SingleSelection);
  series_stats_view_->hide();
  connect(series_stats_view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this] { refreshPreview(); });
  auto* scale_row = new QHBoxLayout;
  scale_row->addWidget(new QLabel(tr("Scale per:")));
  scale_row->addWidget(scale_per_combo_);
  scale_row->addWidget(scale_per_note_, 1);

  preview_label_ = wrapped_label();
  preview_label_->setObjectName("previewLabel");
  before_ = makePreview("beforeChart");
  after_ = makePreview("afterChart");

  auto* charts = new QHBoxLayout;
  charts->addWidget(before_.view);
  charts->addWidget(after_.view);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(explanation);
  layout->addWidget(fitted_on_);
  layout->addLayout(scale_row);
  layout->addWidget(table_);
  layout->addWidget(series_stats_view_);
  layout->addWidget(preview_label_);
  layout->addLayout(charts, 1);
  // Warnings go last: appearing, they shrink the charts instead of moving the controls under the mouse.
  layout->addWidget(banner_);
  layout->addWidget(warnings_);

  connect(doc_, &WorkbenchDocument::dataChanged, this, &NormalisePage::rebuildRows);
  connect(doc_, &WorkbenchDocument::rolesChanged, this, &NormalisePage::rebuildRows);
  connect(doc_, &WorkbenchDocument::pipelineChanged, this, &NormalisePage::refreshValues);
  rebuildRows();
}

NormalisePage::Preview NormalisePage::makePreview(const char* object_name) {
  Preview p;
  p.chart = new QChart;
  p.x = new QValueAxis;
  p.y = new QValueAxis;
  p.chart->addAxis(p.x, Qt::AlignBottom);
  p.chart->addAxis(p.y, Qt::AlignLeft);
  p.train = add_band(p.chart, tr("training rows (statistics fitted here)"), QColor(31, 119, 180, 45));
  p.line = new QLineSeries;
  QPen pen(QColor(20, 40, 80));
  pen.setWidthF(1.4);
  p.line->setPen(pen);
  p.chart->addSeries(p.line);
  for (QAbstractSeries* s : p.chart->series()) {
    s->attachAxis(p.x);
    s->attachAxis(p.y);
  }
  p.chart->legend()->setAlignment(Qt::AlignBottom);
  p.chart->setMargins(QMargins(4, 4, 4, 4));
  p.time = new TimeTicksAxis(p.chart, p.x, QString(object_name) + "TimeAxis");
  p.view = new ChartView(p.chart);
  p.view->setObjectName(object_name);
  p.view->setMinimumHeight(220);
  return p;
}

void NormalisePage::showPreview(Preview& p, const QString& name, std::vector<double> ys, const QString& title,
                                const QString& y_title, std::size_t train_end) {
  std::vector<double> xs(ys.size());
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = double(i);
  p.chart->setTitle(title);
  p.line->setName(elided_name(name));
  p.y->setTitleText(y_title);
  const QString time = doc_->timeColumn();
  const QString rows = doc_->isPanel() ? tr("Row within the series") : tr("Row index");
  p.x->setTitleText(time.isEmpty() ? rows : tr("%1 (time column %2)").arg(rows, time));
  set_row_axis(p.x, xs.size());
  set_value_axis(p.y, ys);
  set_band(p.train, -0.5, double(train_end) - 0.5, p.y->min(), p.y->max());
  p.train->setVisible(!ys.empty());
  p.view->setDecimated(p.line, std::move(xs), std::move(ys));
  p.view->redecimate();
}

QStringList NormalisePage::usedColumns() const {
  if (!doc_->hasData()) return {};
  QStringList used = doc_->targets();
  for (const QString& f : doc_->features())
    if (!used.contains(f)) used << f;
  return used;
}

void NormalisePage::rebuildRows() {
  const QStringList used = usedColumns();
  const QStringList targets = doc_->targets(), features = doc_->features();
  if (used != columns_) {
    columns_ = used;
    const QSignalBlocker block(table_);
    table_->setRowCount(0);
    table_->setRowCount(int(used.size()));
    for (int r = 0; r < used.size(); ++r) {
      const QString& name = used[r];
      auto* name_item = new QTableWidgetItem(elided_name(name));
      name_item->setToolTip(name);
      table_->setItem(r, kName, name_item);

      auto* log = new QCheckBox(tr("log"));
      log->setObjectName("log:" + name);
      log->setToolTip(tr("Take the natural log of %1 first (values must be > 0). Default: off").arg(name));
      connect(log, &QCheckBox::toggled, this, [this, name](bool on) { editTransform(name, kEditLog, on); });
      table_->setCellWidget(r, kLog, log);

      auto* diff = new QSpinBox;
      diff->setObjectName("diff:" + name);
      diff->setRange(0, 100000);
      diff->setSpecialValueText(tr("off"));
      diff->setToolTip(tr("Differencing lag of %1: the model sees x[t] − x[t − lag]; 0 = off (default). Must be "
                          "smaller than the window")
                           .arg(name));
      connect(diff, &QSpinBox::valueChanged, this, [this, name](int lag) { editTransform(name, kEditDiff, lag); });
      table_->setCellWidget(r, kDiff, diff);

      auto* scaler = new QComboBox;
      scaler->setObjectName("scaler:" + name);
      for (const ScalerInfo& s : kScalers) {
        scaler->addItem(s.name, int(s.scaler));
        scaler->setItemData(scaler->count() - 1, tr(s.help), Qt::ToolTipRole);
      }
      scaler->setToolTip(tr("How %1 is scaled, with statistics of the training rows. Default: standard").arg(name));
      connect(scaler, &QComboBox::currentIndexChanged, this,
              [this, name, scaler] { editTransform(name, kEditScaler, scaler->currentData().toInt()); });
      table_->setCellWidget(r, kScaler, scaler);

      for (int c : {kRole, kOffset, kScale}) table_->setItem(r, c, new QTableWidgetItem);
    }
    if (!used.isEmpty()) table_->setCurrentCell(0, kName);
    // As tall as its rows (up to eight), so the previews get the rest of the page.
    const int shown = std::clamp(int(used.size()), 1, 8);
    table_->setFixedHeight(table_->horizontalHeader()->sizeHint().height() +
                           shown * table_->verticalHeader()->defaultSectionSize() + 2 * table_->frameWidth() + 2);
  }
  for (int r = 0; r < used.size(); ++r) {
    const bool target = targets.contains(used[r]), feature = features.contains(used[r]);
    table_->item(r, kRole)->setText(target && feature ? tr("target + feature") : target ? tr("target") : tr("feature"));
  }
  refreshValues();
}

void NormalisePage::editTransform(const QString& column, int what, int value) {
  ColumnTransform t = doc_->columnTransform(column);
  switch (what) {
    case kEditLog:
      t.log = value != 0;
      break;
    case kEditDiff:
      t.diff_lag = value;
      break;
    case kEditScaler:
      t.scaler = Scaler(value);
      break;
  }
  doc_->setColumnTransform(column, t);
}

void NormalisePage::refreshValues() {
  const auto& fitted = doc_->fitted();
  for (int r = 0; r < columns_.size(); ++r) {
    const QString& name = columns_[r];
    const ColumnTransform t = doc_->columnTransform(name);
    auto* log = qobject_cast<QCheckBox*>(table_->cellWidget(r, kLog));
    auto* diff = qobject_cast<QSpinBox*>(table_->cellWidget(r, kDiff));
    auto* scaler = qobject_cast<QComboBox*>(table_->cellWidget(r, kScaler));
    {
      const QSignalBlocker b1(log), b2(diff), b3(scaler);
      log->setChecked(t.log);
      diff->setValue(t.diff_lag);
      scaler->setCurrentIndex(scaler->findData(int(t.scaler)));
    }
    const auto it = fitted.pipeline ? fitted.pipeline->transforms.find(name.toStdString())
                                    : std::map<std::string, ColumnTransform>::const_iterator{};
    const bool known = fitted.pipeline && it != fitted.pipeline->transforms.end();
    table_->item(r, kOffset)->setText(known ? number(it->second.offset) : tr("—"));
    table_->item(r, kScale)->setText(known ? number(it->second.scale) : tr("—"));
    const QString why = known ? QString() : tr("Not fitted: see the message at the top of the page");
    table_->item(r, kOffset)->setToolTip(why);
    table_->item(r, kScale)->setToolTip(why);
  }

  const bool has = doc_->hasData();
  const auto& prepared = doc_->prepared();
  const std::size_t rows = prepared.series ? prepared.series->rows() : has ? doc_->table().series.rows() : 0;
  const SplitBounds b = split_bounds(rows, doc_->pipelineConfig().split);
  if (has && doc_->isPanel()) {
    fitted_on_->setText(doc_->pipelineConfig().split_by == SplitBy::Time
                            ? tr("Offset and scale are fitted on the training rows of each series (the first %1 of "
                                 "its own rows); validation and test rows are transformed with them.")
                                  .arg(doc_->pipelineConfig().split.train, 0, 'f', 2)
                            : tr("Offset and scale are fitted on the rows of the training series; the validation and "
                                 "test series are transformed with them."));
  } else
    fitted_on_->setText(has ? tr("Offset and scale are fitted on the first %1 training rows (of %2); validation and "
                                 "test rows are transformed with them.")
                                  .arg(b.train_end)
                                  .arg(rows)
                            : tr("No data yet: open a CSV file or a sample first (File > Open, File > Samples)."));

  const QString error = has ? capitalised(fitted.error) : QString();
  banner_->setVisible(!error.isEmpty());
  banner_->setText(tr("<b>The transforms cannot be fitted:</b> %1").arg(error.toHtmlEscaped()));

  QStringList items;
  for (const QString& w : fitted.warnings) items << "<li>" + w.toHtmlEscaped() + "</li>";
  warnings_->setVisible(has && !items.isEmpty());
  warnings_->setText(tr("<b>Values outside the training range</b> (the model extrapolates poorly there):<ul "
                        "style='margin: 0'>%1</ul>")
                         .arg(items.join("")));
  refreshSeriesStats();
  refreshPreview();
}

void NormalisePage::refreshSeriesStats() {
  const bool panel = doc_->isPanel();
  const ScalePer per = doc_->pipelineConfig().scale_per;
  {
    const QSignalBlocker block(scale_per_combo_);
    scale_per_combo_->setCurrentIndex(scale_per_combo_->findData(int(per)));
  }
  scale_per_combo_->setEnabled(panel || per == ScalePer::Series);  // one series: nothing to choose (unless set)
  const auto& fitted = doc_->fitted();
  const bool shown = per == ScalePer::Series && fitted.pipeline;
  if (shown) {
    std::vector<std::string> columns;
    for (const QString& c : columns_) columns.push_back(c.toStdString());
    series_stats_->setPipeline(*fitted.pipeline, columns);
  } else {
    series_stats_->clear();
  }
  series_stats_view_->setVisible(shown);
  // As tall as its rows up to ten (then it scrolls), so the previews keep their room.
  const int rows = std::clamp(series_stats_->rowCount(), 1, 10);
  series_stats_view_->setFixedHeight(series_stats_view_->horizontalHeader()->sizeHint().height() +
                                     rows * series_stats_view_->verticalHeader()->defaultSectionSize() +
                                     2 * series_stats_view_->frameWidth() + 2);
  QString note;
  if (!panel)
    note = tr("The data is one series (choose a series column on the Data page for many).");
  else if (per == ScalePer::Global)
    note = tr("The offset and scale above are fitted on the training rows of all %1 series pooled.")
               .arg(doc_->table().series.series_count());
  else if (shown)
    note = tr("The table below holds each of the %1 trained series' own offset and scale (the columns above show "
              "the pooled ones, for reference).")
               .arg(series_stats_->rowCount());
  scale_per_note_->setText(note);
}

void NormalisePage::refreshPreview() {
  const int row = table_->currentRow();
  if (!doc_->hasData() || row < 0 || row >= columns_.size()) {
    preview_label_->setText(tr("Select a column in the table to preview its transform."));
    showPreview(before_, {}, {}, tr("Raw values"), tr("value"), 0);
    showPreview(after_, {}, {}, tr("What the model sees"), tr("transformed value"), 0);
    for (Preview* p : {&before_, &after_}) p->time->setSeries(nullptr);
    return;
  }
  const QString name = columns_[row];
  const std::string column = name.toStdString();
  const auto& prepared = doc_->prepared();
  const Series& s = prepared.series ? *prepared.series : doc_->table().series;
  const int c = s.find(column);
  // Many series: one series at a time (the one selected in the statistics table, else the first),
  // with its own training rows and, with per-series scaling, its own statistics.
  std::size_t k = 0;
  if (s.is_panel()) {
    const QModelIndex current = series_stats_view_->currentIndex();
    const long found =
        current.isValid() ? s.find_series(series_stats_->index(current.row(), 0).data().toString().toStdString()) : -1;
    if (found >= 0) k = std::size_t(found);
  }
  const std::size_t begin = s.series_begin(k), end = s.series_end(k);
  const std::vector<double> raw = c >= 0 ? std::vector<double>(s.columns[std::size_t(c)].begin() + long(begin),
                                                               s.columns[std::size_t(c)].begin() + long(end))
                                         : std::vector<double>{};
  std::size_t train_end = split_bounds(raw.size(), doc_->pipelineConfig().split).train_end;
  const QString id = s.is_panel() ? QString::fromStdString(s.series_id(k)) : QString();
  if (s.is_panel() && doc_->fitted().pipeline) {
    try {
      const SeriesSplit split = split_series(s, *doc_->fitted().pipeline).at(k);
      train_end = split.bounds.train_end - begin;
    } catch (const std::exception&) {
      // not split: the fractions of the series' rows
    }
  }
  preview_label_->setText(
      s.is_panel()
          ? tr("Preview of %1 in series %2 (select another row or, with per-series scaling, another series to change "
               "it): the raw values and what the model sees, with the training rows shaded.")
                .arg(name, id)
          : tr("Preview of %1 (select another row to change it): the raw values and what the model "
               "sees, with the training rows shaded.")
                .arg(name));
  const QString shown = elided_name(name);  // the charts' titles: a long name must not push them off the edge
  const QString subject = s.is_panel() ? tr("%1 of %2").arg(shown, elided_name(id)) : shown;
  for (Preview* p : {&before_, &after_}) p->time->setSeries(&s, k);  // the rows of series k
  showPreview(before_, name, raw, tr("%1 as loaded").arg(subject), tr("%1 (original units)").arg(shown), train_end);

  const auto& fitted = doc_->fitted();
  const auto it = fitted.pipeline ? fitted.pipeline->transforms.find(column)
                                  : std::map<std::string, ColumnTransform>::const_iterator{};
  if (!fitted.pipeline || it == fitted.pipeline->transforms.end()) {
    showPreview(after_, name, {}, tr("No transformed preview: the transforms cannot be fitted (see the message above)"),
                tr("%1 transformed").arg(shown), 0);
    return;
  }
  ColumnTransform t = it->second;
  if (fitted.pipeline->per_series() && s.is_panel()) {
    const auto own = fitted.pipeline->series_transforms.find(s.series_id(k));
    if (own != fitted.pipeline->series_transforms.end() && own->second.count(column)) t = own->second.at(column);
  }
  std::vector<double> seen;
  try {
    seen = transform_column(raw, t, column);  // the engine's chain, with its check for values <= 0 under log
  } catch (const std::exception& e) {
    showPreview(after_, name, {}, tr("No transformed preview: %1").arg(gui_words(e)), tr("%1 transformed").arg(shown),
                0);
    return;
  }
  const int lag = std::max(0, t.diff_lag);
  QStringList steps;
  if (t.log) steps << tr("log");
  if (lag) steps << tr("diff %1").arg(lag);
  steps << tr("%1 scaler").arg(QString::fromStdString(to_string(t.scaler)));
  showPreview(after_, name, std::move(seen), tr("What the model sees: %1").arg(steps.join(" → ")),
              tr("%1 transformed").arg(shown), train_end);
}

}  // namespace rnnwb::ui
