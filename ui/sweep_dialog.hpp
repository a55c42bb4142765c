#pragma once
// SweepDialog (Train > Sweep…): which settings a sweep varies and how. One row per setting the
// engine can sweep (sweep_settings(); a sequence dataset hides the series-only ones): tick it, then
// list its values (prefilled with the current value and its neighbours) or, for a number, give a
// range lo..hi (log-uniform with Log) for random search. Grid runs every combination, Random N
// draws N of them from a seed. The number of runs follows every change, and a value the engine
// refuses is named in red under the rows (OK is disabled until it is fixed). Median pruning is
// optional. OK leaves the points in plan() for the caller to queue.
#include <QDialog>
#include <QString>
#include <vector>

#include "engine/experiments/sweep_space.hpp"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace rnnwb::ui {

struct SweepPlan {
  std::vector<SweepAxis> axes;
  std::vector<SweepPoint> points;  // empty while the choices have an error
  bool prune = false;
};

class SweepDialog : public QDialog {
  Q_OBJECT
 public:
  // `base`: the settings every run starts from (WorkbenchDocument::currentSettings()).
  explicit SweepDialog(const Session& base, QWidget* parent = nullptr);

  const SweepPlan& plan() const { return plan_; }
  QString error() const { return error_; }  // empty when the choices give runs

 private:
  struct Row {
    const SweepSetting* setting;
    QCheckBox* vary;
    QComboBox* mode;  // values or range (numbers only)
    QLineEdit* values;
    QCheckBox* log;
    QString suggested;  // the prefilled list
  };
  QWidget* buildRows();
  QWidget* buildSearch();
  void addRow(QGridLayout* grid, int line, const SweepSetting& setting);
  void refresh();  // the plan, the run count and the error from the widgets
  // The row's axis, checked against the base settings; the error in GUI words when it is refused.
  QString readAxis(const Row& row, SweepAxis& axis) const;
  QString pointsOf(const std::vector<SweepAxis>& axes, std::vector<SweepPoint>& points) const;

  Session base_;
  std::vector<Row> rows_;
  QRadioButton *grid_, *random_;
  QSpinBox *count_, *seed_;
  QCheckBox* prune_;
  QLabel *runs_, *error_label_;
  QDialogButtonBox* buttons_;
  SweepPlan plan_;
  QString error_;
};

}  // namespace rnnwb::ui
