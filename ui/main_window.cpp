#include "ui/main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <cmath>
#include <functional>
#include <tuple>

#include "engine/core/error.hpp"
#include "engine/data/samples.hpp"
#include "engine/io/config_json.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/session_file.hpp"
#include "engine/workflow/checkpoint.hpp"
#include "engine/workflow/restore.hpp"
#include "ui/background_job.hpp"
#include "ui/file_dialogs.hpp"
#include "ui/help_dialog.hpp"
#include "ui/label_tooltips.hpp"
#include "ui/model_drift_banner.hpp"
#include "ui/pages/data_page.hpp"
#include "ui/pages/export_page.hpp"
#include "ui/pages/gui_wording.hpp"
#include "ui/pages/model_page.hpp"
#include "ui/pages/normalise_page.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/pages/runs_page.hpp"
#include "ui/pages/sequence_data_page.hpp"
#include "ui/pages/sequence_normalise_page.hpp"
#include "ui/pages/train_page.hpp"
#include "ui/recovery_banner.hpp"
#include "ui/sequence_open_dialog.hpp"
#include "ui/sweep_controller.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

constexpr int kMaxRecent = 8;

// A page with two faces, the series one and the sequence-dataset one: shows the one for the kind
// of data the document holds.
QStackedWidget* kind_stack(WorkbenchDocument* doc, QWidget* series_page, QWidget* sequence_page) {
  auto* stack = new QStackedWidget;
  stack->addWidget(series_page);
  stack->addWidget(sequence_page);
  auto show = [doc, stack, sequence_page] {
    stack->setCurrentIndex(doc->hasSequences() ? stack->indexOf(sequence_page) : 0);
  };
  QObject::connect(doc, &WorkbenchDocument::sequencesChanged, stack, show);
  QObject::connect(doc, &WorkbenchDocument::dataChanged, stack, show);
  show();
  return stack;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), doc_(new WorkbenchDocument(this)), controller_(new TrainingController(this)) {
  loads_ = new BackgroundJobs(this);
  prompts_ = default_prompts(this);
  setWindowTitle(tr("RNN Workbench[*]"));
  setAcceptDrops(true);
  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  tabs_->addTab(kind_stack(doc_, new DataPage(doc_), new SequenceDataPage(doc_)), tr("1 Data"));
  tabs_->addTab(kind_stack(doc_, new NormalisePage(doc_), new SequenceNormalisePage(doc_)), tr("2 Normalise"));
  tabs_->addTab(new ModelPage(doc_), tr("3 Model"));
  train_page_ = new TrainPage(doc_, controller_);
  tabs_->addTab(train_page_, tr("4 Train"));
  tabs_->addTab(predict_page_ = new PredictPage(doc_), tr("5 Predict"));
  auto* runs_page = new RunsPage(doc_);
  runs_page->setRestoreHandler([this](const QString& id) { return restoreRun(id); });
  tabs_->addTab(runs_page, tr("6 Runs"));
  auto* export_page = new ExportPage(doc_);
  tabs_->addTab(export_page, tr("7 Export"));
  connect(export_page, &ExportPage::saveSessionRequested, this, &MainWindow::chooseSessionToSave);
  connect(export_page, &ExportPage::openSessionRequested, this, &MainWindow::chooseSessionToOpen);
  tabs_->setTabToolTip(0, tr("Load a series, choose what to predict, the window and the split"));
  tabs_->setTabToolTip(1, tr("Log, differencing and scaling per column, fitted on training rows"));
  tabs_->setTabToolTip(2, tr("The layer stack and the training hyperparameters"));
  tabs_->setTabToolTip(3, tr("Train and watch the loss live (F5)"));
  tabs_->setTabToolTip(4, tr("Predictions against the truth, metrics and baselines, forecasts"));
  tabs_->setTabToolTip(5, tr("Every training compared: settings, metrics, loss curves; restore, rename, delete"));
  tabs_->setTabToolTip(6, tr("Save the model, predictions, history and charts"));

  // The crash-recovery offer: a banner above the pages, hidden until a recovery file is found.
  recovery_banner_ = new RecoveryBanner;
  connect(recovery_banner_, &RecoveryBanner::restoreClicked, this, [this] {
    if (askToSaveChanges()) restoreRecovery();
  });
  connect(recovery_banner_, &RecoveryBanner::discardClicked, this, [this] { discardRecovery(); });
  auto* central = new QWidget;
  auto* central_layout = new QVBoxLayout(central);
  central_layout->setContentsMargins(0, 0, 0, 0);
  central_layout->setSpacing(0);
  central_layout->addWidget(recovery_banner_);
  central_layout->addWidget(buildMissingDataBanner());
  central_layout->addWidget(tabs_, 1);
  setCentralWidget(central);
  buildMenus();
  share_field_tooltips(tabs_);  // labels explain their fields too; a page shown adds its new fields
  connect(tabs_, &QTabWidget::currentChanged, this, [this] { share_field_tooltips(tabs_->currentWidget()); });
  for (ModelDriftBanner* banner : tabs_->findChildren<ModelDriftBanner*>())
    connect(banner, &ModelDriftBanner::retrainRequested, this, &MainWindow::startTraining);
  connect(doc_, &WorkbenchDocument::modifiedChanged, this, &QWidget::setWindowModified);

  connect(controller_, &TrainingController::stateChanged, this, &MainWindow::refreshActions);
  connect(train_page_->sweepController(), &SweepController::stateChanged, this, &MainWindow::refreshActions);
  connect(controller_, &TrainingController::checkpointFailed, this, [this](const QString& message) {
    statusBar()->showMessage(tr("The recovery file could not be written (training goes on, but a crash would lose "
                                "it): %1")
                                 .arg(message),
                             30000);
  });
  connect(controller_, &TrainingController::finished, this,
          [this] { statusBar()->showMessage(tr("Training finished: computing the metrics for the Predict page...")); });
  connect(doc_, &WorkbenchDocument::evaluationChanged, this, [this] {
    if (doc_->hasTrained() && !doc_->evaluation().model.empty())
      statusBar()->showMessage(tr("Metrics ready: see the Predict page"), 8000);
  });
  connect(doc_, &WorkbenchDocument::sequenceOutcomeChanged, this, [this] {
    if (doc_->sequenceOutcome() && doc_->sequenceOutcome()->evaluated)
      statusBar()->showMessage(tr("Metrics ready: see the Predict page"), 8000);
  });
  connect(doc_, &WorkbenchDocument::evaluationFailed, this,
          [this](const QString& message) { showError(tr("No metrics"), message); });
  connect(doc_, &WorkbenchDocument::dataChanged, this, [this] {
    if (!doc_->hasData()) return;  // a sequence dataset (its own message) or nothing
    statusBar()->showMessage(tr("%1: %2 rows, %3 numeric columns")
                                 .arg(doc_->dataSource())
                                 .arg(doc_->table().series.rows())
                                 .arg(doc_->numericColumns().size()));
  });

  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  if (!settings.contains("window/geometry")) resize(1280, 860);
  tabs_->setCurrentIndex(settings.value("window/page", 0).toInt());
  refreshRecentMenu();
  refreshActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open CSV…"), this, &MainWindow::chooseCsv);
  open->setShortcut(QKeySequence::Open);
  open->setToolTip(tr("Open a CSV series (Ctrl+O); you can also drop a file on the window"));
  idle_only_ << file->addAction(tr("Open se&quence dataset…"), this, &MainWindow::chooseSequences);
  idle_only_.back()->setObjectName("openSequencesAction");
  idle_only_.back()->setToolTip(tr("Open X.npy and Y.npy, or one .npz holding X and y: sequences, each with a target"));
  QMenu* samples = file->addMenu(tr("&Samples"));
  for (const SampleInfo& s : sample_list()) {
    QAction* a =
        samples->addAction(QString::fromStdString(s.name), this, [this, name = QString::fromStdString(s.name)] {
          if (askToSaveChanges()) openSample(name);
        });
    a->setToolTip(QString::fromStdString(s.description));
    idle_only_ << a;
  }
  samples->setToolTipsVisible(true);
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  recent_menu_->setObjectName("recentMenu");
  file->addSeparator();
  QAction* open_session = file->addAction(tr("Open &Session…"), this, &MainWindow::chooseSessionToOpen);
  idle_only_ << file->addAction(tr("Open &Model…"), this, &MainWindow::chooseModelToOpen);
  open_session->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
  QAction* save_in_place = file->addAction(tr("&Save Session"), this, &MainWindow::saveSessionInPlace);
  save_in_place->setObjectName("saveSessionAction");
  save_in_place->setShortcut(QKeySequence::Save);
  save_in_place->setToolTip(tr("Save the session to its file (Ctrl+S); a new session asks for a name"));
  QAction* save_session = file->addAction(tr("Save Session &As…"), this, &MainWindow::chooseSessionToSave);
  save_session->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
  idle_only_ << open << open_session;

  QMenu* train = menuBar()->addMenu(tr("&Train"));
  QAction* start = train->addAction(tr("&Start training"), train_page_, &TrainPage::startTraining);
  start->setShortcut(QKeySequence(Qt::Key_F5));
  QAction* pause = train->addAction(tr("&Pause / resume"), train_page_, &TrainPage::togglePause);
  pause->setShortcut(QKeySequence(Qt::Key_F6));
  QAction* stop = train->addAction(tr("S&top (keeps the best weights)"), train_page_, &TrainPage::stopTraining);
  stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
  start->setObjectName("startAction");
  pause->setObjectName("pauseAction");
  stop->setObjectName("stopAction");
  train->addSeparator();
  QAction* sweep = train->addAction(tr("S&weep…"), this, [this] {
    tabs_->setCurrentWidget(train_page_);
    train_page_->openSweepDialog();
  });
  sweep->setObjectName("sweepAction");
  QAction* seeds = train->addAction(tr("Check the s&eed spread…"), this, [this] {
    tabs_->setCurrentWidget(train_page_);
    train_page_->openSeedCheck();
  });
  seeds->setObjectName("seedCheckAction");
  seeds->setToolTip(tr("Train the current settings once per seed and show how much the test error depends on it"));
  QAction* backtest = train->addAction(tr("&Backtest…"), this, [this] {
    tabs_->setCurrentWidget(predict_page_);
    predict_page_->openBacktestDialog();
  });
  backtest->setObjectName("backtestAction");
  start_action_ = start, pause_action_ = pause, stop_action_ = stop, sweep_action_ = sweep, seed_action_ = seeds;
  connect(train_page_, &TrainPage::controlsChanged, this, &MainWindow::refreshActions);
  connect(start, &QAction::triggered, this, [this] { tabs_->setCurrentWidget(train_page_); });

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < tabs_->count(); ++i) {
    QAction* a = view->addAction(tabs_->tabText(i).mid(2), this, [this, i] { tabs_->setCurrentIndex(i); });
    a->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
  }

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* getting_started = help->addAction(tr("&Getting started…"), this, [this] { showHelp(); });
  getting_started->setObjectName("gettingStartedAction");
  QMenu* sections = help->addMenu(tr("&Guide (README)"));
  sections->setObjectName("readmeSectionsMenu");
  for (const QString& title : HelpDialog().sections())
    sections->addAction(title, this, [this, title] { showHelp(title); });
  help->addAction(tr("&Keyboard shortcuts"), this, [this] {
    auto* box = new QMessageBox(QMessageBox::Information, tr("Keyboard shortcuts"),
                                tr("Ctrl+O open CSV · Ctrl+Shift+O open session · Ctrl+S save session\n"
                                   "F5 start training · F6 pause/resume · Shift+F5 stop\n"
                                   "Ctrl+1 … Ctrl+7 pages · Ctrl+Q quit\n"
                                   "Charts: drag to zoom, wheel to zoom, right-drag to pan, double-click to reset"),
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  });

  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName("mainToolBar");
  bar->addAction(open);
  QAction* sunspots = bar->addAction(tr("Sample: sunspots"), this, [this] {
    if (askToSaveChanges()) openSample("sunspots");
  });
  sunspots->setObjectName("sunspotsAction");
  sunspots->setToolTip(tr("Load the yearly sunspot numbers, the classic first RNN exercise"));
  idle_only_ << sunspots;
  bar->addSeparator();
  bar->addAction(start);
  bar->addAction(pause);
  bar->addAction(stop);
}

