// The Predict page's view of a model trained on sequences, built from a real training run on a
// padded synthetic dataset: the scatter's points per split and its identity line, the residual
// histogram's counts, the metrics cells against the evaluation (and the test RMSE recomputed here
// from the predictions), the worst-predicted list against the worst sequence found here, a click
// that shows another sequence over its valid steps only, and the verdict of a model worse than
// the mean baseline; a classifier's confusion matrix and metrics; the Predict page showing the view once
// the document's sequence outcome is evaluated. Screenshots go to $RNNWB_SCREENSHOT_DIR.
#include "ui/pages/sequence_results_view.hpp"

#include <QApplication>
#include <QAreaSeries>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "engine/core/rng.hpp"
#include "engine/workflow/sequence_evaluation.hpp"
#include "engine/workflow/sequence_training.hpp"
#include "ui/charts/histogram_bins.hpp"
#include "ui/charts/split_histogram_chart.hpp"
#include "ui/charts/split_scatter_chart.hpp"
#include "ui/pages/class_metrics_table.hpp"
#include "ui/pages/confusion_matrix_table.hpp"
#include "ui/pages/metrics_table.hpp"
#include "ui/pages/predict_page.hpp"
#include "ui/pages/sequence_chart.hpp"
#include "ui/pages/sequence_metrics_table.hpp"
#include "ui/workbench_document.hpp"
#include "ui_test_support.hpp"

using namespace rnnwb;
using namespace rnnwb::ui;
using namespace rnnwb::ui::test;

namespace {

constexpr Index kSequences = 60, kSteps = 12;

// 60 sequences of 2 features, every third padded at the end and every fifth at the front
// (lengths 6 to 12); targets: 10 + 3 * mean of feature 0 ("level") and the last valid value of
// feature 1 ("last").
SequenceDataset padded_dataset() {
  SequenceDataset d;
  d.x = Tensor3<double>(kSequences, kSteps, 2);
  d.y = Tensor3<double>(kSequences, 1, 2);
  d.features = {"pressure", "flow"};
  d.targets = {"level", "last"};
  Rng rng(11);
  for (Index i = 0; i < kSequences; ++i) {
    const Index first = i % 5 == 0 ? 2 : 0;
    const Index end = i % 3 == 0 ? kSteps - 4 : kSteps;
    double sum = 0;
    for (Index t = 0; t < kSteps; ++t)
      for (Index f = 0; f < 2; ++f) {
        d.x(i, t, f) = t < first || t >= end ? NAN : rng.normal();
        if (f == 0 && t >= first && t < end) sum += d.x(i, t, f);
      }
    d.y(i, 0, 0) = 10 + 3 * sum / double(end - first) + 0.05 * rng.normal();
    d.y(i, 0, 1) = d.x(i, end - 1, 1);
  }
  check_sequences(d);
  return d;
}

SequenceTrainRequest request(int epochs) {
  SequenceTrainRequest r;
  r.layers = recurrent_stack(LayerKind::LSTM, {8}, 0);
  r.fit.epochs = epochs;
  r.fit.batch_size = 16;
  r.fit.threads = 2;
  r.fit.seed = 4;
  r.init.seed = 4;
  r.fit.optimizer = OptimizerConfig::defaults(OptimizerKind::Adam, 0.02);
  return r;
}

// 90 sequences of 2 features, every fourth padded at the end (lengths 6 and 10); the class is
// which third the mean of feature 0 falls in: "low" below -0.25, "high" above 0.25, else "mid".
SequenceDataset class_dataset() {
  SequenceDataset d;
  const Index n = 90, steps = 10;
  d.x = Tensor3<double>(n, steps, 2);
  d.y = Tensor3<double>(n, 1, 1);
  d.y_integer = true;
  d.features = {"pressure", "flow"};
  d.targets = {"state"};
  Rng rng(21);
  for (Index i = 0; i < n; ++i) {
    const Index end = i % 4 == 0 ? 6 : steps;
    double sum = 0;
    for (Index t = 0; t < steps; ++t)
      for (Index f = 0; f < 2; ++f) {
        d.x(i, t, f) = t >= end ? NAN : rng.normal() * 0.7 + (f == 0 ? 0.6 * double(i % 3 - 1) : 0.0);
        if (f == 0 && t < end) sum += d.x(i, t, f);
      }
    const double mean = sum / double(end);
    d.y(i, 0, 0) = mean < -0.25 ? 0 : mean > 0.25 ? 2 : 1;
  }
  check_sequences(d);
  return d;
}

}  // namespace

