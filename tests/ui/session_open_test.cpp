// Opening a session that cannot be opened changes nothing: for a missing or broken data file, a
// field of the wrong type or out of range, a column the data does not have, a trained model that
// reads columns the data lacks, a relative data path that only resolves from the current folder,
// and a FIFO given as the session or as its data, the series, the pages, the session path, the
// recent files and the window title stay as they were, and one message on screen names the file
// and says what to do. A relative data path opens from the session's own folder.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QAbstractItemModel>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <functional>
#include <thread>

#include "engine/io/model_file.hpp"
#include "engine/io/safetensors.hpp"
#include "engine/io/session_file.hpp"
#include "engine/workflow/training.hpp"
#include "ui/main_window.hpp"
#include "ui/pages/export_page.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;
using json = nlohmann::json;

namespace {

void write_text(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
}

// "time,value" with `rows` rows of a sine.
void write_series(const QString& path, int rows) {
  QByteArray csv = "time,value\n";
  for (int i = 0; i < rows; ++i)
    csv += QByteArray::number(i) + "," + QByteArray::number(std::sin(i * 0.2) + 2.0) + "\n";
  write_text(path, csv);
}

// A session of the "time,value" series: window 8, target value.
Session series_session(const QString& source) {
  Session s;
  s.data_source = source.toStdString();
  s.pipeline.targets = {"value"};
  s.pipeline.window = 8;
  s.layers = {LayerSpec::lstm(4)};
  s.view = {{"page", 2}, {"forecast_steps", 5}};
  return s;
}

// Rewrites the session JSON inside a session file (to damage one field).
void edit_session(const QString& path, const std::function<void(json&)>& edit) {
  SafeTensorsFile f = read_safetensors(path.toStdString());
  json j = json::parse(f.metadata.at("rnnwb_session"));
  edit(j);
  f.metadata["rnnwb_session"] = j.dump();
  write_safetensors(path.toStdString(), f);
}

// What the user sees of the open state.
struct OpenState {
  QString source, session, title, source_label;
  std::size_t rows = 0;
  QStringList targets, recent;
  int window = 0, window_spin = 0, page = 0, table_rows = 0;
};

OpenState state_of(MainWindow& w) {
  OpenState s;
  WorkbenchDocument* doc = w.document();
  s.source = doc->dataSource();
  s.session = w.sessionPath();
  s.title = w.windowTitle();
  s.source_label = find<QLabel>(&w, "sourceLabel")->text();
  s.rows = doc->hasData() ? doc->table().series.rows() : 0;
  s.targets = doc->targets();
  s.recent = QSettings().value("recentFiles").toStringList();
  s.window = int(doc->pipelineConfig().window);
  s.window_spin = find<QSpinBox>(&w, "windowSpin")->value();
  s.page = w.pages()->currentIndex();
  s.table_rows = find<QTableView>(&w, "dataTable")->model()->rowCount();
  return s;
}

void expect_unchanged(const OpenState& before, MainWindow& w) {
  const OpenState now = state_of(w);
  QCOMPARE(now.source, before.source);
  QCOMPARE(now.rows, before.rows);
  QCOMPARE(now.table_rows, before.table_rows);
  QCOMPARE(now.source_label, before.source_label);
  QCOMPARE(now.targets, before.targets);
  QCOMPARE(now.window, before.window);
  QCOMPARE(now.window_spin, before.window_spin);
  QCOMPARE(now.page, before.page);
  QCOMPARE(now.session, before.session);
  QCOMPARE(now.recent, before.recent);
  QCOMPARE(now.title, before.title);
}

// The error message on screen: a non-modal box that names `file`.
void expect_message(MainWindow& w, const QString& error, const QString& file, const QString& what) {
  QVERIFY2(!error.isEmpty(), "the open reported success");
  auto* box = find<QMessageBox>(&w, "errorDialog");
  QVERIFY(box->isVisible());
  QCOMPARE(box->windowModality(), Qt::NonModal);
  QVERIFY2(box->text().contains(file), qPrintable(box->text()));
  QVERIFY2(box->text().contains(what, Qt::CaseInsensitive), qPrintable(box->text()));
  QVERIFY2(box->text().contains("Nothing was changed"), qPrintable(box->text()));
  QVERIFY2(!box->text().contains("[json.exception"), qPrintable(box->text()));
}

// While a test opens a FIFO, a writer is opened on it after `after_ms`, so that a reader blocked in
// open() returns (with no data) instead of hanging the test run; the test then fails on the time.
class FifoWatchdog {
 public:
  FifoWatchdog(QString path, int after_ms)
      : thread_([this, p = path.toStdString(), after_ms] {
          QElapsedTimer clock;
          clock.start();
          while (!done_) {
            if (clock.elapsed() > after_ms) {
              const int fd = ::open(p.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);  // fails while no reader
              if (fd >= 0) ::close(fd);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        }) {}
  ~FifoWatchdog() {
    done_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

class SessionOpenTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void aSessionWhoseDataIsMissingChangesNothing();
  void aSessionWhoseDataFailsToParseChangesNothing();
  void aWronglyTypedOrUnknownFieldChangesNothing_data();
  void aWronglyTypedOrUnknownFieldChangesNothing();
  void aTrainedModelThatContradictsItsDataChangesNothing();
  void aRelativeDataPathIsNotReadFromTheCurrentFolder();
  void aRelativeDataPathOpensFromAnotherCurrentFolder();
  void aFifoAsSessionOrDataIsRefusedWithinSeconds_data();
  void aFifoAsSessionOrDataIsRefusedWithinSeconds();
  void screenshotOfAFailedOpen();
  void aModelFileOpensWithItsSettingsAndData();
  void aDamagedModelFileChangesNothing();

 private:
  // A window with a 300-row series open from a saved session (session path, recent files set).
  void openStartingState(MainWindow& w);

  QTemporaryDir dir_;
  QString start_dir_, csv_;
};

void SessionOpenTest::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  start_dir_ = QDir::currentPath();
  csv_ = dir_.filePath("data.csv");
  write_series(csv_, 300);
}

void SessionOpenTest::init() { QSettings().clear(); }

void SessionOpenTest::cleanup() { QDir::setCurrent(start_dir_); }

void SessionOpenTest::openStartingState(MainWindow& w) {
  w.resize(1100, 760);
  w.show();
  QVERIFY(w.openCsv(dir_.filePath("data.csv")).isEmpty());
  w.document()->setWindow(10);
  w.pages()->setCurrentIndex(1);
  QVERIFY(w.saveSession(dir_.filePath("start.rnnwb")).isEmpty());
  QCOMPARE(w.sessionPath(), dir_.filePath("start.rnnwb"));
  QVERIFY(w.windowTitle().contains("start.rnnwb"));
}

void SessionOpenTest::aSessionWhoseDataIsMissingChangesNothing() {
  MainWindow w;
  openStartingState(w);
  const OpenState before = state_of(w);
  const QString path = dir_.filePath("missing-data.rnnwb");
  save_session(path.toStdString(), series_session(dir_.filePath("gone.csv")));
  w.prompts().missing_data = [](const QString&) { return MissingDataChoice::Cancel; };  // not located
  const QString error = w.openSession(path);
  expect_message(w, error, "missing-data.rnnwb", "gone.csv");
  QVERIFY2(error.contains("No such file"), qPrintable(error));
  expect_unchanged(before, w);
}

void SessionOpenTest::aSessionWhoseDataFailsToParseChangesNothing() {
  MainWindow w;
  openStartingState(w);
  const OpenState before = state_of(w);
  write_text(dir_.filePath("broken.csv"), "time,value\n1,2\n2,hello\n3,4\n");
  const QString path = dir_.filePath("broken-data.rnnwb");
  save_session(path.toStdString(), series_session(dir_.filePath("broken.csv")));
  const QString error = w.openSession(path);
  expect_message(w, error, "broken-data.rnnwb", "hello");
  expect_unchanged(before, w);
}

void SessionOpenTest::aWronglyTypedOrUnknownFieldChangesNothing_data() {
  QTest::addColumn<QString>("pointer");  // a JSON pointer into the session JSON
  QTest::addColumn<QString>("value");    // the JSON put there
  QTest::addColumn<QString>("said");     // what the message must say
  QTest::newRow("view.page a string") << "/view/page"
                                      << "\"two\""
                                      << "page";
  QTest::newRow("view.page past the last page") << "/view/page"
                                                << "99"
                                                << "page";
  QTest::newRow("view.page negative") << "/view/page"
                                      << "-1"
                                      << "page";
  QTest::newRow("view a number") << "/view"
                                 << "7"
                                 << "view";
  QTest::newRow("view.forecast_steps a string") << "/view/forecast_steps"
                                                << "\"many\""
                                                << "forecast_steps";
  QTest::newRow("view.forecast_steps too many") << "/view/forecast_steps"
                                                << "100000000"
                                                << "forecast_steps";
  QTest::newRow("window a string") << "/pipeline/window"
                                   << "\"12\""
                                   << "window";
  QTest::newRow("window zero") << "/pipeline/window"
                               << "0"
                               << "window";
  QTest::newRow("window fractional") << "/pipeline/window"
                                     << "2.5"
                                     << "window";
  QTest::newRow("horizon negative") << "/pipeline/horizon"
                                    << "-3"
                                    << "horizon";
  QTest::newRow("targets a string") << "/pipeline/targets"
                                    << "\"value\""
                                    << "targets";
  QTest::newRow("target not in the data") << "/pipeline/targets"
                                          << "[\"ghost\"]"
                                          << "ghost";
  QTest::newRow("feature not in the data") << "/pipeline/features"
                                           << "[\"value\", \"ghost\"]"
                                           << "ghost";
  QTest::newRow("transform of a column not in the data")
      << "/pipeline/columns"
      << R"({"ghost": {"log": false, "diff_lag": 0, "scaler": "standard", "offset": 0, "scale": 1}})"
      << "ghost";
  QTest::newRow("missing policy unknown") << "/data/missing"
                                          << "\"sometimes\""
                                          << "sometimes";
  QTest::newRow("data source a number") << "/data/source"
                                        << "42"
                                        << "source";
  QTest::newRow("data source empty") << "/data/source"
                                     << "\"\""
                                     << "no data file";
  QTest::newRow("split of two") << "/pipeline/split"
                                << "[0.5, 0.5]"
                                << "split";
}

void SessionOpenTest::aWronglyTypedOrUnknownFieldChangesNothing() {
  QFETCH(QString, pointer);
  QFETCH(QString, value);
  QFETCH(QString, said);
  MainWindow w;
  openStartingState(w);
  const OpenState before = state_of(w);
  const QString path = dir_.filePath("damaged.rnnwb");
  save_session(path.toStdString(), series_session(csv_));
  edit_session(path, [&](json& j) { j[json::json_pointer(pointer.toStdString())] = json::parse(value.toStdString()); });
  const QString error = w.openSession(path);
  expect_message(w, error, "damaged.rnnwb", said);
  expect_unchanged(before, w);
}

void SessionOpenTest::aTrainedModelThatContradictsItsDataChangesNothing() {
  MainWindow w;
  openStartingState(w);
  const OpenState before = state_of(w);
  // A model trained on a column "ghost" in a session whose data has only "value".
  Series series;
  series.names = {"ghost"};
  series.columns = {{}};
  for (int i = 0; i < 120; ++i) series.columns[0].push_back(std::sin(i * 0.3));
  TrainRequest r;
  r.pipeline.targets = {"ghost"};
  r.pipeline.window = 8;
  r.layers = {LayerSpec::lstm(4)};
  r.fit.epochs = 1;
  r.fit.threads = 1;
  Session s = series_session(csv_);
  s.trained = train_model(series, r).trained;
  const QString path = dir_.filePath("contradicting-model.rnnwb");
  save_session(path.toStdString(), s);
  const QString error = w.openSession(path);
  expect_message(w, error, "contradicting-model.rnnwb", "trained model");
  QVERIFY2(error.contains("ghost"), qPrintable(error));
  expect_unchanged(before, w);
  QVERIFY(!w.document()->hasTrained());
}

// File > Open Model: a model file (here one that says PyTorch trained it, as the exported project's
// do) opens with the settings it was trained with and its data, the model the current one, and the
// model file never becomes the session file.
void SessionOpenTest::aModelFileOpensWithItsSettingsAndData() {
  MainWindow w;
  openStartingState(w);
  LoadedData data = load_data_source_with(csv_.toStdString(), {}, {});
  TrainRequest r;
  r.pipeline.targets = {"value"};
  r.pipeline.window = 7;
  r.layers = {LayerSpec::gru(3)};
  r.fit.epochs = 2;
  r.fit.threads = 1;
  r.data_source = csv_.toStdString();
  r.data_sha256 = data.sha256;
  TrainedModel m = train_model(data.table.series, r).trained;
  m.trained_by = {"pytorch", "1.13.0", 2, "cpu", "gloo", "", "2026-12-02T12:00:00Z", 3.5};
  const QString path = dir_.filePath("pytorch.safetensors");
  save_model(path.toStdString(), m);
  const QByteArray bytes = [&] {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }();
  QCOMPARE(w.openModel(path), QString());
  WorkbenchDocument* doc = w.document();
  QVERIFY(doc->hasModel());
  QVERIFY(doc->currentModel()->model.parameters() == m.model.parameters());
  QCOMPARE(doc->currentModel()->trained_by.engine, std::string("pytorch"));
  QCOMPARE(int(doc->pipelineConfig().window), 7);
  QCOMPARE(find<QSpinBox>(&w, "windowSpin")->value(), 7);
  QCOMPARE(doc->dataSource(), csv_);
  QVERIFY(doc->modelDrift().isEmpty());  // the settings are the model's own
  QVERIFY(w.sessionPath().isEmpty());    // Save asks for a session file
  QVERIFY(!QSettings().value("recentFiles").toStringList().contains(path));
  w.pages()->setCurrentWidget(w.findChild<ExportPage*>());
  const QString summary = find<QLabel>(&w, "exportModelSummary")->text();
  QVERIFY2(summary.contains("Trained by PyTorch 1.13.0, 2 processes (gloo) on cpu"), qPrintable(summary));
  save_screenshot(&w, "open_model_trained_by_pytorch.png");
  QVERIFY(w.saveSession(dir_.filePath("from-model.rnnwb")).isEmpty());
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadOnly));
  QCOMPARE(f.readAll(), bytes);  // the model file itself is never written
}

void SessionOpenTest::aDamagedModelFileChangesNothing() {
  MainWindow w;
  openStartingState(w);
  const OpenState before = state_of(w);
  const QString path = dir_.filePath("damaged.safetensors");
  write_text(path, "not a model at all, just text");
  const QString error = w.openModel(path);
  expect_message(w, error, "damaged.safetensors", "safetensors");
  expect_unchanged(before, w);
  QVERIFY(!w.document()->hasModel());
}

void SessionOpenTest::aRelativeDataPathIsNotReadFromTheCurrentFolder() {
  MainWindow w;
  openStartingState(w);
  const OpenState before = state_of(w);
  // The session in sessions/ names "other.csv", which exists only in the current folder.
  QVERIFY(QDir(dir_.path()).mkpath("sessions"));
  QVERIFY(QDir(dir_.path()).mkpath("elsewhere"));
  write_series(dir_.filePath("elsewhere/other.csv"), 200);
  const QString path = dir_.filePath("sessions/relative-missing.rnnwb");
  save_session(path.toStdString(), series_session("other.csv"));
  QVERIFY(QDir::setCurrent(dir_.filePath("elsewhere")));
  w.prompts().missing_data = [](const QString&) { return MissingDataChoice::Cancel; };  // not located
  const QString error = w.openSession(path);
  expect_message(w, error, "relative-missing.rnnwb", QDir(dir_.filePath("sessions")).filePath("other.csv"));
  expect_unchanged(before, w);
}

void SessionOpenTest::aRelativeDataPathOpensFromAnotherCurrentFolder() {
  MainWindow w;
  openStartingState(w);
  // sessions/rel.rnnwb names "../data.csv" (300 rows); the current folder has its own data.csv.
  QVERIFY(QDir(dir_.path()).mkpath("sessions"));
  QVERIFY(QDir(dir_.path()).mkpath("elsewhere"));
  write_series(dir_.filePath("elsewhere/data.csv"), 50);
  const QString path = dir_.filePath("sessions/rel.rnnwb");
  save_session(path.toStdString(), series_session("../data.csv"));
  QVERIFY(QDir::setCurrent(dir_.filePath("elsewhere")));
  QCOMPARE(w.openSession(path), QString());
  WorkbenchDocument* doc = w.document();
  QCOMPARE(doc->dataSource(), QDir::cleanPath(csv_));
  QCOMPARE(doc->table().series.rows(), std::size_t(300));
  QCOMPARE(doc->targets(), QStringList{"value"});
  QCOMPARE(doc->pipelineConfig().window, 8);
  QCOMPARE(find<QSpinBox>(&w, "windowSpin")->value(), 8);
  QCOMPARE(doc->forecastSteps(), 5);
  QCOMPARE(w.pages()->currentIndex(), 2);
  QCOMPARE(w.sessionPath(), path);
  QCOMPARE(QSettings().value("recentFiles").toStringList().value(0), path);
  QVERIFY2(w.windowTitle().contains("rel.rnnwb"), qPrintable(w.windowTitle()));
  QVERIFY(!w.findChild<QMessageBox*>("errorDialog"));
}

void SessionOpenTest::aFifoAsSessionOrDataIsRefusedWithinSeconds_data() {
  QTest::addColumn<bool>("as_session");  // the FIFO is the session file (else the session's data)
  QTest::addColumn<bool>("as_csv");      // the FIFO is opened as a CSV (File > Open CSV)
  QTest::newRow("a FIFO opened as a session") << true << false;
  QTest::newRow("a FIFO as a session's data") << false << false;
  QTest::newRow("a FIFO opened as a CSV") << false << true;
}

void SessionOpenTest::aFifoAsSessionOrDataIsRefusedWithinSeconds() {
  RNNWB_TIMING_TEST();
  QFETCH(bool, as_session);
  QFETCH(bool, as_csv);
  MainWindow w;
  openStartingState(w);
  const OpenState before = state_of(w);
  const QString fifo = dir_.filePath(as_session ? "fifo.rnnwb" : "fifo.csv");
  QFile::remove(fifo);
  QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
  QString session = fifo;
  if (!as_session && !as_csv) {
    session = dir_.filePath("fifo-data.rnnwb");
    save_session(session.toStdString(), series_session(fifo));
  }
  QString error;
  QElapsedTimer clock;
  {
    FifoWatchdog watchdog(fifo, 5000);
    clock.start();
    error = as_csv ? w.openCsv(fifo) : w.openSession(session);
  }
  const qint64 took = clock.elapsed();
  QFile::remove(fifo);
  QVERIFY2(took < 3000, qPrintable(QString("the GUI thread was blocked for %1 ms on a FIFO").arg(took)));
  QVERIFY2(!error.isEmpty(), "the open reported success");
  expect_message(w, error, QFileInfo(as_csv ? fifo : session).fileName(), QString());
  expect_unchanged(before, w);
}

void SessionOpenTest::screenshotOfAFailedOpen() {
  MainWindow w;
  openStartingState(w);
  const QString path = dir_.filePath("screenshot.rnnwb");
  save_session(path.toStdString(), series_session(csv_));
  edit_session(path, [](json& j) { j["view"]["page"] = "two"; });
  QVERIFY(!w.openSession(path).isEmpty());
  auto* box = find<QMessageBox>(&w, "errorDialog");
  QTest::qWait(50);
  save_screenshot(&w, "session_open_failed_window.png");
  save_screenshot(box, "session_open_failed_message.png");
}

QTEST_MAIN(SessionOpenTest)
#include "session_open_test.moc"
