#pragma once
// LossChart: the live loss curves of a training run: training and validation loss per epoch, a
// faint per-batch curve (x in fractional epochs, decimated to the chart's width), the best epoch
// marked, and a "log scale" switch for the y axis. The series and axes are made once; every
// update is one replace() of a prepared point list.
#include <QList>
#include <QPointF>
#include <QVector>
#include <QWidget>
#include <limits>
#include <vector>

#include "engine/train/trainer.hpp"

class QCheckBox;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
class QLogValueAxis;
class QAbstractAxis;

namespace rnnwb::ui {

class ChartView;

class LossChart : public QWidget {
  Q_OBJECT
 public:
  explicit LossChart(QWidget* parent = nullptr);

  // Empties the chart for a run of `epochs` epochs minimising `loss_name` (mse, mae, huber).
  void reset(int epochs, const QString& loss_name);
  // Losses of consecutive batches ending with batch `batch` (1-based) of `epoch`.
  void addBatchLosses(int epoch, qint64 batch, qint64 batches, const QVector<double>& losses);
  // The x axis grows with the epochs seen so far (to the next round number), up to `epochs`.
  void addEpoch(const EpochStats& stats);
  // Many batches and epochs at once (a sweep reports its runs every 50 ms, however fast their epochs):
  // the same curves as one addBatchLosses per entry and one addEpoch per epoch, drawn once.
  struct Batches {
    int epoch;
    qint64 last_batch, batches;
    QVector<double> losses;
  };
  void addProgress(const std::vector<Batches>& batches, const std::vector<EpochStats>& epochs);
  // The engine's verdict on the best epoch; the x axis ends at the last epoch that ran.
  void finish(const FitResult& result);

  ChartView* view() const { return view_; }
  const QList<QPointF>& trainLossPoints() const { return train_points_; }
  const QList<QPointF>& validationLossPoints() const { return val_points_; }

 private:
  void setLogScale(bool on);
  void markBest(int epoch, double loss);
  void roundZoomedTicks();  // after a zoom or pan: round ticks for the range shown
  void updateRanges();
  void appendBatchLosses(int epoch, qint64 batch, qint64 batches, const QVector<double>& losses);  // not drawn yet
  void appendEpoch(const EpochStats& stats);                                                       // not drawn yet

  ChartView* view_;
  QCheckBox* log_scale_;
  QLineSeries *train_, *validation_, *batches_;
  QScatterSeries* best_;
  QValueAxis *x_axis_, *y_linear_;
  QLogValueAxis* y_log_;
  QAbstractAxis* y_axis_;                     // the one attached now
  QList<QPointF> train_points_, val_points_;  // (the batch losses are kept by the view, decimated)
  // Extremes of the batch losses, kept as they arrive so an update never rescans them all.
  struct BatchRange {
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    double lo_positive = std::numeric_limits<double>::infinity();
  };
  BatchRange first_epoch_batches_, later_batches_;
  int epochs_ = 1, best_epoch_ = 0;
  double seen_ = 0;  // the furthest epoch (fractional, from the batches) drawn so far
  double best_loss_ = 0;
};

}  // namespace rnnwb::ui
