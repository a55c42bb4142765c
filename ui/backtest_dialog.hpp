#pragma once
// Predict page > Backtest… (and Train > Backtest…): folds, fold size, refit and gap, Run and Stop;
// the backtest runs on a worker (BacktestController), with progress per fold; then the chart of
// the fold origins and test blocks, and a table of each fold's metrics beside the baselines with
// the mean and spread over the folds.
#include <QDialog>
#include <memory>

#include "engine/workflow/backtest.hpp"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace rnnwb::ui {

class BacktestChart;
class BacktestController;
class WorkbenchDocument;

class BacktestDialog : public QDialog {
  Q_OBJECT
 public:
  explicit BacktestDialog(WorkbenchDocument* doc, QWidget* parent = nullptr);
  ~BacktestDialog() override;

  BacktestConfig config() const;
  bool isRunning() const;
  const BacktestResult* result() const { return result_.get(); }

 public slots:
  void run();
  void stop();

 signals:
  void backtestFinished();

 private:
  void showResult(std::shared_ptr<const BacktestResult> result);
  void fillTable(const BacktestResult& r);
  void setStatus(const QString& text, bool error = false);
  void setRunning(bool running);

  WorkbenchDocument* doc_;
  BacktestController* controller_;
  QSpinBox *folds_, *fold_size_, *gap_;
  QComboBox* refit_;
  QPushButton *run_, *stop_;
  QProgressBar* progress_;
  QLabel* status_;
  QTableWidget* table_;
  BacktestChart* chart_;
  std::shared_ptr<const BacktestResult> result_;
  std::shared_ptr<const Series> series_;  // what the result was computed on
};

}  // namespace rnnwb::ui
