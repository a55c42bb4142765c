#include "ui/sweep_dialog.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "engine/core/text.hpp"
#include "engine/experiments/sweep_suggestion.hpp"
#include "ui/pages/gui_wording.hpp"

namespace rnnwb::ui {

namespace {

constexpr int kMaxRandomRuns = 1000;
const char* const kRefusedStyle = "QLineEdit { border: 1px solid #b00020; }";

bool is_number(const SweepSetting& s) {
  return s.kind == SweepKind::Integer || s.kind == SweepKind::Real || s.kind == SweepKind::Stack;
}

QString joined(const std::vector<std::string>& values) {
  QStringList out;
  for (const std::string& v : values) out << QString::fromStdString(v);
  return out.join(", ");
}

// "lo..hi" (or the engine's lo:hi) as lo:hi.
QString range_text(QString text) {
  text = text.trimmed();
  text.replace("..", ":");
  return text;
}

}  // namespace

SweepDialog::SweepDialog(const Session& base, QWidget* parent) : QDialog(parent), base_(base) {
  setWindowTitle(tr("Sweep"));
  setObjectName("sweepDialog");
  auto* intro = new QLabel(
      tr("Tick the settings to vary. Each run trains the current data and model with one combination, one run after "
         "another on the training thread; the runs appear on the Runs page as they finish."));
  intro->setWordWrap(true);
  runs_ = new QLabel;
  runs_->setObjectName("sweepRunCount");
  runs_->setStyleSheet("font-weight: bold;");
  error_label_ = new QLabel;
  error_label_->setObjectName("sweepError");
  error_label_->setWordWrap(true);
  error_label_->setStyleSheet("color: #b00020;");
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons_->setObjectName("sweepButtons");
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(buildRows(), 1);
  layout->addWidget(buildSearch());
  layout->addWidget(runs_);
  layout->addWidget(error_label_);
  layout->addWidget(buttons_);
  resize(960, 700);
  refresh();
}

QWidget* SweepDialog::buildRows() {
  auto* inner = new QWidget;
  auto* grid = new QGridLayout(inner);
  grid->setColumnStretch(2, 2);
  grid->setColumnStretch(4, 3);
  int line = 0;
  const QStringList headers = {tr("Vary"), tr("As"), tr("Values (comma-separated) or range lo..hi"), tr("Log"),
                               tr("What it changes")};
  for (int c = 0; c < headers.size(); ++c) {
    auto* h = new QLabel("<b>" + headers[c] + "</b>");
    grid->addWidget(h, line, c);
  }
  for (const SweepSetting& s : sweep_settings())
    if (!(s.series_only && base_.sequences)) addRow(grid, ++line, s);
  grid->setRowStretch(line + 1, 1);
  auto* scroll = new QScrollArea;
  scroll->setWidget(inner);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setFrameShape(QFrame::NoFrame);
  return scroll;
}

void SweepDialog::addRow(QGridLayout* grid, int line, const SweepSetting& s) {
  const QString name = QString::fromStdString(s.name);
  const std::string current = sweep_value_of(base_, s);
  Row row{&s, new QCheckBox(name), new QComboBox, new QLineEdit, new QCheckBox, {}};
  row.suggested = joined(suggested_sweep_values(s, current));
  row.vary->setObjectName("sweepVary_" + name);
  row.mode->setObjectName("sweepMode_" + name);
  row.values->setObjectName("sweepValues_" + name);
  row.log->setObjectName("sweepLog_" + name);
  row.mode->addItem(tr("values"));
  if (is_number(s)) row.mode->addItem(tr("range"));
  row.mode->setEnabled(false);
  row.values->setText(row.suggested);
  row.values->setEnabled(false);
  row.log->setEnabled(false);
  row.log->setToolTip(
      tr("Draw the range log-uniformly (for rates: as many draws from 0.0001 to 0.001 as from "
         "0.001 to 0.01)"));
  auto* help = new QLabel(QString::fromStdString(s.help));
  help->setStyleSheet("color: #555;");
  help->setWordWrap(true);  // a long one takes two lines rather than a scroll bar
  if (current.empty()) {    // the setting does not apply to this stack or data
    row.vary->setEnabled(false);
    help->setText(tr("%1 (not for this layer stack: vary it on the Model page)").arg(help->text()));
  } else {
    row.vary->setToolTip(tr("Now %1").arg(QString::fromStdString(current)));
  }
  const int index = int(rows_.size());
  connect(row.vary, &QCheckBox::toggled, this, [this, index](bool on) {
    const Row& r = rows_[std::size_t(index)];
    r.mode->setEnabled(on && r.mode->count() > 1);
    r.values->setEnabled(on);
    r.log->setEnabled(on && r.mode->currentIndex() == 1);
    refresh();
  });
  connect(row.mode, &QComboBox::currentIndexChanged, this, [this, index](int mode) {
    Row& r = rows_[std::size_t(index)];
    r.log->setEnabled(mode == 1);
    if (mode == 1) {  // a range: from the smallest to the largest suggested value
      const QStringList v = r.suggested.split(", ");
      r.values->setText(v.size() > 1 ? v.front() + ".." + v.back() : v.front() + ".." + v.front() + "0");
    } else {
      r.values->setText(r.suggested);
    }
    refresh();
  });
  connect(row.values, &QLineEdit::textChanged, this, &SweepDialog::refresh);
  connect(row.log, &QCheckBox::toggled, this, &SweepDialog::refresh);
  grid->addWidget(row.vary, line, 0);
  grid->addWidget(row.mode, line, 1);
  grid->addWidget(row.values, line, 2);
  grid->addWidget(row.log, line, 3);
  grid->addWidget(help, line, 4);
  rows_.push_back(row);
}

QWidget* SweepDialog::buildSearch() {
  grid_ = new QRadioButton(tr("&Grid: every combination"));
  grid_->setObjectName("sweepGrid");
  grid_->setChecked(true);
  random_ = new QRadioButton(tr("&Random search:"));
  random_->setObjectName("sweepRandom");
  count_ = new QSpinBox;
  count_->setObjectName("sweepRandomCount");
  count_->setRange(1, kMaxRandomRuns);
  count_->setValue(10);
  count_->setSuffix(tr(" runs"));
  seed_ = new QSpinBox;
  seed_->setObjectName("sweepSeed");
  seed_->setRange(0, 1000000);
  seed_->setPrefix(tr("seed "));
  seed_->setToolTip(tr("The same seed draws the same runs"));
  prune_ =
      new QCheckBox(tr("&Median pruning: stop a run whose validation loss is worse than the median of the "
                       "finished runs at the same epoch (once 3 runs have finished)"));
  prune_->setObjectName("sweepPrune");
  for (QRadioButton* b : {grid_, random_}) connect(b, &QRadioButton::toggled, this, &SweepDialog::refresh);
  connect(count_, &QSpinBox::valueChanged, this, &SweepDialog::refresh);
  connect(seed_, &QSpinBox::valueChanged, this, &SweepDialog::refresh);
  connect(prune_, &QCheckBox::toggled, this, [this](bool on) { plan_.prune = on; });
  auto* box = new QGroupBox(tr("Search"));
  auto* layout = new QVBoxLayout(box);
  auto* line = new QHBoxLayout;
  line->addWidget(grid_);
  line->addSpacing(24);
  line->addWidget(random_);
  line->addWidget(count_);
  line->addWidget(seed_);
  line->addStretch(1);
  layout->addLayout(line);
  layout->addWidget(prune_);
  return box;
}

QString SweepDialog::readAxis(const Row& row, SweepAxis& axis) const {
  const std::string name = row.setting->name;
  const bool range = row.mode->currentIndex() == 1;
  QString text = range ? range_text(row.values->text()) : row.values->text();
  if (range && row.log->isChecked()) text += ":log";
  try {
    axis = parse_sweep_axis(name + "=" + text.toStdString());
    // Checked on these settings too (the engine's own check is on a plain LSTM series).
    std::vector<std::string> values = axis.values;
    if (axis.range)
      for (double end : {axis.lo, axis.hi})
        values.push_back(row.setting->kind == SweepKind::Real ? number_text(end) : std::to_string(std::llround(end)));
    for (const std::string& v : values) {
      Session copy = base_;
      apply_sweep_value(copy, name, v);
    }
  } catch (const std::exception& e) {
    return gui_words(e);
  }
  if (axis.range && grid_->isChecked())
    return tr("%1 is a range: a grid needs listed values. Choose Random search to draw values from the range, or "
              "list them.")
        .arg(QString::fromStdString(name));
  return {};
}

QString SweepDialog::pointsOf(const std::vector<SweepAxis>& axes, std::vector<SweepPoint>& points) const {
  double combinations = 1;
  for (const SweepAxis& a : axes) combinations *= a.range ? 1e300 : double(a.values.size());
  if (grid_->isChecked() && combinations > double(kMaxSweepRuns))
    return tr("The grid has more than %1 combinations: list fewer values, or use Random search.").arg(kMaxSweepRuns);
  try {
    points = grid_->isChecked() ? grid_points(axes) : random_points(axes, std::size_t(count_->value()), seed_->value());
  } catch (const std::exception& e) {
    return gui_words(e);
  }
  return {};
}

void SweepDialog::refresh() {
  plan_.axes.clear();
  plan_.points.clear();
  error_.clear();
  for (const Row& row : rows_) {
    row.values->setStyleSheet({});
    if (!row.vary->isChecked()) continue;
    SweepAxis axis;
    const QString why = readAxis(row, axis);
    if (!why.isEmpty() && error_.isEmpty()) {
      error_ = why;
      row.values->setStyleSheet(kRefusedStyle);
    }
    if (why.isEmpty()) plan_.axes.push_back(axis);
  }
  if (error_.isEmpty() && !plan_.axes.empty()) error_ = pointsOf(plan_.axes, plan_.points);
  if (!error_.isEmpty()) plan_.points.clear();
  count_->setEnabled(random_->isChecked());
  seed_->setEnabled(random_->isChecked());
  const std::size_t n = plan_.points.size();
  if (plan_.axes.empty() && error_.isEmpty())
    runs_->setText(tr("0 runs: tick at least one setting to vary."));
  else
    runs_->setText(n == 1 ? tr("1 run") : tr("%1 runs").arg(n));
  if (random_->isChecked() && error_.isEmpty() && n > 0 && n < std::size_t(count_->value()))
    runs_->setText(tr("%1 (the settings have only %2 combinations)").arg(runs_->text()).arg(n));
  error_label_->setText(error_);
  error_label_->setVisible(!error_.isEmpty());
  QPushButton* ok = buttons_->button(QDialogButtonBox::Ok);
  ok->setEnabled(n > 0);
  ok->setText(n == 1 ? tr("Start 1 run") : tr("Start %1 runs").arg(n));
}

}  // namespace rnnwb::ui
