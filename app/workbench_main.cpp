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
  const QStringList args = QApplication::arguments();
  QString error;
  if (args.size() > 1)
    error = args[1].endsWith(".rnnwb") ? window.openSession(args[1]) : window.openCsv(args[1]);
  if (args.size() <= 1 || !error.isEmpty()) window.openSample("sunspots");
  window.show();
  return QApplication::exec();
}
