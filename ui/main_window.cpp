#include "ui/main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <functional>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

#include "engine/data/samples.hpp"
#include "engine/io/session_file.hpp"
#include "ui/file_dialogs.hpp"
#include "ui/pages/data_page.hpp"
#include "ui/pages/export_page.hpp"
#include "ui/pages/model_page.hpp"
#include "ui/pages/normalise_page.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/pages/train_page.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

constexpr int kMaxRecent = 8;


}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), doc_(new WorkbenchDocument(this)), controller_(new TrainingController(this)) {
  setWindowTitle(tr("RNN Workbench"));
  setAcceptDrops(true);
  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  tabs_->addTab(new DataPage(doc_), tr("1 Data"));
  tabs_->addTab(new NormalisePage(doc_), tr("2 Normalise"));
  tabs_->addTab(new ModelPage(doc_), tr("3 Model"));
  train_page_ = new TrainPage(doc_, controller_);
  tabs_->addTab(train_page_, tr("4 Train"));
  tabs_->addTab(new PredictPage(doc_), tr("5 Predict"));
  auto* export_page = new ExportPage(doc_);
  tabs_->addTab(export_page, tr("6 Export"));
  connect(export_page, &ExportPage::saveSessionRequested, this, &MainWindow::chooseSessionToSave);
  connect(export_page, &ExportPage::openSessionRequested, this, &MainWindow::chooseSessionToOpen);
  tabs_->setTabToolTip(0, tr("Load a series, choose what to predict, the window and the split"));
  tabs_->setTabToolTip(1, tr("Log, differencing and scaling per column, fitted on training rows"));
  tabs_->setTabToolTip(2, tr("The layer stack and the training hyperparameters"));
  tabs_->setTabToolTip(3, tr("Train and watch the loss live (F5)"));
  tabs_->setTabToolTip(4, tr("Predictions against the truth, metrics and baselines, forecasts"));
  tabs_->setTabToolTip(5, tr("Save the model, predictions, history and charts"));
  setCentralWidget(tabs_);
  buildMenus();

  connect(controller_, &TrainingController::stateChanged, this, &MainWindow::refreshActions);
  connect(controller_, &TrainingController::finished, this, [this] {
    statusBar()->showMessage(tr("Training finished: computing the metrics for the Predict page..."));
  });
  connect(doc_, &WorkbenchDocument::evaluationChanged, this, [this] {
    if (doc_->hasTrained() && !doc_->evaluation().model.empty())
      statusBar()->showMessage(tr("Metrics ready: see the Predict page"), 8000);
  });
  connect(doc_, &WorkbenchDocument::evaluationFailed, this,
          [this](const QString& message) { showError(tr("No metrics"), message); });
  connect(doc_, &WorkbenchDocument::dataChanged, this, [this] {
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
  QMenu* samples = file->addMenu(tr("&Samples"));
  for (const SampleInfo& s : sample_list()) {
    QAction* a = samples->addAction(QString::fromStdString(s.name), this,
                                    [this, name = QString::fromStdString(s.name)] { openSample(name); });
    a->setToolTip(QString::fromStdString(s.description));
    idle_only_ << a;
  }
  samples->setToolTipsVisible(true);
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  recent_menu_->setObjectName("recentMenu");
  file->addSeparator();
  QAction* open_session = file->addAction(tr("Open &Session…"), this, &MainWindow::chooseSessionToOpen);
  open_session->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
  QAction* save_session = file->addAction(tr("Save Session &As…"), this, &MainWindow::chooseSessionToSave);
  save_session->setShortcut(QKeySequence::Save);
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
  connect(start, &QAction::triggered, this, [this] { tabs_->setCurrentWidget(train_page_); });

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < tabs_->count(); ++i) {
    QAction* a = view->addAction(tabs_->tabText(i).mid(2), this, [this, i] { tabs_->setCurrentIndex(i); });
    a->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
  }

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard shortcuts"), this, [this] {
    auto* box = new QMessageBox(QMessageBox::Information, tr("Keyboard shortcuts"),
                                tr("Ctrl+O open CSV · Ctrl+Shift+O open session · Ctrl+S save session\n"
                                   "F5 start training · F6 pause/resume · Shift+F5 stop\n"
                                   "Ctrl+1 … Ctrl+6 pages · Ctrl+Q quit\n"
                                   "Charts: drag to zoom, wheel to zoom, right-drag to pan, double-click to reset"),
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  });

  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName("mainToolBar");
  bar->addAction(open);
  QAction* sunspots = bar->addAction(tr("Sample: sunspots"), this, [this] { openSample("sunspots"); });
  sunspots->setToolTip(tr("Load the yearly sunspot numbers, the classic first RNN exercise"));
  idle_only_ << sunspots;
  bar->addSeparator();
  bar->addAction(start);
  bar->addAction(pause);
  bar->addAction(stop);
}