void MainWindow::showHelp(const QString& section) {
  auto* dialog = new HelpDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &HelpDialog::openSampleClicked, this, [this] { openSample("sunspots"); });
  connect(dialog, &HelpDialog::trainClicked, this, &MainWindow::startTraining);
  connect(dialog, &HelpDialog::predictClicked, this, [this] { tabs_->setCurrentIndex(4); });
  dialog->show();
  if (!section.isEmpty()) dialog->showSection(section);
}

QWidget* MainWindow::buildMissingDataBanner() {
  auto* banner = new QFrame;
  banner->setObjectName("missingDataBanner");
  banner->setFrameShape(QFrame::StyledPanel);
  banner->setStyleSheet("#missingDataBanner { background: #fff4ce; border: 1px solid #d9b44a; }");
  auto* text = new QLabel;
  text->setObjectName("missingDataText");
  text->setWordWrap(true);
  auto* locate = new QPushButton(tr("Locate the data file…"));
  locate->setObjectName("locateDataButton");
  auto* layout = new QHBoxLayout(banner);
  layout->addWidget(text, 1);
  layout->addWidget(locate);
  connect(locate, &QPushButton::clicked, this, [this] { locateMissingData(); });
  auto refresh = [this, banner, text] {
    const QString missing = doc_->missingData();
    banner->setVisible(!missing.isEmpty());
    text->setText(tr("The data file %1 is missing: the trained model, its loss history and the Export page work, but "
                     "the data pages and the predictions need the data.")
                      .arg(QDir::toNativeSeparators(missing)));
  };
  connect(doc_, &WorkbenchDocument::documentOpened, banner, refresh);
  refresh();
  return banner;
}

