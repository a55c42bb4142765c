// The Predict and Export pages driven through their widgets, offscreen, with a real document and
// a model trained by the engine: actual / predicted / forecast curves with the right point counts
// and values, zoom and reset, residuals, the metrics table against the document's evaluation and
// the baselines, the error by horizon step, a target choice, an impossible forecast explained,
// and every export written, read back and checked (and a failed write explained).
#include <QAbstractButton>
#include <QApplication>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>
#include <cmath>

#include "engine/export/c_export.hpp"
#include "engine/export/onnx_export.hpp"
#include "engine/io/model_file.hpp"
#include "engine/workflow/prediction.hpp"
#include "engine/workflow/prediction_csv.hpp"
#include "engine/workflow/training.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/pages/export_page.hpp"
#include "ui/pages/metrics_table.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

void train(WorkbenchDocument& doc, int epochs = 3) { train_in_document(doc, epochs); }

QStringList read_lines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
  if (!lines.isEmpty() && lines.back().isEmpty()) lines.removeLast();
  return lines;
}

QByteArray read_bytes(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The pages as the main window holds them: tabs in one top-level window, shown at 1200 x 800.
struct Window {
  WorkbenchDocument doc;
  QTabWidget tabs;
  PredictPage* predict;
  ExportPage* exporter;
  explicit Window(int first_tab = 0) {
    predict = new PredictPage(&doc);
    exporter = new ExportPage(&doc);
    tabs.addTab(predict, "Predict");
    tabs.addTab(exporter, "Export");
    tabs.setCurrentIndex(first_tab);
    tabs.resize(1200, 800);
    tabs.show();
  }
};

}  // namespace

class PredictExportPagesTest : public QObject {
  Q_OBJECT
 private slots:
  void beforeTrainingEverythingSaysTrainFirst();
  void predictionsMetricsAndForecastOfSunspots();
  void horizonThreeBreaksTheTestErrorDownByStep();
  void severalTargetsAndAnImpossibleForecast();
  void exportsWriteWhatTheyClaim();
  void noExportIsWrittenOverTheOpenData();
  void pytorchProjectFromTheSettingsBeforeAndAfterTraining();
};

void PredictExportPagesTest::beforeTrainingEverythingSaysTrainFirst() {
  Window w;
  QVERIFY(w.doc.loadSample("sunspots").isEmpty());
  auto* label = find<QLabel>(w.predict, "notTrainedLabel");
  QVERIFY(label->isVisible());
  QVERIFY(label->text().contains("Train a model first (Train page, F5)"));
  QVERIFY(!find<ChartView>(w.predict, "predictionChart")->isVisible());
  w.tabs.setCurrentIndex(1);
  for (const char* name : {"saveModel", "savePredictions", "saveHistory"}) {
    auto* button = find<QPushButton>(w.exporter, name);
    QVERIFY2(!button->isEnabled(), name);
    QVERIFY2(button->toolTip().contains("Train a model first"), name);
  }
  QVERIFY(find<QLabel>(w.exporter, "exportBlocked")->text().contains("Train a model first"));
  QVERIFY(find<QPushButton>(w.exporter, "saveCharts")->isEnabled());  // the data chart exists already
  QTemporaryDir dir;
  QVERIFY(!w.exporter->saveModelTo(dir.filePath("m.safetensors")).isEmpty());
  QVERIFY(!QFile::exists(dir.filePath("m.safetensors")));
}

