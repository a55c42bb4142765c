#include "ui/training_controller.hpp"

#include <chrono>

#include "engine/workflow/prediction.hpp"

namespace rnnwb::ui {

namespace {

// Runs on the worker thread inside fit(): forwards progress as signals, batch losses at most
// every 50 ms so the GUI's event queue never floods.
class SignalObserver : public TrainingObserver {
 public:
  SignalObserver(TrainingWorker* worker, const Series& series, PreparedTraining& prepared)
      : worker_(worker), series_(series), prepared_(prepared) {}

  void on_batch_end(const BatchStats& s) override {
    pending_.push_back(s.loss);
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ >= std::chrono::milliseconds(50) || s.batch == s.batches) {
      emit worker_->batchLosses(s.epoch, qint64(s.batch), qint64(s.batches), pending_);
      pending_.clear();
      last_ = now;
    }
  }

  void on_epoch_end(const EpochStats& s) override { emit worker_->epochEnded(s, preview()); }

 private:
  // The model as it stands after this epoch, on the validation windows (same thread as fit()).
  ValidationPreview preview() {
    ValidationPreview p;
    const Dataset<float>* validation = prepared_.validation();
    if (!validation) return p;
    TrainedModel view{prepared_.model, prepared_.pipeline, {}, {}, 0, {}, 0, "", {}, "", "", 0, ""};
    try {
      const Tensor3<double> y = predict_rows(view, series_, prepared_.windows.validation_rows);
      p.rows = prepared_.windows.validation_rows;
      for (Index i = 0; i < y.batch; ++i) p.predicted.push_back(y(i, 0, 0));
    } catch (const std::exception&) {
      p = {};  // a preview is a courtesy: never let it stop training
    }
    return p;
  }

  TrainingWorker* worker_;
  const Series& series_;
  PreparedTraining& prepared_;
  QVector<double> pending_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

void TrainingWorker::run(const std::shared_ptr<TrainJob>& job) {
  try {
    PreparedTraining prepared = prepare_training(job->series, job->request);
    const Index n = prepared.windows.train.size(), batch = std::max<Index>(1, job->request.fit.batch_size);
    QStringList warnings;
    for (const auto& w : prepared.warnings) warnings << QString::fromStdString(w);
    emit this->prepared(warnings, job->request.fit.epochs, qint64((n + batch - 1) / batch));
    SignalObserver observer(this, job->series, prepared);
    const FitResult result = fit(prepared.model, prepared.windows.train, prepared.validation(), job->request.fit,
                                 &observer, job->control.get());
    auto outcome = std::make_shared<TrainOutcome>(
        finish_training(job->series, job->request, std::move(prepared), result, /*evaluate=*/false));
    emit finished(outcome);
  } catch (const std::bad_alloc&) {
    emit failed("Out of memory: the model or the data is too large for this machine. Use fewer units or layers, "
                "a shorter window or a smaller batch.");
  } catch (const std::exception& e) {
    emit failed(QString::fromStdString(e.what()));
  }
}

TrainingController::TrainingController(QObject* parent) : QObject(parent), worker_(new TrainingWorker) {
  qRegisterMetaType<rnnwb::EpochStats>();
  qRegisterMetaType<rnnwb::ui::ValidationPreview>();
  qRegisterMetaType<std::shared_ptr<rnnwb::TrainOutcome>>();
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &TrainingWorker::prepared, this, &TrainingController::prepared);
  connect(worker_, &TrainingWorker::batchLosses, this, &TrainingController::batchLosses);
  connect(worker_, &TrainingWorker::epochEnded, this, &TrainingController::epochEnded);
  connect(worker_, &TrainingWorker::finished, this, [this](std::shared_ptr<TrainOutcome> outcome) {
    setRunning(false);
    emit finished(outcome);
  });
  connect(worker_, &TrainingWorker::failed, this, [this](const QString& message) {
    setRunning(false);
    emit failed(message);
  });
  thread_.setObjectName("rnnwb-training");
  thread_.start();
}

TrainingController::~TrainingController() {
  if (control_) control_->request_stop();
  thread_.quit();
  thread_.wait();
}

bool TrainingController::start(Series series, TrainRequest request) {
  if (running_) return false;
  control_ = std::make_shared<TrainingControl>();
  auto job = std::make_shared<TrainJob>(TrainJob{std::move(series), std::move(request), control_});
  setRunning(true);
  QMetaObject::invokeMethod(worker_, [worker = worker_, job] { worker->run(job); }, Qt::QueuedConnection);
  return true;
}

void TrainingController::pause() {
  if (!running_ || paused_) return;
  control_->pause();
  paused_ = true;
  emit stateChanged();
}

void TrainingController::resume() {
  if (!running_ || !paused_) return;
  control_->resume();
  paused_ = false;
  emit stateChanged();
}

void TrainingController::stop() {
  if (!running_) return;
  control_->request_stop();
  paused_ = false;
  emit stateChanged();
}

void TrainingController::setRunning(bool running) {
  running_ = running;
  if (!running) paused_ = false;
  emit stateChanged();
}

}  // namespace rnnwb::ui
