#include "ui/pages/export_page.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <utility>

#include "engine/core/atomic_write.hpp"
#include "engine/export/model_export.hpp"
#include "engine/export/pytorch_script.hpp"
#include "engine/io/model_file.hpp"
#include "engine/workflow/history_csv.hpp"
#include "engine/workflow/prediction_csv.hpp"
#include "ui/background_job.hpp"
#include "ui/charts/chart_export.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/file_dialogs.hpp"
#include "ui/model_drift_banner.hpp"
#include "ui/pages/gui_wording.hpp"
#include "ui/pages/metrics_table.hpp"
#include "ui/pages/prediction_job.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

QString native(const QString& path) { return QDir::toNativeSeparators(path); }

// Everything the predictions file needs (the shared model, a copy of the table), so it can be
// written on any thread.
struct PredictionsTask {
  PredictionsTask(std::shared_ptr<const TrainedModel> m, CsvTable t) : model(std::move(m)), table(std::move(t)) {}

  std::shared_ptr<const TrainedModel> model;
  CsvTable table;
  std::string source;
  MissingPolicy missing = MissingPolicy::Error;
  Index forecast_steps = 0;
  QString forecast_note, path;
  QString error, done;

  void run() {
    try {
      const PredictionCsv csv = prediction_csv(*model, table, source, missing, forecast_steps);
      write_file_atomically(path.toStdString(), csv.text);
      const auto lines = std::count(csv.text.begin(), csv.text.end(), '\n');
      const auto predicted = std::max<long long>(0, lines - 1 - forecast_steps);
      done = QObject::tr("Wrote %1: %2 prediction rows and %3 forecast rows.")
                 .arg(native(path))
                 .arg(predicted)
                 .arg(forecast_steps);
      if (!csv.missing_note.empty())
        done += QObject::tr(" Missing values: %1.").arg(QString::fromStdString(csv.missing_note));
      done += forecast_note;
    } catch (const std::exception& e) {
      error = QObject::tr("The predictions were not saved: %1").arg(gui_words(e));
    }
  }
};

QLabel* explanation(const QString& text) {
  auto* label = new QLabel(text);
  label->setWordWrap(true);
  label->setTextFormat(Qt::RichText);
  label->setStyleSheet("color: #404040;");
  return label;
}

// A file-name part from a data source or a column name: letters, digits, '-' and '_' only.
QString file_part(QString text) {
  static const QRegularExpression unsafe("[^A-Za-z0-9_-]+");
  text.replace(unsafe, "_");
  return text.isEmpty() ? QStringLiteral("model") : text;
}

// "lstm(8) → dense(1)": the layers as the Model page names them.
QString stack_text(const Model<float>& model) {
  QStringList parts;
  for (const LayerSpec& l : model.layers()) {
    const QString kind = QString::fromStdString(to_string(l.kind));
    parts << (l.kind == LayerKind::Dropout ? QString("%1(%2)").arg(kind).arg(l.rate)
                                           : QString("%1(%2)").arg(kind).arg(l.units));
  }
  return parts.join(" → ");
}

}  // namespace