void MainWindow::refreshActions() {
  const bool idle = !controller_->isRunning();
  for (QAction* a : idle_only_) {
    a->setEnabled(idle);
    a->setStatusTip(idle ? QString() : tr("Stop the training first"));
  }
  if (recent_menu_) recent_menu_->setEnabled(idle);
}

void MainWindow::showError(const QString& title, const QString& message) {
  statusBar()->showMessage(title + ": " + message, 15000);
  // Window-modal and opened with open(), not exec(): the caller returns at once and
  // the live charts keep drawing while the message is on screen.
  if (!isVisible() || controller_->isRunning()) return;  // no modal dialog while training
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setObjectName("errorDialog");
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

QString MainWindow::openCsv(const QString& path) {
  const QString error = doc_->loadCsvFile(path);
  if (!error.isEmpty()) {
    showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), error);
    return error;
  }
  session_path_.clear();
  rememberRecent(path);
  tabs_->setCurrentIndex(0);
  return {};
}

QString MainWindow::openSample(const QString& name) {
  const QString error = doc_->loadSample(name);
  if (!error.isEmpty()) showError(tr("Cannot open the sample"), error);
  session_path_.clear();
  return error;
}

QString MainWindow::openSession(const QString& path) {
  try {
    const Session session = load_session(path.toStdString());
    const QString warning = doc_->applySession(session);
    tabs_->setCurrentIndex(session.view.value("page", 0));
    session_path_ = path;
    rememberRecent(path);
    if (!warning.isEmpty()) showError(tr("Session opened with a warning"), warning);
    return {};
  } catch (const std::exception& e) {
    const QString error = QString::fromStdString(e.what());
    showError(tr("Cannot open the session"), error);
    return error;
  }
}

QString MainWindow::saveSession(const QString& path) {
  try {
    save_session(path.toStdString(), doc_->toSession({{"page", tabs_->currentIndex()}}));
    session_path_ = path;
    rememberRecent(path);
    statusBar()->showMessage(tr("Session saved to %1").arg(path), 8000);
    return {};
  } catch (const std::exception& e) {
    const QString error = QString::fromStdString(e.what());
    showError(tr("Cannot save the session"), error);
    return error;
  }
}

void MainWindow::chooseCsv() {
  ask_for_path(this, PathFor::Opening, tr("Open a CSV series"), {}, tr("CSV files (*.csv *.txt *.tsv);;All files (*)"),
               [this](const QString& path) { openCsv(path); });
}

void MainWindow::chooseSessionToOpen() {
  if (controller_->isRunning()) {
    statusBar()->showMessage(tr("Stop the training first: opening a session replaces the data it trains on."), 8000);
    return;
  }
  ask_for_path(this, PathFor::Opening, tr("Open a session"), {}, tr("Sessions (*.rnnwb);;All files (*)"),
               [this](const QString& path) { openSession(path); });
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
    recent_menu_->addAction(QFileInfo(path).fileName(), this, [this, path] {
      path.endsWith(".rnnwb") ? openSession(path) : openCsv(path);
    })->setToolTip(path);
  recent_menu_->setToolTipsVisible(true);
  if (recent.isEmpty()) recent_menu_->addAction(tr("(none yet)"))->setEnabled(false);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  controller_->stop();
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("window/page", tabs_->currentIndex());
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && !controller_->isRunning()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  const QString path = urls.first().toLocalFile();
  path.endsWith(".rnnwb") ? openSession(path) : openCsv(path);
  event->acceptProposedAction();
}

}  // namespace rnnwb::ui
