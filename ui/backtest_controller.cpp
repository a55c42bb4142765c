#include "ui/backtest_controller.hpp"

#include <QMetaObject>
#include <chrono>
#include <cmath>

#include "ui/pages/gui_wording.hpp"

namespace rnnwb::ui {

BacktestController::BacktestController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<std::shared_ptr<const rnnwb::BacktestResult>>();
}

BacktestController::~BacktestController() {
  stop();
  join();
}

void BacktestController::join() {
  if (worker_.joinable()) worker_.join();
}

void BacktestController::stop() {
  if (control_) control_->request_stop();
}

bool BacktestController::start(Series series, TrainRequest request, BacktestConfig config) {
  if (running_) return false;
  join();
  running_ = true;
  control_ = std::make_shared<TrainingControl>();
  worker_ = std::thread(
      [this, control = control_, series = std::move(series), request = std::move(request), config = std::move(config)] {
        // Posted to the GUI thread; Qt drops what is still queued when the controller is gone.
        auto post = [this](auto f) { QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection); };
        BacktestRun run;
        run.control = control.get();
        auto last_epoch = std::chrono::steady_clock::now();
        run.progress = [&](const BacktestProgress& p) {
          using Kind = BacktestProgress::Kind;
          if (p.kind == Kind::FoldStarted) post([this, p] { emit foldStarted(p.fold, p.folds); });
          if (p.kind == Kind::FoldFinished) {
            const double rmse = p.result ? p.result->model.rmse : NAN;
            post([this, p, rmse] { emit foldFinished(p.fold, p.folds, rmse); });
          }
          const auto now = std::chrono::steady_clock::now();
          if (p.kind == Kind::Epoch && now - last_epoch > std::chrono::milliseconds(100)) {
            last_epoch = now;
            post([this, fold = p.fold, epoch = p.epoch.epoch] { emit epochEnded(fold, epoch); });
          }
        };
        try {
          auto result = std::make_shared<const BacktestResult>(run_backtest(series, request, config, run));
          post([this, result] {
            running_ = false;
            emit finished(result);
          });
        } catch (const std::exception& e) {
          const QString message = gui_words(e);
          post([this, message] {
            running_ = false;
            emit failed(message);
          });
        }
      });
  return true;
}

}  // namespace rnnwb::ui
