#pragma once
// NormalisePage (step 2): per used column, the transforms the model's inputs go through (log,
// differencing, scaler) with the offset and scale fitted on the training rows, the warnings about
// validation / test values outside the training range, and a before / after preview of a column.
// Many series: scaling fitted globally (all series' training rows pooled) or per series, and then
// each series' fitted offset and scale in a table (model/view).
#include <QStringList>
#include <QWidget>
#include <vector>

class QAreaSeries;
class QComboBox;
class QTableView;
class QChart;
class QLabel;
class QLineSeries;
class QTableWidget;
class QValueAxis;

namespace rnnwb::ui {

class TimeTicksAxis;

class ChartView;
class SeriesStatsModel;
class WorkbenchDocument;

class NormalisePage : public QWidget {
  Q_OBJECT
 public:
  explicit NormalisePage(WorkbenchDocument* doc, QWidget* parent = nullptr);

 private:
  // One preview chart: a line over the rows with the training rows shaded.
  struct Preview {
    ChartView* view = nullptr;  // keeps the line's points and decimates them
    QChart* chart = nullptr;
    QValueAxis* x = nullptr;
    QValueAxis* y = nullptr;
    QLineSeries* line = nullptr;
    QAreaSeries* train = nullptr;
    TimeTicksAxis* time = nullptr;  // time labels under the rows when the time column holds times
  };
  Preview makePreview(const char* object_name);
  void showPreview(Preview& p, const QString& name, std::vector<double> ys, const QString& title,
                   const QString& y_title, std::size_t train_end);

  QStringList usedColumns() const;
  void rebuildRows();    // the set of used columns changed
  void refreshValues();  // transforms, fitted statistics, warnings, preview
  void refreshPreview();
  void editTransform(const QString& column, int what, int value);
  void refreshSeriesStats();

  WorkbenchDocument* doc_;
  QStringList columns_;  // the table's rows
  QLabel* banner_;
  QLabel* warnings_;
  QLabel* fitted_on_;
  QTableWidget* table_;
  QComboBox* scale_per_combo_;
  QLabel* scale_per_note_;
  QTableView* series_stats_view_;
  SeriesStatsModel* series_stats_;
  QLabel* preview_label_;
  Preview before_, after_;
};

}  // namespace rnnwb::ui