ExportPage::ExportPage(WorkbenchDocument* doc, QWidget* parent)
    : QWidget(parent), doc_(doc), last_folder_(QDir::homePath()), writer_(new BackgroundJobs(this)) {
  auto* title =
      new QLabel(tr("<b>Save what the workbench made</b> — every file is written whole or not at all: a "
                    "failed save leaves the previous file as it was."));
  title->setWordWrap(true);
  summary_ = new QLabel;
  summary_->setObjectName("exportModelSummary");
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  blocked_ = new QLabel;
  blocked_->setObjectName("exportBlocked");
  blocked_->setWordWrap(true);

  save_model_ = new QPushButton(tr("Save model (.safetensors)…"));
  save_model_->setObjectName("saveModel");
  export_onnx_ = new QPushButton(tr("Export to ONNX (.onnx)…"));
  export_onnx_->setObjectName("exportOnnx");
  export_c_ = new QPushButton(tr("Export to C (.c + .h)…"));
  export_c_->setObjectName("exportC");
  save_predictions_ = new QPushButton(tr("Predictions and forecast as CSV…"));
  save_predictions_->setObjectName("savePredictions");
  save_history_ = new QPushButton(tr("Loss history as CSV…"));
  save_history_->setObjectName("saveHistory");
  save_charts_ = new QPushButton(tr("Save all charts as PNG and SVG…"));
  save_charts_->setObjectName("saveCharts");
  export_script_ = new QPushButton(tr("PyTorch training project (folder)…"));
  export_script_->setObjectName("exportPytorchScript");
  script_resume_ = new QCheckBox(tr("Continue from the trained model's weights"));
  script_resume_->setObjectName("exportPytorchResume");
  auto* save_session = new QPushButton(tr("Save session…"));
  save_session->setObjectName("saveSession");
  auto* open_session = new QPushButton(tr("Open session…"));
  open_session->setObjectName("openSession");

  series_label_ =
      new QLabel(tr("A model scaled per series: the ONNX and C exports take windows of one series and "
                    "embed its statistics. Series:"));
  series_ = new QComboBox;
  series_->setObjectName("exportSeries");
  series_->setMinimumContentsLength(16);
  auto* series_row = new QHBoxLayout;
  series_row->addWidget(series_label_);
  series_row->addWidget(series_);
  series_row->addStretch(1);

  auto* grid = new QGridLayout;
  grid->setHorizontalSpacing(16);
  grid->setVerticalSpacing(14);
  const std::pair<QPushButton*, QString> rows[] = {
      {save_model_,
       tr("The trained network with its fitted transforms, training settings, loss history and metrics, in one "
          "safetensors file. Use it on new data with <code>rnnwb predict --model FILE --data DATA.csv</code>; to "
          "continue in PyTorch, <code>tools/load_in_pytorch.py</code> builds the matching <code>torch.nn</code> "
          "modules from it (the weights already have PyTorch's names and layouts).")},
      {export_onnx_,
       tr("For deployment with ONNX Runtime (Python, C++, C#, JavaScript…): input <code>x</code> is windows "
          "(N, window, features) in original units, output <code>y</code> the predictions (N, horizon, targets) "
          "in original units; the log, differencing and scaling are inside the graph.")},
      {export_c_,
       tr("For embedding in C or C++ programs and microcontrollers: one .c and one .h file with the weights as "
          "arrays and a <code>predict</code> function over original-unit windows; nothing to link but "
          "<code>-lm</code>.")},
      {save_predictions_,
       tr("One row per data row with a full window: time label, split, the actual value and the prediction of "
          "each target (one column per horizon step), then the closed-loop forecast rows beyond the end (as many "
          "as the Predict page's forecast setting). The same file as <code>rnnwb predict --data … "
          "--forecast N</code>: open it in a spreadsheet or plot it.")},
      {save_history_,
       tr("One row per epoch: <code>epoch, train_loss, val_loss, lr, seconds</code> (val_loss empty without "
          "validation rows), to plot the training curve elsewhere or compare runs.")},
      {save_charts_,
       tr("Every chart of the workbench (data, transforms, loss, validation, predictions, residuals) into a folder "
          "you choose, each as PNG for documents and slides and as SVG for print, named after the chart.")},
      {export_script_,
       tr("When one machine is not enough: a small Python project (<code>train.py</code>, <code>pipeline.py</code>, "
          "<code>config.json</code>, <code>README.md</code>) that trains the same network on the same data with "
          "PyTorch, on a GPU or under <code>torchrun --nproc_per_node N train.py</code> (DistributedDataParallel), "
          "from the current settings: no training needed here first. It writes an rnnwb model file that this "
          "workbench opens like its own.")},
      {save_session,
       tr("Everything on these pages in one <code>.rnnwb</code> file: the data's path and SHA-256, column roles, "
          "transforms, layers, hyperparameters, trained weights and loss history (File > Save Session As, "
          "Ctrl+Shift+S; File > Save Session, Ctrl+S, saves to the open session file).")},
      {open_session,
       tr("Reopen a saved session: the data is reloaded (and checked against its SHA-256) and every page shows "
          "what it showed when it was saved (File > Open Session, Ctrl+Shift+O).")},
  };
  int r = 0;
  for (const auto& [button, text] : rows) {
    button->setMinimumWidth(260);
    grid->addWidget(button, r, 0, Qt::AlignTop);
    grid->addWidget(explanation(text), r, 1);
    ++r;
    if (button == export_script_) grid->addWidget(script_resume_, r++, 1);  // under the project's explanation
  }
  grid->setColumnStretch(1, 1);

  status_ = new QLabel;
  status_->setObjectName("exportStatus");
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_->setMinimumHeight(status_->fontMetrics().height() * 2 + 12);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(16, 16, 16, 16);
  layout->setSpacing(12);
  layout->addWidget(title);
  layout->addWidget(new ModelDriftBanner(
      doc_, tr("What is saved here is the trained model as it is, with the settings it was trained with.")));
  layout->addWidget(blocked_);
  layout->addWidget(summary_);
  layout->addLayout(series_row);
  layout->addLayout(grid);
  layout->addWidget(status_);
  layout->addStretch(1);

  connect(save_model_, &QPushButton::clicked, this, [this] {
    askForFile(tr("Save the model"), "safetensors", tr("Model files (*.safetensors)"), &ExportPage::saveModelAt);
  });
  connect(export_onnx_, &QPushButton::clicked, this,
          [this] { askForFile(tr("Export to ONNX"), "onnx", tr("ONNX models (*.onnx)"), &ExportPage::exportOnnxAt); });
  connect(export_c_, &QPushButton::clicked, this,
          [this] { askForFile(tr("Export to C"), "c", tr("C sources (*.c)"), &ExportPage::exportCAt); });
  connect(save_predictions_, &QPushButton::clicked, this, [this] {
    askForFile(tr("Save the predictions"), "csv", tr("CSV files (*.csv)"), &ExportPage::writePredictionsInBackground);
  });
  connect(save_history_, &QPushButton::clicked, this, [this] {
    askForFile(tr("Save the loss history"), "csv", tr("CSV files (*.csv)"), &ExportPage::saveHistoryAt);
  });
  connect(save_charts_, &QPushButton::clicked, this, &ExportPage::askForFolder);
  connect(export_script_, &QPushButton::clicked, this, &ExportPage::askForScriptFolder);
  connect(save_session, &QPushButton::clicked, this, &ExportPage::saveSessionRequested);
  connect(open_session, &QPushButton::clicked, this, &ExportPage::openSessionRequested);
  connect(doc_, &WorkbenchDocument::trainedChanged, this, &ExportPage::refresh);
  connect(doc_, &WorkbenchDocument::sequenceOutcomeChanged, this, &ExportPage::refresh);
  connect(doc_, &WorkbenchDocument::evaluationChanged, this, &ExportPage::refresh);
  connect(doc_, &WorkbenchDocument::dataChanged, this, &ExportPage::refresh);
  // Whether the project may continue from the model follows the settings (the drift banner's signals).
  for (auto signal : {&WorkbenchDocument::rolesChanged, &WorkbenchDocument::pipelineChanged,
                      &WorkbenchDocument::modelChanged, &WorkbenchDocument::sequencesChanged})
    connect(doc_, signal, this, &ExportPage::refresh);
  // "Saved 7 charts to…" tells about the document and model it was written for, not the next.
  for (auto signal : {&WorkbenchDocument::documentOpened, &WorkbenchDocument::modelTrained})
    connect(doc_, signal, status_, &QLabel::clear);
  refresh();
}

