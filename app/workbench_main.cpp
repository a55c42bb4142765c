// rnn-workbench: the desktop workbench. Opens with the sunspots sample loaded, ready to train.
#include <QApplication>
#include <QSettings>

#include "ui/main_window.hpp"
#include "ui/workbench_document.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("RNN Workbench");
  QApplication::setApplicationName("rnn-workbench");
  QApplication::setApplicationVersion("0.1.0");
  rnnwb::ui::MainWindow window;
  window.show();  // first, so that an error about the file named below is shown in a dialog
  const QStringList args = QApplication::arguments();
  // The sample first: a file that cannot be opened then leaves a series ready to train.
  window.openSample("sunspots");
  if (args.size() > 1) args[1].endsWith(".rnnwb") ? window.openSession(args[1]) : window.openCsv(args[1]);
  return QApplication::exec();
}