class SequenceResultsViewTest : public QObject {
  Q_OBJECT

  std::shared_ptr<const SequenceDataset> data_;
  std::optional<TrainOutcome> outcome_;  // not default-constructible
  Tensor3<double> predicted_;            // every sequence, from the engine directly
  std::shared_ptr<const SequenceResults> results_;

 private slots:
  void initTestCase() {
    data_ = std::make_shared<const SequenceDataset>(padded_dataset());
    outcome_.emplace(train_sequence_model(*data_, request(40)));
    predicted_ = predict_sequences(outcome_->trained, data_->x, 2);
    results_ = std::make_shared<const SequenceResults>(
        make_sequence_results(outcome_->trained, data_, outcome_->evaluation, 2));
  }

  void binsCountEveryFiniteValueOnce() {
    // edges 0, 1, 2, 3 over {0, 0.5, 1, 2.9, 3} and {1.5, NaN}: the last bin holds its right edge
    const HistogramBins h = histogram_bins({{0, 0.5, 1, 2.9, 3}, {1.5, NAN}}, 3);
    QCOMPARE(h.edges, (std::vector<double>{0, 1, 2, 3}));
    QCOMPARE(h.counts[0], (std::vector<std::size_t>{2, 1, 2}));
    QCOMPARE(h.counts[1], (std::vector<std::size_t>{0, 1, 0}));
    QCOMPARE(h.total(), std::size_t(6));
  }

  void scatterHasEverySplitAndTheIdentityLine() {
    SequenceResultsView view;
    view.resize(1400, 1150);
    view.setResults(results_);
    view.show();
    // the default split 0.7 / 0.15 / 0.15 of 60 sequences in file order: 42, 9, 9
    QCOMPARE(view.scatter()->series(Split::Train)->count(), 42);
    QCOMPARE(view.scatter()->series(Split::Validation)->count(), 9);
    QCOMPARE(view.scatter()->series(Split::Test)->count(), 9);
    QVERIFY(view.scatter()->series(Split::Test)->name().contains("9"));
    // the test points are sequences 51..59: (actual, predicted) of target 0
    const QPointF p = view.scatter()->series(Split::Test)->at(0);
    QCOMPARE(p.x(), data_->y(51, 0, 0));
    QCOMPARE(p.y(), predicted_(51, 0, 0));
    double lo = INFINITY, hi = -INFINITY;
    for (Index i = 0; i < kSequences; ++i)
      lo = std::min({lo, data_->y(i, 0, 0), predicted_(i, 0, 0)}),
      hi = std::max({hi, data_->y(i, 0, 0), predicted_(i, 0, 0)});
    QLineSeries* identity = view.scatter()->identity();
    QCOMPARE(identity->count(), 2);
    QCOMPARE(identity->at(0), QPointF(lo, lo));
    QCOMPARE(identity->at(1), QPointF(hi, hi));
    save_screenshot(&view, "sequence_results_level.png");

    // the other target: its own points and line
    view.setTarget(1);
    QCOMPARE(view.scatter()->series(Split::Test)->at(0).x(), data_->y(51, 0, 1));
    QCOMPARE(view.scatter()->series(Split::Test)->at(0).y(), predicted_(51, 0, 1));
    QVERIFY(view.scatter()->identity()->at(1).x() >= data_->y(51, 0, 1));
    save_screenshot(&view, "sequence_results_last.png");
  }

  void histogramCountsEveryResidual() {
    SequenceResultsView view;
    view.setResults(results_);
    const HistogramBins& bins = view.histogram()->bins();
    QCOMPARE(bins.total(), std::size_t(kSequences));
    QCOMPARE(std::accumulate(bins.counts[2].begin(), bins.counts[2].end(), std::size_t(0)), std::size_t(9));
    // the drawn bars: each split's upper minus lower outline, once per bin (two points a bin)
    double drawn = 0;
    for (Split s : {Split::Train, Split::Validation, Split::Test}) {
      QAreaSeries* area = view.histogram()->area(s);
      for (int i = 0; i < area->upperSeries()->count(); i += 2)
        drawn += area->upperSeries()->at(i).y() - area->lowerSeries()->at(i).y();
    }
    QCOMPARE(drawn, double(kSequences));
    // the residual range: predicted - actual, computed here
    double lo = INFINITY, hi = -INFINITY;
    for (Index i = 0; i < kSequences; ++i) {
      const double r = predicted_(i, 0, 0) - data_->y(i, 0, 0);
      lo = std::min(lo, r), hi = std::max(hi, r);
    }
    QCOMPARE(bins.edges.front(), lo);
    QCOMPARE(bins.edges.back(), hi);
  }

