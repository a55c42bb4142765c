#pragma once
// File dialogs that never block: no nested event loop (exec) and no modality, so training, the
// live charts and the Stop button keep working while the user picks a file.
#include <QString>
#include <functional>

class QWidget;

namespace rnnwb::ui {

enum class PathFor { Opening, Saving, Folder };

// Shows the dialog and returns at once; `chosen` runs with the path if the user accepts.
// `default_suffix` (saving only) is added to a name typed without one.
void ask_for_path(QWidget* parent, PathFor purpose, const QString& title, const QString& start, const QString& filter,
                  std::function<void(const QString&)> chosen, const QString& default_suffix = {});

}  // namespace rnnwb::ui
