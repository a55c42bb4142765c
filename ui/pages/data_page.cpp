#include "ui/pages/data_page.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "engine/data/pipeline.hpp"
#include "ui/charts/chart_axes.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/charts/time_ticks_axis.hpp"
#include "ui/column_names.hpp"
#include "ui/pages/band_series.hpp"
#include "ui/pages/csv_reading_box.hpp"
#include "ui/pages/csv_table_model.hpp"
#include "ui/pages/gui_wording.hpp"
#include "ui/pages/series_list_model.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

struct PolicyInfo {
  MissingPolicy policy;
  const char* name;
  const char* help;
};

const PolicyInfo kPolicies[] = {
    {MissingPolicy::Error, "error", "Stop and list the missing cells, so nothing is filled in silently (default)."},
    {MissingPolicy::Interpolate, "interpolate",
     "Fill each gap with a straight line between the known values on either side."},
    {MissingPolicy::FFill, "ffill", "Forward fill: repeat the last known value into each gap."},
    {MissingPolicy::Drop, "drop", "Remove every row with a missing cell in a used column (the rows after it move up)."},
};

// At most this many selected series are overlaid in the chart (more would be a tangle).
constexpr std::size_t kMaxOverlaid = 8;
const char* const kWideItem = "\x01wide";  // the series combo's item for columns taken as series

const QColor kOverlayColours[] = {{214, 39, 40}, {44, 160, 44},   {255, 127, 14}, {148, 103, 189},
                                  {140, 86, 75}, {227, 119, 194}, {23, 190, 207}};

// The local split of series `k` (rows within it): the engine's split_series when the pipeline is
// fitted, else the fractions of its own rows (what split by time gives).
SplitBounds local_bounds(const Series& s, std::size_t k, const WorkbenchDocument& doc) {
  const std::size_t n = s.series_rows(k), begin = s.series_begin(k);
  const auto& fitted = doc.fitted();
  const auto& prepared = doc.prepared();
  if (fitted.pipeline && prepared.series && &*prepared.series == &s) {
    try {
      const std::vector<SeriesSplit> splits = split_series(s, *fitted.pipeline);
      if (k < splits.size()) return {n, splits[k].bounds.train_end - begin, splits[k].bounds.validation_end - begin};
    } catch (const std::exception&) {
      // the banner explains why the pipeline does not split
    }
  }
  return split_bounds(n, doc.pipelineConfig().split);
}

QString rows_text(std::size_t n) { return n == 1 ? QObject::tr("1 row") : QObject::tr("%1 rows").arg(n); }

void set_rows_suffix(QSpinBox* spin) {
  spin->setSuffix(spin->value() == 1 ? QObject::tr(" row") : QObject::tr(" rows"));
}

QString source_name(const QString& source) {
  if (source.startsWith("sample:")) return QObject::tr("sample \"%1\"").arg(source.mid(7));
  return QFileInfo(source).fileName();
}

// What the season spin was set from: the time column's step (empty when nothing was suggested).
QString seasonNote(int season, const TimeStep& step) {
  if (season <= 0) return {};
  const QString words = step.unit == TimeUnit::Month     ? DataPage::tr("monthly")
                        : step.unit == TimeUnit::Quarter ? DataPage::tr("quarterly")
                        : step.unit == TimeUnit::Day     ? DataPage::tr("daily")
                        : step.unit == TimeUnit::Hour    ? DataPage::tr("hourly")
                                                         : DataPage::tr("weekly");
  return DataPage::tr("suggested: %1 (%2 time step)").arg(season).arg(words);
}

QLabel* wrapped_label(const QString& text = {}) {
  auto* label = new QLabel(text);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

// Legend markers of helper series (the on-chart labels) stay out of the legend.
void hide_from_legend(QChart* chart, QAbstractSeries* series) {
  for (QLegendMarker* m : chart->legend()->markers(series)) m->setVisible(false);
}

QScatterSeries* add_text_label(QChart* chart, const QColor& colour) {
  auto* s = new QScatterSeries;
  s->setMarkerSize(1);
  s->setColor(Qt::transparent);
  s->setBorderColor(Qt::transparent);
  s->setPointLabelsVisible(true);
  s->setPointLabelsClipping(false);
  s->setPointLabelsColor(colour);
  QFont font = s->pointLabelsFont();
  font.setBold(true);
  s->setPointLabelsFont(font);
  chart->addSeries(s);
  return s;
}

}  // namespace