bool MainWindow::busy() const { return controller_->isRunning() || train_page_->sweepController()->isRunning(); }

void MainWindow::refreshActions() {
  const bool idle = !busy();
  for (QAction* a : idle_only_) {
    a->setEnabled(idle);
    a->setStatusTip(idle ? QString() : tr("Stop the training first"));
  }
  if (recent_menu_) recent_menu_->setEnabled(idle);
  const TrainControls c = train_page_->controls();  // the Train page's buttons, one answer
  for (auto [action, on, tip] : {std::tuple{start_action_, c.start, c.start_tip},
                                 {pause_action_, c.pause, c.pause_tip},
                                 {stop_action_, c.stop, c.stop_tip},
                                 {sweep_action_, c.sweep, c.sweep_tip},
                                 {seed_action_, c.sweep, c.sweep_tip}}) {
    action->setEnabled(on);
    action->setToolTip(tip);
  }
  const bool data = recoveryDataAvailable();
  recovery_banner_->setRestoreEnabled(
      idle && data, !idle  ? tr("Stop the training first: restoring replaces the data it trains on")
                    : data ? tr("Reload its data and put the model and its loss history on the Train, Predict and "
                                "Export pages")
                           : tr("Its data cannot be found, so it cannot be restored here"));
}

QString MainWindow::defaultRecoveryFile() {
  QString folder = qEnvironmentVariable("RNNWB_RECOVERY_DIR");
  if (folder.isEmpty()) folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  return QDir(folder).filePath("recovery.safetensors");
}