void PredictExportPagesTest::predictionsMetricsAndForecastOfSunspots() {
  Window w;
  QVERIFY(w.doc.loadSample("sunspots").isEmpty());
  w.doc.setWindow(12);
  QSignalSpy shown(w.predict, &PredictPage::predictionsShown);
  train(w.doc, 40);  // a model worth a screenshot
  QVERIFY(wait_idle(*w.predict));
  QCOMPARE(shown.count(), 1);
  QVERIFY(!find<QLabel>(w.predict, "notTrainedLabel")->isVisible());
  QVERIFY(find<ChartView>(w.predict, "predictionChart")->isVisible());

  // Actual over all 309 rows, predictions for every row after the first window, K forecast rows.
  const std::size_t rows = 309, window = 12;
  const int steps = w.doc.forecastSteps();
  QCOMPARE(steps, 12);
  QCOMPARE(find<QSpinBox>(w.predict, "forecastSpin")->value(), steps);
  QLineSeries* actual = line(w.predict, "predictionChart", "actual");
  QLineSeries* predicted = line(w.predict, "predictionChart", "predicted");
  QLineSeries* forecast = line(w.predict, "predictionChart", "forecast");
  QCOMPARE(actual->count(), int(rows));
  QCOMPARE(predicted->count(), int(rows - window));
  QCOMPARE(forecast->count(), steps);
  QCOMPARE(actual->at(0), QPointF(0, 5));  // 1700: 5
  QCOMPARE(predicted->at(0).x(), double(window));
  QCOMPARE(forecast->at(0).x(), double(rows));

  // The values are the engine's, in original units.
  const Series& series = *w.doc.prepared().series;
  TrainedModel copy = *w.doc.trained();
  const Tensor3<double> engine_predictions = predict_rows(copy, series, {window, rows - 1});
  // Float rounding may differ with how many windows are predicted together (the rows are split
  // between threads), so "the same" is within float precision of the value.
  const auto same = [](double a, double b) { return std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b)); };
  QVERIFY2(same(predicted->at(0).y(), engine_predictions(0, 0, 0)),
           qPrintable(
               QString("%1 vs %2").arg(predicted->at(0).y(), 0, 'g', 12).arg(engine_predictions(0, 0, 0), 0, 'g', 12)));
  QVERIFY(same(predicted->at(predicted->count() - 1).y(), engine_predictions(1, 0, 0)));
  const auto engine_forecast = forecast_closed_loop(copy, series, steps);
  QVERIFY(same(forecast->at(steps - 1).y(), engine_forecast.back()[0]));
  QVERIFY2(find<QLabel>(w.predict, "predictStatus")->text().contains("297 rows"),
           qPrintable(find<QLabel>(w.predict, "predictStatus")->text()));
  QVERIFY(find<QLabel>(w.predict, "forecastNote")->isHidden());

  // Residuals: actual - predicted, one per predicted row, and a zero line.
  QLineSeries* residuals = line(w.predict, "residualChart", "residuals");
  QCOMPARE(residuals->count(), int(rows - window));
  QCOMPARE(residuals->at(0).y(),
           series.columns[std::size_t(series.find("SUNACTIVITY"))][window] - predicted->at(0).y());
  QCOMPARE(line(w.predict, "residualChart", "zero")->at(0).y(), 0.0);
  for (const char* chart : {"predictionChart", "residualChart"}) {
    for (QAbstractAxis* axis : find<ChartView>(w.predict, chart)->chart()->axes())
      QVERIFY2(!axis->titleText().isEmpty(), chart);
  }

  // The forecast spin drives the document and the forecast curve (not the predictions).
  find<QSpinBox>(w.predict, "forecastSpin")->setValue(5);
  QCOMPARE(w.doc.forecastSteps(), 5);
  QVERIFY(wait_idle(*w.predict));
  QCOMPARE(forecast->count(), 5);
  QCOMPARE(predicted->count(), int(rows - window));
  QVERIFY(std::abs(forecast->at(4).y() - engine_forecast[4][0]) < 1e-6);

  // Zooming into the first rows re-decimates to the visible range; Reset zoom shows all again.
  ChartView* view = find<ChartView>(w.predict, "predictionChart");
  const QRectF area = view->chart()->plotArea();
  view->chart()->zoomIn(QRectF(area.left(), area.top(), area.width() / 6, area.height()));
  emit view->viewChanged();
  QVERIFY2(actual->count() < 70, qPrintable(QString::number(actual->count())));
  QVERIFY(actual->at(actual->count() - 1).x() < 70);
  view->chart()->scroll(area.width() / 2, 0);  // pan right
  emit view->viewChanged();
  QVERIFY(actual->at(0).x() > 10);
  find<QPushButton>(w.predict, "resetZoom")->click();
  QCOMPARE(actual->count(), int(rows));

  // The metrics table: the document's test RMSE in the model row, baselines beneath.
  auto* table = find<MetricsTable>(w.predict, "metricsTable");
  const Evaluation& e = w.doc.evaluation();
  const int rmse = table->metricColumn("RMSE");
  const int model_test = table->rowOf("test", "model");
  QVERIFY(rmse >= 0 && model_test >= 0);
  const double shown_rmse = table->item(model_test, rmse)->text().toDouble();
  QVERIFY2(std::abs(shown_rmse - e.model.at(Split::Test).rmse) <= 5e-4 * e.model.at(Split::Test).rmse,
           qPrintable(table->item(model_test, rmse)->text()));
  QCOMPARE(table->item(model_test, rmse)->data(Qt::UserRole).toDouble(), e.model.at(Split::Test).rmse);
  QCOMPARE(table->rowCount(), 9);  // 3 splits x (model, persistence, seasonal naive: sunspots has a season)
  for (const char* split : {"train", "validation", "test"}) {
    const Split key = find_enum<Split>(split).value();
    const int persistence = table->rowOf(split, "persistence");
    const int seasonal = table->rowOf(split, "seasonal naive");
    QVERIFY2(persistence >= 0 && seasonal >= 0, split);
    QCOMPARE(table->item(persistence, rmse)->data(Qt::UserRole).toDouble(), e.baselines.at("persistence").at(key).rmse);
    QCOMPARE(table->item(seasonal, rmse)->data(Qt::UserRole).toDouble(), e.baselines.at("seasonal_naive").at(key).rmse);
    // Bold exactly where the model beats persistence.
    const int model = table->rowOf(split, "model");
    const bool better = e.model.at(key).rmse < e.baselines.at("persistence").at(key).rmse;
    QCOMPARE(table->item(model, rmse)->font().bold(), better);
  }
  QVERIFY(find<QLabel>(w.predict, "baselineNote")->text().contains("persistence"));
  QVERIFY(find<QLabel>(w.predict, "baselineNote")->text().contains("11 rows"));
  QVERIFY(find<QTableWidget>(w.predict, "horizonError")->parentWidget()->isHidden());  // horizon 1
  QVERIFY(!find<QComboBox>(w.predict, "targetCombo")->isEnabled());                    // one target

  find<QSpinBox>(w.predict, "forecastSpin")->setValue(12);
  QVERIFY(wait_idle(*w.predict));
  w.tabs.setCurrentIndex(0);
  save_screenshot(&w.tabs, "predict_page.png");
}

