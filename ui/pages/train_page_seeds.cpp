// TrainPage's multi-seed check: a sweep over the seed alone, then the spread of the runs' test RMSE
// (engine/workflow/seed_spread.hpp) as a small table under the charts.
#include <QInputDialog>
#include <QLabel>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/seed_list.hpp"
#include "ui/pages/train_page.hpp"
#include "ui/sweep_controller.hpp"
#include "ui/sweep_dialog.hpp"

namespace rnnwb::ui {

namespace {

QString figure(double v) {
  if (std::isnan(v)) return QStringLiteral("–");
  if (std::isinf(v)) return TrainPage::tr("diverged");
  return QString::number(v, 'g', 5);
}

}  // namespace

void TrainPage::openSeedCheck() {
  if (busy()) return;
  bool ok = false;
  const QString seeds = QInputDialog::getText(
      this, tr("Check the seed spread"),
      tr("Train the current settings once per seed (1-5, or 1,4,9).\nThe runs go to the Runs page; the spread of "
         "their test error shows here."),
      QLineEdit::Normal, QStringLiteral("1-5"), &ok);
  if (ok) startSeedCheck(seeds);
}

bool TrainPage::startSeedCheck(const QString& seeds) {
  SweepPlan plan;
  try {
    for (std::uint64_t seed : parse_seed_list(seeds.trimmed().toStdString()))
      plan.points.push_back({{"seed", std::to_string(seed)}});
  } catch (const ConfigError& e) {
    setStatus(tr("Cannot check the seeds: %1").arg(QString::fromStdString(e.message.neutral())), true);
    return false;
  }
  if (!startSweep(plan)) return false;
  seed_check_ = true;
  seed_runs_.clear();
  seed_spread_->hide();
  setStatus(tr("Seed check of %1 runs queued…").arg(plan.points.size()));
  return true;
}

void TrainPage::showSeedSpread() {
  seed_check_ = false;
  if (seed_runs_.empty()) return;
  const SeedSpread spread = seed_spread(seed_runs_);
  QString rows;
  for (std::size_t i = 0; i < spread.runs.size(); ++i) {
    const SeedOutcome& r = spread.runs[i];
    const QString style = i == spread.best ? QStringLiteral(" style='font-weight:bold'") : QString();
    rows += QStringLiteral("<tr%1><td>%2</td><td align='right'>%3</td><td align='right'>%4</td><td>%5</td></tr>")
                .arg(style, QString::number(r.seed), figure(r.validation_loss), figure(r.test_rmse),
                     i == spread.best ? tr("kept: lowest validation loss") : QString());
  }
  seed_spread_->setText(
      tr("<b>Seed check</b>: %1.<table cellspacing='6'><tr><th align='left'>seed</th><th>validation loss</th>"
         "<th>test RMSE</th><th></th></tr>%2</table>")
          .arg(QString::fromStdString(spread.verdict).toHtmlEscaped(), rows));
  seed_spread_->show();
}

}  // namespace rnnwb::ui
