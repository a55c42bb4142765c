#pragma once
// MainWindow: one window, seven pages in the order of the work (Data, Normalise, Model, Train,
// Predict, Runs, Export), menus and shortcuts for the main actions, a status bar, drag and drop of CSV
// and session files, recent files and the window layout remembered in QSettings.
#include <QMainWindow>
#include <QStringList>
#include <functional>
#include <memory>

#include "ui/window_prompts.hpp"

class QTabWidget;
class QMenu;
class QAction;

namespace rnnwb {
struct LoadedCheckpoint;
struct Session;
struct SequenceFiles;
}  // namespace rnnwb

namespace rnnwb::ui {

class WorkbenchDocument;
class TrainingController;
class TrainPage;
class PredictPage;
class RecoveryBanner;
class BackgroundJobs;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  WorkbenchDocument* document() const { return doc_; }
  TrainingController* controller() const { return controller_; }
  QTabWidget* pages() const { return tabs_; }

  // Each returns an empty string on success, else the error shown to the user.
  QString openCsv(const QString& path);
  QString openSample(const QString& name);
  // A sequence dataset (X.npy + Y.npy, or one .npz), read off the GUI thread; sequencesOpened tells
  // the outcome (empty on success). A file that cannot be opened changes nothing.
  void openSequences(const SequenceFiles& files);
  // A session that cannot be opened changes nothing (see WorkbenchDocument::prepareSession).
  // A session whose data file is missing asks (prompts().missing_data): locate it (a file with
  // another SHA-256 asks again), open it without data, or cancel. `data_path` reads the session's
  // data from there instead (the data moved; checked against the SHA-256 the same way).
  QString openSession(const QString& path, const QString& data_path = {});
  // A model file (rnnwb's, or one the exported PyTorch project wrote) opened as a session of the
  // settings it was trained with, its data reloaded and the model the current one: as openSession,
  // but the model file never becomes the session file (saving asks for a new name).
  QString openModel(const QString& path, const QString& data_path = {});
  // A session opened without its data: asks for the file and reopens the session with it.
  QString locateMissingData();
  QString saveSession(const QString& path);
  // Before the document is replaced (File > Open…, samples, recent files, drops) or the window
  // closes: when it holds unsaved changes, asks "Save changes to the session?" and saves on Save.
  // True to go on (saved, discarded or nothing to save), false to stop (Cancel, or the save failed).
  // openCsv, openSession… themselves never ask: they are what runs once the answer is in.
  bool askToSaveChanges();
  // The questions the window asks (modal boxes by default); tests replace them.
  WindowPrompts& prompts() { return prompts_; }
  // The session file open now (opened or last saved); empty after a CSV or a sample is opened.
  QString sessionPath() const { return session_path_; }

  // Crash recovery. From now on every training writes checkpoints to `path` (at most every
  // `every_seconds`, 0 = after every epoch) and removes the file when it ends; so a file found
  // there now was left by a training that was killed, and a banner above the pages offers to
  // restore it (non-modal: everything else keeps working). An empty path turns recovery off.
  void setRecoveryFile(const QString& path, double every_seconds = 10.0);
  // $RNNWB_RECOVERY_DIR (tests) or the application data folder, + "/recovery.safetensors".
  static QString defaultRecoveryFile();
  bool recoveryOffered() const;
  QString recoveryOfferText() const;
  // Restore: reloads the data the model was trained on, restores the choices, the model and its
  // loss history (Train page), then deletes the file. Discard deletes it. Each returns an error.
  QString restoreRecovery();
  QString discardRecovery();
  void startTraining();  // as F5, on the Train page
  // A run of the document (Runs page): its settings and weights become the current model, its data
  // opened when it is other data; the runs stay. Returns the error (nothing changed then) or empty.
  QString restoreRun(const QString& id);

 signals:
  void sequencesOpened(QString error);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void rememberRecent(const QString& path);
  void refreshRecentMenu();
  void refreshActions();
  bool busy() const;                           // a training or a sweep runs: the data must not change under it
  void showHelp(const QString& section = {});  // the Help dialog, at `section` of the README
  void showError(const QString& title, const QString& message);
  QString nothingChangedNote() const;  // "Nothing was changed: X is still open."
  void refreshTitle();                 // the session's or the data's file name - RNN Workbench
  // A session whose data files are missing: asks (prompts_) and rewrites their paths in `session`
  // to where the user located them.
  enum class MovedData { Found, Located, WithoutData, Cancelled };
  MovedData askForMovedData(Session& session, const QString& name);
  QString openSessionWithoutData(const QString& path, const Session& session, bool is_model = false);
  // openSession and openModel: `read` gives the session (throws what a bad file throws).
  QString openSessionFrom(const QString& path, const QString& data_path, const std::function<Session()>& read,
                          bool is_model);
  void chooseModelToOpen();
  QWidget* buildMissingDataBanner();
  void chooseCsv();
  void chooseSequences();
  void chooseSessionToOpen();
  void chooseSessionToSave();
  void saveSessionInPlace();  // Ctrl+S: to the session file open, or Save As for a new one
  void offerRecovery();
  void closeRecoveryOffer(bool remove_file);
  bool recoveryDataAvailable() const;

  WorkbenchDocument* doc_;
  TrainingController* controller_;
  QTabWidget* tabs_;
  TrainPage* train_page_;
  QMenu* recent_menu_ = nullptr;
  QList<QAction*> idle_only_;  // actions that would change the data under a running training
  QAction *start_action_ = nullptr, *pause_action_ = nullptr, *stop_action_ = nullptr;  // as the Train page's buttons
  QAction* sweep_action_ = nullptr;
  QAction* seed_action_ = nullptr;
  PredictPage* predict_page_ = nullptr;
  QString session_path_;
  RecoveryBanner* recovery_banner_;
  QString recovery_path_;
  std::unique_ptr<LoadedCheckpoint> recovered_;  // the offered file, read when it was found
  QString recovery_error_;                       // why the file found could not be read
  BackgroundJobs* loads_;                        // sequence datasets being read
  WindowPrompts prompts_;
};

}  // namespace rnnwb::ui