void PredictExportPagesTest::horizonThreeBreaksTheTestErrorDownByStep() {
  Window w;
  QVERIFY(w.doc.loadSample("sunspots").isEmpty());
  w.doc.setWindow(12);
  w.doc.setHorizon(3);
  train(w.doc);
  QVERIFY(wait_idle(*w.predict));
  auto* horizon = find<QTableWidget>(w.predict, "horizonError");
  QVERIFY(horizon->isVisible());
  QCOMPARE(horizon->rowCount(), 3);
  QCOMPARE(horizon->item(0, 0)->text(), QString("t+1"));
  QCOMPARE(horizon->item(2, 0)->text(), QString("t+3"));
  // Pooled over the three steps, the squared errors give back the document's test RMSE.
  double mse = 0;
  for (int k = 0; k < 3; ++k) {
    const double r = horizon->item(k, 1)->data(Qt::UserRole).toDouble();
    QVERIFY(std::isfinite(r) && r > 0);
    mse += r * r / 3;
  }
  QVERIFY2(std::abs(std::sqrt(mse) - w.doc.evaluation().model.at(Split::Test).rmse) < 1e-6,
           qPrintable(QString("%1 vs %2").arg(std::sqrt(mse)).arg(w.doc.evaluation().model.at(Split::Test).rmse)));
  // The one-step curve still has one point per row with a window; the forecast is in rows.
  QCOMPARE(line(w.predict, "predictionChart", "predicted")->count(), 309 - 12);
  QCOMPARE(line(w.predict, "predictionChart", "forecast")->count(), w.doc.forecastSteps());
  save_screenshot(&w.tabs, "predict_page_horizon3.png");
}

