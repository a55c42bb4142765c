#pragma once
// What every workbench test needs: widgets by object name, a long series on disk, screenshots.
#include <QElapsedTimer>
#include <QLineSeries>
#include <QString>
#include <QTemporaryDir>
#include <QTimer>
#include <QWidget>
#include <QtTest>
#include <vector>

// The first line of a test function with a wall-clock bound. ctest runs such functions alone, as
// their own entry labelled `timing` (tests/ui/CMakeLists.txt); the program's other entry, which
// runs beside other tests, skips them.
#define RNNWB_TIMING_TEST()                                                            \
  do {                                                                                 \
    if (qEnvironmentVariableIsSet("RNNWB_SKIP_TIMING_TESTS"))                          \
      QSKIP("a wall-clock bound: run alone by the ctest entry with the timing label"); \
  } while (false)

namespace rnnwb::ui {
class PredictPage;
class WorkbenchDocument;
}  // namespace rnnwb::ui

namespace rnnwb::ui::test {

// Spins the event loop until done() holds or `ms` milliseconds pass; returns done().
template <class F>
bool wait_for(F done, int ms) {
  QElapsedTimer clock;
  clock.start();
  while (!done() && clock.elapsed() < ms) QTest::qWait(5);
  return done();
}

// A small, quick model (LSTM of `units`) on the document's current choices, trained by the engine
// on this thread and published as the document's outcome.
void train_in_document(WorkbenchDocument& doc, int epochs, int units = 8);

// Waits (up to 30 s) until the Predict page has no prediction under way, also after one more turn
// of the event loop (a finished job may queue the next); returns whether it is idle.
bool wait_idle(const PredictPage& page);

// The child widget of type T named `name`; a missing one ends the test run with its name.
template <class T>
T* find(QWidget* root, const QString& name) {
  T* w = root->findChild<T*>(name);
  if (!w) qFatal("no widget named %s", qPrintable(name));
  return w;
}

// The line series named `name` (its objectName) in the ChartView `chart` under `root`.
QLineSeries* line(QWidget* root, const char* chart, const char* name);

// A noisy sine ("t,value") of `rows` rows in `dir`, long enough that an epoch takes a while.
QString write_long_series(const QTemporaryDir& dir, int rows);

// Renders `widget` into $RNNWB_SCREENSHOT_DIR/<name> (nothing when the variable is unset).
void save_screenshot(QWidget* widget, const QString& name);

// How long the GUI thread's event loop keeps events waiting, sampled many times: a timer asks to
// tick every 10 ms and each gap between two ticks is one sample. A GUI thread that does the heavy
// work itself shows in the typical gap (work done in slices between events) or in the longest
// gap (work done in one go), while a loaded machine only delays a few ticks now and then.
class GuiLatencyProbe {
 public:
  static constexpr qint64 kTickMs = 10;
  static constexpr qint64 kMedianBoundMs = 50;  // the typical gap: 5 ticks late
  static constexpr qint64 kMaxBoundMs = 1000;   // any gap: a whole second without events
  static constexpr std::size_t kMinSamples = 20;

  GuiLatencyProbe();
  void start();
  void stop();
  qint64 medianMs() const;
  qint64 longestMs() const;
  std::size_t samples() const { return gaps_.size(); }
  // Why the GUI thread counts as stalled (empty when it does not), with the figures.
  QString stall() const;
  QString summary() const;

 private:
  QTimer timer_;
  QElapsedTimer since_tick_;
  std::vector<qint64> gaps_;
};

}  // namespace rnnwb::ui::test
