#pragma once
// The engine words its errors for the command line ("use --missing interpolate|ffill|drop").
// in_gui_words says the same thing in terms of the workbench's controls.
#include <QString>
#include <string>

namespace rnnwb::ui {

QString in_gui_words(const QString& engine_message);
QString in_gui_words(const std::string& engine_message);

}  // namespace rnnwb::ui