void PredictExportPagesTest::severalTargetsAndAnImpossibleForecast() {
  Window w;
  QVERIFY(w.doc.loadSample("macrodata").isEmpty());
  w.doc.setTargets({"realgdp", "realcons"});
  w.doc.setFeatures({"realgdp", "realcons", "unemp"});
  w.doc.setWindow(8);
  train(w.doc);
  QVERIFY(wait_idle(*w.predict));
  auto* combo = find<QComboBox>(w.predict, "targetCombo");
  QVERIFY(combo->isEnabled());
  QCOMPARE(combo->count(), 2);
  QLineSeries* actual = line(w.predict, "predictionChart", "actual");
  QCOMPARE(actual->at(0).y(), 2710.349);
  combo->setCurrentIndex(1);
  QCOMPARE(actual->at(0).y(), 1707.4);
  QVERIFY(find<ChartView>(w.predict, "predictionChart")->chart()->title().startsWith("realcons"));
  QCOMPARE(line(w.predict, "predictionChart", "predicted")->count(), 203 - 8);

  // unemp is read but not predicted: no forecast, and the page says why.
  auto* note = find<QLabel>(w.predict, "forecastNote");
  QVERIFY(note->isVisible());
  QVERIFY2(note->text().contains("unemp"), qPrintable(note->text()));
  QVERIFY(!find<QSpinBox>(w.predict, "forecastSpin")->isEnabled());
  QCOMPARE(line(w.predict, "predictionChart", "forecast")->count(), 0);

  // The predictions file leaves the forecast rows out and says so.
  QTemporaryDir dir;
  const QString path = dir.filePath("p.csv");
  QCOMPARE(w.exporter->savePredictionsTo(path), QString());
  QCOMPARE(read_lines(path).size(), 1 + 203 - 8);
  QVERIFY(find<QLabel>(w.exporter, "exportStatus")->text().contains("No forecast rows"));
}