ExportPage::~ExportPage() { writer_->waitForDone(); }

QString ExportPage::blockedReason() const {
  if (!doc_->hasModel()) return tr("Train a model first (Train page, F5): there is nothing to save yet.");
  if (writer_->isRunning()) return tr("The predictions are being written…");
  return {};
}

void ExportPage::refresh() {
  const QString reason = blockedReason();
  blocked_->setText(reason);
  blocked_->setVisible(!reason.isEmpty());
  blocked_->setStyleSheet(doc_->hasModel() ? "color: #404040;" : "color: #b00020; font-weight: bold;");
  const std::pair<QPushButton*, QString> model_buttons[] = {
      {save_model_, tr("Save the trained model as one .safetensors file (you choose the name)")},
      {export_onnx_, tr("Export the trained model as an ONNX graph for ONNX Runtime (you choose the name)")},
      {export_c_, tr("Export the trained model as C99 source, a .c and a .h file (you choose the name)")},
      {save_predictions_, tr("Save the predictions of every row and the forecast as a CSV file (you choose the name)")},
      {save_history_, tr("Save the loss of every epoch as a CSV file (you choose the name)")},
  };
  for (const auto& [button, what] : model_buttons) {
    button->setEnabled(reason.isEmpty());
    button->setToolTip(reason.isEmpty() ? what : reason);
  }
  if (const QString no = sequencePredictionsReason(); !no.isEmpty()) {
    save_predictions_->setEnabled(false);
    save_predictions_->setToolTip(no);
  }
  summary_->setVisible(doc_->hasModel());
  refreshSeries();
  if (doc_->hasModel()) {
    const TrainedModel& m = *doc_->currentModel();
    const bool sequences = m.is_sequence_model();
    QString text =
        tr("The model to save: %1, %2 parameters, trained for %3 epochs on %4 (%5).")
            .arg(stack_text(m.model))
            .arg(m.model.parameter_count())
            .arg(m.history.size())
            .arg(QString::fromStdString(m.data_source))
            .arg(sequences
                     ? tr("sequences of %1 to %2 valid steps").arg(m.sequences->min_length).arg(m.sequences->max_length)
                     : tr("window %1, horizon %2").arg(m.pipeline.window).arg(m.pipeline.horizon));
    const WorkbenchDocument::SequenceOutcome* so = doc_->sequenceOutcome();
    const Evaluation& e = sequences && so && so->evaluated ? so->evaluation : doc_->evaluation();
    const char* baseline = sequences ? "mean" : "persistence";
    if (const auto test = e.model.find(Split::Test); test != e.model.end()) {
      text += tr(" Test RMSE %1").arg(format_metric(test->second.rmse));
      if (const auto p = e.baselines.find(baseline); p != e.baselines.end() && p->second.count(Split::Test))
        text += tr(" (%1 baseline %2)").arg(baseline).arg(format_metric(p->second.at(Split::Test).rmse));
      text += ".";
    }
    if (!m.trained_by.empty()) text += tr(" Trained by %1.").arg(QString::fromStdString(trained_by_text(m.trained_by)));
    summary_->setText(text);
  }
  // The training project needs settings and data only; resuming needs a model that the settings still describe.
  const bool has_data = doc_->hasData() || doc_->hasSequences();
  export_script_->setEnabled(has_data);
  export_script_->setToolTip(has_data ? tr("Write the PyTorch training project into a new or empty folder you choose")
                                      : tr("Open a CSV file, a sample or a sequence dataset first: there is nothing to "
                                           "train on yet."));
  const bool can_resume = doc_->hasModel() && doc_->modelDrift().isEmpty();
  script_resume_->setEnabled(can_resume);
  if (!can_resume) script_resume_->setChecked(false);
  script_resume_->setToolTip(can_resume ? tr("The project starts from the trained weights and keeps the model's "
                                             "fitted scaling, instead of a fresh initialisation")
                             : doc_->hasModel() ? tr("The settings changed since the model was trained: retrain first, "
                                                     "or export a fresh training")
                                                : tr("Train a model first to continue from its weights"));
  // Charts exist as soon as there is data (the Data and Normalise pages draw it).
  const bool charts = doc_->hasData() && !writer_->isRunning();
  save_charts_->setEnabled(charts);
  save_charts_->setToolTip(charts            ? tr("Save every chart as .png and .svg into a folder you choose")
                           : doc_->hasData() ? reason
                                             : tr("Open a CSV file or a sample first: there is no chart yet."));
}

