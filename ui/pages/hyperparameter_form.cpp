#include "ui/pages/hyperparameter_form.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>
#include <cmath>
#include <thread>

#include "engine/core/error.hpp"
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

namespace {

QComboBox* combo(const char* name, const QStringList& items, const QString& tip) {
  auto* c = new QComboBox;
  c->setObjectName(name);
  c->addItems(items);
  c->setToolTip(tip);
  return c;
}

QSpinBox* spin(const char* name, int min, int max, const QString& tip) {
  auto* s = new QSpinBox;
  s->setObjectName(name);
  s->setRange(min, max);
  s->setToolTip(tip);
  return s;
}

// Shows 0.003 rather than 0.003000: the decimals are the precision, not the display.
class CompactDoubleSpinBox : public QDoubleSpinBox {
 public:
  QString textFromValue(double value) const override {
    QString text = locale().toString(value, 'f', decimals());
    const QChar point = locale().decimalPoint().front();
    if (text.contains(point)) {
      while (text.endsWith('0')) text.chop(1);
      if (text.endsWith(point)) text.chop(1);
    }
    return text;
  }
};

QDoubleSpinBox* real_spin(const char* name, double min, double max, int decimals, double step, const QString& tip) {
  auto* s = new CompactDoubleSpinBox;
  s->setObjectName(name);
  s->setDecimals(decimals);
  s->setRange(min, max);
  s->setSingleStep(step);
  s->setToolTip(tip);
  return s;
}

// Sets a widget only when it differs, so a refresh never rewrites what the user is typing.
void set_value(QSpinBox* s, long long v) {
  const QSignalBlocker block(s);
  if (s->value() != v) s->setValue(int(std::clamp<long long>(v, s->minimum(), s->maximum())));
}
void set_value(QDoubleSpinBox* s, double v) {
  const QSignalBlocker block(s);
  if (std::abs(s->value() - v) > 0.5 * std::pow(10.0, -s->decimals())) s->setValue(v);
}
void set_index(QComboBox* c, int i) {
  const QSignalBlocker block(c);
  c->setCurrentIndex(i);
}
void set_checked(QCheckBox* c, bool on) {
  const QSignalBlocker block(c);
  c->setChecked(on);
}

// Combo order <-> engine enums.
const OptimizerKind kOptimizers[] = {OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::SGD,
                                     OptimizerKind::RMSprop};
const ScheduleKind kSchedules[] = {ScheduleKind::Constant, ScheduleKind::Step, ScheduleKind::Cosine,
                                   ScheduleKind::ReduceOnPlateau};
const LossKind kLosses[] = {LossKind::MSE, LossKind::MAE, LossKind::Huber};

template <class E, std::size_t N>
int index_of(const E (&values)[N], E v) {
  for (std::size_t i = 0; i < N; ++i)
    if (values[i] == v) return int(i);
  return 0;
}

}  // namespace

HyperparameterForm::HyperparameterForm(WorkbenchDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  buildWidgets();
  connectWidgets();
  connect(doc_, &WorkbenchDocument::modelChanged, this, &HyperparameterForm::refresh);
  connect(doc_, &WorkbenchDocument::dataChanged, this, &HyperparameterForm::refresh);
  refresh();
}