DataPage::DataPage(WorkbenchDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  model_ = new CsvTableModel(this);

  source_label_ = wrapped_label();
  QFont bold = source_label_->font();
  bold.setBold(true);
  source_label_->setFont(bold);
  source_label_->setObjectName("sourceLabel");

  banner_ = wrapped_label();
  banner_->setObjectName("pipelineError");
  banner_->setStyleSheet(
      "QLabel { background: #fde2e1; color: #8a1f11; border: 1px solid #e0a19b; border-radius: 4px; padding: 6px; }");
  banner_->hide();

  auto* top = new QWidget;
  auto* top_layout = new QHBoxLayout(top);
  top_layout->setContentsMargins(0, 0, 0, 0);
  top_layout->addWidget(buildTableBox(), 4);
  top_layout->addWidget(new CsvReadingBox(doc_), 2);
  top_layout->addWidget(buildRolesBox(), 3);
  auto* right = new QVBoxLayout;
  right->addWidget(buildMissingBox());
  right->addWidget(buildSplitBox());
  right->addStretch(1);
  top_layout->addLayout(right, 4);

  auto* bottom = new QSplitter(Qt::Horizontal);
  bottom->setChildrenCollapsible(false);
  bottom->addWidget(buildSeriesBox());
  bottom->addWidget(buildChart());
  bottom->setStretchFactor(0, 2);
  bottom->setStretchFactor(1, 5);
  bottom->setSizes({380, 820});

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(top);
  splitter->addWidget(bottom);
  splitter->setStretchFactor(0, 4);
  splitter->setStretchFactor(1, 5);
  splitter->setSizes({330, 420});
  splitter->setChildrenCollapsible(false);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(source_label_);
  layout->addWidget(splitter, 1);
  // Warnings go last: appearing, they shrink the charts instead of moving the controls under the mouse.
  layout->addWidget(banner_);

  connect(doc_, &WorkbenchDocument::dataChanged, this, &DataPage::onDataChanged);
  connect(doc_, &WorkbenchDocument::rolesChanged, this, [this] {
    refreshRoles();
    refreshMissing();
    refreshBanner();
    refreshSeriesControls();
    refreshChartLine();
  });
  connect(doc_, &WorkbenchDocument::pipelineChanged, this, [this] {
    refreshPipelineControls();
    refreshBanner();
    refreshSeriesControls();
    refreshChartBands();
  });
  onDataChanged();
}

QWidget* DataPage::buildTableBox() {
  auto* box = new QGroupBox(tr("Data as loaded"));
  table_view_ = new QTableView;
  table_view_->setObjectName("dataTable");
  table_view_->setModel(model_);
  table_view_->setToolTip(tr("The file's rows as loaded; missing cells are empty on a red background"));
  table_view_->setAlternatingRowColors(true);
  table_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  // Fixed row heights: the view never measures a million rows.
  table_view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  table_view_->horizontalHeader()->setStretchLastSection(true);
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(table_view_);
  return box;
}

QWidget* DataPage::buildRolesBox() {
  auto* box = new QGroupBox(tr("Column roles"));
  target_list_ = new QListWidget;
  target_list_->setObjectName("targetList");
  target_list_->setToolTip(
      tr("Targets: the columns the model predicts (at least one). Default: the sample's usual target, else the "
         "first numeric column that is not a calendar field (year, quarter...) or a row counter."));
  feature_list_ = new QListWidget;
  feature_list_->setObjectName("featureList");
  feature_list_->setToolTip(
      tr("Input features: the columns the model reads in each window. Default: the targets themselves."));
  roles_note_ = wrapped_label();
  roles_note_->setObjectName("rolesNote");
  for (QListWidget* list : {target_list_, feature_list_}) show_names_elided(list);

  auto* grid = new QGridLayout(box);
  grid->addWidget(new QLabel(tr("Targets (predict)")), 0, 0);
  grid->addWidget(new QLabel(tr("Input features (read)")), 0, 1);
  grid->addWidget(target_list_, 1, 0);
  grid->addWidget(feature_list_, 1, 1);
  grid->addWidget(roles_note_, 2, 0, 1, 2);
  grid->setRowStretch(1, 1);

  connect(target_list_, &QListWidget::itemChanged, this, &DataPage::targetsEdited);
  connect(feature_list_, &QListWidget::itemChanged, this, &DataPage::featuresEdited);
  return box;
}

QWidget* DataPage::buildMissingBox() {
  auto* box = new QGroupBox(tr("Missing values"));
  missing_report_ = wrapped_label();
  missing_report_->setObjectName("missingReport");
  policy_combo_ = new QComboBox;
  policy_combo_->setObjectName("missingPolicy");
  policy_combo_->setToolTip(
      tr("What to do with missing cells in the columns used (default: error, which stops and lists them)"));
  for (const PolicyInfo& p : kPolicies) {
    policy_combo_->addItem(p.name, int(p.policy));
    policy_combo_->setItemData(policy_combo_->count() - 1, tr(p.help), Qt::ToolTipRole);
  }
  policy_help_ = wrapped_label();
  policy_help_->setObjectName("missingPolicyHelp");
  prepared_status_ = wrapped_label();
  prepared_status_->setObjectName("preparedStatus");

  auto* policy_row = new QHBoxLayout;
  policy_row->addWidget(new QLabel(tr("Policy:")));
  policy_row->addWidget(policy_combo_);
  policy_row->addWidget(policy_help_, 1);
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(missing_report_);
  layout->addLayout(policy_row);
  layout->addWidget(prepared_status_);

  connect(policy_combo_, &QComboBox::currentIndexChanged, this,
          [this] { doc_->setMissingPolicy(MissingPolicy(policy_combo_->currentData().toInt())); });
  return box;
}

