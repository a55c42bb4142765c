// rnn-workbench: the desktop workbench. Opens with the sunspots sample loaded, ready to train.
#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

#include "engine/core/cpu_check.hpp"
#include "engine/workflow/checkpoint.hpp"
#include "ui/main_window.hpp"
#include "ui/workbench_document.hpp"

int main(int argc, char** argv) {
  rnnwb::require_cpu_features();  // a clear message, not an illegal instruction, on an older CPU
  QApplication app(argc, argv);
  QApplication::setOrganizationName("RNN Workbench");
  QApplication::setApplicationName("rnn-workbench");
  QApplication::setApplicationVersion("0.1.0");

  QCommandLineParser parser;
  parser.setApplicationDescription(
      "RNN Workbench: load a series, normalise it, build and train a recurrent network, predict and export.\n\n"
      "Crash recovery: while a model trains, its best weights and loss history are saved to a recovery file "
      "(recovery.safetensors in the application data folder, or in $RNNWB_RECOVERY_DIR when that is set). "
      "The file is removed when training ends; if the program was killed, or you quit during training, the next "
      "start offers to restore the model and its history.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("file", "A CSV series or an .rnnwb session to open (default: the sunspots sample).",
                               "[file]");
  const QCommandLineOption train({"t", "train"}, "Start training at once on the data opened (as F5).");
  const QCommandLineOption epochs("epochs", "With --train: train this many epochs, with early stopping off.", "N");
  const QCommandLineOption checkpoint_every(
      "checkpoint-every",
      "Write the recovery file at most every this many seconds during training (0 = after every epoch; "
      "default 10).",
      "SECONDS");
  parser.addOptions({train, epochs, checkpoint_every});
  parser.process(app);

  double every = rnnwb::kDefaultCheckpointSeconds;
  if (parser.isSet(checkpoint_every)) {
    bool ok = false;
    every = parser.value(checkpoint_every).toDouble(&ok);
    if (!ok || every < 0) {
      qCritical("rnn-workbench: --checkpoint-every takes a number of seconds >= 0");
      return 2;
    }
  }
  int epoch_count = 0;
  if (parser.isSet(epochs)) {
    bool ok = false;
    epoch_count = parser.value(epochs).toInt(&ok);
    if (!ok || epoch_count < 1) {
      qCritical("rnn-workbench: --epochs takes a whole number >= 1");
      return 2;
    }
  }

  rnnwb::ui::MainWindow window;
  window.show();  // first, so that an error about the file named below is shown in a dialog
  const QStringList args = parser.positionalArguments();
  // The sample first: a file that cannot be opened then leaves a series ready to train.
  window.openSample("sunspots");
  if (!args.isEmpty()) args[0].endsWith(".rnnwb") ? window.openSession(args[0]) : window.openCsv(args[0]);
  // Checkpoints from now on; a recovery file left by a killed training is offered in a banner.
  window.setRecoveryFile(rnnwb::ui::MainWindow::defaultRecoveryFile(), every);
  if (parser.isSet(train)) {
    if (epoch_count > 0) {
      rnnwb::FitConfig fit = window.document()->fitConfig();
      fit.epochs = epoch_count;
      fit.patience = 0;
      window.document()->setFitConfig(fit);
    }
    window.startTraining();
  }
  return QApplication::exec();
}
