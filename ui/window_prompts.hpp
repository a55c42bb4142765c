#pragma once
// The questions the main window asks before it loses work or opens a session whose data moved.
// Each is a modal message box or file chooser by default (default_prompts); tests replace them
// with functions that answer at once.
#include <QString>
#include <functional>

class QWidget;

namespace rnnwb::ui {

enum class SaveChoice { Save, Discard, Cancel };
enum class MissingDataChoice { Locate, WithoutData, Cancel };

struct WindowPrompts {
  // "Save changes to the session?" before the document is replaced or the window closes.
  std::function<SaveChoice(const QString& text)> save_changes;
  // Closing during training: true = stop and quit, false = keep training.
  std::function<bool()> stop_training_and_quit;
  // Closing during a sweep: true = stop it now and quit (the finished runs are kept, to be saved).
  std::function<bool()> stop_sweep_and_quit;
  // Where to save a session never saved (Save in the question above); empty when cancelled.
  std::function<QString()> session_path_to_save;
  // A session whose data file is missing: locate it, open the model without data, or cancel.
  std::function<MissingDataChoice(const QString& text)> missing_data;
  // The file chooser of "Locate the data file…"; empty when cancelled.
  std::function<QString(const QString& missing)> locate_data;
  // The located file is not the one the session was saved with (its SHA-256 differs): use it anyway?
  std::function<bool(const QString& text)> use_different_data;
};

WindowPrompts default_prompts(QWidget* parent);

}  // namespace rnnwb::ui
