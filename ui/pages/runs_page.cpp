#include "ui/pages/runs_page.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <set>

#include "engine/experiments/run_table.hpp"
#include "ui/pages/run_axis_values.hpp"
#include "ui/pages/runs_loss_chart.hpp"
#include "ui/pages/runs_parallel_chart.hpp"
#include "ui/pages/runs_table_model.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

QString qtext(const std::string& s) { return QString::fromStdString(s); }

QPushButton* button(const QString& text, const char* name, const QString& tip) {
  auto* b = new QPushButton(text);
  b->setObjectName(name);
  b->setToolTip(tip);
  return b;
}

QString labels_of(const WorkbenchDocument* doc, const QStringList& ids) {
  QStringList names;
  for (const QString& id : ids)
    if (const RunRecord* r = doc->findRun(id)) names << qtext(r->label());
  if (names.size() > 5) return names.mid(0, 5).join(", ") + QObject::tr(" and %1 more").arg(names.size() - 5);
  return names.join(", ");
}

}  // namespace

RunsPagePrompts default_runs_page_prompts(QWidget* parent) {
  RunsPagePrompts p;
  p.confirm_delete = [parent](const QString& text) {
    return QMessageBox::question(parent, QObject::tr("Delete runs?"), text, QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel) == QMessageBox::Yes;
  };
  p.open_other_data = [parent](const QString& text) {
    return QMessageBox::question(parent, QObject::tr("Open the run's data?"), text,
                                 QMessageBox::Open | QMessageBox::Cancel, QMessageBox::Open) == QMessageBox::Open;
  };
  p.edit_text = [parent](const QString& title, const QString& label, const QString& text) -> std::optional<QString> {
    bool ok = false;
    const QString answer = QInputDialog::getText(parent, title, label, QLineEdit::Normal, text, &ok);
    return ok ? std::optional<QString>(answer) : std::nullopt;
  };
  p.csv_path = [parent] {
    QString path =
        QFileDialog::getSaveFileName(parent, QObject::tr("Export the runs table"), "runs.csv",
                                     QObject::tr("CSV files (*.csv)"), nullptr, QFileDialog::DontUseNativeDialog);
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += ".csv";
    return path;
  };
  return p;
}

RunsPage::RunsPage(WorkbenchDocument* doc, QWidget* parent)
    : QWidget(parent), doc_(doc), model_(new RunsTableModel(doc, this)), proxy_(new RunsFilterProxy(this)) {
  prompts_ = default_runs_page_prompts(this);
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(RunsTableModel::kSortRole);
  table_ = new QTableView;
  table_->setObjectName("runsTable");
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(-1, Qt::AscendingOrder);  // the runs' own order (oldest first) until a header is clicked
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  table_->setWordWrap(false);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPage::onSelectionChanged);

  auto* top = new QWidget;
  auto* top_layout = new QVBoxLayout(top);
  top_layout->setContentsMargins(0, 0, 0, 0);
  top_layout->addWidget(buildToolbar());
  filter_error_ = new QLabel;
  filter_error_->setObjectName("runsFilterError");
  filter_error_->setWordWrap(true);
  filter_error_->setStyleSheet("color: #b00020;");
  filter_error_->hide();
  top_layout->addWidget(filter_error_);
  top_layout->addWidget(table_, 1);
  top_layout->addWidget(buildActions());
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(top);
  splitter->addWidget(buildCharts());
  splitter->setStretchFactor(0, 2);
  splitter->setStretchFactor(1, 3);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);

  connect(doc_, &WorkbenchDocument::runsChanged, this, &RunsPage::onRunsChanged);
  connect(doc_, &WorkbenchDocument::runSelectionChanged, this, [this] {
    if (!selecting_) selectRuns(doc_->selectedRunIds());
  });
  onRunsChanged();
}