void MainWindow::setRecoveryFile(const QString& path, double every_seconds) {
  recovery_path_ = path;
  if (!path.isEmpty()) QDir().mkpath(QFileInfo(path).absolutePath());
  controller_->setRecoveryFile(path, every_seconds, [this] {
    return nlohmann::json{{"writer", "rnn-workbench"}, {"missing", to_string(doc_->missingPolicy())}};
  });
  offerRecovery();
}

bool MainWindow::recoveryOffered() const { return !recovery_banner_->isHidden(); }

QString MainWindow::recoveryOfferText() const { return recovery_banner_->text(); }

bool MainWindow::recoveryDataAvailable() const {
  if (!recovered_) return false;
  const QString source = QString::fromStdString(recovered_->model.data_source);
  if (source.startsWith("sample:")) return sample_csv(source.mid(7).toStdString()).has_value();
  return !source.isEmpty() && QFileInfo(source).isFile();
}

void MainWindow::offerRecovery() {
  recovered_.reset();
  recovery_error_.clear();
  if (recovery_path_.isEmpty() || !QFileInfo::exists(recovery_path_)) {
    recovery_banner_->hide();
    return;
  }
  try {
    recovered_ = std::make_unique<LoadedCheckpoint>(load_checkpoint(recovery_path_.toStdString()));
  } catch (const std::exception& e) {
    recovery_error_ = QString::fromStdString(e.what());
  }
  QString text;
  if (!recovered_) {
    text = tr("A recovery file from an interrupted training was found but cannot be read, so there is nothing to "
              "restore: %1")
               .arg(recovery_error_.toHtmlEscaped());
  } else {
    const TrainedModel& m = recovered_->model;
    const int epochs = recovered_->recovery ? recovered_->recovery->epochs_done : int(m.history.size());
    const int best = recovered_->recovery ? recovered_->recovery->best_epoch : m.best_epoch;
    const double loss = best_loss(m, recovered_->recovery ? &*recovered_->recovery : nullptr);
    const bool validation = !recovered_->recovery || recovered_->recovery->monitored != "training";
    QString when;
    if (recovered_->recovery) {
      const QDateTime at = QDateTime::fromString(QString::fromStdString(recovered_->recovery->written_at), Qt::ISODate);
      if (at.isValid()) when = tr("; saved %1").arg(at.toLocalTime().toString("yyyy-MM-dd HH:mm"));
    }
    text = tr("<b>The last training was interrupted at epoch %1</b> (best %2 loss %3, at epoch %4%5).")
               .arg(epochs)
               .arg(validation ? tr("validation") : tr("training"))
               .arg(loss, 0, 'g', 4)
               .arg(best)
               .arg(when);
    const QString source = QString::fromStdString(m.data_source).toHtmlEscaped();
    if (recoveryDataAvailable())
      text += " " + tr("Restore that model and its loss history?") + "<br>" +
              tr("It was trained on %1; restoring reloads that data in place of what is open now.").arg(source);
    else
      text += "<br>" + tr("The data it was trained on, %1, cannot be found, so the workbench cannot restore it. The "
                          "model is kept in %2 until you discard it: <code>rnnwb predict --model</code> can use it.")
                           .arg(source.isEmpty() ? tr("(not recorded)") : source,
                                QDir::toNativeSeparators(recovery_path_).toHtmlEscaped());
  }
  recovery_banner_->offer(text);
  refreshActions();
}

void MainWindow::closeRecoveryOffer(bool remove_file) {
  // While a training runs the file is that training's own checkpoint (it removes it when done).
  if (remove_file && !controller_->isRunning() && !recovery_path_.isEmpty()) QFile::remove(recovery_path_);
  recovered_.reset();
  recovery_error_.clear();
  recovery_banner_->hide();
  refreshActions();
}

