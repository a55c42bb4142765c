#include "engine/train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <type_traits>

#include "engine/core/error.hpp"
#include "engine/train/data_parallel.hpp"

namespace rnnwb {

namespace {

template <class T>
void check_dataset(const Model<T>& model, const Dataset<T>& d, const char* what) {
  if (d.x.batch < 1) throw ShapeError(std::string("the ") + what + " set is empty");
  if (d.x.features != model.input_features())
    throw ShapeError(std::string("the ") + what + " inputs have " + std::to_string(d.x.features) +
                     " features per step but the model takes " + std::to_string(model.input_features()));
  const OutputShape os = model.output_shape(d.x.steps);
  if (d.y.batch != d.x.batch || d.y.steps != os.steps || d.y.features != os.features)
    throw ShapeError(std::string("the ") + what + " targets have shape (" + std::to_string(d.y.batch) + ", " +
                     std::to_string(d.y.steps) + ", " + std::to_string(d.y.features) + ") but the model outputs (" +
                     std::to_string(d.x.batch) + ", " + std::to_string(os.steps) + ", " + std::to_string(os.features) +
                     ") for these inputs");
  if (d.x.data.size() != std::size_t(d.x.size()) || d.y.data.size() != std::size_t(d.y.size()))
    throw ShapeError(std::string("the ") + what + " tensors' data does not match their shapes");
}

}  // namespace

template <class T>
double evaluate_loss(const Model<T>& model, const Dataset<T>& data, const LossConfig& loss, Index batch_size) {
  check_dataset(model, data, "evaluation");
  ModelWorkspace<T> ws;
  SeqMatrix<T> xb, yb;
  std::vector<Index> rows;
  double sum = 0;
  for (Index first = 0; first < data.size(); first += batch_size) {
    const Index n = std::min(batch_size, data.size() - first);
    rows.resize(std::size_t(n));
    std::iota(rows.begin(), rows.end(), first);
    gather_batch(data.x, rows.data(), n, xb);
    gather_batch(data.y, rows.data(), n, yb);
    sum += double(loss_and_gradient<T>(loss, model.forward(ws, xb, false).m, yb.m, nullptr)) * double(n);
  }
  return sum / double(data.size());
}

template <class T>
T train_step(Model<T>& model, ModelWorkspace<T>& ws, Optimizer<T>& optimizer, const LossConfig& loss,
             const SeqMatrix<T>& x, const SeqMatrix<T>& y, double clip_norm, double lr, SeqMatrix<T>& d_output) {
  const T value = loss_and_gradient<T>(loss, model.forward(ws, x, true).m, y.m, &d_output.m);
  if (!std::isfinite(double(value))) return value;
  d_output.steps = y.steps;
  d_output.batch = y.batch;
  model.backward(ws, d_output);
  if (clip_norm > 0) clip_by_global_norm(ws.gradients, clip_norm);
  optimizer.step(model.parameters(), ws.gradients, lr);
  return value;
}

template <class T>
FitResult fit(Model<T>& model, const Dataset<T>& train, std::type_identity_t<const Dataset<T>*> validation,
              const FitConfig& config, TrainingObserver* observer, TrainingControl* control) {
  if (config.epochs < 1) throw ConfigError("epochs must be at least 1");
  if (config.batch_size < 1) throw ConfigError("the batch size must be at least 1");
  if (config.clip_norm < 0) throw ConfigError("the clipping norm must be >= 0 (0 turns clipping off)");
  if (config.patience < 0) throw ConfigError("patience must be >= 0 (0 turns early stopping off)");
  check_dataset(model, train, "training");
  if (validation) check_dataset(model, *validation, "validation");

  Optimizer<T> optimizer(config.optimizer);
  LrSchedule schedule(config.schedule, config.optimizer.lr, config.epochs);
  Rng shuffle_rng(config.seed);
  // Part 0's masks from seed + 1, the other parts' from seed + 2 (as when part 0 was the model).
  DataParallel<T> parallel(model, config.threads, config.seed + 2, config.seed + 1);

  const Index n = train.size();
  const Index batches = (n + config.batch_size - 1) / config.batch_size;
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index(0));

  FitResult result;
  result.best_loss = std::numeric_limits<double>::infinity();
  const Vector<T> initial = model.parameters();
  Vector<T> best = initial;
  int bad_epochs = 0;
  bool stop = false;