void PredictExportPagesTest::exportsWriteWhatTheyClaim() {
  Window w(1);  // the Predict page is never shown: its charts are still exported at a readable size
  QVERIFY(w.doc.loadSample("sunspots").isEmpty());
  w.doc.setWindow(12);
  train(w.doc);
  QVERIFY(wait_idle(*w.predict));
  QVERIFY(!w.predict->isVisible());
  for (const char* name : {"saveModel", "savePredictions", "saveHistory", "saveCharts"})
    QVERIFY2(find<QPushButton>(w.exporter, name)->isEnabled(), name);
  QVERIFY(find<QLabel>(w.exporter, "exportBlocked")->isHidden());
  auto* status = find<QLabel>(w.exporter, "exportStatus");
  QTemporaryDir dir;

  // The model file loads back with the same weights.
  const QString model_path = dir.filePath("m.safetensors");
  QCOMPARE(w.exporter->saveModelTo(model_path), QString());
  QVERIFY(status->text().contains(QDir::toNativeSeparators(model_path)));
  const TrainedModel back = load_model(model_path.toStdString());
  QVERIFY(back.model.parameters() == w.doc.trained()->model.parameters());
  QCOMPARE(back.pipeline.window, Index(12));

  // ONNX and C: the engine's exports, byte for byte, with the C header beside the source.
  QVERIFY(find<QPushButton>(w.exporter, "exportOnnx")->isEnabled());
  QVERIFY(find<QPushButton>(w.exporter, "exportC")->isEnabled());
  const QString onnx_path = dir.filePath("m.onnx");
  QCOMPARE(w.exporter->exportOnnxTo(onnx_path), QString());
  QCOMPARE(read_bytes(onnx_path), QByteArray::fromStdString(onnx_bytes(*w.doc.trained())));
  const QString c_path = dir.filePath("sunspots_model.c");
  QCOMPARE(w.exporter->exportCTo(c_path), QString());
  const CSource c = c_source(*w.doc.trained(), "sunspots_model");
  QCOMPARE(read_bytes(c_path), QByteArray::fromStdString(c.source));
  QCOMPARE(read_bytes(dir.filePath("sunspots_model.h")), QByteArray::fromStdString(c.header));
  QVERIFY(status->text().contains("sunspots_model.h"));
  QVERIFY(!w.exporter->exportOnnxTo(dir.filePath("no/m.onnx")).isEmpty());
  QVERIFY(status->text().startsWith("The model was not exported"));

  // The predictions file: the CLI's columns, one row per predicted row, then the forecast.
  const QString csv_path = dir.filePath("p.csv");
  QCOMPARE(w.exporter->savePredictionsTo(csv_path), QString());
  const QStringList lines = read_lines(csv_path);
  // (issue 17: the default 80% and 95% intervals add their columns)
  QCOMPARE(lines.value(0),
           QString("YEAR,split,SUNACTIVITY,SUNACTIVITY_predicted,SUNACTIVITY_lower_80,SUNACTIVITY_upper_80,"
                   "SUNACTIVITY_lower_95,SUNACTIVITY_upper_95"));
  QCOMPARE(lines.size(), 1 + (309 - 12) + 12);
  QVERIFY(lines.value(1).startsWith("1712,train,"));
  QVERIFY(lines.value(309 - 12).startsWith("2008,test,"));
  QVERIFY(lines.value(309 - 12 + 1).startsWith("2009,forecast,,"));
  // Byte for byte what `rnnwb predict --data sample:sunspots --forecast 12` writes.
  TrainedModel copy = *w.doc.trained();
  CsvTable table = w.doc.table();
  const PredictionCsv engine = prediction_csv(copy, table, "sample:sunspots", MissingPolicy::Error, 12);
  QCOMPARE(read_bytes(csv_path), QByteArray::fromStdString(engine.text));

  // The loss history: a header and one line per epoch.
  const QString history_path = dir.filePath("h.csv");
  QCOMPARE(w.exporter->saveHistoryTo(history_path), QString());
  const QStringList history = read_lines(history_path);
  QCOMPARE(history.size(), 4);
  QCOMPARE(history[0], QString("epoch,train_loss,val_loss,lr,seconds"));
  QCOMPARE(history[1].split(',').size(), 5);
  QCOMPARE(history[3].section(',', 0, 0), QString("3"));
  const double first_loss = w.doc.trained()->history[0].train_loss;  // written with 10 significant digits
  QVERIFY(std::abs(history[1].section(',', 1, 1).toDouble() - first_loss) <= 1e-9 * first_loss);

  // Every chart of the window, as a non-empty PNG and an SVG document.
  const QString charts = dir.filePath("charts");
  QVERIFY(QDir().mkpath(charts));
  QCOMPARE(w.exporter->saveChartsTo(charts), QString());
  const QList<ChartView*> views = w.tabs.findChildren<ChartView*>();
  QCOMPARE(views.size(), 5);  // with the residual diagnostics tab's three (issue 17)
  // Named after the data and what the chart shows, not after the widgets (issue 15).
  for (const QString name : {"sunspots-predictions", "sunspots-residuals", "sunspots-acf",
                             "sunspots-residual-histogram", "sunspots-step-error"}) {
    const QString base = QDir(charts).filePath(name);
    QImage png(base + ".png");
    QVERIFY2(!png.isNull() && png.width() >= 480 && png.height() >= 300,
             qPrintable(QString("%1: %2 x %3").arg(base).arg(png.width()).arg(png.height())));
    QVERIFY2(read_bytes(base + ".svg").startsWith("<?xml"), qPrintable(base));
  }
  QVERIFY(status->text().contains("sunspots-predictions"));
  QVERIFY(!QFileInfo::exists(QDir(charts).filePath("predictionChart.png")));
  if (!qEnvironmentVariable("RNNWB_SCREENSHOT_DIR").isEmpty())  // to look at
    QFile::copy(QDir(charts).filePath("sunspots-predictions.png"),
                qEnvironmentVariable("RNNWB_SCREENSHOT_DIR") + "/exported_prediction_chart.png");
  QVERIFY(find<QLabel>(w.exporter, "exportModelSummary")->text().contains("lstm(8) → dense(1)"));
  save_screenshot(&w.tabs, "export_page.png");

  // A missing folder: one clear error, shown; nothing written; earlier files intact.
  const QString missing = dir.filePath("no/such/folder");
  const QString error = w.exporter->saveChartsTo(missing);
  QVERIFY(error.contains("does not exist"));
  QCOMPARE(status->text(), error);
  QVERIFY(!QDir(missing).exists());
  const QByteArray before = read_bytes(history_path);
  const QString model_error = w.exporter->saveModelTo(dir.filePath("no/m.safetensors"));
  QVERIFY(!model_error.isEmpty());
  QCOMPARE(status->text(), model_error);
  QVERIFY(!w.exporter->saveHistoryTo(history_path + "/x.csv").isEmpty());  // a file is no folder
  QCOMPARE(read_bytes(history_path), before);
  QVERIFY(!w.exporter->savePredictionsTo(dir.filePath("no/p.csv")).isEmpty());
  QVERIFY(status->text().startsWith("The predictions were not saved"));
}