  void metricCellsAreTheEvaluations() {
    SequenceResultsView view;
    view.setResults(results_);
    SequenceMetricsTable* table = view.metricsTable();
    const Evaluation& e = outcome_->evaluation.targets.at(0);
    QCOMPARE(table->rowCount(), 6);  // three splits, model and mean baseline each
    const int test_model = table->rowOf("test", "model"), test_mean = table->rowOf("test", "mean baseline");
    QVERIFY(test_model >= 0 && test_mean >= 0);
    struct Cell {
      const char* metric;
      double Metrics::*value;
    };
    for (const Cell& c : {Cell{"MSE", &Metrics::mse}, Cell{"RMSE", &Metrics::rmse}, Cell{"MAE", &Metrics::mae},
                          Cell{"R²", &Metrics::r2}, Cell{"MAPE %", &Metrics::mape}, Cell{"sMAPE %", &Metrics::smape}}) {
      const int col = table->metricColumn(c.metric);
      QVERIFY2(col >= 0, c.metric);
      QCOMPARE(table->item(test_model, col)->data(Qt::UserRole).toDouble(), e.model.at(Split::Test).*c.value);
      QCOMPARE(table->item(test_model, col)->text(), format_metric(e.model.at(Split::Test).*c.value));
      QCOMPARE(table->item(test_mean, col)->data(Qt::UserRole).toDouble(),
               e.baselines.at("mean").at(Split::Test).*c.value);
    }
    // the test RMSE and the mean baseline's from the predictions, by hand
    double se = 0, se_mean = 0, train_mean = 0;
    for (Index i = 0; i < 42; ++i) train_mean += data_->y(i, 0, 0) / 42.0;
    for (Index i = 51; i < kSequences; ++i) {
      se += std::pow(predicted_(i, 0, 0) - data_->y(i, 0, 0), 2);
      se_mean += std::pow(train_mean - data_->y(i, 0, 0), 2);
    }
    const int rmse = table->metricColumn("RMSE");
    // (the evaluation predicts the test rows as their own packed batches: float32 sums in another order)
    QVERIFY(std::abs(table->item(test_model, rmse)->data(Qt::UserRole).toDouble() - std::sqrt(se / 9)) <
            1e-5 * std::sqrt(se / 9));
    QVERIFY(std::abs(table->item(test_mean, rmse)->data(Qt::UserRole).toDouble() - std::sqrt(se_mean / 9)) < 1e-9);
    // a learnable target: the model beats the mean, and the view says so
    QVERIFY(std::sqrt(se / 9) < std::sqrt(se_mean / 9));
    QVERIFY2(find<QLabel>(&view, "baselineVerdict")->text().contains("beats the mean baseline"),
             qPrintable(find<QLabel>(&view, "baselineVerdict")->text()));
  }

  void worseThanTheBaselineIsSaidPlainly() {
    // the same run with the test split's model metrics made worse than the mean baseline's
    auto worse = std::make_shared<SequenceResults>(*results_);
    Evaluation& e = worse->evaluation.targets.at(0);
    e.model.at(Split::Test).rmse = 2 * e.baselines.at("mean").at(Split::Test).rmse;
    SequenceResultsView view;
    view.resize(1400, 1150);
    view.setResults(worse);
    view.show();
    const QString verdict = find<QLabel>(&view, "baselineVerdict")->text();
    QVERIFY2(verdict.contains("WORSE") && verdict.contains("test") && !verdict.contains("train ("),
             qPrintable(verdict));
    QVERIFY(verdict.contains(format_metric(e.model.at(Split::Test).rmse)));
    SequenceMetricsTable* table = view.metricsTable();
    const QTableWidgetItem* cell = table->item(table->rowOf("test", "model"), table->metricColumn("RMSE"));
    QCOMPARE(cell->background().color(), QColor(240, 170, 170));
    QVERIFY(cell->toolTip().contains("worse"));
    save_screenshot(&view, "sequence_results_worse_than_baseline.png");
  }

