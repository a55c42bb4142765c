#include "app/cli/cli_wording.hpp"

#include <algorithm>
#include <cctype>

#include "engine/core/error.hpp"

namespace rnnwb::cli {

namespace {
// A column name as one shell word: quoted when it holds anything but letters, digits and _.-
std::string shell_word(const std::string& name) {
  const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
  if (plain) return name;
  std::string out = "'";
  for (const char c : name) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

const char* flag_of(Setting setting) {
  switch (setting) {
    case Setting::Window:
      return "--window";
    case Setting::Horizon:
      return "--horizon";
    case Setting::Split:
      return "--split";
    case Setting::MissingPolicy:
      return "--missing";
    case Setting::Log:
      return "--log";
    case Setting::Diff:
      return "--diff";
    case Setting::Season:
      return "--season";
    case Setting::Target:
      return "--target";
    case Setting::Features:
      return "--features";
    case Setting::SplitBy:
      return "--split-by";
    case Setting::ScalePer:
      return "--scale-per";
    case Setting::SeriesId:
      return "--series";
    case Setting::FeatureNames:
      return "--feature-names";
    case Setting::TargetNames:
      return "--target-names";
    case Setting::IgnoreColumns:
      return "--ignore-columns";
    case Setting::TimeColumn:
      return "--time-column";
    case Setting::Decimal:
      return "--decimal";
  }
  return "--help";
}

std::string cli_hint(const Hint& h) {
  const std::string flag = flag_of(h.setting);
  switch (h.form) {
    case Hint::Form::Name:
      return flag;
    case Hint::Form::Where:
      if (h.above >= 0) return " (" + flag + " > " + std::to_string(h.above) + ")";
      return " (" + flag + (h.values.empty() ? "" : " " + join_values(h.values, ", ", " or ")) + ")";
    case Hint::Form::Use:
      if (h.setting == Setting::Log) return "add " + flag;             // a switch: no value
      if (h.setting == Setting::Features) return "add it to " + flag;  // the values are the column
      if (h.setting == Setting::IgnoreColumns || h.setting == Setting::TimeColumn)
        return "pass " + flag + (h.values.empty() ? "" : " " + shell_word(h.values.front()));
      return "use " + flag + (h.values.empty() ? "" : " " + join_values(h.values, "|", "|"));
  }
  return flag;
}

std::string cli_words(const Message& message) { return message.worded(cli_hint); }

std::string cli_words(const std::exception& e) { return cli_words(message_of(e)); }

}  // namespace rnnwb::cli