// An output that is the open data file (by another spelling or through a link) is refused before
// anything is written, and the data stays byte for byte as it was.
void PredictExportPagesTest::noExportIsWrittenOverTheOpenData() {
  QTemporaryDir dir;
  const QString data = dir.filePath("series.csv");
  QString csv = "t,v\n";
  for (int i = 0; i < 120; ++i) csv += QString("%1,%2\n").arg(i).arg(10 + std::sin(0.3 * i), 0, 'f', 4);
  {
    QFile f(data);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(csv.toUtf8());
  }
  QVERIFY(QFile::link(data, dir.filePath("link.csv")));
  Window w(1);
  QVERIFY(w.doc.loadCsvFile(data).isEmpty());
  w.doc.setWindow(8);
  train(w.doc, 2);
  QVERIFY(wait_idle(*w.predict));
  auto* status = find<QLabel>(w.exporter, "exportStatus");
  const QString same[] = {data, dir.filePath("./series.csv"), dir.filePath("link.csv")};
  for (const QString& path : same) {
    QVERIFY(!w.exporter->saveModelTo(path).isEmpty());
    QVERIFY2(status->text().contains("is the data file that is open"), qPrintable(status->text()));
    QVERIFY(!w.exporter->exportOnnxTo(path).isEmpty());
    QVERIFY(!w.exporter->savePredictionsTo(path).isEmpty());
    QVERIFY(!w.exporter->saveHistoryTo(path).isEmpty());
  }
  QVERIFY(!w.exporter->saveModelTo(data).isEmpty());
  save_screenshot(&w.tabs, "export_page_refuses_the_data_file.png");
  // A C export whose header would land on the data: series.c writes series.h, so name the data .h.
  const QString header = dir.filePath("series.h");
  QVERIFY(QFile::copy(data, header));
  QVERIFY(w.doc.loadCsvFile(header).isEmpty());
  w.doc.setWindow(8);
  train(w.doc, 2);
  QVERIFY(wait_idle(*w.predict));
  QVERIFY(!w.exporter->exportCTo(dir.filePath("series.c")).isEmpty());
  QVERIFY(!QFile::exists(dir.filePath("series.c")));
  QCOMPARE(read_bytes(data), csv.toUtf8());
  QCOMPARE(read_bytes(header), csv.toUtf8());
  // Another name still works.
  QCOMPARE(w.exporter->saveModelTo(dir.filePath("m.safetensors")), QString());
}

