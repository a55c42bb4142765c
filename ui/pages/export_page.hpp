#pragma once
// ExportPage (step 6): the files a trained model leaves behind. The model itself (.safetensors,
// loadable by `rnnwb predict` and any safetensors reader), the same network for ONNX Runtime
// (.onnx) and as C source (.c + .h), its predictions and forecast as CSV
// (the same file as `rnnwb predict --data --forecast`), the loss history as CSV, and every chart
// of the window as PNG and SVG. Each save* method writes atomically (a failed write leaves the
// previous file intact), shows what was written or the error in the status line, and returns
// the error (empty on success); the buttons ask for the path and call them.
#include <QString>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace rnnwb::ui {

class BackgroundJobs;
class WorkbenchDocument;

class ExportPage : public QWidget {
  Q_OBJECT
 public:
  explicit ExportPage(WorkbenchDocument* doc, QWidget* parent = nullptr);
  ~ExportPage() override;  // waits for a predictions file being written

  QString saveModelTo(const QString& path);
  QString exportOnnxTo(const QString& path);  // ONNX with the transforms inside the graph
  QString exportCTo(const QString& path);     // path.c and the .h beside it
  QString savePredictionsTo(const QString& path);
  QString saveHistoryTo(const QString& path);
  QString saveChartsTo(const QString& folder);  // <folder>/<chart name>.png and .svg
  // The PyTorch training project (engine/export/pytorch_script.hpp) into a new or empty folder, from
  // the current settings (no training needed); with `resume`, continuing from the trained model's
  // weights (refused when the settings changed since it was trained).
  QString exportPytorchScriptTo(const QString& folder, bool resume);
  // A model scaled per series: the series whose statistics ONNX and C exports embed (they take
  // bare windows); its id, empty for other models.
  QString exportSeries() const;
  void setExportSeries(const QString& id);

 signals:
  // Sessions are the main window's (it knows the page on show and the recent files).
  void saveSessionRequested();
  void openSessionRequested();

 private:
  void refresh();
  void refreshSeries();
  QString blockedReason() const;  // why the model files cannot be written yet; empty when they can
  void askForFile(const QString& title, const QString& suffix, const QString& filter,
                  void (ExportPage::*save)(const QString&));
  void askForFolder();
  void askForScriptFolder();
  void writePredictionsInBackground(const QString& path);  // the button's way: no frozen window
  void saveModelAt(const QString& path) { saveModelTo(path); }
  void exportOnnxAt(const QString& path) { exportOnnxTo(path); }
  void exportCAt(const QString& path) { exportCTo(path); }
  QString exportTo(int format, const QString& path, const QString& what);
  void saveHistoryAt(const QString& path) { saveHistoryTo(path); }
  QString report(const QString& error, const QString& done);
  // Why the predictions CSV cannot be written: a sequence model, or a model without its data.
  QString sequencePredictionsReason() const;
  QString defaultStem() const;
  QString dataName() const;  // "sunspots" for sample:sunspots, "data" for /folder/data.csv

  WorkbenchDocument* doc_;
  QLabel *summary_, *blocked_, *status_, *series_label_;
  QComboBox* series_;  // shown for a model scaled per series
  QPushButton* export_script_;
  QCheckBox* script_resume_;
  QPushButton *save_model_, *export_onnx_, *export_c_, *save_predictions_, *save_history_, *save_charts_;
  QString last_folder_;
  BackgroundJobs* writer_;  // one predictions file at a time
};

}  // namespace rnnwb::ui