QWidget* RunsPage::buildToolbar() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  filter_ = new QLineEdit;
  filter_->setObjectName("runsFilter");
  filter_->setClearButtonEnabled(true);
  filter_->setPlaceholderText(tr("Filter: any text, or a column and a value (cell=gru, lr<0.01, units>16)"));
  filter_->setToolTip(
      tr("Shows the runs whose cells contain the text; NAME=TEXT, NAME!=TEXT, NAME<NUMBER and "
         "NAME>NUMBER compare one column (its header)"));
  connect(filter_, &QLineEdit::textChanged, this, &RunsPage::applyFilter);
  all_settings_ = new QCheckBox(tr("All settings"));
  all_settings_->setObjectName("allSettings");
  all_settings_->setToolTip(tr("Also show the settings that are the same in every run (hidden by default)"));
  connect(all_settings_, &QCheckBox::toggled, this, &RunsPage::showAllSettings);
  count_ = new QLabel;
  count_->setObjectName("runsCount");
  row->addWidget(filter_, 1);
  row->addWidget(all_settings_);
  row->addWidget(count_);
  return bar;
}

QWidget* RunsPage::buildActions() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  restore_button_ = button(tr("Restore"), "restoreRun",
                           tr("Make the selected run's settings and weights the current model (Train, Predict and "
                              "Export show it)"));
  rename_ = button(tr("Rename…"), "renameRun", tr("Give the selected run a name (or double-click its name cell)"));
  annotate_ =
      button(tr("Annotate…"), "annotateRun", tr("Write a note on the selected run (or double-click its note cell)"));
  delete_ = button(tr("Delete…"), "deleteRuns", tr("Remove the selected runs, with their weights, from the session"));
  export_ = button(tr("Export CSV…"), "exportRuns", tr("Write the table as shown (sorted, filtered) to a CSV file"));
  connect(restore_button_, &QPushButton::clicked, this, &RunsPage::restoreSelected);
  connect(rename_, &QPushButton::clicked, this, &RunsPage::renameSelected);
  connect(annotate_, &QPushButton::clicked, this, &RunsPage::annotateSelected);
  connect(delete_, &QPushButton::clicked, this, &RunsPage::deleteSelected);
  connect(export_, &QPushButton::clicked, this, &RunsPage::exportCsv);
  status_ = new QLabel;
  status_->setObjectName("runsStatus");
  status_->setWordWrap(true);
  for (QPushButton* b : {restore_button_, rename_, annotate_, delete_, export_}) row->addWidget(b);
  row->addWidget(status_, 1);
  return bar;
}

QWidget* RunsPage::buildCharts() {
  auto* box = new QWidget;
  auto* column = new QVBoxLayout(box);
  column->setContentsMargins(0, 0, 0, 0);
  auto* choices = new QHBoxLayout;
  metric_ = new QComboBox;
  metric_->setObjectName("runsMetric");
  metric_->setToolTip(tr("The metric the parallel coordinates and the scatter compare the settings against"));
  setting_ = new QComboBox;
  setting_->setObjectName("runsScatterSetting");
  setting_->setToolTip(tr("The setting on the scatter's x axis"));
  for (QComboBox* c : {metric_, setting_}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(c, &QComboBox::currentIndexChanged, this, &RunsPage::refreshCharts);
  }
  choices->addWidget(new QLabel(tr("Metric:")));
  choices->addWidget(metric_);
  choices->addSpacing(16);
  choices->addWidget(new QLabel(tr("Scatter of:")));
  choices->addWidget(setting_);
  choices->addStretch(1);
  column->addLayout(choices);
  auto* charts = new QSplitter(Qt::Horizontal);
  loss_chart_ = new RunsLossChart;
  parallel_ = new RunsParallelChart;
  scatter_ = new RunsScatterChart;
  charts->addWidget(loss_chart_);
  charts->addWidget(parallel_);
  charts->addWidget(scatter_);
  charts->setStretchFactor(0, 4);
  charts->setStretchFactor(1, 5);
  charts->setStretchFactor(2, 3);
  column->addWidget(charts, 1);
  return box;
}