// The PyTorch project needs no training: from the settings on the pages, into a new folder; a
// folder that holds anything is refused untouched; after training it can continue from the weights.
void PredictExportPagesTest::pytorchProjectFromTheSettingsBeforeAndAfterTraining() {
  Window w(1);
  QVERIFY(w.doc.loadSample("sunspots").isEmpty());
  w.doc.setWindow(9);
  auto* button = find<QPushButton>(w.exporter, "exportPytorchScript");
  auto* resume = find<QCheckBox>(w.exporter, "exportPytorchResume");
  QVERIFY(button->isEnabled());
  QVERIFY(!resume->isEnabled());
  QTemporaryDir dir;
  const QString project = dir.filePath("project");
  QCOMPARE(w.exporter->exportPytorchScriptTo(project, false), QString());
  for (const char* name :
       {"train.py", "pipeline.py", "README.md", "load_in_pytorch.py", "config.json", "data/sunspots.csv"})
    QVERIFY2(QFile::exists(QDir(project).filePath(name)), name);
  QVERIFY(!QFile::exists(QDir(project).filePath("initial.safetensors")));
  const QJsonObject config = QJsonDocument::fromJson(read_bytes(QDir(project).filePath("config.json"))).object();
  QCOMPARE(config["format"].toString(), QString("rnnwb-pytorch-script"));
  QVERIFY(config["resume"].isNull());
  const QJsonObject settings = config["settings"].toObject();
  QCOMPARE(settings["pipeline"].toObject()["window"].toInt(), 9);
  QCOMPARE(settings["data"].toObject()["source"].toString(), QString("data/sunspots.csv"));
  QCOMPARE(settings["data"].toObject()["time_column"].toString(), QString("YEAR"));
  QCOMPARE(read_bytes(QDir(project).filePath("data/sunspots.csv")).left(16),
           QByteArray("\"YEAR\",\"SUNACTIVITY\"").left(16));
  save_screenshot(&w.tabs, "export_page_pytorch_project.png");

  // The same folder again holds files now: refused, nothing in it changed.
  const QByteArray config_before = read_bytes(QDir(project).filePath("config.json"));
  const QString again = w.exporter->exportPytorchScriptTo(project, false);
  QVERIFY2(again.contains("is not empty"), qPrintable(again));
  QCOMPARE(read_bytes(QDir(project).filePath("config.json")), config_before);
  QVERIFY(!w.exporter->exportPytorchScriptTo(dir.filePath("resumed"), true).isEmpty());  // no model yet
  QVERIFY(!QFileInfo::exists(dir.filePath("resumed")));

  train(w.doc, 2);
  QVERIFY(wait_idle(*w.predict));
  QVERIFY(resume->isEnabled());
  const QString resumed = dir.filePath("resumed");
  QCOMPARE(w.exporter->exportPytorchScriptTo(resumed, true), QString());
  const TrainedModel initial = load_model(QDir(resumed).filePath("initial.safetensors").toStdString());
  QVERIFY(initial.model.parameters() == w.doc.trained()->model.parameters());
  QCOMPARE(QJsonDocument::fromJson(read_bytes(QDir(resumed).filePath("config.json"))).object()["resume"].toString(),
           QString("initial.safetensors"));
  // Settings changed since the training: the weights no longer fit what the project would build.
  w.doc.setWindow(10);
  QVERIFY(!resume->isEnabled());
  QVERIFY(!w.exporter->exportPytorchScriptTo(dir.filePath("drifted"), true).isEmpty());
}

QTEST_MAIN(PredictExportPagesTest)
#include "predict_export_pages_test.moc"