QString MainWindow::discardRecovery() {
  if (!recoveryOffered()) return tr("There is no recovered model to discard.");
  closeRecoveryOffer(true);
  statusBar()->showMessage(tr("The interrupted training's model was discarded."), 8000);
  return {};
}

QString MainWindow::restoreRecovery() {
  if (!recovered_) return tr("There is no recovered model to restore.");
  if (busy()) return tr("Stop the training first: restoring replaces the data it trains on.");
  if (!recoveryDataAvailable()) {
    const QString error = tr("The data the model was trained on, %1, cannot be found.")
                              .arg(QString::fromStdString(recovered_->model.data_source));
    showError(tr("Cannot restore"), error);
    return error;
  }
  TrainedModel m = recovered_->model;
  m.fit_status = FitStatus::Interrupted;
  const RecoveryInfo* recovery = recovered_->recovery ? &*recovered_->recovery : nullptr;
  // The choices as a session (the data, then the pipeline and layers the model was trained with)...
  // (the checkpoint loader has checked the recorded missing-value policy)
  const Session s = session_of(
      m, recovery ? parse_missing_policy(recovery->context.value("missing", "error")) : MissingPolicy::Error);
  // Checked against its data before anything changes: a failure leaves what is open as it was.
  WorkbenchDocument::SessionPlan plan;
  try {
    plan = doc_->prepareSession(s, recovery_path_);
    if (!plan.fitted.pipeline) throw DataError(plan.fitted.problem);
  } catch (const std::exception& e) {
    const QString error = tr("The model could not be restored: %1").arg(gui_words(e));
    showError(tr("Cannot restore"), error);
    return error;
  }
  const QString warning = plan.warning;
  doc_->commitSession(std::move(plan));
  // ...and the model as the outcome of a training that was stopped at its best epoch.
  const FitResult fit = restored_fit(m, recovery);
  m.metrics = nlohmann::json{{"epochs_run", fit.epochs_run}, {"best_epoch", fit.best_epoch}};
  doc_->setTrainOutcome(TrainOutcome{std::move(m), fit, {}, {}, {}});

  train_page_->showRestoredTraining(fit);  // the loss history as if the training had just stopped
  closeRecoveryOffer(true);
  session_path_.clear();
  refreshTitle();
  tabs_->setCurrentWidget(train_page_);
  statusBar()->showMessage(tr("Restored the interrupted training's model and its loss history."), 8000);
  if (!warning.isEmpty()) showError(tr("Restored with a warning"), warning);
  return {};
}

QString MainWindow::restoreRun(const QString& id) {
  if (controller_->isRunning()) return tr("Stop the training first: restoring replaces the model it trains.");
  WorkbenchDocument::SessionPlan plan;
  try {
    plan = doc_->prepareRunRestore(id);
  } catch (const std::exception& e) {
    return tr("The run could not be restored: %1").arg(gui_words(e));
  }
  const QString warning = plan.warning;
  doc_->commitRunRestore(std::move(plan));
  refreshTitle();
  statusBar()->showMessage(tr("Restored the run: its settings and model are the current ones."), 8000);
  if (!warning.isEmpty()) showError(tr("Restored with a warning"), warning);
  return {};
}

void MainWindow::startTraining() {
  tabs_->setCurrentWidget(train_page_);
  train_page_->startTraining();
}

void MainWindow::showError(const QString& title, const QString& message) {
  statusBar()->showMessage(title + ": " + message, 15000);
  // Non-modal and shown with show(), not exec(): the caller returns at once, the live charts keep
  // drawing and the window stays usable while the message is on screen.
  if (!isVisible() || busy()) return;  // no dialog while training
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setObjectName("errorDialog");
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowModality(Qt::NonModal);
  box->show();
}

QString MainWindow::nothingChangedNote() const {
  if (doc_->hasSequences() && session_path_.isEmpty())
    return tr("Nothing was changed: %1 is still open.")
        .arg(QDir::toNativeSeparators(QString::fromStdString(doc_->sequenceFiles().x_path)));
  if (!doc_->hasData() && !doc_->hasSequences()) return tr("Nothing was changed.");
  const QString open = session_path_.isEmpty() ? doc_->dataSource() : session_path_;
  return tr("Nothing was changed: %1 is still open.").arg(QDir::toNativeSeparators(open));
}

void MainWindow::refreshTitle() {
  QString name;
  if (!session_path_.isEmpty())
    name = QFileInfo(session_path_).fileName();
  else if (doc_->hasSequences())
    name = QFileInfo(QString::fromStdString(doc_->sequenceFiles().x_path)).fileName();
  else if (doc_->hasData())
    name = doc_->dataSource().startsWith("sample:") ? doc_->dataSource() : QFileInfo(doc_->dataSource()).fileName();
  setWindowTitle(name.isEmpty() ? tr("RNN Workbench[*]") : tr("%1[*] - RNN Workbench").arg(name));
  setWindowModified(doc_->isModified());
}

