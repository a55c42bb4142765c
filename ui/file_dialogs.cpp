#include "ui/file_dialogs.hpp"

#include <QFileDialog>

namespace rnnwb::ui {

void ask_for_path(QWidget* parent, PathFor purpose, const QString& title, const QString& start, const QString& filter,
                  std::function<void(const QString&)> chosen, const QString& default_suffix) {
  auto* dialog = new QFileDialog(parent, title, start, filter);
  dialog->setObjectName("fileDialog");
  dialog->setOption(QFileDialog::DontUseNativeDialog);  // a native one may run its own loop
  switch (purpose) {
    case PathFor::Opening:
      dialog->setFileMode(QFileDialog::ExistingFile);
      break;
    case PathFor::Saving:
      dialog->setAcceptMode(QFileDialog::AcceptSave);
      dialog->setDefaultSuffix(default_suffix);
      break;
    case PathFor::Folder:
      dialog->setFileMode(QFileDialog::Directory);
      dialog->setOption(QFileDialog::ShowDirsOnly);
      break;
  }
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowModality(Qt::NonModal);
  QObject::connect(dialog, &QFileDialog::fileSelected, parent, std::move(chosen));
  dialog->show();
}

}  // namespace rnnwb::ui