void ExportPage::refreshSeries() {
  const bool per_series = doc_->hasModel() && doc_->currentModel()->pipeline.per_series();
  series_label_->setVisible(per_series);
  series_->setVisible(per_series);
  if (!per_series) return;
  QStringList ids;
  for (const std::string& id : doc_->currentModel()->pipeline.series_ids) ids << QString::fromStdString(id);
  const QString keep = series_->currentText();
  series_->clear();
  series_->addItems(ids);
  if (ids.contains(keep)) series_->setCurrentText(keep);
}

QString ExportPage::exportSeries() const {
  return doc_->hasModel() && doc_->currentModel()->pipeline.per_series() ? series_->currentText() : QString();
}

void ExportPage::setExportSeries(const QString& id) { series_->setCurrentText(id); }

QString ExportPage::dataName() const {
  const QString source = doc_->dataSource();
  return source.startsWith("sample:") ? source.mid(7) : QFileInfo(source).completeBaseName();
}

QString ExportPage::defaultStem() const {
  const QStringList targets = doc_->targets();
  return file_part(dataName()) + (targets.isEmpty() ? QString() : "_" + file_part(targets.front()));
}

QString ExportPage::report(const QString& error, const QString& done) {
  status_->setText(error.isEmpty() ? done : error);
  status_->setStyleSheet(error.isEmpty() ? "QLabel { color: #1c6b2a; }"
                                         : "QLabel { color: #b00020; font-weight: bold; }");
  return error;
}

