#include "engine/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <type_traits>

#include "engine/core/error.hpp"
#include "engine/core/padding.hpp"
#include "engine/train/data_parallel.hpp"

namespace rnnwb {

namespace {

template <class T>
void check_dataset(const Model<T>& model, const Dataset<T>& d, const LossConfig& loss, const char* what) {
  if (d.x.batch < 1) throw ShapeError(std::string("the ") + what + " set is empty");
  if (d.x.features != model.input_features())
    throw ShapeError(std::string("the ") + what + " inputs have " + std::to_string(d.x.features) +
                     " features per step but the model takes " + std::to_string(model.input_features()));
  const OutputShape os = model.output_shape(d.x.steps);
  const Index target_features = rnnwb::target_features(loss, os.features);
  if (d.y.batch != d.x.batch || d.y.steps != os.steps || d.y.features != target_features)
    throw ShapeError(std::string("the ") + what + " targets have shape (" + std::to_string(d.y.batch) + ", " +
                     std::to_string(d.y.steps) + ", " + std::to_string(d.y.features) + ") but the model " +
                     (loss.kind == LossKind::CrossEntropy ? "takes one class label per output step, (" : "outputs (") +
                     std::to_string(d.x.batch) + ", " + std::to_string(os.steps) + ", " +
                     std::to_string(target_features) + ") for these inputs");
  if (d.x.data.size() != std::size_t(d.x.size()) || d.y.data.size() != std::size_t(d.y.size()))
    throw ShapeError(std::string("the ") + what + " tensors' data does not match their shapes");
  // Labels checked once here, so a bad one stops training before it starts, named by its place.
  if (loss.kind == LossKind::CrossEntropy) check_class_labels(d.y.data.data(), d.y.batch, d.y.steps, os.features);
}

}  // namespace

template <class T>
double evaluate_loss(const Model<T>& model, const Dataset<T>& data, const LossConfig& loss, Index batch_size) {
  check_dataset(model, data, loss, "evaluation");
  ModelWorkspace<T> ws;
  SeqMatrix<T> xb, yb;
  std::vector<Index> rows;
  const std::vector<ValidSpan> spans = padding_spans(data.x);
  double sum = 0, denominator = 0;  // the batches' losses weighted as the loss's own mean weights them
  for (Index first = 0; first < data.size(); first += batch_size) {
    const Index n = std::min(batch_size, data.size() - first);
    rows.resize(std::size_t(n));
    std::iota(rows.begin(), rows.end(), first);
    if (spans.empty())
      gather_batch(data.x, rows.data(), n, xb);
    else
      gather_packed(data.x, spans, rows.data(), n, xb);  // reorders rows: the targets follow
    gather_batch(data.y, rows.data(), n, yb);
    const double d = loss_denominator(loss, yb.m);
    sum += double(loss_and_gradient<T>(loss, model.forward(ws, xb, false).m, yb.m, nullptr)) * d;
    denominator += d;
  }
  return sum / denominator;
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

namespace {

void check_fit_config(const FitConfig& config) {
  if (config.epochs < 1) throw ConfigError("epochs must be at least 1");
  if (config.batch_size < 1) throw ConfigError("the batch size must be at least 1");
  if (config.clip_norm < 0) throw ConfigError("the clipping norm must be >= 0 (0 turns clipping off)");
  if (config.patience < 0) throw ConfigError("patience must be >= 0 (0 turns early stopping off)");
}

// One call of fit(): its state, and one method per stage of an epoch.
template <class T>
class FitRun {
 public:
  FitRun(Model<T>& model, const Dataset<T>& train, const Dataset<T>* validation, const FitConfig& config,
         TrainingObserver* observer, TrainingControl* control)
      : model_(model),
        train_(train),
        validation_(validation),
        config_(config),
        observer_(observer),
        control_(control),
        optimizer_(config.optimizer),
        schedule_(config.schedule, config.optimizer.lr, config.epochs),
        shuffle_rng_(config.seed),
        // Part 0's masks from seed + 1, the other parts' from seed + 2 (as when part 0 was the model).
        parallel_(model, config.threads, config.seed + 2, config.seed + 1),
        n_(train.size()),
        batches_((n_ + config.batch_size - 1) / config.batch_size),
        order_(static_cast<std::size_t>(n_)),
        spans_(padding_spans(train.x)),
        initial_(model.parameters()),
        best_(initial_) {
    std::iota(order_.begin(), order_.end(), Index(0));
    result_.best_loss = std::numeric_limits<double>::infinity();
  }

  FitResult run() {
    for (int epoch = 1; epoch <= config_.epochs; ++epoch) {
      const auto start = std::chrono::steady_clock::now();
      const double lr = schedule_.lr();
      if (config_.shuffle) shuffle_rng_.shuffle(order_);
      if (config_.shuffle && !spans_.empty()) bucket_by_length();
      double sum = 0;
      if (!train_epoch(epoch, lr, sum) || !end_epoch(epoch, lr, sum, start)) break;
    }
    finish();
    return std::move(result_);
  }

 private:
  // Padded sequences: batches of similar lengths, so that a batch's steps are about its
  // sequences' own (a packed batch runs as many steps as its longest sequence). The shuffled
  // order is sorted by length within buckets of kBucketBatches batches, then the full batches
  // are shuffled among themselves (a short last batch stays last).
  void bucket_by_length() {
    constexpr Index kBucketBatches = 16;
    const Index bs = config_.batch_size, bucket = bs * kBucketBatches;
    const auto longer = [&](Index a, Index b) { return spans_[std::size_t(a)].length > spans_[std::size_t(b)].length; };
    for (Index first = 0; first < n_; first += bucket)
      std::stable_sort(order_.begin() + first, order_.begin() + std::min(n_, first + bucket), longer);
    const Index full = n_ / bs;
    std::vector<Index> blocks(static_cast<std::size_t>(full));
    std::iota(blocks.begin(), blocks.end(), Index(0));
    shuffle_rng_.shuffle(blocks);
    std::vector<Index> bucketed;
    bucketed.reserve(order_.size());
    for (const Index k : blocks)
      bucketed.insert(bucketed.end(), order_.begin() + k * bs, order_.begin() + (k + 1) * bs);
    bucketed.insert(bucketed.end(), order_.begin() + full * bs, order_.end());
    order_.swap(bucketed);
  }

  // The epoch's batches; false when training stopped inside it (cancelled or diverged).
  bool train_epoch(int epoch, double lr, double& sum) {
    for (Index b = 0; b < batches_; ++b) {
      if (control_ && (control_->stop_requested() || !control_->wait_while_paused())) {
        result_.status = FitStatus::Cancelled;
        result_.message = "stopped by the user during epoch " + std::to_string(epoch);
        return false;
      }
      const Index first = b * config_.batch_size, count = std::min(config_.batch_size, n_ - first);
      const T loss = parallel_.loss_and_gradients(config_.loss, train_, order_.data() + first, count, spans_);
      if (!std::isfinite(double(loss))) {
        std::ostringstream msg;
        msg << "training diverged: the loss became " << double(loss) << " at epoch " << epoch << ", batch " << b + 1
            << "; lower the learning rate (now " << lr << "), set gradient clipping, or check the data for extreme "
            << "values";
        result_.status = FitStatus::Diverged;
        result_.message = msg.str();
        return false;
      }
      if (config_.clip_norm > 0) clip_by_global_norm(parallel_.gradients(), config_.clip_norm);
      optimizer_.step(model_.parameters(), parallel_.gradients(), lr);
      sum += double(loss) * double(count);
      if (observer_) observer_->on_batch_end({epoch, b + 1, batches_, double(loss)});
    }
    return true;
  }

  // Validation, the best weights so far, the observer, the schedule and early stopping; false
  // when training ends after this epoch.
  bool end_epoch(int epoch, double lr, double sum, std::chrono::steady_clock::time_point start) {
    EpochStats stats{epoch, sum / double(n_), std::numeric_limits<double>::quiet_NaN(), lr, 0.0};
    if (validation_) stats.val_loss = evaluate_loss(model_, *validation_, config_.loss);
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double monitored = validation_ ? stats.val_loss : stats.train_loss;
    result_.history.push_back(stats);
    result_.epochs_run = epoch;
    if (!std::isfinite(monitored)) {
      result_.status = FitStatus::Diverged;
      result_.message = "training diverged: the " + std::string(validation_ ? "validation" : "training") +
                        " loss is not finite after epoch " + std::to_string(epoch) +
                        "; lower the learning rate or set gradient clipping";
      if (observer_) observer_->on_epoch_end(stats);
      return false;
    }
    if (monitored < result_.best_loss - config_.min_delta) {
      result_.best_loss = monitored;
      result_.best_epoch = epoch;
      best_ = model_.parameters();
      bad_epochs_ = 0;
    } else {
      ++bad_epochs_;
    }
    if (observer_) report_epoch(stats);
    schedule_.epoch_end(monitored);
    if (config_.patience > 0 && bad_epochs_ >= config_.patience) {
      result_.status = FitStatus::EarlyStopped;
      result_.message = "stopped early after epoch " + std::to_string(epoch) + ": no improvement for " +
                        std::to_string(config_.patience) + " epochs";
      return false;
    }
    return true;
  }

  void report_epoch(const EpochStats& stats) {
    observer_->on_epoch_end(stats);
    BestWeights weights{stats.epoch, result_.best_epoch, result_.best_loss};
    if constexpr (std::is_same_v<T, float>)
      weights.f32 = &best_;
    else
      weights.f64 = &best_;
    observer_->on_best_weights(weights);
  }

  // The weights fit() ends with, and the outcome in words.
  void finish() {
    if (result_.best_epoch > 0 &&
        (config_.restore_best || result_.status == FitStatus::Diverged || result_.status == FitStatus::Cancelled))
      model_.parameters() = best_;
    else if (result_.status == FitStatus::Diverged)
      model_.parameters() = initial_;  // nothing better was seen; never hand back NaN weights
    if (result_.status == FitStatus::Completed)
      result_.message = "completed " + std::to_string(result_.epochs_run) + " epochs";
    if (result_.best_epoch > 0) {
      std::ostringstream best_msg;
      best_msg << "; best epoch " << result_.best_epoch << " (loss " << result_.best_loss << ")";
      result_.message += best_msg.str();
    }
  }

  Model<T>& model_;
  const Dataset<T>& train_;
  const Dataset<T>* validation_;
  const FitConfig& config_;
  TrainingObserver* observer_;
  TrainingControl* control_;
  Optimizer<T> optimizer_;
  LrSchedule schedule_;
  Rng shuffle_rng_;
  DataParallel<T> parallel_;
  const Index n_, batches_;
  std::vector<Index> order_;
  std::vector<ValidSpan> spans_;  // the training inputs' valid steps when they are padded
  const Vector<T> initial_;
  Vector<T> best_;
  int bad_epochs_ = 0;
  FitResult result_;
};

}  // namespace

template <class T>
FitResult fit(Model<T>& model, const Dataset<T>& train, std::type_identity_t<const Dataset<T>*> validation,
              const FitConfig& config, TrainingObserver* observer, TrainingControl* control) {
  check_fit_config(config);
  check_dataset(model, train, config.loss, "training");
  if (validation) check_dataset(model, *validation, config.loss, "validation");
  return FitRun<T>(model, train, validation, config, observer, control).run();
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