QWidget* DataPage::buildSplitBox() {
  auto* box = new QGroupBox(tr("Windows and split"));
  window_spin_ = new QSpinBox;
  window_spin_->setObjectName("windowSpin");
  window_spin_->setRange(1, 1000000);
  window_spin_->setSuffix(tr(" rows"));
  window_spin_->setToolTip(
      tr("Window: how many past rows the model reads for one prediction. Default: rows / 20, between 2 and 24."));
  horizon_spin_ = new QSpinBox;
  horizon_spin_->setObjectName("horizonSpin");
  horizon_spin_->setRange(1, 100000);
  horizon_spin_->setSuffix(tr(" rows"));
  horizon_spin_->setToolTip(
      tr("Horizon: how many rows ahead each prediction covers (1 = the next row only). Default: 1."));
  train_spin_ = new QDoubleSpinBox;
  train_spin_->setObjectName("trainSplitSpin");
  train_spin_->setRange(0.05, 0.95);
  train_spin_->setSingleStep(0.05);
  train_spin_->setDecimals(3);
  train_spin_->setToolTip(
      tr("Training fraction: the first rows, used to fit the model and the normalisation. Default: 0.70."));
  validation_spin_ = new QDoubleSpinBox;
  validation_spin_->setObjectName("validationSplitSpin");
  validation_spin_->setRange(0.0, 0.95);
  validation_spin_->setSingleStep(0.05);
  validation_spin_->setDecimals(3);
  validation_spin_->setToolTip(
      tr("Validation fraction: the rows after training, used for early stopping and to compare models. "
         "Default: 0.15. Train + validation cannot exceed 1."));
  test_label_ = wrapped_label();
  test_label_->setObjectName("testSplitLabel");
  test_label_->setToolTip(tr("Test: the rest of the rows, kept unseen until the final evaluation"));
  season_spin_ = new QSpinBox;
  season_spin_->setObjectName("seasonSpin");
  season_spin_->setRange(0, 100000);
  season_spin_->setSpecialValueText(tr("none"));
  season_spin_->setToolTip(
      tr("Season length in rows (12 for monthly data with a yearly cycle, 4 for quarterly), used by the "
         "seasonal-naive baseline and MASE; 0 = none. Default: the sample's season, else the one the time "
         "column's step suggests (12 monthly, 4 quarterly, 7 daily, 24 hourly, 52 weekly), else none."));

  season_note_ = new QLabel;  // always there (empty or not), so nothing moves when it changes
  season_note_->setObjectName("seasonNote");
  season_note_->setStyleSheet("color: #555;");

  auto* grid = new QGridLayout(box);
  grid->addWidget(new QLabel(tr("Window")), 0, 0);
  grid->addWidget(window_spin_, 0, 1);
  grid->addWidget(new QLabel(tr("Horizon")), 0, 2);
  grid->addWidget(horizon_spin_, 0, 3);
  grid->addWidget(new QLabel(tr("Train")), 1, 0);
  grid->addWidget(train_spin_, 1, 1);
  grid->addWidget(new QLabel(tr("Validation")), 1, 2);
  grid->addWidget(validation_spin_, 1, 3);
  grid->addWidget(new QLabel(tr("Season")), 2, 0);
  grid->addWidget(season_spin_, 2, 1);
  grid->addWidget(season_note_, 2, 2, 1, 2);
  grid->addWidget(test_label_, 3, 0, 1, 4);
  grid->setColumnStretch(1, 1);
  grid->setColumnStretch(3, 1);

  for (QSpinBox* spin : {window_spin_, horizon_spin_})
    connect(spin, &QSpinBox::valueChanged, spin, [spin] { set_rows_suffix(spin); });
  connect(window_spin_, &QSpinBox::valueChanged, doc_, &WorkbenchDocument::setWindow);
  connect(horizon_spin_, &QSpinBox::valueChanged, doc_, &WorkbenchDocument::setHorizon);
  connect(season_spin_, &QSpinBox::valueChanged, doc_, &WorkbenchDocument::setSeason);
  connect(train_spin_, &QDoubleSpinBox::valueChanged, this, &DataPage::splitEdited);
  connect(validation_spin_, &QDoubleSpinBox::valueChanged, this, &DataPage::splitEdited);
  return box;
}

QWidget* DataPage::buildChart() {
  chart_ = new QChart;
  axis_x_ = new QValueAxis;
  axis_y_ = new QValueAxis;
  chart_->addAxis(axis_x_, Qt::AlignBottom);
  chart_->addAxis(axis_y_, Qt::AlignLeft);
  time_axis_ = new TimeTicksAxis(chart_, axis_x_, "seriesChartTimeAxis");
  // Backgrounds first so the series line is drawn on top of them.
  train_band_ = add_band(chart_, tr("train"), QColor(31, 119, 180, 45));
  validation_band_ = add_band(chart_, tr("validation"), QColor(255, 127, 14, 55));
  test_band_ = add_band(chart_, tr("test"), QColor(44, 160, 44, 50));
  window_band_ = add_band(chart_, tr("window"), QColor(148, 103, 189, 90), QColor(118, 73, 159));
  horizon_band_ = add_band(chart_, tr("horizon"), QColor(214, 39, 40, 110), QColor(184, 19, 20));
  line_ = new QLineSeries;
  QPen pen(QColor(20, 40, 80));
  pen.setWidthF(1.4);
  line_->setPen(pen);
  chart_->addSeries(line_);
  window_label_ = add_text_label(chart_, QColor(98, 53, 139));
  horizon_label_ = add_text_label(chart_, QColor(164, 19, 20));
  for (QAbstractSeries* s : chart_->series()) {
    s->attachAxis(axis_x_);
    s->attachAxis(axis_y_);
  }
  hide_from_legend(chart_, window_label_);
  hide_from_legend(chart_, horizon_label_);
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));

  chart_view_ = new ChartView(chart_);
  chart_view_->setObjectName("seriesChart");
  chart_view_->setMinimumHeight(260);
  return chart_view_;
}

