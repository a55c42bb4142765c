#pragma once
// MainWindow: one window, six pages in the order of the work (Data, Normalise, Model, Train,
// Predict, Export), menus and shortcuts for the main actions, a status bar, drag and drop of CSV
// and session files, recent files and the window layout remembered in QSettings.
#include <QMainWindow>
#include <QStringList>

class QTabWidget;
class QMenu;
class QAction;

namespace rnnwb::ui {

class WorkbenchDocument;
class TrainingController;
class TrainPage;
class PredictPage;

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
  QString openSession(const QString& path);
  QString saveSession(const QString& path);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void rememberRecent(const QString& path);
  void refreshRecentMenu();
  void refreshActions();
  void showError(const QString& title, const QString& message);
  void chooseCsv();
  void chooseSessionToOpen();
  void chooseSessionToSave();

  WorkbenchDocument* doc_;
  TrainingController* controller_;
  QTabWidget* tabs_;
  TrainPage* train_page_;
  QMenu* recent_menu_ = nullptr;
  QList<QAction*> idle_only_;  // actions that would change the data under a running training
  QString session_path_;
};

}  // namespace rnnwb::ui