  for (int epoch = 1; epoch <= config.epochs && !stop; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    const double lr = schedule.lr();
    if (config.shuffle) shuffle_rng.shuffle(order);
    double sum = 0;
    for (Index b = 0; b < batches; ++b) {
      if (control && (control->stop_requested() || !control->wait_while_paused())) {
        result.status = FitStatus::Cancelled;
        result.message = "stopped by the user during epoch " + std::to_string(epoch);
        stop = true;
        break;
      }
      const Index first = b * config.batch_size, count = std::min(config.batch_size, n - first);
      const T loss = parallel.loss_and_gradients(config.loss, train, order.data() + first, count);
      if (std::isfinite(double(loss))) {
        if (config.clip_norm > 0) clip_by_global_norm(parallel.gradients(), config.clip_norm);
        optimizer.step(model.parameters(), parallel.gradients(), lr);
      }
      if (!std::isfinite(double(loss))) {
        std::ostringstream msg;
        msg << "training diverged: the loss became " << double(loss) << " at epoch " << epoch << ", batch " << b + 1
            << "; lower the learning rate (now " << lr << "), set gradient clipping, or check the data for extreme "
            << "values";
        result.status = FitStatus::Diverged;
        result.message = msg.str();
        stop = true;
        break;
      }
      sum += double(loss) * double(count);
      if (observer) observer->on_batch_end({epoch, b + 1, batches, double(loss)});
    }
    if (stop) break;

    EpochStats stats{epoch, sum / double(n), std::numeric_limits<double>::quiet_NaN(), lr, 0.0};
    if (validation) stats.val_loss = evaluate_loss(model, *validation, config.loss);
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double monitored = validation ? stats.val_loss : stats.train_loss;
    result.history.push_back(stats);
    result.epochs_run = epoch;
    if (!std::isfinite(monitored)) {
      result.status = FitStatus::Diverged;
      result.message = "training diverged: the " + std::string(validation ? "validation" : "training") +
                       " loss is not finite after epoch " + std::to_string(epoch) +
                       "; lower the learning rate or set gradient clipping";
      if (observer) observer->on_epoch_end(stats);
      break;
    }
    if (monitored < result.best_loss - config.min_delta) {
      result.best_loss = monitored;
      result.best_epoch = epoch;
      best = model.parameters();
      bad_epochs = 0;
    } else {
      ++bad_epochs;
    }
    if (observer) {
      observer->on_epoch_end(stats);
      BestWeights weights{epoch, result.best_epoch, result.best_loss};
      if constexpr (std::is_same_v<T, float>)
        weights.f32 = &best;
      else
        weights.f64 = &best;
      observer->on_best_weights(weights);
    }
    schedule.epoch_end(monitored);
    if (config.patience > 0 && bad_epochs >= config.patience) {
      result.status = FitStatus::EarlyStopped;
      result.message = "stopped early after epoch " + std::to_string(epoch) + ": no improvement for " +
                       std::to_string(config.patience) + " epochs";
      break;
    }
  }

  if (result.best_epoch > 0 &&
      (config.restore_best || result.status == FitStatus::Diverged || result.status == FitStatus::Cancelled))
    model.parameters() = best;
  else if (result.status == FitStatus::Diverged)
    model.parameters() = initial;  // nothing better was seen; never hand back NaN weights
  if (result.status == FitStatus::Completed)
    result.message = "completed " + std::to_string(result.epochs_run) + " epochs";
  if (result.best_epoch > 0) {
    std::ostringstream best_msg;
    best_msg << "; best epoch " << result.best_epoch << " (loss " << result.best_loss << ")";
    result.message += best_msg.str();
  }
  return result;
}

template FitResult fit<float>(Model<float>&, const Dataset<float>&, const Dataset<float>*, const FitConfig&,
                              TrainingObserver*, TrainingControl*);
template FitResult fit<double>(Model<double>&, const Dataset<double>&, const Dataset<double>*, const FitConfig&,
                               TrainingObserver*, TrainingControl*);
template float train_step<float>(Model<float>&, ModelWorkspace<float>&, Optimizer<float>&, const LossConfig&,
                                 const SeqMatrix<float>&, const SeqMatrix<float>&, double, double, SeqMatrix<float>&);
template double train_step<double>(Model<double>&, ModelWorkspace<double>&, Optimizer<double>&, const LossConfig&,
                                   const SeqMatrix<double>&, const SeqMatrix<double>&, double, double,
                                   SeqMatrix<double>&);
template double evaluate_loss<float>(const Model<float>&, const Dataset<float>&, const LossConfig&, Index);
template double evaluate_loss<double>(const Model<double>&, const Dataset<double>&, const LossConfig&, Index);

}  // namespace rnnwb