QWidget* DataPage::buildSeriesBox() {
  auto* box = new QGroupBox(tr("Series"));
  box->setObjectName("seriesBox");
  series_combo_ = new QComboBox;
  series_combo_->setObjectName("seriesColumnCombo");
  series_combo_->setToolTip(
      tr("The column that names each row's series (long form): its rows become one series per value, in order of "
         "first appearance, each in file order. Default: one series (a many-series sample: its own column)."));
  series_suggestion_ = wrapped_label();
  series_suggestion_->setObjectName("seriesSuggestion");
  series_suggestion_->setStyleSheet("color: #1f5f8b;");
  wide_button_ = new QPushButton(tr("Ticked targets are series"));
  wide_button_->setObjectName("columnsAsSeriesButton");
  wide_button_->setToolTip(
      tr("Wide form: each ticked target column becomes one series of the same quantity (its id is the column "
         "name), stacked into one column \"value\". Tick the columns under Targets first."));
  split_by_combo_ = new QComboBox;
  split_by_combo_->setObjectName("splitByCombo");
  split_by_combo_->addItem(tr("time (within each series)"), int(SplitBy::Time));
  split_by_combo_->addItem(tr("series (whole series)"), int(SplitBy::Series));
  split_by_combo_->setToolTip(
      tr("Time (default): each series is split by the fractions of its own rows. Series: the first series train, "
         "the next validate, the rest test (needs at least 3 series)."));
  series_summary_ = wrapped_label();
  series_summary_->setObjectName("seriesSummary");
  series_model_ = new SeriesListModel(this);
  series_view_ = new QTableView;
  series_view_->setObjectName("seriesList");
  series_view_->setModel(series_model_);
  series_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  series_view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  series_view_->setToolTip(
      tr("Select a series to chart it; Ctrl- or Shift-click to overlay up to %1").arg(kMaxOverlaid));
  series_view_->verticalHeader()->hide();
  // Fixed row heights and column widths: the view never measures 10,000 rows.
  series_view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  series_view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  series_view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  series_view_->horizontalHeader()->setStretchLastSection(true);
  // Widths from the headers (measuring 10,000 rows would be slow); the ids get the rest.
  for (int c = SeriesListModel::kRows; c < SeriesListModel::kColumns; ++c)
    series_view_->setColumnWidth(
        c, std::max(fontMetrics().horizontalAdvance(series_model_->headerData(c, Qt::Horizontal).toString()),
                    fontMetrics().horizontalAdvance("000000")) +
               14);
  series_view_->horizontalHeader()->setSectionResizeMode(SeriesListModel::kId, QHeaderView::Stretch);
  series_view_->horizontalHeader()->setStretchLastSection(false);
  box->setMinimumWidth(360);

  auto* form = new QGridLayout;
  form->addWidget(new QLabel(tr("Series column")), 0, 0);
  form->addWidget(series_combo_, 0, 1);
  form->addWidget(wide_button_, 1, 1);
  form->addWidget(new QLabel(tr("Split by")), 2, 0);
  form->addWidget(split_by_combo_, 2, 1);
  form->setColumnStretch(1, 1);
  auto* layout = new QVBoxLayout(box);
  layout->addLayout(form);
  layout->addWidget(series_suggestion_);
  layout->addWidget(series_summary_);
  layout->addWidget(series_view_, 1);
  layout->addStretch(0);  // takes the room while the list is hidden (one series)

  connect(series_combo_, &QComboBox::activated, this, &DataPage::seriesColumnChosen);
  connect(wide_button_, &QPushButton::clicked, this, &DataPage::columnsAsSeriesClicked);
  connect(split_by_combo_, &QComboBox::activated, this,
          [this] { doc_->setSplitBy(SplitBy(split_by_combo_->currentData().toInt())); });
  connect(series_view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &DataPage::seriesSelectionChanged);
  return box;
}

