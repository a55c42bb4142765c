// Charts and controls (issue 15): the loss chart's x axis grows with the epochs seen, its log axis
// always shows three labels or more; the toolbar and Train menu actions follow the Train page's
// buttons; warnings appear where they move no control; chart files are named after the data and
// the chart; labels show their field's tooltip; long column names are elided with the full name
// as a tooltip; the Help dialog shows the README's sections and a three-click start.
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLogValueAxis>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QValueAxis>
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_export.hpp"
#include "ui/charts/chart_view.hpp"
#include "ui/column_names.hpp"
#include "ui/help_dialog.hpp"
#include "ui/main_window.hpp"
#include "ui/pages/data_page.hpp"
#include "ui/pages/export_page.hpp"
#include "ui/pages/loss_chart.hpp"
#include "ui/pages/train_page.hpp"
#include "ui/training_controller.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

EpochStats epoch(int n, double train, double val) {
  EpochStats e;
  e.epoch = n;
  e.train_loss = train;
  e.val_loss = val;
  return e;
}

QValueAxis* x_axis(LossChart& chart) {
  return qobject_cast<QValueAxis*>(chart.view()->chart()->axes(Qt::Horizontal).value(0));
}

// The numbers drawn left of the plot area (or under it): the labels of the vertical (horizontal)
// axis as a user sees them.
QStringList axis_labels(ChartView* view, Qt::Orientation orientation = Qt::Vertical) {
  QApplication::processEvents();
  const QRectF plot = view->chart()->plotArea();
  QStringList labels;
  for (QGraphicsItem* item : view->scene()->items()) {
    if (!item->isVisible()) continue;
    QString text;
    if (auto* t = dynamic_cast<QGraphicsTextItem*>(item)) text = t->toPlainText();
    if (auto* t = dynamic_cast<QGraphicsSimpleTextItem*>(item)) text = t->text();
    bool number = false;
    text.toDouble(&number);
    const QRectF r = item->sceneBoundingRect();
    if (number && (orientation == Qt::Vertical ? r.right() <= plot.left() + 1 : r.top() >= plot.bottom() - 1))
      labels << text;
  }
  return labels;
}

// A MainWindow with sunspots open, its first epochs long enough to act on a running training.
void open_long_run(MainWindow& w) {
  QCOMPARE(w.openSample("sunspots"), QString());
  FitConfig fit = w.document()->fitConfig();
  fit.epochs = 100000;  // only Stop ends it
  fit.patience = 0;
  w.document()->setFitConfig(fit);
}

QAction* action(MainWindow& w, const char* name) { return find<QAction>(&w, name); }

// Each Train action shows what the Train page's button of the same job shows.
void check_actions_follow_buttons(MainWindow& w) {
  for (auto [a, b] :
       {std::pair{"startAction", "startButton"}, {"pauseAction", "pauseButton"}, {"stopAction", "stopButton"}})
    QVERIFY2(action(w, a)->isEnabled() == find<QPushButton>(&w, b)->isEnabled(), a);
}

// A CSV whose third column is named `long_name`.
QString write_long_name_csv(const QTemporaryDir& dir, const QString& long_name) {
  const QString path = dir.filePath("long_names.csv");
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  QByteArray text = "t,short," + long_name.toUtf8() + "\n";
  for (int i = 0; i < 300; ++i)
    text += QByteArray::number(i) + "," + QByteArray::number(std::sin(i * 0.3)) + "," +
            QByteArray::number(std::cos(i * 0.2)) + "\n";
  f.write(text);
  return path;
}

}  // namespace

class ControlsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void lossAxisGrowsWithTheEpochsSeen();
  void logAxisAlwaysShowsThreeLabels();
  void trainActionsMatchTheButtons();
  void startWhilePausedResumes();
  void warningsDoNotMoveTheControls();
  void chartFilesAreNamedAfterDataAndChart();
  void labelsShowTheirFieldsTooltip();
  void longColumnNamesAreElidedWithTooltips();
  void helpShowsTheReadmeSectionsAndGettingStarted();
};

