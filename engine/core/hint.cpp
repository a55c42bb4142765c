#include "engine/core/hint.hpp"

namespace rnnwb {

Message& Message::operator<<(std::string text) {
  if (text.empty()) return *this;
  if (!parts_.empty())
    if (auto* last = std::get_if<std::string>(&parts_.back())) {
      *last += text;
      return *this;
    }
  parts_.emplace_back(std::move(text));
  return *this;
}

Message& Message::operator<<(const Hint& hint) {
  parts_.emplace_back(hint);
  return *this;
}

Message& Message::operator<<(const Message& more) {
  for (const auto& part : more.parts_) std::visit([this](const auto& p) { *this << p; }, part);
  return *this;
}

std::vector<Hint> Message::hints() const {
  std::vector<Hint> out;
  for (const auto& part : parts_)
    if (const auto* h = std::get_if<Hint>(&part)) out.push_back(*h);
  return out;
}

std::string Message::worded(const HintWording& word) const {
  std::string out;
  for (const auto& part : parts_)
    out += std::holds_alternative<std::string>(part) ? std::get<std::string>(part) : word(std::get<Hint>(part));
  return out;
}

std::string Message::neutral() const { return worded(neutral_wording); }

std::string join_values(const std::vector<std::string>& values, const std::string& sep, const std::string& last) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i)
    out += (i == 0 ? "" : i + 1 == values.size() ? last : sep) + values[i];
  return out;
}

const char* setting_noun(Setting s) {
  switch (s) {
    case Setting::Window:
      return "window";
    case Setting::Horizon:
      return "horizon";
    case Setting::Split:
      return "split";
    case Setting::MissingPolicy:
      return "missing-value policy";
    case Setting::Log:
      return "log";
    case Setting::Diff:
      return "differencing lag";
    case Setting::Season:
      return "season";
    case Setting::Target:
      return "targets";
    case Setting::Features:
      return "input features";
    case Setting::SplitBy:
      return "split by";
    case Setting::ScalePer:
      return "scaling per";
    case Setting::SeriesId:
      return "series";
    case Setting::FeatureNames:
      return "feature names";
    case Setting::TargetNames:
      return "target names";
    case Setting::IgnoreColumns:
      return "columns to ignore";
    case Setting::TimeColumn:
      return "time column";
    case Setting::Decimal:
      return "decimal mark";
  }
  return "setting";
}

std::string neutral_wording(const Hint& h) {
  const std::string noun = setting_noun(h.setting);
  const std::string values = join_values(h.values, ", ", " or ");
  switch (h.form) {
    case Hint::Form::Name:
      return noun;
    case Hint::Form::Where:
      if (h.above >= 0) return " (" + noun + " > " + std::to_string(h.above) + ")";
      return " (" + noun + (values.empty() ? "" : ": " + values) + ")";
    case Hint::Form::Use:
      return "set the " + noun + (values.empty() ? "" : " to " + values);
  }
  return noun;
}

}  // namespace rnnwb
