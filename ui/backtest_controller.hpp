#pragma once
// A backtest off the GUI thread: run_backtest on a worker thread, its progress (fold started,
// epochs at most every 100 ms, fold finished) and its result posted to the GUI thread as signals.
// Stop ends the unfinished folds; the result then holds the finished ones.
#include <QObject>
#include <QString>
#include <memory>
#include <thread>

#include "engine/train/training_control.hpp"
#include "engine/workflow/backtest.hpp"

namespace rnnwb::ui {

class BacktestController : public QObject {
  Q_OBJECT
 public:
  explicit BacktestController(QObject* parent = nullptr);
  ~BacktestController() override;  // stops a running backtest and waits for it

  // False (and nothing happens) while a backtest runs.
  bool start(Series series, TrainRequest request, BacktestConfig config);
  void stop();
  bool isRunning() const { return running_; }

 signals:
  void foldStarted(int fold, int folds);
  void epochEnded(int fold, int epoch);
  void foldFinished(int fold, int folds, double rmse);  // rmse NaN when the fold was stopped
  void finished(std::shared_ptr<const rnnwb::BacktestResult> result);
  void failed(QString message);

 private:
  void join();
  std::thread worker_;
  std::shared_ptr<TrainingControl> control_;
  bool running_ = false;
};

}  // namespace rnnwb::ui

Q_DECLARE_METATYPE(std::shared_ptr<const rnnwb::BacktestResult>)
