#include "ui/pages/gui_wording.hpp"

#include "engine/core/error.hpp"

namespace rnnwb::ui {

namespace {

std::string capitalised_word(std::string word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = char(word[0] - 'a' + 'A');
  return word;
}

// Where each setting lives in the workbench, as "on the X page" (empty on that page itself).
std::string page_of(Setting s, GuiPlace here) {
  const bool normalise = s == Setting::Log || s == Setting::Diff || s == Setting::ScalePer;
  if (!normalise && here == GuiPlace::DataPage) return "";
  return normalise ? " on the Normalise page" : " on the Data page";
}

// The workbench's names of the many-series settings (the controls' labels).
std::string gui_noun(Setting s) {
  if (s == Setting::SplitBy) return "Split by";
  if (s == Setting::ScalePer) return "Scale per";
  return setting_noun(s);
}

std::string where(const Hint& h, GuiPlace here) {
  const std::string values = join_values(h.values, ", ", " or ");
  switch (h.setting) {
    case Setting::Window:
      return h.above >= 0 ? " (a window above " + std::to_string(h.above) + " rows)" : "";  // the text names it
    case Setting::Horizon:
      return "";
    case Setting::Target:
      return " (tick one in the Targets list)";
    case Setting::MissingPolicy:
      return " (" + values + (here == GuiPlace::DataPage ? "" : ", on the Data page") + ")";
    case Setting::Diff:
      return " (differencing lag " + values + page_of(h.setting, here) + ")";
    case Setting::Log:
      return " (tick log" + page_of(h.setting, here) + ")";
    case Setting::Split:
    case Setting::Season:
    case Setting::Features:
      return " (" + std::string(setting_noun(h.setting)) + page_of(h.setting, here) + ")";
    case Setting::SplitBy:
    case Setting::ScalePer:
      return " (" + gui_noun(h.setting) + page_of(h.setting, here) + ")";
    case Setting::SeriesId:
      return " (choose a series)";
    case Setting::FeatureNames:
    case Setting::TargetNames:
      return " (" + std::string(setting_noun(h.setting)) + ", when the sequence dataset is opened)";
    case Setting::IgnoreColumns:
      return " (the column's tick in the Columns list" + page_of(h.setting, here) + ")";
    case Setting::TimeColumn:
      return " (Time column" + page_of(h.setting, here) + ")";
    case Setting::Decimal:
      return " (Decimal separator" + page_of(h.setting, here) + ")";
  }
  return "";
}

std::string use(const Hint& h, GuiPlace here) {
  switch (h.setting) {
    case Setting::Log:
      return "tick log too";
    case Setting::Features:
      return "tick it in the Input features list" + page_of(h.setting, here);
    case Setting::SplitBy:
    case Setting::ScalePer: {
      // "choose split by time on the Data page", "choose global scaling (Scale per) on the Normalise page"
      const std::string values = join_values(h.values, ", ", " or ");
      if (h.setting == Setting::SplitBy)
        return "choose " + (values.empty() ? std::string("another split by") : "split by " + values) +
               page_of(h.setting, here);
      return "choose " + (values.empty() ? std::string("another") : values) + " scaling (Scale per)" +
             page_of(h.setting, here);
    }
    case Setting::MissingPolicy:
      return "choose a missing-value policy (" + join_values(h.values, ", ", " or ") + ")" + page_of(h.setting, here);
    case Setting::IgnoreColumns:
      return "untick it in the Columns list" + page_of(h.setting, here);
    case Setting::TimeColumn:
      return "choose it as the Time column" + page_of(h.setting, here);
    case Setting::Decimal:
      return "choose " + (h.values.empty() ? std::string("another") : capitalised_word(h.values.front())) +
             " as the Decimal separator" + page_of(h.setting, here);
    default:
      return "change the " + std::string(setting_noun(h.setting)) + page_of(h.setting, here);
  }
}

}  // namespace

QString gui_hint(const Hint& h, GuiPlace here) {
  switch (h.form) {
    case Hint::Form::Name:
      if (h.setting == Setting::Split)
        return here == GuiPlace::DataPage ? QStringLiteral("the split") : QStringLiteral("the split (Data page)");
      if (h.setting == Setting::SplitBy || h.setting == Setting::ScalePer)
        return QString::fromStdString(gui_noun(h.setting) + page_of(h.setting, here));
      return QString::fromUtf8(setting_noun(h.setting));
    case Hint::Form::Where:
      return QString::fromStdString(where(h, here));
    case Hint::Form::Use:
      return QString::fromStdString(use(h, here));
  }
  return {};
}

QString capitalised(QString text) {
  if (!text.isEmpty()) text[0] = text[0].toUpper();
  return text;
}

QString gui_text(const Message& message, GuiPlace here) {
  return QString::fromStdString(message.worded([here](const Hint& h) { return gui_hint(h, here).toStdString(); }));
}

QString gui_words(const Message& message, GuiPlace here) { return capitalised(gui_text(message, here)); }

QString gui_words(const std::exception& e, GuiPlace here) { return gui_words(message_of(e), here); }

QStringList gui_words(const std::vector<Message>& messages) {
  QStringList out;
  for (const Message& m : messages) out << gui_words(m);
  return out;
}

}  // namespace rnnwb::ui