void ControlsTest::lossAxisGrowsWithTheEpochsSeen() {
  LossChart chart;
  chart.resize(600, 400);
  chart.show();
  QVERIFY(QTest::qWaitForWindowExposed(&chart));
  chart.reset(200, "mse");
  QCOMPARE(x_axis(chart)->min(), 0.0);
  QCOMPARE(x_axis(chart)->max(), 1.0);  // nothing seen yet: one epoch's room, not 200
  for (int e = 1; e <= 3; ++e) chart.addEpoch(epoch(e, 1.0 / e, 1.2 / e));
  QCOMPARE(x_axis(chart)->max(), 4.0);                        // the next round number above epoch 3
  chart.addBatchLosses(4, 5, 10, {0.2, 0.2, 0.2, 0.2, 0.2});  // up to epoch 3.5
  QCOMPARE(x_axis(chart)->max(), 4.0);
  for (int e = 4; e <= 13; ++e) chart.addEpoch(epoch(e, 1.0 / e, 1.2 / e));
  QCOMPARE(x_axis(chart)->max(), 15.0);  // 13 -> 15, grown with the run, still far from 200
  const QStringList x_labels = axis_labels(chart.view(), Qt::Horizontal);  // whole epochs, not 0, 3.75, 7.5...
  QVERIFY2(x_labels.size() >= 4, qPrintable(x_labels.join(" ")));
  for (const QString& l : x_labels) QVERIFY2(l.toDouble() == std::round(l.toDouble()), qPrintable(x_labels.join(" ")));
  for (int e = 14; e <= 165; ++e) chart.addEpoch(epoch(e, 1.0 / e, 1.2 / e));
  QCOMPARE(x_axis(chart)->max(), 200.0);  // 165 -> 200 (and never past the run's epochs)
  FitResult done;
  done.epochs_run = 165;
  done.best_epoch = 165;
  done.best_loss = 1.2 / 165;
  chart.finish(done);
  QCOMPARE(x_axis(chart)->max(), 165.0);  // the finished run fills the axis

  // A short run never shows more epochs than it has.
  chart.reset(3, "mse");
  for (int e = 1; e <= 3; ++e) chart.addEpoch(epoch(e, 1.0 / e, 1.2 / e));
  QCOMPARE(x_axis(chart)->max(), 3.0);
}

