#pragma once
// RunsPage: every training of the document compared (issue 16). A table of the runs (sortable by
// any column, numbers as numbers; filtered by any text or "lr<0.01"; the settings that differ
// between the runs first, the best by validation loss marked), the loss curves of the selected
// runs overlaid, parallel coordinates of the differing settings against a chosen metric and a
// scatter of one setting against it, all refreshed as runs arrive. Actions on the selection:
// Restore (the window makes the run's settings and weights the current model), Rename, Annotate,
// Delete (asked first), and Export the table as CSV. The selection is the document's
// selectedRunIds (the Predict page overlays those runs).
#include <QString>
#include <QStringList>
#include <QWidget>
#include <functional>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace rnnwb::ui {

class WorkbenchDocument;
class RunsTableModel;
class RunsFilterProxy;
class RunsLossChart;
class RunsParallelChart;
class RunsScatterChart;

// The questions the page asks (modal dialogs by default); tests answer them at once.
struct RunsPagePrompts {
  std::function<bool(const QString& text)> confirm_delete;
  // The run was trained on other data than the data open now: open its data to restore it?
  std::function<bool(const QString& text)> open_other_data;
  // A line of text (the name, the note); nullopt when cancelled.
  std::function<std::optional<QString>(const QString& title, const QString& label, const QString& text)> edit_text;
  std::function<QString()> csv_path;  // where to export the table; empty when cancelled
};
RunsPagePrompts default_runs_page_prompts(QWidget* parent);

class RunsPage : public QWidget {
  Q_OBJECT
 public:
  explicit RunsPage(WorkbenchDocument* doc, QWidget* parent = nullptr);

  RunsPagePrompts& prompts() { return prompts_; }
  // What Restore does (the window's restore: the document's prepareRunRestore / commitRunRestore);
  // returns the error in words or empty.
  void setRestoreHandler(std::function<QString(const QString& id)> restore) { restore_ = std::move(restore); }

  QTableView* table() const { return table_; }
  RunsTableModel* model() const { return model_; }
  RunsFilterProxy* proxy() const { return proxy_; }
  // The run ids in the order the table shows them now (sorted, filtered).
  QStringList shownRunIds() const;
  // Selects these runs in the table (and so in the document).
  void selectRuns(const QStringList& ids);

  // The actions, on the selected runs; each returns the error or empty (also shown on the page).
  QString restoreSelected();
  QString renameSelected();
  QString annotateSelected();
  QString deleteSelected();
  QString exportCsv();

 private:
  QWidget* buildToolbar();
  QWidget* buildActions();
  QWidget* buildCharts();
  void onRunsChanged();
  void onSelectionChanged();
  void refreshCharts();
  void refreshChoices();  // the metric and setting combo boxes, from the table's columns
  void refreshActions();
  void applyFilter();
  void showAllSettings(bool all);
  void setStatus(const QString& text, bool error = false);
  QStringList selectedIds() const;
  std::vector<std::size_t> shownRows() const;  // the filtered runs, as rows of the table

  WorkbenchDocument* doc_;
  RunsTableModel* model_;
  RunsFilterProxy* proxy_;
  QTableView* table_ = nullptr;
  QLineEdit* filter_ = nullptr;
  QCheckBox* all_settings_ = nullptr;
  QLabel *count_ = nullptr, *status_ = nullptr, *filter_error_ = nullptr;
  QPushButton *restore_button_ = nullptr, *rename_ = nullptr, *annotate_ = nullptr, *delete_ = nullptr,
              *export_ = nullptr;
  QComboBox *metric_ = nullptr, *setting_ = nullptr;
  RunsLossChart* loss_chart_ = nullptr;
  RunsParallelChart* parallel_ = nullptr;
  RunsScatterChart* scatter_ = nullptr;
  RunsPagePrompts prompts_;
  std::function<QString(const QString&)> restore_;
  bool selecting_ = false;   // the page itself is selecting: do not feed back into the document
  bool charts_due_ = false;  // runs changed: the charts are refreshed once the event loop is back
};

}  // namespace rnnwb::ui
