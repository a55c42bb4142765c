#include "ui/training_controller.hpp"

#include <chrono>
#include <optional>

#include "engine/core/error.hpp"
#include "engine/workflow/prediction.hpp"
#include "ui/pages/gui_wording.hpp"

namespace rnnwb::ui {

namespace {

// Runs on the worker thread inside fit(): forwards progress as signals, batch losses at most
// every 50 ms so the GUI's event queue never floods.
class SignalObserver : public TrainingObserver {
 public:
  SignalObserver(TrainingWorker* worker, const Series& series, PreparedTraining& prepared, int threads)
      : worker_(worker), series_(series), prepared_(prepared), threads_(threads) {}

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
  // The model as it stands after this epoch, on the validation windows (same thread as fit(), and
  // as many threads as the training).
  ValidationPreview preview() {
    ValidationPreview p;
    const Dataset<float>* validation = prepared_.validation();
    if (!validation) return p;
    TrainedModel view{
        prepared_.model, prepared_.pipeline, {}, {}, 0, {}, 0, FitStatus::Unknown, {}, "", "", 0, "", {}, {}, {}, {}};
    try {
      const Tensor3<double> y = predict_rows(view, series_, prepared_.windows.validation_rows, threads_);
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
  int threads_;
  QVector<double> pending_;
  std::chrono::steady_clock::time_point last_{};
};

// The same progress for a sequence dataset: batch losses throttled as above, epochs without a
// preview.
class SequenceSignalObserver : public TrainingObserver {
 public:
  explicit SequenceSignalObserver(TrainingWorker* worker) : worker_(worker) {}
  void on_batch_end(const BatchStats& s) override {
    pending_.push_back(s.loss);
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ >= std::chrono::milliseconds(50) || s.batch == s.batches) {
      emit worker_->batchLosses(s.epoch, qint64(s.batch), qint64(s.batches), pending_);
      pending_.clear();
      last_ = now;
    }
  }
  void on_epoch_end(const EpochStats& s) override { emit worker_->epochEnded(s, {}); }

 private:
  TrainingWorker* worker_;
  QVector<double> pending_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

void TrainingWorker::run(const std::shared_ptr<TrainJob>& job) {
  try {
    if (job->sequences) {
      std::optional<SequenceSignalObserver> observer;
      SequenceTrainingRun run;
      run.observe = [&](PreparedSequenceTraining& prepared) -> TrainingObserver* {
        const Index n = prepared.sets.train.size(), batch = std::max<Index>(1, job->sequence_request.fit.batch_size);
        emit this->prepared(gui_words(prepared.warnings), job->sequence_request.fit.epochs,
                            qint64((n + batch - 1) / batch));
        return &observer.emplace(this);
      };
      run.run.control = job->control.get();
      run.run.evaluate = false;  // the document evaluates off the worker, as for series
      emit finished(std::make_shared<TrainOutcome>(train_sequence_model(*job->sequences, job->sequence_request, run)));
      return;
    }
    std::optional<SignalObserver> observer;
    TrainingRun run;
    run.observe = [&](PreparedTraining& prepared) -> TrainingObserver* {
      const Index n = prepared.windows.train.size(), batch = std::max<Index>(1, job->request.fit.batch_size);
      emit this->prepared(gui_words(prepared.warnings), job->request.fit.epochs, qint64((n + batch - 1) / batch));
      return &observer.emplace(this, job->series, prepared, job->request.fit.threads);
    };
    run.control = job->control.get();
    // Crash recovery: train_model's Checkpointer writes from this thread and removes the file
    // however fit() ends here (under our control): the recovery file only survives a crash.
    run.checkpoint = job->checkpoint;
    run.keep_checkpoint = [keep = job->keep_recovery] { return keep && keep->load(); };
    run.on_checkpoint_error = [this, reported = false](const std::string& error) mutable {
      if (!reported) emit checkpointFailed(QString::fromStdString(error));
      reported = true;
    };
    run.evaluate = false;  // done off the worker, so that Stop hands control back at once
    emit finished(std::make_shared<TrainOutcome>(train_model(job->series, job->request, run)));
  } catch (const std::bad_alloc&) {
    emit failed(
        "Out of memory: the model or the data is too large for this machine. Use fewer units or layers, "
        "a shorter window or a smaller batch.");
  } catch (const std::exception& e) {
    emit failed(gui_text(message_of(e)));
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
  connect(worker_, &TrainingWorker::checkpointFailed, this, &TrainingController::checkpointFailed);
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
  CheckpointOptions checkpoint{recovery_path_.toStdString(), recovery_every_, nlohmann::json::object()};
  if (!recovery_path_.isEmpty() && recovery_context_) checkpoint.context = recovery_context_();
  keep_recovery_ = std::make_shared<std::atomic<bool>>(false);
  auto job = std::make_shared<TrainJob>(
      TrainJob{std::move(series), std::move(request), control_, std::move(checkpoint), keep_recovery_, {}, {}});
  setRunning(true);
  QMetaObject::invokeMethod(
      worker_, [worker = worker_, job] { worker->run(job); }, Qt::QueuedConnection);
  return true;
}

bool TrainingController::start(std::shared_ptr<const SequenceDataset> sequences, SequenceTrainRequest request) {
  if (running_ || !sequences) return false;
  control_ = std::make_shared<TrainingControl>();
  auto job = std::make_shared<TrainJob>();
  job->sequences = std::move(sequences);
  job->sequence_request = std::move(request);
  job->control = control_;
  setRunning(true);
  QMetaObject::invokeMethod(
      worker_, [worker = worker_, job] { worker->run(job); }, Qt::QueuedConnection);
  return true;
}

void TrainingController::setRecoveryFile(const QString& path, double every_seconds,
                                         std::function<nlohmann::json()> context) {
  recovery_path_ = path;
  recovery_every_ = std::max(0.0, every_seconds);
  recovery_context_ = std::move(context);
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

void TrainingController::stopForQuit() {
  if (!running_) return;
  if (keep_recovery_) keep_recovery_->store(true);
  control_->request_stop();
  thread_.quit();  // takes effect once the worker's run() returns
  thread_.wait();
  setRunning(false);
}

void TrainingController::setRunning(bool running) {
  running_ = running;
  if (!running) paused_ = false;
  emit stateChanged();
}

}  // namespace rnnwb::ui