void DataPage::refreshSeriesControls() {
  const bool has = doc_->hasData();
  const SeriesForm& form = doc_->seriesForm();
  const QString suggested = doc_->suggestedSeriesColumn();
  {
    const QSignalBlocker block(series_combo_);
    series_combo_->clear();
    series_combo_->addItem(tr("(one series)"), QString());
    if (has) {
      const Series& s = doc_->table().series;
      QStringList columns;
      if (!form.column.empty()) columns << QString::fromStdString(s.series_name);
      if (!s.time_name.empty()) columns << QString::fromStdString(s.time_name);
      if (form.columns.empty())
        for (const QString& c : doc_->numericColumns()) columns << c;
      columns.removeDuplicates();
      for (const QString& c : columns)
        series_combo_->addItem(c == suggested && form.empty() ? tr("%1 (suggested)").arg(c) : c, c);
      if (!form.columns.empty()) {
        QStringList names;
        for (const auto& c : form.columns) names << QString::fromStdString(c);
        series_combo_->addItem(tr("(columns as series: %1)").arg(names.join(", ")), QString(kWideItem));
      }
    }
    const QString current = !form.columns.empty()         ? QString(kWideItem)
                            : !form.column.empty() && has ? QString::fromStdString(doc_->table().series.series_name)
                                                          : QString();
    series_combo_->setCurrentIndex(std::max(0, series_combo_->findData(current)));
    show_names_elided(series_combo_);
  }
  const bool suggest = has && form.empty() && !suggested.isEmpty();
  series_suggestion_->setVisible(suggest);
  series_suggestion_->setText(
      suggest ? tr("%1 repeats its labels like a series id: choose it above to make each of its values a series.")
                    .arg(suggested)
              : QString());
  wide_button_->setEnabled(has && form.columns.empty() && form.column.empty() && doc_->targets().size() > 1);
  {
    const QSignalBlocker block(split_by_combo_);
    split_by_combo_->setCurrentIndex(split_by_combo_->findData(int(doc_->pipelineConfig().split_by)));
  }
  split_by_combo_->setEnabled(doc_->isPanel());
  series_combo_->setEnabled(has);

  const auto& prepared = doc_->prepared();
  const Series* s = prepared.series ? &*prepared.series : has ? &doc_->table().series : nullptr;
  if (!s) {
    series_model_->clear();
    series_summary_->setText(tr("No data yet."));
    return;
  }
  std::vector<SeriesSplit> splits;
  if (const auto& fitted = doc_->fitted(); fitted.pipeline && prepared.series) {
    try {
      splits = split_series(*s, *fitted.pipeline);
    } catch (const std::exception&) {
      // the banner explains it; the list shows the rows only
    }
  }
  std::size_t skipped = 0;
  for (const SeriesSplit& p : splits) skipped += p.skipped ? 1 : 0;
  series_summary_->setText(
      s->is_panel()
          ? tr("%1 series, %2 in all%3. Select one to chart it, several to overlay them.")
                .arg(s->series_count())
                .arg(rows_text(s->rows()))
                .arg(skipped ? tr("; %1 too short for a training window (grey, skipped)").arg(skipped) : QString())
          : tr("One series of %1. Choose a series column above, or tick several targets and take them as series.")
                .arg(rows_text(s->rows())));
  series_view_->setVisible(s->is_panel());  // one series: the summary says it all
  // Refill, keeping the selection (without redrawing the chart for each restored row).
  const QSignalBlocker block(series_view_->selectionModel());
  series_model_->setSeries(*s, splits);
  for (const std::size_t k : charted_series_)
    if (k < s->series_count())
      series_view_->selectionModel()->select(series_model_->index(int(k), 0),
                                             QItemSelectionModel::Select | QItemSelectionModel::Rows);
  series_view_->viewport()->update();
}

void DataPage::seriesColumnChosen() {
  const QString chosen = series_combo_->currentData().toString();
  if (chosen == kWideItem) return;  // already the form
  SeriesForm form;
  form.column = chosen.toStdString();
  const QString error = doc_->setSeriesForm(form);
  if (!error.isEmpty()) {
    refreshSeriesControls();  // back to the form in use
    series_suggestion_->setVisible(true);
    series_suggestion_->setText(tr("✗ %1").arg(error));
  } else if (form.empty() && doc_->isPanel()) {
    // The loader gives a many-series sample its own series column when none is named.
    series_suggestion_->setVisible(true);
    series_suggestion_->setText(tr("This sample always opens as its %1 series; open its CSV as a file to treat it "
                                   "as one series.")
                                    .arg(doc_->table().series.series_count()));
  }
}

void DataPage::columnsAsSeriesClicked() {
  SeriesForm form;
  for (const QString& t : doc_->targets()) form.columns.push_back(t.toStdString());
  const QString error = doc_->setSeriesForm(form);
  if (!error.isEmpty()) {
    series_suggestion_->setVisible(true);
    series_suggestion_->setText(tr("✗ %1").arg(error));
  }
}

void DataPage::seriesSelectionChanged() {
  std::vector<std::size_t> rows;
  for (const QModelIndex& i : series_view_->selectionModel()->selectedRows()) rows.push_back(std::size_t(i.row()));
  std::sort(rows.begin(), rows.end());
  if (rows.size() > kMaxOverlaid) rows.resize(kMaxOverlaid);
  if (rows.empty() || rows == charted_series_) return;
  charted_series_ = rows;
  refreshChartLine();
}