void ControlsTest::logAxisAlwaysShowsThreeLabels() {
  struct Case {
    const char* name;
    std::vector<double> losses;
  };
  const Case cases[] = {{"narrow", {0.045, 0.043, 0.041, 0.040}},
                        {"wide", {12.0, 0.9, 0.02, 0.0003}},
                        {"constant", {0.3, 0.3, 0.3}},
                        {"on a decade", {0.1, 0.1, 0.1}}};
  for (const Case& c : cases) {
    LossChart chart;
    chart.resize(600, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.reset(int(c.losses.size()), "mse");
    find<QCheckBox>(&chart, "logScale")->setChecked(true);
    for (std::size_t i = 0; i < c.losses.size(); ++i) chart.addEpoch(epoch(int(i) + 1, c.losses[i], c.losses[i]));
    auto* axis = qobject_cast<QLogValueAxis*>(chart.view()->chart()->axes(Qt::Vertical).value(0));
    QVERIFY(axis);
    const auto [lo, hi] = std::minmax_element(c.losses.begin(), c.losses.end());
    QVERIFY2(axis->min() <= *lo && axis->max() >= *hi, c.name);  // the curve is on the chart
    const QStringList labels = axis_labels(chart.view());
    QVERIFY2(labels.size() >= 3, qPrintable(QString("%1: %2").arg(c.name, labels.join(" "))));
    for (const QString& l : labels) {  // only the log axis's labels: powers of ten, nothing of a linear axis
      const double exponent = std::log10(l.toDouble());
      QVERIFY2(std::abs(exponent - std::round(exponent)) < 1e-6, qPrintable(QString("%1: %2").arg(c.name, l)));
    }
    if (QString(c.name) == "narrow") save_screenshot(&chart, "controls_loss_log_narrow.png");
  }
}

void ControlsTest::trainActionsMatchTheButtons() {
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  open_long_run(w);
  // Idle: Start only.
  QVERIFY(action(w, "startAction")->isEnabled());
  QVERIFY(!action(w, "pauseAction")->isEnabled());
  QVERIFY(!action(w, "stopAction")->isEnabled());
  check_actions_follow_buttons(w);

  // Start blocked for a reason the page shows: the action is disabled too and says why.
  w.document()->setLayers({LayerSpec::dense(1)});
  QVERIFY(!find<QPushButton>(&w, "startButton")->isEnabled());
  QVERIFY(!action(w, "startAction")->isEnabled());
  QVERIFY2(action(w, "startAction")->toolTip().contains("Model page"), qPrintable(action(w, "startAction")->toolTip()));
  check_actions_follow_buttons(w);
  w.document()->setLayers({LayerSpec::lstm(8)});
  QVERIFY(action(w, "startAction")->isEnabled());

  // Training: Pause and Stop, not Start.
  QSignalSpy finished(w.controller(), &TrainingController::finished);
  action(w, "startAction")->trigger();
  QVERIFY(w.controller()->isRunning());
  QCOMPARE(w.pages()->currentIndex(), 3);
  QVERIFY(!action(w, "startAction")->isEnabled());
  QVERIFY(action(w, "pauseAction")->isEnabled());
  QVERIFY(action(w, "stopAction")->isEnabled());
  check_actions_follow_buttons(w);

  // Stopped: back to idle.
  action(w, "stopAction")->trigger();
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
  QVERIFY(action(w, "startAction")->isEnabled());
  QVERIFY(!action(w, "pauseAction")->isEnabled());
  QVERIFY(!action(w, "stopAction")->isEnabled());
  check_actions_follow_buttons(w);
}

void ControlsTest::startWhilePausedResumes() {
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  open_long_run(w);
  QSignalSpy finished(w.controller(), &TrainingController::finished);
  QSignalSpy batches(w.controller(), &TrainingController::batchLosses);
  action(w, "startAction")->trigger();
  QTRY_VERIFY_WITH_TIMEOUT(batches.count() > 0, 20000);  // the growing loss axis, mid-run
  w.pages()->setCurrentIndex(3);
  save_screenshot(&w, "controls_train_page_during_training.png");
  action(w, "pauseAction")->trigger();
  QVERIFY(w.controller()->isPaused());
  // Paused: Start is enabled and resumes, as Resume does.
  QVERIFY(action(w, "startAction")->isEnabled());
  QVERIFY(find<QPushButton>(&w, "startButton")->isEnabled());
  QVERIFY(action(w, "startAction")->toolTip().contains("Resume"));
  check_actions_follow_buttons(w);
  action(w, "startAction")->trigger();
  QVERIFY(w.controller()->isRunning());
  QVERIFY(!w.controller()->isPaused());
  QVERIFY2(find<QLabel>(&w, "trainStatus")->text().startsWith("Training… epoch"),
           qPrintable(find<QLabel>(&w, "trainStatus")->text()));
  QVERIFY(!action(w, "startAction")->isEnabled());
  // The button does the same.
  action(w, "pauseAction")->trigger();
  find<QPushButton>(&w, "startButton")->click();
  QVERIFY(!w.controller()->isPaused());
  action(w, "stopAction")->trigger();
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
}

void ControlsTest::warningsDoNotMoveTheControls() {
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QCOMPARE(w.openSample("sunspots"), QString());
  auto where = [&w](QWidget* c) { return QRect(c->mapTo(&w, QPoint(0, 0)), c->size()); };
  QApplication::processEvents();

  // Data page: a window too long for the data shows the banner; no control under the mouse moves.
  w.pages()->setCurrentIndex(0);
  QApplication::processEvents();
  auto* spin = find<QSpinBox>(&w, "windowSpin");
  QList<QWidget*> controls{spin, find<QWidget>(&w, "trainSplitSpin"), find<QListWidget>(&w, "targetList"),
                           find<QComboBox>(&w, "missingPolicy")};
  QList<QRect> before;
  for (QWidget* c : controls) before << where(c);
  auto* banner = find<QLabel>(&w, "pipelineError");
  QVERIFY(!banner->isVisible());
  spin->setValue(400);
  QApplication::processEvents();
  QVERIFY(banner->isVisible());
  for (int i = 0; i < controls.size(); ++i)
    QVERIFY2(where(controls[i]).topLeft() == before[i].topLeft(), qPrintable(controls[i]->objectName()));
  save_screenshot(&w, "controls_data_page_warning.png");
  spin->setValue(12);

  // Train page: Start blocked (the reason shows) moves neither the buttons nor the log switch.
  w.pages()->setCurrentIndex(3);
  QApplication::processEvents();
  QList<QWidget*> train_controls{find<QPushButton>(&w, "startButton"), find<QPushButton>(&w, "stopButton"),
                                 find<QCheckBox>(&w, "logScale")};
  QList<QRect> train_before;
  for (QWidget* c : train_controls) train_before << where(c);
  w.document()->setLayers({LayerSpec::dense(1)});
  QApplication::processEvents();
  QVERIFY(find<QLabel>(&w, "startBlockedLabel")->isVisible());
  for (int i = 0; i < train_controls.size(); ++i)
    QVERIFY2(where(train_controls[i]).topLeft() == train_before[i].topLeft(),
             qPrintable(train_controls[i]->objectName()));
  save_screenshot(&w, "controls_train_page_warning.png");
}

void ControlsTest::chartFilesAreNamedAfterDataAndChart() {
  // The names, worked out by hand.
  QCOMPARE(chartFileStem("sunspots", "predictionChart"), QString("sunspots-predictions"));
  QCOMPARE(chartFileStem("sunspots", "lossChart"), QString("sunspots-loss"));
  QCOMPARE(chartFileStem("sunspots", "validationChart"), QString("sunspots-validation"));
  QCOMPARE(chartFileStem("sunspots", "afterChart"), QString("sunspots-after-transforms"));
  QCOMPARE(chartFileStem("sunspots", "someNewChart"), QString("sunspots-some-new"));
  QCOMPARE(chartFileStem("", "lossChart"), QString("loss"));
  QCOMPARE(fileNameSafe("sales: 2024/Q1 <final>?"), QString("sales-2024-Q1-final"));
  QCOMPARE(fileNameSafe("..\\..\\etc"), QString("etc"));
  QCOMPARE(fileNameSafe("CON"), QString("CON-chart"));
  QCOMPARE(fileNameSafe("Größe_ü"), QString("Größe-ü"));
  QCOMPARE(fileNameSafe("***"), QString("chart"));
  QCOMPARE(fileNameSafe(QString(200, 'a')).size(), 80);

  // Every chart of the window, saved from the Export page.
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QCOMPARE(w.openSample("sunspots"), QString());
  QTemporaryDir dir;
  auto* exporter = w.findChild<ExportPage*>();
  QVERIFY(exporter);
  QCOMPARE(exporter->saveChartsTo(dir.path()), QString());
  const QStringList files = QDir(dir.path()).entryList({"*.png"}, QDir::Files);
  for (const char* name :
       {"sunspots-data.png", "sunspots-before-transforms.png", "sunspots-after-transforms.png", "sunspots-loss.png",
        "sunspots-validation.png", "sunspots-predictions.png", "sunspots-residuals.png"})
    QVERIFY2(files.contains(name), qPrintable(files.join(", ")));
  for (const QString& f : files) QVERIFY2(f.startsWith("sunspots-") && !f.contains("Chart"), qPrintable(f));
}

void ControlsTest::labelsShowTheirFieldsTooltip() {
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QCOMPARE(w.openSample("sunspots"), QString());
  auto label_named = [&w](const QString& text) -> QLabel* {
    for (QLabel* l : w.findChildren<QLabel*>())
      if (l->text() == text) return l;
    return nullptr;
  };
  // The Data page's grid and a row of widgets: each label says what its field says.
  const std::pair<const char*, const char*> pairs[] = {
      {"Window", "windowSpin"}, {"Horizon", "horizonSpin"}, {"Policy:", "missingPolicy"}};
  for (auto [text, field_name] : pairs) {
    QLabel* label = label_named(text);
    QVERIFY2(label, text);
    QWidget* field = find<QWidget>(&w, field_name);
    QVERIFY(!field->toolTip().isEmpty());
    QCOMPARE(label->toolTip(), field->toolTip());
    QCOMPARE(label->buddy(), field);
  }
  // A field whose tooltip changes takes its label along.
  find<QSpinBox>(&w, "windowSpin")->setToolTip("a new explanation");
  QCOMPARE(label_named("Window")->toolTip(), QString("a new explanation"));
  // A label that has its own tooltip keeps it.
  int with_own = 0;
  for (QLabel* l : w.findChildren<QLabel*>())
    if (!l->property("rnnwb_tooltip_shared").toBool() && !l->toolTip().isEmpty()) ++with_own;
  QVERIFY(with_own > 0);
}

void ControlsTest::longColumnNamesAreElidedWithTooltips() {
  const QString long_name = "average_daily_temperature_measured_at_the_northern_station_in_celsius";
  QCOMPARE(long_name.size(), 69);
  const QString shown = elided_name(long_name);
  QCOMPARE(shown.size(), kShownNameChars);
  QVERIFY(shown.startsWith("average_daily_") && shown.endsWith("_in_celsius") && shown.contains(QChar(0x2026)));
  QCOMPARE(elided_name("short"), QString("short"));

  QTemporaryDir dir;
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  QCOMPARE(w.openCsv(write_long_name_csv(dir, long_name)), QString());
  w.pages()->setCurrentIndex(0);
  QApplication::processEvents();
  // The table's header: elided, the full name as its tooltip.
  auto* table = find<QTableView>(&w, "dataTable");
  int column = -1;
  for (int c = 0; c < table->model()->columnCount(); ++c)
    if (table->model()->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().contains(long_name)) column = c;
  QVERIFY(column >= 0);
  QCOMPARE(table->model()->headerData(column, Qt::Horizontal).toString(), shown);
  // The role lists: the full name stays the item's text (what it names), shown elided, with the full tooltip.
  auto* targets = find<QListWidget>(&w, "targetList");
  QCOMPARE(targets->textElideMode(), Qt::ElideMiddle);
  QList<QListWidgetItem*> items = targets->findItems(long_name, Qt::MatchExactly);
  QCOMPARE(items.size(), 1);
  QCOMPARE(items[0]->toolTip(), long_name);
  // The series-column combo: no wider than the elided name, each long item with its full name as tooltip.
  auto* combo = find<QComboBox>(&w, "seriesColumnCombo");
  const int index = combo->findData(long_name);
  QVERIFY(index >= 0);
  QCOMPARE(combo->itemData(index, Qt::ToolTipRole).toString(), long_name);
  QVERIFY2(combo->sizeHint().width() < combo->fontMetrics().horizontalAdvance(long_name),
           qPrintable(QString::number(combo->sizeHint().width())));
  // A combo showing the long name itself stays narrow.
  QComboBox alone;
  alone.addItems({long_name, "short"});
  show_names_elided(&alone);
  alone.show();
  QVERIFY(alone.sizeHint().width() < alone.fontMetrics().horizontalAdvance(long_name));
  QCOMPARE(alone.currentText(), long_name);  // what it names is unchanged
  save_screenshot(&alone, "controls_combo_long_name.png");
  // The chart's title names the target elided when it is the long one.
  w.document()->setTargets({long_name});
  QApplication::processEvents();
  const QString title = find<ChartView>(&w, "seriesChart")->chart()->title();
  QVERIFY2(title.contains(shown) && !title.contains(long_name), qPrintable(title));
  save_screenshot(&w, "controls_data_page_long_name.png");
}

void ControlsTest::helpShowsTheReadmeSectionsAndGettingStarted() {
  HelpDialog help;
  help.resize(900, 680);
  help.show();
  QVERIFY(QTest::qWaitForWindowExposed(&help));
  const QStringList sections = help.sections();
  for (const char* s : {"The workbench", "The command line", "Use your model elsewhere", "Sequence datasets"})
    QVERIFY2(sections.contains(s), qPrintable(sections.join(" | ")));
  QVERIFY(!sections.contains("include \"sunspots.h\""));  // a code line is no heading
  QVERIFY(help.browser()->toPlainText().contains("RNN Workbench"));

  QVERIFY(help.showSection("The command line"));
  QCOMPARE(help.browser()->textCursor().block().text(), QString("The command line"));
  QVERIFY(help.browser()->verticalScrollBar()->value() > 0);
  QVERIFY(!help.showSection("No such section"));
  // A link to a heading, as the README's own links are written.
  emit help.browser()->anchorClicked(QUrl("#use-your-model-elsewhere"));
  QCOMPARE(help.browser()->textCursor().block().text(), QString("Use your model elsewhere"));
  QCOMPARE(heading_anchor("Many series, one model"), QString("many-series-one-model"));
  save_screenshot(&help, "controls_help_dialog.png");

  // Getting started from the Help menu: three clicks, sample, train, Predict.
  MainWindow w;
  w.resize(1280, 860);
  w.show();
  action(w, "gettingStartedAction")->trigger();
  auto* dialog = w.findChild<HelpDialog*>();
  QVERIFY(dialog && dialog->isVisible());
  QVERIFY(w.findChild<QMenu*>("readmeSectionsMenu")->actions().size() >= 5);
  find<QPushButton>(dialog, "gsOpenSample")->click();
  QCOMPARE(w.document()->dataSource(), QString("sample:sunspots"));
  FitConfig fit = w.document()->fitConfig();
  fit.epochs = 2;
  w.document()->setFitConfig(fit);
  QSignalSpy finished(w.controller(), &TrainingController::finished);
  find<QPushButton>(dialog, "gsTrain")->click();
  QVERIFY(w.controller()->isRunning());
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  find<QPushButton>(dialog, "gsPredict")->click();
  QCOMPARE(w.pages()->currentIndex(), 4);
}

QTEST_MAIN(ControlsTest)
#include "controls_test.moc"
