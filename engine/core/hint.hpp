#pragma once
// Messages that point at a setting without wording it for one front end. The engine knows WHICH
// setting would fix a problem and which values would work; the command line words that as a flag
// ("--missing interpolate|ffill|drop"), the workbench as its controls ("on the Data page").
#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rnnwb {

// The settings an engine message can point at.
enum class Setting {
  Window,
  Horizon,
  Split,
  MissingPolicy,
  Log,
  Diff,
  Season,
  Target,
  Features,
  SplitBy,       // split by time or by series
  ScalePer,      // scaling fitted globally or per series
  SeriesId,      // which series (a per-series model's export, a forecast of one series)
  FeatureNames,  // a sequence dataset's feature names
  TargetNames,   // a sequence dataset's target names
  // How a CSV is read: columns left out, its time column (values: the column), its decimal mark
  // (values: point, comma).
  IgnoreColumns,
  TimeColumn,
  Decimal,
};

struct Hint {
  // Where the hint sits in its sentence decides its wording:
  //   Name:  the setting as a noun ("use a shorter <window>");
  //   Where: a parenthesis after words that already name it ("at least 1 row <(--window)>");
  //   Use:   a whole instruction ("; <use --missing interpolate|ffill|drop>").
  enum class Form { Name, Where, Use };
  Form form = Form::Where;
  Setting setting = Setting::Window;
  std::vector<std::string> values;  // values that would work, e.g. "interpolate", "ffill"
  long above = -1;                  // >= 0: any value above this one works

  static Hint name(Setting s) { return {Form::Name, s, {}, -1}; }
  static Hint where(Setting s, std::vector<std::string> values = {}) { return {Form::Where, s, std::move(values), -1}; }
  static Hint where_above(Setting s, long bound) { return {Form::Where, s, {}, bound}; }
  static Hint use(Setting s, std::vector<std::string> values = {}) { return {Form::Use, s, std::move(values), -1}; }
};

// How a front end words one hint.
using HintWording = std::function<std::string(const Hint&)>;

// Text and hints in sentence order.
class Message {
 public:
  Message() = default;
  Message(std::string text) { *this << std::move(text); }    // NOLINT(google-explicit-constructor)
  Message(const char* text) : Message(std::string(text)) {}  // NOLINT(google-explicit-constructor)

  Message& operator<<(std::string text);
  Message& operator<<(const char* text) { return *this << std::string(text); }
  Message& operator<<(const Hint& hint);
  Message& operator<<(const Message& more);

  bool empty() const { return parts_.empty(); }
  std::vector<Hint> hints() const;
  std::string worded(const HintWording& word) const;
  // The wording for logs and what(): each setting by its plain name, no front end's controls.
  std::string neutral() const;

 private:
  std::vector<std::variant<std::string, Hint>> parts_;
};

// "a, b or c" (last = " or ") or "a|b|c" (sep = last = "|").
std::string join_values(const std::vector<std::string>& values, const std::string& sep, const std::string& last);

// The plain noun for a setting ("window", "missing-value policy").
const char* setting_noun(Setting s);
std::string neutral_wording(const Hint& hint);

}  // namespace rnnwb
