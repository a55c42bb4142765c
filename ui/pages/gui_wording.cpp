#include "ui/pages/gui_wording.hpp"

#include <QRegularExpression>
#include <utility>

namespace rnnwb::ui {

QString in_gui_words(const QString& engine_message) {
  QString s = engine_message;
  // Specific phrasings first, then any remaining "--flag" loses its dashes.
  static const std::pair<const char*, const char*> kPhrases[] = {
      {"; use --missing interpolate|ffill|drop",
       ". Choose a missing-value policy (interpolate, ffill or drop) on the Data page"},
      {"(--missing interpolate, ffill or drop)", "(interpolate, ffill or drop, on the Data page)"},
      {"use a shorter --window, a smaller --horizon, or change --split",
       "use a shorter window, a smaller horizon, or change the split (Data page)"},
      {"difference it (--diff 1)", "difference it (differencing lag 1 on the Normalise page)"},
      {"add --log", "tick log too"},
      {"Try --log", "Try log"},
      {"(--target)", "(tick one in the Targets list)"},
      {"add it to --features", "tick it in the Input features list on the Data page"},
      {" (--window)", ""},
      {" (--horizon)", ""},
  };
  for (const auto& [from, to] : kPhrases) s.replace(QLatin1String(from), QLatin1String(to));
  static const QRegularExpression window_above(R"(\(--window > (\d+)\))");
  s.replace(window_above, "(a window above \\1 rows)");
  static const QRegularExpression flag(R"(--([a-z][a-z-]*))");
  s.replace(flag, "\\1");
  if (!s.isEmpty()) s[0] = s[0].toUpper();
  return s;
}

QString in_gui_words(const std::string& engine_message) { return in_gui_words(QString::fromStdString(engine_message)); }

}  // namespace rnnwb::ui
