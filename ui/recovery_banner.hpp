#pragma once
// RecoveryBanner: the strip above the pages that offers the model of a training that was killed
// (non-modal: everything else keeps working). It shows what the main window found and says so;
// Restore and Discard are the main window's to carry out.
#include <QFrame>
#include <QString>

class QLabel;
class QPushButton;

namespace rnnwb::ui {

class RecoveryBanner : public QFrame {
  Q_OBJECT
 public:
  explicit RecoveryBanner(QWidget* parent = nullptr);

  void offer(const QString& rich_text);  // shows the banner with this text
  QString text() const;
  // Restore is offered only when it can be done now; `why` says what it does, or why not.
  void setRestoreEnabled(bool enabled, const QString& why);

 signals:
  void restoreClicked();
  void discardClicked();

 private:
  QLabel* text_;
  QPushButton *restore_, *discard_;
};

}  // namespace rnnwb::ui
