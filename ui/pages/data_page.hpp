#pragma once
// DataPage (step 1): what was loaded (a table preview, missing cells), which columns to predict and
// which to feed the model, what to do about missing cells, and how the rows are cut: window,
// horizon, train / validation / test split and season, drawn on a chart of the first target.
// Many series: the series column (or columns taken as series), split by time or by series, the
// list of series with their rows (model/view), and the chart of the series selected there (several
// are overlaid), with that series' own split shaded.
#include <QStringList>
#include <QWidget>
#include <vector>

#include "engine/data/pipeline.hpp"

class QAreaSeries;
class QChart;
class QComboBox;
class QPushButton;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QListWidget;
class QScatterSeries;
class QSpinBox;
class QTableView;
class QItemSelection;
class QValueAxis;

namespace rnnwb::ui {

class ChartView;
class TimeTicksAxis;
class CsvTableModel;
class SeriesListModel;
class WorkbenchDocument;

class DataPage : public QWidget {
  Q_OBJECT
 public:
  explicit DataPage(WorkbenchDocument* doc, QWidget* parent = nullptr);

 private:
  QWidget* buildTableBox();
  QWidget* buildRolesBox();
  QWidget* buildMissingBox();
  QWidget* buildSplitBox();
  QWidget* buildChart();
  QWidget* buildSeriesBox();

 public:
  // The series drawn in the chart (indices into the data's series; the first one's split is shaded).
  std::vector<std::size_t> chartedSeries() const { return charted_series_; }

 private:
  void refreshSeriesControls();  // the form choice, the suggestion, split by, the list
  void seriesColumnChosen();
  void columnsAsSeriesClicked();
  void seriesSelectionChanged();

  void onDataChanged();
  void refreshRoles();
  void refreshMissing();
  void refreshPipelineControls();
  void refreshBanner();
  void refreshChartLine();   // the first target's values (after the missing-value policy)
  void refreshChartBands();  // split regions, window and horizon
  // The split of `rows` charted rows: the first charted series' own when they are its rows.
  SplitBounds chartedBounds(std::size_t rows) const;

  QStringList checkedNames(const QListWidget* list) const;
  void targetsEdited();
  void featuresEdited();
  void splitEdited();

  WorkbenchDocument* doc_;
  CsvTableModel* model_;
  QLabel* source_label_;
  QLabel* banner_;
  QTableView* table_view_;
  QListWidget* target_list_;
  QListWidget* feature_list_;
  QLabel* roles_note_;
  QLabel* missing_report_;
  QComboBox* policy_combo_;
  QLabel* policy_help_;
  QLabel* prepared_status_;
  QSpinBox* window_spin_;
  QSpinBox* horizon_spin_;
  QDoubleSpinBox* train_spin_;
  QDoubleSpinBox* validation_spin_;
  QLabel* test_label_;
  QSpinBox* season_spin_;
  QLabel* season_note_;  // "suggested: 12 (monthly time step)"

  QComboBox* series_combo_;
  QLabel* series_suggestion_;
  QPushButton* wide_button_;
  QComboBox* split_by_combo_;
  QLabel* series_summary_;
  QTableView* series_view_;
  SeriesListModel* series_model_;
  std::vector<std::size_t> charted_series_{0};
  std::vector<QLineSeries*> overlay_lines_;  // the second and later selected series

  ChartView* chart_view_;
  QChart* chart_;
  QValueAxis* axis_x_;
  TimeTicksAxis* time_axis_;  // time labels under the rows when the time column holds times
  QValueAxis* axis_y_;
  QLineSeries* line_;
  QAreaSeries* train_band_;
  QAreaSeries* validation_band_;
  QAreaSeries* test_band_;
  QAreaSeries* window_band_;
  QAreaSeries* horizon_band_;
  QScatterSeries* window_label_;
  QScatterSeries* horizon_label_;
  std::size_t charted_rows_ = 0;  // of the charted target, x = row index (the chart view keeps the points)
  double y_lo_ = 0.0, y_hi_ = 1.0;
};

}  // namespace rnnwb::ui
