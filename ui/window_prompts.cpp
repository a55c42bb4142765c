#include "ui/window_prompts.hpp"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

namespace rnnwb::ui {

namespace {

// "<title>." with Stop and quit / Keep …: whether the user chose to stop and quit.
bool ask_stop_and_quit(QWidget* parent, const char* name, const QString& title, const QString& question,
                       const QString& keep_text) {
  QMessageBox box(QMessageBox::Question, title, title + ".", QMessageBox::NoButton, parent);
  box.setObjectName(name);
  box.setInformativeText(question);
  QPushButton* stop = box.addButton(QObject::tr("Stop and quit"), QMessageBox::AcceptRole);
  QPushButton* keep = box.addButton(keep_text, QMessageBox::RejectRole);
  box.setDefaultButton(keep);
  box.exec();
  return box.clickedButton() == stop;
}

}  // namespace

WindowPrompts default_prompts(QWidget* parent) {
  WindowPrompts p;
  p.save_changes = [parent](const QString& text) {
    QMessageBox box(QMessageBox::Question, QObject::tr("Save changes?"), QObject::tr("Save changes to the session?"),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setObjectName("saveChangesDialog");
    box.setInformativeText(text);
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    return answer == QMessageBox::Save      ? SaveChoice::Save
           : answer == QMessageBox::Discard ? SaveChoice::Discard
                                            : SaveChoice::Cancel;
  };
  p.stop_training_and_quit = [parent] {
    return ask_stop_and_quit(parent, "quitDuringTrainingDialog", QObject::tr("Training is running"),
                             QObject::tr("Stop it and quit? The model so far stays in the recovery file, and the "
                                         "next start offers to restore it."),
                             QObject::tr("Keep training"));
  };
  p.stop_sweep_and_quit = [parent] {
    return ask_stop_and_quit(parent, "quitDuringSweepDialog", QObject::tr("A sweep is running"),
                             QObject::tr("Stop it and quit? The run in progress stops; the finished runs are kept, "
                                         "and you are asked whether to save them in the session."),
                             QObject::tr("Keep sweeping"));
  };
  p.session_path_to_save = [parent] {
    QString path =
        QFileDialog::getSaveFileName(parent, QObject::tr("Save the session"), {}, QObject::tr("Sessions (*.rnnwb)"),
                                     nullptr, QFileDialog::DontUseNativeDialog);
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += ".rnnwb";
    return path;
  };
  p.missing_data = [parent](const QString& text) {
    QMessageBox box(QMessageBox::Warning, QObject::tr("The session's data is missing"), text, QMessageBox::NoButton,
                    parent);
    box.setObjectName("missingDataDialog");
    QPushButton* locate = box.addButton(QObject::tr("Locate the data file…"), QMessageBox::AcceptRole);
    QPushButton* without = box.addButton(QObject::tr("Open the model without data"), QMessageBox::ActionRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(locate);
    box.exec();
    return box.clickedButton() == locate    ? MissingDataChoice::Locate
           : box.clickedButton() == without ? MissingDataChoice::WithoutData
                                            : MissingDataChoice::Cancel;
  };
  p.locate_data = [parent](const QString& missing) {
    return QFileDialog::getOpenFileName(parent, QObject::tr("Locate %1").arg(QFileInfo(missing).fileName()),
                                        QFileInfo(missing).absolutePath(), QObject::tr("All files (*)"), nullptr,
                                        QFileDialog::DontUseNativeDialog);
  };
  p.use_different_data = [parent](const QString& text) {
    return QMessageBox::warning(parent, QObject::tr("Not the same file"), text, QMessageBox::Yes | QMessageBox::No,
                                QMessageBox::No) == QMessageBox::Yes;
  };
  return p;
}

}  // namespace rnnwb::ui