void DataPage::onDataChanged() {
  const bool has = doc_->hasData();
  model_->setTable(has ? &doc_->table() : nullptr);
  if (has) {
    const Series& s = doc_->table().series;
    QString text = tr("Source: %1 — %2 × %3 numeric column%4")
                       .arg(source_name(doc_->dataSource()), rows_text(s.rows()))
                       .arg(s.names.size())
                       .arg(s.names.size() == 1 ? "" : "s");
    if (!s.time_name.empty()) text += tr(", time column %1").arg(QString::fromStdString(s.time_name));
    if (s.time_name.find('+') != std::string::npos && !s.time_labels.empty())  // year + quarter joined
      text += tr(" (the two columns read as one time, e.g. %1)").arg(QString::fromStdString(s.time_labels.front()));
    if (const auto left_out = doc_->table().ignored.size(); left_out > 0)
      text += left_out == 1 ? tr(", 1 column left out") : tr(", %1 columns left out").arg(left_out);
    if (s.is_panel())
      text += doc_->seriesForm().columns.empty()
                  ? tr(", %1 series by column %2").arg(s.series_count()).arg(QString::fromStdString(s.series_name))
                  : tr(", %1 columns taken as series").arg(s.series_count());
    source_label_->setText(text);
    source_label_->setToolTip(doc_->dataSource());
    table_view_->resizeColumnsToContents();
  } else {
    source_label_->setText(tr("No data yet: open a CSV file or a sample (File > Open, File > Samples)."));
    source_label_->setToolTip({});
  }
  for (QWidget* w :
       {static_cast<QWidget*>(target_list_), static_cast<QWidget*>(feature_list_), static_cast<QWidget*>(policy_combo_),
        static_cast<QWidget*>(window_spin_), static_cast<QWidget*>(horizon_spin_), static_cast<QWidget*>(train_spin_),
        static_cast<QWidget*>(validation_spin_), static_cast<QWidget*>(season_spin_)})
    w->setEnabled(has);
  charted_series_ = {0};  // new rows: the first series

  // The column set changed: rebuild the lists (they are only updated in place after this).
  {
    const QSignalBlocker block_t(target_list_), block_f(feature_list_);
    target_list_->clear();
    feature_list_->clear();
    for (const QString& name : doc_->numericColumns()) {
      for (QListWidget* list : {target_list_, feature_list_}) {
        auto* item = new QListWidgetItem(name, list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        set_name_tooltip(item, name);
      }
    }
  }
  refreshRoles();
  refreshMissing();
  refreshPipelineControls();
  refreshBanner();
  refreshSeriesControls();
  refreshChartLine();
}

void DataPage::refreshRoles() {
  const QStringList targets = doc_->targets(), features = doc_->features();
  {
    const QSignalBlocker block_t(target_list_), block_f(feature_list_);
    for (int i = 0; i < target_list_->count(); ++i) {
      QListWidgetItem* t = target_list_->item(i);
      t->setCheckState(targets.contains(t->text()) ? Qt::Checked : Qt::Unchecked);
      QListWidgetItem* f = feature_list_->item(i);
      f->setCheckState(features.contains(f->text()) ? Qt::Checked : Qt::Unchecked);
    }
  }
  QString note = tr("Targets are what the model predicts; input features are the columns it reads in each window.");
  note += doc_->pipelineConfig().features.empty() ? tr(" The features follow the targets until you tick others.")
                                                  : QString();
  const QString time = doc_->timeColumn();
  note += time.isEmpty() ? tr(" There is no time column: rows are in file order.")
                         : tr(" The time column %1 is used only as labels, never as an input.").arg(time);
  roles_note_->setText(note);
}

QStringList DataPage::checkedNames(const QListWidget* list) const {
  QStringList names;
  for (int i = 0; i < list->count(); ++i)
    if (list->item(i)->checkState() == Qt::Checked) names << list->item(i)->text();
  return names;
}

void DataPage::targetsEdited() {
  const QStringList targets = checkedNames(target_list_);
  if (targets.isEmpty()) {
    refreshRoles();  // put the last target back
    roles_note_->setText(tr("<b>At least one target is needed:</b> tick another column before unticking this one."));
    return;
  }
  doc_->setTargets(targets);
}

void DataPage::featuresEdited() {
  // None ticked means "the targets", the default.
  doc_->setFeatures(checkedNames(feature_list_));
}

void DataPage::refreshMissing() {
  if (!doc_->hasData()) {
    missing_report_->setText({});
    prepared_status_->setText({});
    policy_help_->setText({});
    return;
  }
  const CsvTable& table = doc_->table();
  QString report;
  if (table.missing.empty()) {
    report = tr("No missing cells");
  } else {
    const QStringList used = doc_->features() + doc_->targets();
    std::size_t total = 0;
    for (const MissingColumn& m : table.missing) total += m.count;
    report = tr("%1 missing cell%2:").arg(total).arg(total == 1 ? "" : "s");
    for (const MissingColumn& m : table.missing) {
      QStringList lines;
      for (std::size_t line : m.first_rows) lines << QString::number(line);
      if (m.count > m.first_rows.size()) lines << "…";
      const QString name = QString::fromStdString(m.name);
      report +=
          tr("\n• %1: %2 missing (file line%3 %4)%5")
              .arg(name)
              .arg(m.count)
              .arg(lines.size() == 1 ? "" : "s", lines.join(", "), used.contains(name) ? QString() : tr(", not used"));
    }
  }
  missing_report_->setText(report);

  const int index = policy_combo_->findData(int(doc_->missingPolicy()));
  {
    const QSignalBlocker block(policy_combo_);
    policy_combo_->setCurrentIndex(index);
  }
  policy_help_->setText(index >= 0 ? tr(kPolicies[index].help) : QString());

  const auto& prepared = doc_->prepared();
  if (!prepared.error.isEmpty()) {
    prepared_status_->setStyleSheet("color: #a01a10;");
    prepared_status_->setText(tr("✗ %1").arg(gui_words(prepared.problem, GuiPlace::DataPage)));
  } else {
    prepared_status_->setStyleSheet("color: #1c6b2a;");
    prepared_status_->setText(prepared.note.isEmpty() ? tr("✓ The columns used have no missing cells.")
                                                      : tr("✓ %1.").arg(capitalised(prepared.note)));
  }
}

void DataPage::refreshPipelineControls() {
  const PipelineConfig& c = doc_->pipelineConfig();
  const QSignalBlocker b1(window_spin_), b2(horizon_spin_), b3(train_spin_), b4(validation_spin_), b5(season_spin_);
  window_spin_->setValue(int(c.window));
  horizon_spin_->setValue(int(c.horizon));
  train_spin_->setValue(c.split.train);
  validation_spin_->setMaximum(std::max(0.0, 1.0 - c.split.train));
  validation_spin_->setValue(c.split.validation);
  season_spin_->setValue(c.season);
  season_note_->setText(seasonNote(doc_->suggestedSeason(), doc_->timeStep()));
  set_rows_suffix(window_spin_);
  set_rows_suffix(horizon_spin_);

  const std::size_t rows = charted_rows_ == 0 && doc_->hasData() ? doc_->table().series.rows() : charted_rows_;
  const SplitBounds b = chartedBounds(rows);
  test_label_->setText(tr("Test: %1 (the rest).  %5rows: train %2 · validation %3 · test %4")
                           .arg(std::max(0.0, c.split.test), 0, 'f', 3)
                           .arg(b.train_end)
                           .arg(b.validation_end - b.train_end)
                           .arg(rows - b.validation_end)
                           .arg(doc_->isPanel() ? tr("Charted series' ") : tr("R")));
}

void DataPage::splitEdited() {
  const double train = train_spin_->value();
  {
    const QSignalBlocker block(validation_spin_);
    validation_spin_->setMaximum(std::max(0.0, 1.0 - train));  // clamps the validation fraction if needed
  }
  const double validation = validation_spin_->value();
  double test = 1.0 - train - validation;
  if (test < 1e-9) test = 0.0;
  doc_->setSplit({train, validation, test});
}

void DataPage::refreshBanner() {
  const QString error = doc_->hasData() ? gui_words(doc_->fitted().problem, GuiPlace::DataPage) : QString();
  banner_->setVisible(!error.isEmpty());
  banner_->setText(tr("<b>Not ready to train:</b> %1").arg(error.toHtmlEscaped()));
}

void DataPage::refreshChartLine() {
  std::vector<double> xs, ys, all_ys;
  const QStringList targets = doc_->targets();
  for (QLineSeries* l : overlay_lines_) {
    chart_->removeSeries(l);
    delete l;
  }
  overlay_lines_.clear();
  const Series* s = nullptr;
  int c = -1;
  if (doc_->hasData() && !targets.isEmpty()) {
    // After the missing-value policy when it succeeds (drop changes the rows), else as loaded.
    const auto& prepared = doc_->prepared();
    s = prepared.series ? &*prepared.series : &doc_->table().series;
    c = s->find(targets.front().toStdString());
  }
  std::erase_if(charted_series_, [&](std::size_t k) { return !s || k >= s->series_count(); });
  if (charted_series_.empty()) charted_series_ = {0};
  const bool panel = s && s->is_panel();
  // One series' values against the step within it (x = 0 at its first row).
  auto values_of = [&](std::size_t k, std::vector<double>& x, std::vector<double>& y) {
    const auto& col = s->columns[std::size_t(c)];
    const std::size_t b = s->series_begin(k), e = s->series_end(k);
    y.assign(col.begin() + long(b), col.begin() + long(e));
    x.resize(y.size());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = double(i);
    all_ys.insert(all_ys.end(), y.begin(), y.end());
  };
  if (c >= 0) values_of(charted_series_.front(), xs, ys);
  const QString target = targets.isEmpty() ? tr("value") : targets.front();
  const QString first_id = panel ? QString::fromStdString(s->series_id(charted_series_.front())) : QString();
  line_->setName(elided_name(panel ? first_id : target));  // the y axis names the target
  axis_y_->setTitleText(elided_name(target));
  const QString time = doc_->timeColumn();
  const std::size_t first_row = s ? s->series_begin(charted_series_.front()) : 0;
  if (s && !time.isEmpty() && !s->time_labels.empty() && !xs.empty()) {
    const auto& labels = s->time_labels;
    axis_x_->setTitleText(tr("%1 (time column %2: %3 … %4)")
                              .arg(panel ? tr("Row within the series") : tr("Row index"), time,
                                   QString::fromStdString(labels[first_row]),
                                   QString::fromStdString(labels[first_row + xs.size() - 1])));
  } else {
    axis_x_->setTitleText(panel ? tr("Row within the series") : tr("Row index"));
  }
  std::size_t longest = xs.size();
  if (c >= 0) {
    for (std::size_t i = 1; i < charted_series_.size(); ++i) {
      const std::size_t k = charted_series_[i];
      auto* l = new QLineSeries;
      l->setName(QString::fromStdString(s->series_id(k)));
      QPen pen(kOverlayColours[(i - 1) % std::size(kOverlayColours)]);
      pen.setWidthF(1.2);
      l->setPen(pen);
      chart_->addSeries(l);
      l->attachAxis(axis_x_);
      l->attachAxis(axis_y_);
      std::vector<double> ox, oy;
      values_of(k, ox, oy);
      longest = std::max(longest, ox.size());
      chart_view_->setDecimated(l, std::move(ox), std::move(oy));
      overlay_lines_.push_back(l);
    }
  }
  if (!panel) {
    chart_->setTitle(tr("%1 with the train / validation / test split and one sample window").arg(elided_name(target)));
  } else if (charted_series_.size() == 1) {
    chart_->setTitle(tr("Series %1 (%2 of %3): %4 with its own split and one sample window")
                         .arg(first_id)
                         .arg(charted_series_.front() + 1)
                         .arg(s->series_count())
                         .arg(elided_name(target)));
  } else {
    chart_->setTitle(tr("%1 series overlaid: %2; the split shaded is that of series %3")
                         .arg(charted_series_.size())
                         .arg(elided_name(target), first_id));
  }
  charted_rows_ = xs.size();
  set_row_axis(axis_x_, longest);
  time_axis_->setSeries(s, s ? charted_series_.front() : 0);
  set_value_axis(axis_y_, all_ys);
  y_lo_ = axis_y_->min();
  y_hi_ = axis_y_->max();
  chart_view_->setDecimated(line_, std::move(xs), std::move(ys));
  chart_view_->redecimate();
  refreshChartBands();
  refreshPipelineControls();  // the row counts follow the charted rows
}

SplitBounds DataPage::chartedBounds(std::size_t rows) const {
  const SplitBounds whole = split_bounds(rows, doc_->pipelineConfig().split);
  if (!doc_->hasData()) return whole;
  const auto& prepared = doc_->prepared();
  const Series& s = prepared.series ? *prepared.series : doc_->table().series;
  const std::size_t k = charted_series_.empty() ? 0 : charted_series_.front();
  return k < s.series_count() && s.series_rows(k) == rows ? local_bounds(s, k, *doc_) : whole;
}

void DataPage::refreshChartBands() {
  const std::size_t rows = charted_rows_;
  const PipelineConfig& c = doc_->pipelineConfig();
  const SplitBounds b = chartedBounds(rows);
  // Row r is drawn at x = r, so the rows [first, end) cover x in [first - 0.5, end - 0.5].
  auto x_of = [](std::size_t row) { return double(row) - 0.5; };
  set_band(train_band_, x_of(0), x_of(b.train_end), y_lo_, y_hi_);
  set_band(validation_band_, x_of(b.train_end), x_of(b.validation_end), y_lo_, y_hi_);
  set_band(test_band_, x_of(b.validation_end), x_of(rows), y_lo_, y_hi_);
  train_band_->setName(tr("train (%1)").arg(rows_text(b.train_end)));
  validation_band_->setName(tr("validation (%1)").arg(rows_text(b.validation_end - b.train_end)));
  test_band_->setName(tr("test (%1)").arg(rows_text(rows - b.validation_end)));

  // The last training window: its horizon ends where validation begins.
  const std::size_t window = std::size_t(std::max<Index>(c.window, 0));
  const std::size_t horizon = std::size_t(std::max<Index>(c.horizon, 0));
  const std::size_t horizon_end = b.train_end;
  const std::size_t horizon_start = horizon_end >= horizon ? horizon_end - horizon : 0;
  const std::size_t window_start = horizon_start >= window ? horizon_start - window : 0;
  set_band(window_band_, x_of(window_start), x_of(horizon_start), y_lo_, y_hi_);
  set_band(horizon_band_, x_of(horizon_start), x_of(horizon_end), y_lo_, y_hi_);
  window_band_->setName(tr("window (%1 in)").arg(rows_text(window)));
  horizon_band_->setName(tr("horizon (%1 out)").arg(rows_text(horizon)));

  const double span = y_hi_ - y_lo_;
  window_label_->setPointLabelsFormat(tr("window"));
  horizon_label_->setPointLabelsFormat(tr("horizon"));
  window_label_->replace(QList<QPointF>{{0.5 * (x_of(window_start) + x_of(horizon_start)), y_hi_ - 0.08 * span}});
  horizon_label_->replace(QList<QPointF>{{0.5 * (x_of(horizon_start) + x_of(horizon_end)), y_hi_ - 0.18 * span}});
  const bool show = rows > 0;
  for (QAbstractSeries* s :
       {static_cast<QAbstractSeries*>(window_band_), static_cast<QAbstractSeries*>(horizon_band_),
        static_cast<QAbstractSeries*>(window_label_), static_cast<QAbstractSeries*>(horizon_label_)})
    s->setVisible(show);
  hide_from_legend(chart_, window_label_);
  hide_from_legend(chart_, horizon_label_);
}

}  // namespace rnnwb::ui