void RunsPage::onRunsChanged() {
  // The model has been rebuilt (it listens first): the selection and choices follow it at once;
  // the charts and column widths once the runs stop arriving (a sweep, a session: one refresh).
  charts_due_ = true;
  refreshChoices();
  showAllSettings(all_settings_->isChecked());
  applyFilter();
  selectRuns(doc_->selectedRunIds());
  refreshActions();
  QTimer::singleShot(0, this, [this] {
    if (!charts_due_) return;
    charts_due_ = false;
    table_->resizeColumnsToContents();
    refreshCharts();
    onSelectionChanged();
  });
}

void RunsPage::refreshChoices() {
  const RunTable& t = model_->table();
  const auto fill = [&](QComboBox* box, const std::vector<int>& columns, const QString& preferred) {
    const QString was = box->currentText().isEmpty() ? preferred : box->currentText();
    QSignalBlocker block(box);
    box->clear();
    for (int c : columns) box->addItem(qtext(t.columns[std::size_t(c)].name), c);
    const int at = box->findText(was);
    box->setCurrentIndex(at >= 0 ? at : 0);
  };
  const QString best = t.best_loss_column >= 0 ? qtext(t.columns[std::size_t(t.best_loss_column)].name) : QString();
  fill(metric_, metric_columns(t), best);
  fill(setting_, differing_setting_columns(t), {});
}

void RunsPage::showAllSettings(bool all) {
  const RunTable& t = model_->table();
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    table_->setColumnHidden(int(c), !all && t.columns[c].kind == RunColumnKind::Setting && !t.columns[c].differs);
}

void RunsPage::applyFilter() {
  const QString error = proxy_->setRunFilter(filter_->text());
  filter_->setStyleSheet(error.isEmpty() ? QString() : "QLineEdit { border: 1px solid #b00020; }");
  filter_error_->setText(error);
  filter_error_->setVisible(!error.isEmpty());
  const int all = model_->rowCount(), shown = proxy_->rowCount();
  count_->setText(all == shown ? tr("%n run(s)", nullptr, all) : tr("%1 of %n run(s) shown", nullptr, all).arg(shown));
  refreshCharts();
}

void RunsPage::setStatus(const QString& text, bool error) {
  status_->setText(text);
  status_->setStyleSheet(error ? "color: #b00020;" : QString());
}

QStringList RunsPage::selectedIds() const {
  QStringList ids;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows())
    ids << model_->runId(proxy_->mapToSource(i).row());
  return ids;
}

QStringList RunsPage::shownRunIds() const {
  QStringList ids;
  for (int r = 0; r < proxy_->rowCount(); ++r) ids << model_->runId(proxy_->mapToSource(proxy_->index(r, 0)).row());
  return ids;
}

std::vector<std::size_t> RunsPage::shownRows() const {
  std::vector<std::size_t> rows;
  for (int r = 0; r < proxy_->rowCount(); ++r)
    rows.push_back(std::size_t(proxy_->mapToSource(proxy_->index(r, 0)).row()));
  return rows;
}

void RunsPage::selectRuns(const QStringList& ids) {
  selecting_ = true;
  QItemSelection selection;
  for (const QString& id : ids) {
    const QModelIndex at = proxy_->mapFromSource(model_->index(model_->rowOf(id), 0));
    if (at.isValid()) selection.select(at, at.siblingAtColumn(proxy_->columnCount() - 1));
  }
  table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  selecting_ = false;
  onSelectionChanged();
}

void RunsPage::onSelectionChanged() {
  if (!selecting_) doc_->setSelectedRunIds(selectedIds());
  refreshActions();
  if (charts_due_) return;
  std::vector<const RunRecord*> runs;
  for (const QString& id : selectedIds())
    if (const RunRecord* r = doc_->findRun(id)) runs.push_back(r);
  loss_chart_->setRuns(runs);
}

void RunsPage::refreshActions() {
  const int n = table_->selectionModel()->selectedRows().size();
  restore_button_->setEnabled(n == 1);
  rename_->setEnabled(n == 1);
  annotate_->setEnabled(n == 1);
  delete_->setEnabled(n >= 1);
  export_->setEnabled(model_->rowCount() > 0);
}