void HyperparameterForm::buildWidgets() {
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  optimizer_ = combo("optimizerCombo", {"adam", "adamw", "sgd", "rmsprop"},
                     tr("How the weights are updated from the gradients (PyTorch's update rules). Adam suits most "
                        "series; AdamW adds decoupled weight decay; SGD and RMSprop for comparison. Default: adam"));
  lr_ = real_spin("lrSpin", 1e-6, 10.0, 6, 0.0005,
                  tr("Learning rate: the step size of each update. Too high and the loss jumps or diverges, too low "
                     "and training crawls. Default: 0.003"));
  weight_decay_ = real_spin("weightDecaySpin", 0.0, 1.0, 6, 0.001,
                            tr("Weight decay: pulls the weights towards zero against overfitting (L2 for adam, sgd "
                               "and rmsprop, decoupled for adamw). Default: 0, or 0.01 for adamw"));
  momentum_ = real_spin("momentumSpin", 0.0, 0.999, 3, 0.05,
                        tr("Momentum for sgd and rmsprop: keeps part of the previous update. Default: 0"));
  schedule_ = combo("scheduleCombo", {"constant", "step", "cosine", "plateau"},
                    tr("How the learning rate changes over the epochs: constant; step (multiplied by a factor every "
                       "few epochs); cosine (eases down to a minimum); plateau (cut when the validation loss stops "
                       "improving). Default: constant"));
  step_size_ =
      spin("stepSizeSpin", 1, 100000, tr("Step schedule: multiply the rate every this many epochs. Default: 10"));
  gamma_ = real_spin("gammaSpin", 0.01, 1.0, 3, 0.05, tr("Step schedule: the factor applied each step. Default: 0.5"));
  t_max_ = spin("cosinePeriodSpin", 0, 100000,
                tr("Cosine schedule: epochs from the full rate down to the minimum. Default: all epochs"));
  t_max_->setSpecialValueText(tr("all epochs"));
  eta_min_ = real_spin("cosineMinSpin", 0.0, 10.0, 6, 0.0001, tr("Cosine schedule: the rate it ends at. Default: 0"));
  factor_ = real_spin("plateauFactorSpin", 0.01, 0.99, 3, 0.05,
                      tr("Plateau schedule: multiply the rate by this when the loss stalls. Default: 0.5"));
  plateau_patience_ = spin("plateauPatienceSpin", 1, 10000,
                           tr("Plateau schedule: epochs without improvement before the rate is cut. Default: 5"));
  epochs_ = spin("epochsSpin", 1, 1000000,
                 tr("Epochs: passes over the training windows (early stopping may end sooner). Default: 100"));
  batch_ = spin("batchSpin", 1, 65536,
                tr("Batch size: windows per weight update. Smaller batches update more often but noisier. "
                   "Default: 32"));
  loss_ = combo("lossCombo", {"mse", "mae", "huber"},
                tr("What training minimises, on the scaled targets: mse (mean squared error) punishes large "
                   "errors most; mae (mean absolute error) is robust to outliers; huber is mse near zero and "
                   "mae further out. Default: mse"));
  huber_delta_ = real_spin("huberDeltaSpin", 0.001, 1000.0, 3, 0.1,
                           tr("Huber loss: errors up to this size count quadratically, larger ones linearly. "
                              "Default: 1"));
  patience_ = spin("patienceSpin", 0, 1000000,
                   tr("Early stopping: stop after this many epochs without a better validation loss "
                      "(0 = off, train all epochs). Default: 15"));
  patience_->setSpecialValueText(tr("off"));
  min_delta_ = real_spin("minDeltaSpin", 0.0, 1000.0, 6, 0.0001,
                         tr("Early stopping: an improvement smaller than this does not count. Default: 0"));
  restore_best_ = new QCheckBox(tr("end with the best epoch's weights"));
  restore_best_->setObjectName("restoreBestCheck");
  restore_best_->setToolTip(
      tr("Keep the weights of the epoch with the lowest validation loss rather than the "
         "last epoch's. Default: on"));
  clip_ = real_spin("clipSpin", 0.0, 1000.0, 3, 0.5,
                    tr("Gradient clipping: scale the gradients down when their global norm exceeds this, which "
                       "tames exploding gradients (0 = off). Default: off"));
  clip_->setSpecialValueText(tr("off"));
  shuffle_ = new QCheckBox(tr("shuffle the windows every epoch"));
  shuffle_->setObjectName("shuffleCheck");
  shuffle_->setToolTip(
      tr("Visit the training windows in a new random order each epoch (from the seed). "
         "Default: on"));
  seed_ = spin("seedSpin", 0, INT_MAX,
               tr("Seed for the initial weights, the shuffling and the dropout masks: the same seed, data and "
                  "thread count give exactly the same run. Default: 0"));
  threads_ = spin("threadsSpin", 1, std::max(cores, 64),
                  tr("CPU threads used for training (this machine has %1 cores). Default: one fewer than the "
                     "cores (at least 1, at most 8), so the workbench stays responsive while it trains")
                      .arg(cores));
  init_ = combo("initCombo", {"pytorch", "keras"},
                tr("How the weights start: pytorch (uniform in ±1/sqrt(units)) or keras (glorot-uniform inputs, "
                   "orthogonal recurrent weights, zero biases, LSTM forget-gate bias 1). Default: pytorch, whose "
                   "small start lets the seed decide far less on short series"));

  form_ = new QFormLayout;
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form_->addRow(tr("Optimizer"), optimizer_);
  form_->addRow(tr("Learning rate"), lr_);
  form_->addRow(tr("   weight decay"), weight_decay_);
  form_->addRow(tr("   momentum"), momentum_);
  form_->addRow(tr("Schedule"), schedule_);
  form_->addRow(tr("   every (epochs)"), step_size_);
  form_->addRow(tr("   multiply by"), gamma_);
  form_->addRow(tr("   period"), t_max_);
  form_->addRow(tr("   minimum rate"), eta_min_);
  form_->addRow(tr("   cut by factor"), factor_);
  form_->addRow(tr("   after (epochs)"), plateau_patience_);
  form_->addRow(tr("Epochs"), epochs_);
  form_->addRow(tr("Batch size"), batch_);
  form_->addRow(tr("Loss"), loss_);
  form_->addRow(tr("   huber delta"), huber_delta_);
  form_->addRow(tr("Early-stopping patience"), patience_);
  form_->addRow(tr("   minimum improvement"), min_delta_);
  form_->addRow(QString(), restore_best_);
  form_->addRow(tr("Gradient clipping (norm)"), clip_);
  form_->addRow(QString(), shuffle_);
  form_->addRow(tr("Seed"), seed_);
  form_->addRow(tr("Threads"), threads_);
  form_->addRow(tr("Weight init"), init_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(form_);
  layout->addStretch();
}

void HyperparameterForm::connectWidgets() {
  // Each control edits its field of a copy of the document's FitConfig and hands it back.
  auto edit = [this](auto apply) {
    return [this, apply] {
      FitConfig fit = doc_->fitConfig();
      apply(fit);
      doc_->setFitConfig(fit);
    };
  };
  connect(optimizer_, &QComboBox::currentIndexChanged, this, edit([this](FitConfig& f) {
            f.optimizer = OptimizerConfig::defaults(kOptimizers[optimizer_->currentIndex()], lr_->value());
          }));
  connect(lr_, &QDoubleSpinBox::valueChanged, this, edit([this](FitConfig& f) { f.optimizer.lr = lr_->value(); }));
  connect(weight_decay_, &QDoubleSpinBox::valueChanged, this,
          edit([this](FitConfig& f) { f.optimizer.weight_decay = weight_decay_->value(); }));
  connect(momentum_, &QDoubleSpinBox::valueChanged, this,
          edit([this](FitConfig& f) { f.optimizer.momentum = momentum_->value(); }));
  connect(schedule_, &QComboBox::currentIndexChanged, this,
          edit([this](FitConfig& f) { f.schedule.kind = kSchedules[schedule_->currentIndex()]; }));
  connect(step_size_, &QSpinBox::valueChanged, this,
          edit([this](FitConfig& f) { f.schedule.step_size = step_size_->value(); }));
  connect(gamma_, &QDoubleSpinBox::valueChanged, this,
          edit([this](FitConfig& f) { f.schedule.gamma = gamma_->value(); }));
  connect(t_max_, &QSpinBox::valueChanged, this, edit([this](FitConfig& f) { f.schedule.t_max = t_max_->value(); }));
  connect(eta_min_, &QDoubleSpinBox::valueChanged, this,
          edit([this](FitConfig& f) { f.schedule.eta_min = eta_min_->value(); }));
  connect(factor_, &QDoubleSpinBox::valueChanged, this,
          edit([this](FitConfig& f) { f.schedule.factor = factor_->value(); }));
  connect(plateau_patience_, &QSpinBox::valueChanged, this,
          edit([this](FitConfig& f) { f.schedule.patience = plateau_patience_->value(); }));
  connect(epochs_, &QSpinBox::valueChanged, this, edit([this](FitConfig& f) { f.epochs = epochs_->value(); }));
  connect(batch_, &QSpinBox::valueChanged, this, edit([this](FitConfig& f) { f.batch_size = batch_->value(); }));
  connect(loss_, &QComboBox::currentIndexChanged, this,
          edit([this](FitConfig& f) { f.loss.kind = kLosses[loss_->currentIndex()]; }));
  connect(huber_delta_, &QDoubleSpinBox::valueChanged, this,
          edit([this](FitConfig& f) { f.loss.delta = huber_delta_->value(); }));
  connect(patience_, &QSpinBox::valueChanged, this, edit([this](FitConfig& f) { f.patience = patience_->value(); }));
  connect(min_delta_, &QDoubleSpinBox::valueChanged, this,
          edit([this](FitConfig& f) { f.min_delta = min_delta_->value(); }));
  connect(restore_best_, &QCheckBox::toggled, this,
          edit([this](FitConfig& f) { f.restore_best = restore_best_->isChecked(); }));
  connect(clip_, &QDoubleSpinBox::valueChanged, this, edit([this](FitConfig& f) { f.clip_norm = clip_->value(); }));
  connect(shuffle_, &QCheckBox::toggled, this, edit([this](FitConfig& f) { f.shuffle = shuffle_->isChecked(); }));
  connect(threads_, &QSpinBox::valueChanged, this, edit([this](FitConfig& f) { f.threads = threads_->value(); }));
  // One seed, as a script would set it: the initial weights and the training's shuffling/dropout.
  connect(seed_, &QSpinBox::valueChanged, this, [this] {
    InitOptions init = doc_->initOptions();
    init.seed = std::uint64_t(seed_->value());
    FitConfig fit = doc_->fitConfig();
    fit.seed = init.seed;
    doc_->setFitConfig(fit);
    doc_->setInitOptions(init);
  });
  connect(init_, &QComboBox::currentIndexChanged, this, [this] {
    InitOptions init = doc_->initOptions();
    init.scheme = parse_enum<InitScheme>(init_->currentText().toStdString());
    doc_->setInitOptions(init);
  });
}

void HyperparameterForm::refresh() {
  const FitConfig& f = doc_->fitConfig();
  const InitOptions& init = doc_->initOptions();
  set_index(optimizer_, index_of(kOptimizers, f.optimizer.kind));
  set_value(lr_, f.optimizer.lr);
  set_value(weight_decay_, f.optimizer.weight_decay);
  set_value(momentum_, f.optimizer.momentum);
  set_index(schedule_, index_of(kSchedules, f.schedule.kind));
  set_value(step_size_, f.schedule.step_size);
  set_value(gamma_, f.schedule.gamma);
  set_value(t_max_, f.schedule.t_max);
  set_value(eta_min_, f.schedule.eta_min);
  set_value(factor_, f.schedule.factor);
  set_value(plateau_patience_, f.schedule.patience);
  set_value(epochs_, f.epochs);
  set_value(batch_, f.batch_size);
  set_index(loss_, index_of(kLosses, f.loss.kind));
  set_value(huber_delta_, f.loss.delta);
  set_value(patience_, f.patience);
  set_value(min_delta_, f.min_delta);
  set_checked(restore_best_, f.restore_best);
  set_value(clip_, f.clip_norm);
  set_checked(shuffle_, f.shuffle);
  set_value(seed_, (long long)(f.seed));
  set_value(threads_, f.threads);
  set_index(init_, init_->findText(QString::fromStdString(to_string(init.scheme))));

  // Settings that only mean something for the current choice are shown only with it.
  const OptimizerKind opt = f.optimizer.kind;
  form_->setRowVisible(momentum_, opt == OptimizerKind::SGD || opt == OptimizerKind::RMSprop);
  const ScheduleKind s = f.schedule.kind;
  form_->setRowVisible(step_size_, s == ScheduleKind::Step);
  form_->setRowVisible(gamma_, s == ScheduleKind::Step);
  form_->setRowVisible(t_max_, s == ScheduleKind::Cosine);
  form_->setRowVisible(eta_min_, s == ScheduleKind::Cosine);
  form_->setRowVisible(factor_, s == ScheduleKind::ReduceOnPlateau);
  form_->setRowVisible(plateau_patience_, s == ScheduleKind::ReduceOnPlateau);
  form_->setRowVisible(huber_delta_, f.loss.kind == LossKind::Huber);
}

}  // namespace rnnwb::ui