  void worstListIsSortedAndClickShowsTheSequence() {
    SequenceResultsView view;
    view.resize(1400, 1150);
    view.setResults(results_);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTableWidget* worst = view.worstTable();
    QCOMPARE(worst->rowCount(), int(SequenceResultsView::kWorstShown));
    for (int r = 1; r < worst->rowCount(); ++r)
      QVERIFY(worst->item(r - 1, 5)->data(Qt::UserRole).toDouble() >= worst->item(r, 5)->data(Qt::UserRole).toDouble());
    std::size_t true_worst = 0;
    for (Index i = 1; i < kSequences; ++i)
      if (std::abs(predicted_(i, 0, 0) - data_->y(i, 0, 0)) >
          std::abs(predicted_(Index(true_worst), 0, 0) - data_->y(Index(true_worst), 0, 0)))
        true_worst = std::size_t(i);
    QCOMPARE(worst->item(0, 0)->text(), QString::number(true_worst));
    const QString split = true_worst < 42 ? "train" : true_worst < 51 ? "validation" : "test";
    QCOMPARE(worst->item(0, 1)->text(), split);
    QCOMPARE(view.shownSequence(), true_worst);  // the worst is shown first

    // a click on another row shows that sequence: its valid steps only
    int row = 1;
    std::size_t chosen = worst->item(row, 0)->text().toULongLong();
    for (; row < worst->rowCount(); ++row) {  // prefer a padded one, to see the padding absent
      chosen = worst->item(row, 0)->text().toULongLong();
      if (chosen % 3 == 0 || chosen % 5 == 0) break;
    }
    QSignalSpy shown(&view, &SequenceResultsView::sequenceShown);
    const QRect cell = worst->visualItemRect(worst->item(row, 0));
    QTest::mouseClick(worst->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(shown.count(), 1);
    QCOMPARE(view.shownSequence(), chosen);
    const Index first = chosen % 5 == 0 ? 2 : 0, end = chosen % 3 == 0 ? kSteps - 4 : kSteps;
    const auto& lines = view.sequenceChart()->lines();
    QCOMPARE(lines.size(), std::size_t(2));
    QCOMPARE(lines[0]->name(), QString("pressure"));
    QCOMPARE(lines[0]->count(), int(end - first));
    QCOMPARE(lines[0]->at(0), QPointF(double(first), data_->x(Index(chosen), first, 0)));
    QCOMPARE(lines[1]->at(lines[1]->count() - 1).x(), double(end - 1));
    for (int i = 0; i < lines[1]->count(); ++i) QVERIFY(std::isfinite(lines[1]->at(i).y()));
    const QString detail = find<QLabel>(&view, "sequenceDetail")->text();
    QVERIFY2(detail.contains(format_metric(data_->y(Index(chosen), 0, 0))) &&
                 detail.contains(format_metric(predicted_(Index(chosen), 0, 0))),
             qPrintable(detail));
    save_screenshot(&view, "sequence_results_clicked.png");
  }

  void classTargetsShowTheConfusionMatrix() {
    auto data = std::make_shared<const SequenceDataset>(class_dataset());
    SequenceTrainRequest r = request(30);
    r.data.task = SequenceTask::Classification;
    r.data.class_names = {"low", "mid", "high"};
    const TrainOutcome out = train_sequence_model(*data, r);
    QVERIFY(out.evaluation.is_classification());
    auto results = std::make_shared<const SequenceResults>(make_sequence_results(out.trained, data, out.evaluation, 2));
    SequenceResultsView view;
    view.resize(1400, 1000);
    view.setResults(results);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.showsClasses());
    QVERIFY(view.confusionMatrix()->isVisible());
    QVERIFY(!view.scatter()->isVisible());

    // the test split's confusion matrix from the engine's probabilities, counted here
    const Tensor3<double> p = predict_sequence_probabilities(out.trained, data->x, 2);
    auto predicted_class = [&](Index i) {
      Index best = 0;
      for (Index c = 1; c < 3; ++c)
        if (p(i, 0, c) > p(i, 0, best)) best = c;
      return best;
    };
    std::size_t confusion[3][3] = {}, right = 0;
    for (Index i = 76; i < 90; ++i) {  // floor(0.85 * 90) = 76: the test split is 76..89
      ++confusion[Index(data->y(i, 0, 0))][predicted_class(i)];
      right += predicted_class(i) == Index(data->y(i, 0, 0));
    }
    ConfusionMatrixTable* matrix = view.confusionMatrix();
    QCOMPARE(matrix->rowCount(), 3);
    QCOMPARE(matrix->verticalHeaderItem(2)->text(), QString("actual high"));
    QCOMPARE(matrix->horizontalHeaderItem(0)->text(), QString("predicted low"));
    for (int a = 0; a < 3; ++a)
      for (int q = 0; q < 3; ++q) QCOMPARE(matrix->count(a, q), confusion[a][q]);
    // the metrics: the evaluation's numbers, and the accuracy counted here
    ClassMetricsTable* table = view.classMetricsTable();
    const int test = table->rowOf("test", "model"), majority = table->rowOf("test", "majority baseline");
    QVERIFY(test >= 0 && majority >= 0);
    const int accuracy = table->metricColumn("Accuracy");
    QCOMPARE(table->item(test, accuracy)->data(Qt::UserRole).toDouble(), double(right) / 14.0);
    QCOMPARE(table->item(test, table->metricColumn("Macro F1"))->data(Qt::UserRole).toDouble(),
             out.evaluation.classes.at(Split::Test).macro_f1);
    QCOMPARE(table->item(test, table->metricColumn("Log loss"))->data(Qt::UserRole).toDouble(),
             out.evaluation.classes.at(Split::Test).log_loss);
    QCOMPARE(table->item(majority, accuracy)->data(Qt::UserRole).toDouble(),
             out.evaluation.class_baselines.at("majority").at(Split::Test).accuracy);
    QVERIFY(!find<QLabel>(&view, "baselineVerdict")->text().isEmpty());

    // the least probable actual class first
    std::size_t least = 0;
    for (Index i = 1; i < 90; ++i)
      if (p(i, 0, Index(data->y(i, 0, 0))) < p(Index(least), 0, Index(data->y(Index(least), 0, 0))))
        least = std::size_t(i);
    QCOMPARE(view.worstTable()->item(0, 0)->text(), QString::number(least));
    QCOMPARE(view.shownSequence(), least);
    QVERIFY(find<QLabel>(&view, "sequenceDetail")->text().contains("probabilities"));
    save_screenshot(&view, "sequence_results_classes.png");

    // another split: its own matrix (76 * 0.7 / 0.85 = 63 training sequences)
    view.setConfusionSplit(Split::Train);
    std::size_t total = 0;
    for (int a = 0; a < 3; ++a)
      for (int q = 0; q < 3; ++q) total += matrix->count(a, q);
    QCOMPARE(total, std::size_t(63));
  }