void RunsPage::refreshCharts() {
  if (!metric_ || charts_due_) return;  // still being built, or a refresh is on its way
  const std::vector<std::size_t> rows = shownRows();
  const int metric = metric_->currentData().isValid() ? metric_->currentData().toInt() : -1;
  const int setting = setting_->currentData().isValid() ? setting_->currentData().toInt() : -1;
  parallel_->setData(model_->table(), rows, metric);
  scatter_->setData(model_->table(), rows, setting, metric);
}

QString RunsPage::restoreSelected() {
  const QStringList ids = selectedIds();
  const RunRecord* run = ids.size() == 1 ? doc_->findRun(ids.front()) : nullptr;
  QString error = !run ? tr("Select one run to restore.") : QString();
  if (run && !run->model)
    error = tr("The run %1 kept no weights (it %2): train again with its settings instead.")
                .arg(qtext(run->label()), qtext(to_string(run->end)));
  if (error.isEmpty() && !doc_->runUsesOpenData(*run) &&
      !prompts_.open_other_data(tr("The run %1 was trained on %2, not on the data open now. Open that data and "
                                   "restore the run? (The runs stay.)")
                                    .arg(qtext(run->label()), qtext(run->settings.data_source))))
    return {};
  if (error.isEmpty()) error = restore_ ? restore_(ids.front()) : tr("Restore is not available here.");
  setStatus(error.isEmpty()
                ? tr("Restored %1: its model is the current one (Train, Predict, Export).").arg(labels_of(doc_, ids))
                : error,
            !error.isEmpty());
  return error;
}

QString RunsPage::renameSelected() {
  const QStringList ids = selectedIds();
  const RunRecord* run = ids.size() == 1 ? doc_->findRun(ids.front()) : nullptr;
  if (!run) return setStatus(tr("Select one run to rename."), true), tr("Select one run to rename.");
  const auto name = prompts_.edit_text(tr("Rename run"), tr("Name of %1:").arg(qtext(run->id)), qtext(run->name));
  if (name) doc_->renameRun(ids.front(), *name);
  return {};
}

QString RunsPage::annotateSelected() {
  const QStringList ids = selectedIds();
  const RunRecord* run = ids.size() == 1 ? doc_->findRun(ids.front()) : nullptr;
  if (!run) return setStatus(tr("Select one run to annotate."), true), tr("Select one run to annotate.");
  const auto note =
      prompts_.edit_text(tr("Annotate run"), tr("Note on %1:").arg(qtext(run->label())), qtext(run->note));
  if (note) doc_->annotateRun(ids.front(), *note);
  return {};
}

QString RunsPage::deleteSelected() {
  const QStringList ids = selectedIds();
  if (ids.isEmpty()) return setStatus(tr("Select the runs to delete."), true), tr("Select the runs to delete.");
  const QString text = tr("Delete %n run(s): %1? Their records and weights leave the session (when it is saved).",
                          nullptr, int(ids.size()))
                           .arg(labels_of(doc_, ids));
  if (!prompts_.confirm_delete(text)) return {};
  const int removed = doc_->removeRuns(ids);
  setStatus(tr("Deleted %n run(s).", nullptr, removed));
  return {};
}

QString RunsPage::exportCsv() {
  const QString path = prompts_.csv_path();
  if (path.isEmpty()) return {};
  QString error = doc_->refusesOutputAt(path);
  if (error.isEmpty()) {
    QSaveFile file(path);  // atomic: a failed write leaves what was there
    const std::string csv = run_table_csv(model_->table(), shownRows());
    if (!file.open(QIODevice::WriteOnly) || file.write(csv.data(), qint64(csv.size())) != qint64(csv.size()) ||
        !file.commit())
      error = tr("%1 could not be written: %2").arg(path, file.errorString());
  }
  setStatus(error.isEmpty() ? tr("Wrote %n run(s) to %1.", nullptr, proxy_->rowCount()).arg(path) : error,
            !error.isEmpty());
  return error;
}

}  // namespace rnnwb::ui