QString ExportPage::saveModelTo(const QString& path) {
  if (!doc_->hasModel()) return report(blockedReason(), {});
  if (const QString refused = doc_->refusesOutputAt(path); !refused.isEmpty()) return report(refused, {});
  try {
    save_model(path.toStdString(), *doc_->currentModel());
  } catch (const std::exception& e) {
    return report(tr("The model was not saved: %1").arg(gui_words(e)), {});
  }
  return report({}, tr("Saved the model to %1 (%2 parameters). Predict with it: rnnwb predict --model %1 --data "
                       "DATA.csv --out predictions.csv")
                        .arg(native(path))
                        .arg(doc_->currentModel()->model.parameter_count()));
}

QString ExportPage::exportOnnxTo(const QString& path) {
  return exportTo(int(ExportFormat::Onnx), path, tr("Exported the model to %1 for ONNX Runtime."));
}

QString ExportPage::exportCTo(const QString& path) {
  QFileInfo c(path);
  return exportTo(int(ExportFormat::C), path,
                  tr("Exported the model to %1 and %2; compile them with your program and -lm.")
                      .arg("%1", native(c.dir().filePath(c.completeBaseName() + ".h"))));
}

QString ExportPage::exportTo(int format, const QString& path, const QString& done) {
  if (!doc_->hasModel()) return report(blockedReason(), {});
  QStringList written{path};
  if (ExportFormat(format) == ExportFormat::C) {  // and the header beside it
    const QFileInfo c(path);
    written << c.dir().filePath(c.completeBaseName() + ".h");
  }
  for (const QString& p : written)
    if (const QString refused = doc_->refusesOutputAt(p); !refused.isEmpty()) return report(refused, {});
  try {
    export_model(*doc_->currentModel(), ExportFormat(format), path.toStdString(), exportSeries().toStdString());
  } catch (const std::exception& e) {
    return report(tr("The model was not exported: %1").arg(gui_words(e)), {});
  }
  return report({}, done.arg(native(path)));
}

namespace {

std::shared_ptr<PredictionsTask> predictions_task(const WorkbenchDocument& doc, const QString& path) {
  auto task = std::make_shared<PredictionsTask>(doc.sharedTrained(), doc.table());
  task->source = doc.dataSource().toStdString();
  task->missing = doc.missingPolicy();
  task->path = path;
  const QString blocked = forecast_blocked_reason(task->model->pipeline);
  if (blocked.isEmpty()) {
    task->forecast_steps = doc.forecastSteps();
  } else if (doc.forecastSteps() > 0) {
    task->forecast_note = QObject::tr(" No forecast rows: the model reads columns it does not predict.");
  }
  return task;
}

}  // namespace

// The predictions CSV is a series' table of rows; a sequence model's predictions are written by
// `rnnwb predict` (and listed on the Predict page).
QString ExportPage::sequencePredictionsReason() const {
  if (doc_->hasModel() && !doc_->currentModel()->is_sequence_model() && !doc_->hasData())
    return tr(
        "The predictions need the data, and its file is missing: locate it first (the banner above the "
        "pages).");  // a session opened without its data
  if (!doc_->hasModel() || !doc_->currentModel()->is_sequence_model()) return {};
  return tr(
      "A sequence model's predictions are not a CSV of rows: write them with rnnwb predict --model "
      "MODEL --input X.npy --out P.npy (save the model first); the Predict page lists the worst ones.");
}

QString ExportPage::savePredictionsTo(const QString& path) {
  if (!doc_->hasModel()) return report(blockedReason(), {});
  if (const QString no = sequencePredictionsReason(); !no.isEmpty()) return report(no, {});
  if (const QString refused = doc_->refusesOutputAt(path); !refused.isEmpty()) return report(refused, {});
  auto task = predictions_task(*doc_, path);
  task->run();
  return report(task->error, task->done);
}