QString MainWindow::openCsv(const QString& path) {
  const QString error = doc_->loadCsvFile(path);
  if (!error.isEmpty()) {
    showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), error + "\n\n" + nothingChangedNote());
    return error;
  }
  session_path_.clear();
  rememberRecent(path);
  refreshTitle();
  tabs_->setCurrentIndex(0);
  return {};
}

void MainWindow::openSequences(const SequenceFiles& files) {
  if (busy()) {
    const QString error = tr("Stop the training first: opening data replaces the data it trains on.");
    statusBar()->showMessage(error, 8000);
    emit sequencesOpened(error);
    return;
  }
  // Read and checked on a pool thread (a large X takes a while); the document changes only when it
  // arrives whole, so a bad file leaves what is open as it was.
  const QString name = QFileInfo(QString::fromStdString(files.x_path)).fileName();
  statusBar()->showMessage(tr("Opening %1…").arg(name));
  loads_->start(
      [files]() -> std::pair<std::shared_ptr<const SequenceDataset>, QString> {
        try {
          return {std::make_shared<const SequenceDataset>(WorkbenchDocument::loadSequences(files)), {}};
        } catch (const std::exception& e) {
          return {nullptr, QString::fromStdString(e.what())};
        }
      },
      [this, files, name](std::pair<std::shared_ptr<const SequenceDataset>, QString> done) {
        if (!done.first || busy()) {
          const QString error =
              done.first ? tr("Stop the training first: opening data replaces the data it trains on.") : done.second;
          showError(tr("Cannot open %1").arg(name), error + "\n\n" + nothingChangedNote());
          emit sequencesOpened(error);
          return;
        }
        const SequenceDataset& d = *done.first;
        doc_->adoptSequences(done.first, files);
        session_path_.clear();
        refreshTitle();
        tabs_->setCurrentIndex(0);
        statusBar()->showMessage(tr("%1: N = %2 sequences, T = %3 steps, F = %4 features, k = %5 target(s)")
                                     .arg(name)
                                     .arg(d.size())
                                     .arg(d.x.steps)
                                     .arg(d.x.features)
                                     .arg(d.y.features),
                                 8000);
        emit sequencesOpened({});
      });
}

void MainWindow::chooseSequences() {
  if (!askToSaveChanges()) return;
  auto* dialog = new SequenceOpenDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &SequenceOpenDialog::chosen, this, [this](const SequenceFiles& files) { openSequences(files); });
  dialog->show();
}

QString MainWindow::openSample(const QString& name) {
  const QString error = doc_->loadSample(name);
  if (!error.isEmpty()) {
    showError(tr("Cannot open the sample"), error + "\n\n" + nothingChangedNote());
    return error;
  }
  session_path_.clear();
  refreshTitle();
  return {};
}

namespace {

// The data files a session names that do not exist (moved or deleted): a series session's CSV
// (not a sample), a sequence session's X and Y.
QStringList missing_data_files(const Session& session) {
  QStringList names;
  if (session.sequences)
    names << QString::fromStdString(session.sequences->files.x_path)
          << QString::fromStdString(session.sequences->files.y_path);
  else if (session.data_source.rfind("sample:", 0) != 0)
    names << QString::fromStdString(session.data_source);
  QStringList missing;
  for (const QString& n : names)
    if (!n.isEmpty() && !QFileInfo::exists(n)) missing << n;  // a FIFO or a folder is there: the reader says why not
  return missing;
}

// The session reads `located` where it named `missing`.
void relocate(Session& session, const QString& missing, const QString& located) {
  const std::string from = missing.toStdString(), to = located.toStdString();
  if (session.data_source == from) session.data_source = to;
  if (!session.sequences) return;
  if (session.sequences->files.x_path == from) session.sequences->files.x_path = to;
  if (session.sequences->files.y_path == from) session.sequences->files.y_path = to;
}

}  // namespace

MainWindow::MovedData MainWindow::askForMovedData(Session& session, const QString& name) {
  const QStringList missing = missing_data_files(session);
  if (missing.isEmpty()) return MovedData::Found;
  QStringList shown;
  for (const QString& m : missing) shown << QDir::toNativeSeparators(m);
  const MissingDataChoice choice =
      prompts_.missing_data(tr("%1 names its data file %2, which cannot be found: was it moved or renamed?\n\n"
                               "Locate the file, or open the trained model and its results without the data.")
                                .arg(name, shown.join(tr(" and "))));
  // Cancel (and a sequence session without data, which has nothing to show) reads the session as
  // it is, so that the error says what is missing; nothing changes.
  if (choice == MissingDataChoice::Cancel || (choice == MissingDataChoice::WithoutData && session.sequences))
    return MovedData::Found;
  if (choice == MissingDataChoice::WithoutData) return MovedData::WithoutData;
  QString folder;  // Y is looked for beside the X located first
  for (const QString& m : missing) {
    const QString beside = folder.isEmpty() ? QString() : QDir(folder).filePath(QFileInfo(m).fileName());
    const QString located = !beside.isEmpty() && QFileInfo(beside).isFile() ? beside : prompts_.locate_data(m);
    if (located.isEmpty()) return MovedData::Cancelled;
    folder = QFileInfo(located).absolutePath();
    relocate(session, m, located);
  }
  return MovedData::Located;
}

