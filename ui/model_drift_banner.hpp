#pragma once
// ModelDriftBanner: on the pages that use the trained model (Train, Predict, Export), says when the
// settings changed since that model was trained (WorkbenchDocument::modelDrift), with what changed,
// and offers Retrain (the main window starts a training) and Revert (the document's settings go
// back to the model's). Hidden while the model is what the settings would train.
#include <QFrame>
#include <QString>

class QLabel;
class QPushButton;

namespace rnnwb::ui {

class WorkbenchDocument;

class ModelDriftBanner : public QFrame {
  Q_OBJECT
 public:
  // `page_note` says what the page does meanwhile ("The predictions below are the model's…").
  ModelDriftBanner(WorkbenchDocument* doc, const QString& page_note, QWidget* parent = nullptr);
  QString text() const;

 signals:
  void retrainRequested();

 private:
  void refresh();

  WorkbenchDocument* doc_;
  QString page_note_;
  QLabel* text_;
  QPushButton *retrain_, *revert_;
};

}  // namespace rnnwb::ui