void ExportPage::writePredictionsInBackground(const QString& path) {
  if (!doc_->hasModel() || writer_->isRunning() || !sequencePredictionsReason().isEmpty()) return;
  if (const QString refused = doc_->refusesOutputAt(path); !refused.isEmpty()) {
    report(refused, {});
    return;
  }
  auto task = predictions_task(*doc_, path);
  writer_->start(
      [task] {
        task->run();
        return task;
      },
      [this](const std::shared_ptr<PredictionsTask>& done) {
        refresh();
        report(done->error, done->done);
      });
  report({}, tr("Writing the predictions to %1…").arg(native(path)));
  refresh();
}

QString ExportPage::saveHistoryTo(const QString& path) {
  if (!doc_->hasModel()) return report(blockedReason(), {});
  if (const QString refused = doc_->refusesOutputAt(path); !refused.isEmpty()) return report(refused, {});
  const auto& history = doc_->currentModel()->history;
  try {
    write_file_atomically(path.toStdString(), history_csv(history));
  } catch (const std::exception& e) {
    return report(tr("The loss history was not saved: %1").arg(gui_words(e)), {});
  }
  return report({}, tr("Wrote %1: %2 epochs.").arg(native(path)).arg(history.size()));
}

QString ExportPage::saveChartsTo(const QString& folder) {
  if (!QFileInfo(folder).isDir())
    return report(tr("The charts were not saved: the folder %1 does not exist. Choose an existing folder or create "
                     "it first.")
                      .arg(native(folder)),
                  {});
  const QList<ChartView*> views = window()->findChildren<ChartView*>();
  if (views.isEmpty()) return report(tr("There is no chart to save yet: open some data first."), {});
  QSet<QString> used;
  QStringList names;
  for (ChartView* view : views) {
    const QString base = chartFileStem(dataName(), view->objectName());
    QString name = base;
    for (int i = 2; used.contains(name); ++i) name = base + "-" + QString::number(i);
    used.insert(name);
    const QString error = saveChartFiles(view, folder, name);
    if (!error.isEmpty())
      return report(tr("The charts were not all saved (%1 done): %2").arg(names.size()).arg(error), {});
    names << name;
  }
  return report(
      {},
      tr("Saved %1 charts to %2, each as .png and .svg: %3.").arg(names.size()).arg(native(folder), names.join(", ")));
}

QString ExportPage::exportPytorchScriptTo(const QString& folder, bool resume) {
  if (!doc_->hasData() && !doc_->hasSequences())
    return report(tr("Open a CSV file, a sample or a sequence dataset first: there is nothing to train on yet."), {});
  if (resume && (!doc_->hasModel() || !doc_->modelDrift().isEmpty()))
    return report(tr("The project cannot continue from the model: %1")
                      .arg(doc_->hasModel() ? tr("the settings changed since it was trained (retrain first)")
                                            : tr("there is no trained model yet")),
                  {});
  try {
    export_pytorch_script(doc_->currentSettings(), folder.toStdString(), resume ? doc_->currentModel() : nullptr);
  } catch (const std::exception& e) {
    return report(tr("The training project was not written: %1").arg(gui_words(e)), {});
  }
  return report({}, tr("Wrote the PyTorch training project to %1%2. Run it there with python3 train.py, or "
                       "under torchrun as its README.md says; open the model.safetensors it writes here (File > Open "
                       "Model) or with rnnwb evaluate.")
                        .arg(native(folder), resume ? tr(" (continuing from the trained weights)") : QString()));
}

void ExportPage::askForScriptFolder() {
  ask_for_path(this, PathFor::Folder, tr("New or empty folder for the PyTorch project"), last_folder_, {},
               [this](const QString& folder) {
                 last_folder_ = folder;
                 exportPytorchScriptTo(folder, script_resume_->isChecked());
               });
}

void ExportPage::askForFile(const QString& title, const QString& suffix, const QString& filter,
                            void (ExportPage::*save)(const QString&)) {
  ask_for_path(
      this, PathFor::Saving, title, QDir(last_folder_).filePath(defaultStem() + "." + suffix), filter,
      [this, save](const QString& path) {
        last_folder_ = QFileInfo(path).absolutePath();
        (this->*save)(path);
      },
      suffix);
}

void ExportPage::askForFolder() {
  ask_for_path(this, PathFor::Folder, tr("Folder for the chart images"), last_folder_, {},
               [this](const QString& folder) {
                 last_folder_ = folder;
                 saveChartsTo(folder);
               });
}

}  // namespace rnnwb::ui