QString MainWindow::openSession(const QString& path, const QString& data_path) {
  return openSessionFrom(
      path, data_path, [&] { return load_session(path.toStdString()); }, false);
}

QString MainWindow::openModel(const QString& path, const QString& data_path) {
  return openSessionFrom(
      path, data_path,
      [&] {
        TrainedModel m = load_model(path.toStdString());
        Session s = session_of(m, m.missing);
        s.data_source = resolve_data_source(s.data_source, path.toStdString());
        if (s.sequences) {
          for (std::string* file : {&s.sequences->files.x_path, &s.sequences->files.y_path})
            *file = resolve_data_source(*file, path.toStdString());
          s.data_source = s.sequences->files.x_path;
        }
        s.trained = std::move(m);
        return s;
      },
      true);
}

QString MainWindow::openSessionFrom(const QString& path, const QString& data_path, const std::function<Session()>& read,
                                    bool is_model) {
  const QString name = QFileInfo(path).fileName();
  if (busy()) {
    const QString error = tr("Stop the training first: opening a session replaces the data it trains on.");
    statusBar()->showMessage(error, 8000);
    return error;
  }
  // Everything is read and checked first (the file, its data, every choice, the model, the page);
  // only then is it applied, in one step. A failure changes nothing: not the series, the pages,
  // the session path, the recent files nor the title.
  WorkbenchDocument::SessionPlan plan;
  int page = 0;
  bool relocated = !data_path.isEmpty();
  try {
    Session session = read();
    if (relocated && !session.sequences) session.data_source = data_path.toStdString();
    switch (relocated ? MovedData::Located : askForMovedData(session, name)) {
      case MovedData::Found:
        break;
      case MovedData::Located:
        relocated = true;
        break;
      case MovedData::WithoutData:
        return openSessionWithoutData(path, session, is_model);
      case MovedData::Cancelled:
        return tr("Cancelled. %1").arg(nothingChangedNote());
    }
    plan = doc_->prepareSession(session, path);
    page = config_json::field_or<int>(session.view, "page", 0, path.toStdString());
    if (page < 0 || page >= tabs_->count())
      throw FileError(path.toStdString() + ": view entry \"page\" is " + std::to_string(page) +
                      ", but the workbench has pages 0 to " + std::to_string(tabs_->count() - 1) +
                      " (save the session again from the workbench)");
  } catch (const std::exception& e) {
    const QString error = QString::fromStdString(e.what());
    showError((is_model ? tr("Cannot open the model %1") : tr("Cannot open the session %1")).arg(name),
              error + "\n\n" + nothingChangedNote());
    return error;
  }
  const QString warning = plan.warning;
  if (relocated && !warning.isEmpty() &&
      !prompts_.use_different_data(tr("%1 is not the file the session was saved with: its SHA-256 differs, so its "
                                      "rows may differ from those the model was trained on.\n\nUse it anyway?")
                                       .arg(plan.source)))
    return tr("Cancelled. %1").arg(nothingChangedNote());
  doc_->commitSession(std::move(plan));
  tabs_->setCurrentIndex(is_model ? tabs_->indexOf(train_page_) : page);
  if (is_model) {  // a session of its own from now on: Save asks for a session file, never the model's
    session_path_.clear();
    doc_->setModified(true);
  } else {
    session_path_ = path;
    rememberRecent(path);
  }
  if (relocated) doc_->setModified(true);  // saving records where the data is now
  refreshTitle();
  statusBar()->showMessage(
      (is_model ? tr("Model %1 opened with the settings it was trained with") : tr("Session %1 opened")).arg(name),
      8000);
  if (!warning.isEmpty() && !relocated) showError(tr("Session opened with a warning"), warning);
  return {};
}

QString MainWindow::openSessionWithoutData(const QString& path, const Session& session, bool is_model) {
  doc_->commitSessionWithoutData(session);
  session_path_ = is_model ? QString() : path;
  if (!is_model) rememberRecent(path);
  refreshTitle();
  tabs_->setCurrentWidget(train_page_);
  statusBar()->showMessage(tr("Session %1 opened without its data").arg(QFileInfo(path).fileName()), 8000);
  return {};
}

