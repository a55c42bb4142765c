#pragma once
// The engine's hints (which setting would fix a problem, and with which values) in the
// workbench's words: the control that holds the setting and the page it is on. The command line
// words the same hints as flags (app/cli/cli_wording.hpp).
#include <QString>
#include <QStringList>
#include <exception>
#include <vector>

#include "engine/core/hint.hpp"

namespace rnnwb::ui {

// The page a message is shown on: a hint to a control on that page does not name the page.
enum class GuiPlace { Elsewhere, DataPage };

QString gui_hint(const Hint& hint, GuiPlace here = GuiPlace::Elsewhere);
// The whole message in GUI words, as the engine begins it (lower-case, to follow other words).
QString gui_text(const Message& message, GuiPlace here = GuiPlace::Elsewhere);
// gui_text with its first letter upper-case, to stand on its own.
QString gui_words(const Message& message, GuiPlace here = GuiPlace::Elsewhere);
// An engine error's message in GUI words; what() for any other exception.
QString gui_words(const std::exception& e, GuiPlace here = GuiPlace::Elsewhere);
QStringList gui_words(const std::vector<Message>& messages);
// `text` with its first letter upper-case (text already in GUI words).
QString capitalised(QString text);

}  // namespace rnnwb::ui
