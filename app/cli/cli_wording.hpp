#pragma once
// The engine's hints in command-line words: each setting is the flag that sets it
// ("use a shorter --window", "(--missing interpolate, ffill or drop)").
#include <exception>
#include <string>

#include "engine/core/hint.hpp"

namespace rnnwb::cli {

const char* flag_of(Setting setting);  // "--window"
std::string cli_hint(const Hint& hint);
std::string cli_words(const Message& message);
// An engine error's message in CLI words; what() for any other exception.
std::string cli_words(const std::exception& e);

}  // namespace rnnwb::cli