  void predictPageShowsTheSequenceView() {
    WorkbenchDocument doc;
    doc.adoptSequences(data_, SequenceFiles{"X.npy", "Y.npy", {}, {}});
    PredictPage page(&doc);
    page.resize(1400, 1150);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QLabel* status = find<QLabel>(&page, "sequenceStatusLabel");
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().contains("Train a model"), qPrintable(status->text()));
    QVERIFY(!find<QLabel>(&page, "notTrainedLabel")->isVisible());
    auto* view = find<SequenceResultsView>(&page, "sequenceResultsView");
    QVERIFY(!view->isVisible());

    doc.setSequenceOutcome(*outcome_);  // evaluated on a background thread, then shown
    QTRY_VERIFY_WITH_TIMEOUT(view->isVisible(), 30000);
    QVERIFY(!status->isVisible());
    QCOMPARE(view->scatter()->series(Split::Test)->count(), 9);
    QCOMPARE(view->scatter()->series(Split::Test)->at(0).y(), predicted_(51, 0, 0));
    std::size_t true_worst = 0;
    for (Index i = 1; i < kSequences; ++i)
      if (std::abs(predicted_(i, 0, 0) - data_->y(i, 0, 0)) >
          std::abs(predicted_(Index(true_worst), 0, 0) - data_->y(Index(true_worst), 0, 0)))
        true_worst = std::size_t(i);
    QCOMPARE(view->shownSequence(), true_worst);
    save_screenshot(&page, "predict_page_sequences.png");
  }
};

QTEST_MAIN(SequenceResultsViewTest)
#include "sequence_results_view_test.moc"