QString MainWindow::locateMissingData() {
  if (doc_->missingData().isEmpty() || session_path_.isEmpty()) return tr("No data file is missing.");
  const QString located = prompts_.locate_data(doc_->missingData());
  if (located.isEmpty()) return tr("Cancelled.");
  return openSession(session_path_, located);
}

QString MainWindow::saveSession(const QString& path) {
  if (const QString refused = doc_->refusesOutputAt(path); !refused.isEmpty()) {
    showError(tr("Cannot save the session"), refused);
    return refused;
  }
  try {
    save_session(path.toStdString(), doc_->toSession({{"page", tabs_->currentIndex()}}));
    doc_->setModified(false);
    session_path_ = path;
    rememberRecent(path);
    refreshTitle();
    statusBar()->showMessage(tr("Session saved to %1").arg(path), 8000);
    return {};
  } catch (const std::exception& e) {
    const QString error = QString::fromStdString(e.what());
    showError(tr("Cannot save the session"), error);
    return error;
  }
}

bool MainWindow::askToSaveChanges() {
  if (!doc_->isModified() || (!doc_->hasData() && !doc_->hasSequences() && !doc_->hasModel())) return true;
  const QString what = doc_->hasModel() ? tr("The trained model and the settings have not been saved.")
                                        : tr("The settings have not been saved.");
  switch (prompts_.save_changes(what + " " + tr("Discard loses them."))) {
    case SaveChoice::Discard:
      return true;
    case SaveChoice::Cancel:
      return false;
    case SaveChoice::Save:
      break;
  }
  const QString path = session_path_.isEmpty() ? prompts_.session_path_to_save() : session_path_;
  return !path.isEmpty() && saveSession(path).isEmpty();
}

void MainWindow::saveSessionInPlace() {
  if (session_path_.isEmpty()) return chooseSessionToSave();
  saveSession(session_path_);
}

void MainWindow::chooseCsv() {
  if (!askToSaveChanges()) return;
  ask_for_path(this, PathFor::Opening, tr("Open a CSV series"), {}, tr("CSV files (*.csv *.txt *.tsv);;All files (*)"),
               [this](const QString& path) { openCsv(path); });
}

void MainWindow::chooseSessionToOpen() {
  if (busy()) {
    statusBar()->showMessage(tr("Stop the training first: opening a session replaces the data it trains on."), 8000);
    return;
  }
  if (!askToSaveChanges()) return;
  ask_for_path(this, PathFor::Opening, tr("Open a session"), {}, tr("Sessions (*.rnnwb);;All files (*)"),
               [this](const QString& path) { openSession(path); });
}

void MainWindow::chooseModelToOpen() {
  if (busy()) {
    statusBar()->showMessage(tr("Stop the training first: opening a model replaces the data it trains on."), 8000);
    return;
  }
  if (!askToSaveChanges()) return;
  ask_for_path(this, PathFor::Opening, tr("Open a model"), {}, tr("Model files (*.safetensors);;All files (*)"),
               [this](const QString& path) { openModel(path); });
}

void MainWindow::chooseSessionToSave() {
  ask_for_path(
      this, PathFor::Saving, tr("Save the session"), session_path_, tr("Sessions (*.rnnwb)"),
      [this](const QString& path) { saveSession(path); }, "rnnwb");
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("recentFiles").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue("recentFiles", recent);
  refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
  if (!recent_menu_) return;
  recent_menu_->clear();
  const QStringList recent = QSettings().value("recentFiles").toStringList();
  for (const QString& path : recent)
    recent_menu_
        ->addAction(QFileInfo(path).fileName(), this,
                    [this, path] {
                      if (askToSaveChanges()) path.endsWith(".rnnwb") ? openSession(path) : openCsv(path);
                    })
        ->setToolTip(path);
  recent_menu_->setToolTipsVisible(true);
  if (recent.isEmpty()) recent_menu_->addAction(tr("(none yet)"))->setEnabled(false);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (SweepController* sweeps = train_page_->sweepController(); sweeps->isRunning()) {
    if (!prompts_.stop_sweep_and_quit()) return event->ignore();  // keep sweeping
    sweeps->stopForQuit();
    QCoreApplication::sendPostedEvents();  // the finished runs reach the document first
    if (!askToSaveChanges()) return event->ignore();
  } else if (controller_->isRunning()) {
    if (!prompts_.stop_training_and_quit()) return event->ignore();  // keep training
    controller_->stopForQuit();                                      // the recovery file stays for the next start
  } else if (!askToSaveChanges()) {
    return event->ignore();
  }
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("window/page", tabs_->currentIndex());
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && !busy()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  const QString path = urls.first().toLocalFile();
  if (!askToSaveChanges()) return;
  if (path.endsWith(".rnnwb"))
    openSession(path);
  else if (path.endsWith(".safetensors"))
    openModel(path);
  else
    openCsv(path);
  event->acceptProposedAction();
}

}  // namespace rnnwb::ui
