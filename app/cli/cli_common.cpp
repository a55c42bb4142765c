#include "cli_common.hpp"

#include <fast_float/fast_float.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <system_error>

#include "app/cli/cli_wording.hpp"
#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "interrupt.hpp"

namespace rnnwb::cli {

int run_guarded(const std::function<int()>& command) {
  try {
    return command();
  } catch (const Interrupted& e) {
    std::cerr << "rnnwb: " << terminal_safe(e.what()) << "\n";
    return 128 + e.signal;
  } catch (const DataError& e) {
    std::cerr << "rnnwb: data error: " << terminal_safe(cli_words(e)) << "\n";
    return kData;
  } catch (const ShapeError& e) {
    std::cerr << "rnnwb: data error: " << terminal_safe(cli_words(e)) << "\n";
    return kData;
  } catch (const FileError& e) {
    std::cerr << "rnnwb: file error: " << terminal_safe(cli_words(e)) << "\n";
    return kModelFile;
  } catch (const ConfigError& e) {
    std::cerr << "rnnwb: usage error: " << terminal_safe(cli_words(e)) << "\n";
    return kUsage;
  } catch (const ModelError& e) {
    std::cerr << "rnnwb: usage error: " << terminal_safe(cli_words(e)) << "\n";
    return kUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << "rnnwb: usage error: out of memory: this run needs more memory than the machine gives it; use a "
                 "smaller model, batch or data set\n";
    return kUsage;
  } catch (const nlohmann::json::exception& e) {
    // Every file's JSON is read with checked access; one that still gets here is a damaged file.
    std::cerr << "rnnwb: file error: unexpected content in a file's metadata (" << terminal_safe(e.what()) << ")\n";
    return kModelFile;
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "rnnwb: file error: " << terminal_safe(e.what()) << "\n";
    return kModelFile;
  } catch (const std::system_error& e) {
    std::cerr << "rnnwb: usage error: the system refused a resource: " << terminal_safe(e.what())
              << " (use fewer --threads, or free memory)\n";
    return kUsage;
  } catch (const std::exception& e) {
    // Only a bug gets here: every expected failure has its type and exit code above.
    std::cerr << "rnnwb: internal error (please report it): " << terminal_safe(e.what()) << "\n";
    return kInternal;
  }
}

namespace {

// The whole of `text` as a whole number in [lo, hi] ("4abc", "2e9" and "" are not).
std::optional<long long> whole_number(std::string_view text, long long lo, long long hi) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

}  // namespace

std::vector<int> int_list(const std::string& text, const std::string& flag, int lo, int hi) {
  std::vector<int> out;
  for (const std::string& item : split_list(text)) {
    const auto v = whole_number(item, lo, hi);
    if (!v)
      throw ConfigError(flag + " takes whole numbers from " + std::to_string(lo) + " to " + std::to_string(hi) +
                        " separated by commas, e.g. 64,32; " + quote(item) + " is not one");
    out.push_back(int(*v));
  }
  return out;
}

CLI::Validator whole_number_in(long long lo, long long hi) {
  const std::string range = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        return whole_number(text, lo, hi) ? std::string() : "takes " + range + ", got " + quote(text);
      },
      range);
}

CLI::Validator number_in(double lo, double hi) {
  char range[96];
  std::snprintf(range, sizeof range, "a number from %g to %g", lo, hi);
  return CLI::Validator(
      [lo, hi, r = std::string(range)](std::string& text) -> std::string {
        double v = 0;
        const auto [end, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || !(v >= lo && v <= hi))
          return "takes " + r + ", got " + quote(text);
        return {};
      },
      range);
}

void refuse_output_over_input(const std::vector<FlagPath>& outputs, const std::vector<FlagPath>& inputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const std::string& out_flag = outputs[i].first;  // not a structured binding: lambdas capture it
    const std::string& out_path = outputs[i].second;
    if (out_path.empty()) continue;
    const auto clash = [&](const FlagPath& other, const char* why) {
      if (!other.second.empty() && same_file(out_path, other.second))
        throw ConfigError(out_flag + " " + quote(out_path) + " and " + other.first + " " + quote(other.second) +
                          " name the same file: " + why + "; give " + out_flag + " another path");
    };
    for (const FlagPath& in : inputs)
      if (in.second.rfind("sample:", 0) != 0) clash(in, "the output would be written over the input");
    for (std::size_t j = i + 1; j < outputs.size(); ++j) clash(outputs[j], "one output would replace the other");
  }
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::stringstream in(text);
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

namespace {
std::string cell(double v) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, std::abs(v) >= 1e5 || (std::abs(v) < 1e-3 && v != 0) ? "%.3e" : "%.4f", v);
  return buf;
}
}  // namespace

namespace {

// A split's RMSE of the model and of persistence in one series' evaluation, NaN when absent.
std::pair<double, double> rmse_pair(const Evaluation& e, Split split) {
  const auto m = e.model.find(split);
  const auto b = e.baselines.find("persistence");
  const double model = m == e.model.end() ? NAN : m->second.rmse;
  double base = NAN;
  if (b != e.baselines.end())
    if (const auto s = b->second.find(split); s != b->second.end()) base = s->second.rmse;
  return {model, base};
}

}  // namespace

std::string series_summary(const Evaluation& e) {
  // The test split when the series have one, else validation, else training.
  Split split = Split::Train;
  for (const Split s : {Split::Validation, Split::Test})
    for (const Evaluation& one : e.series)
      if (one.model.count(s)) split = s;
  std::vector<std::pair<double, std::size_t>> ratio;  // model RMSE / persistence RMSE, worst first
  std::size_t beaten = 0;
  for (std::size_t k = 0; k < e.series.size(); ++k) {
    const auto [model, base] = rmse_pair(e.series[k], split);
    if (std::isnan(model)) continue;
    ratio.push_back({base > 0 ? model / base : INFINITY, k});
    beaten += model < base;
  }
  std::sort(ratio.begin(), ratio.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::ostringstream out;
  out << "per series (" << to_string(split) << "): the model beats persistence on " << beaten << " of " << ratio.size()
      << " series";
  if (!e.series_skipped.empty()) out << "; " << e.series_skipped.size() << " series skipped (too short)";
  out << "\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-24s %12s %14s %8s\n", "series (worst first)", "RMSE", "persistence", "ratio");
  out << line;
  for (std::size_t i = 0; i < ratio.size() && i < 10; ++i) {
    const auto [model, base] = rmse_pair(e.series[ratio[i].second], split);
    std::snprintf(line, sizeof line, "  %-24s %12s %14s %8s\n", printable(e.series_ids[ratio[i].second]).c_str(),
                  cell(model).c_str(), cell(base).c_str(), cell(ratio[i].first).c_str());
    out << line;
  }
  if (ratio.size() > 10) out << "  ... " << ratio.size() - 10 << " more (all in --metrics-json)\n";
  return out.str();
}

namespace {

// rows actual, columns predicted; names cut to fit a column.
std::string confusion_table(const ClassMetrics& m, const std::vector<std::string>& names) {
  auto name = [&](std::size_t c) {
    std::string n = c < names.size() ? printable(names[c]) : std::to_string(c);
    return n.size() > 10 ? n.substr(0, 9) + "~" : n;
  };
  std::ostringstream out;
  char field[64];
  out << "  " << std::string(12, ' ');
  for (std::size_t c = 0; c < m.confusion.size(); ++c) {
    std::snprintf(field, sizeof field, " %10s", name(c).c_str());
    out << field;
  }
  out << "\n";
  for (std::size_t a = 0; a < m.confusion.size(); ++a) {
    std::snprintf(field, sizeof field, "  %-12s", name(a).c_str());
    out << field;
    for (std::size_t p = 0; p < m.confusion[a].size(); ++p) {
      std::snprintf(field, sizeof field, " %10zu", m.confusion[a][p]);
      out << field;
    }
    out << "\n";
  }
  return out.str();
}

// A classifier's metrics per split beside its baselines, then the confusion matrix of the last
// split evaluated (test when there is one).
std::string class_metrics_table(const Evaluation& e) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-11s %-15s %10s %10s %10s %8s\n", "split", "classifier", "accuracy", "macro F1",
                "log loss", "count");
  out << line;
  const ClassMetrics* last = nullptr;
  Split last_split = Split::Train;
  for (const Split split : {Split::Train, Split::Validation, Split::Test}) {
    auto row = [&](const char* who, const ClassMetrics& m) {
      std::snprintf(line, sizeof line, "%-11s %-15s %10s %10s %10s %8zu\n", to_string(split).c_str(), who,
                    cell(m.accuracy).c_str(), cell(m.macro_f1).c_str(), cell(m.log_loss).c_str(), m.count);
      out << line;
    };
    const auto it = e.classes.find(split);
    if (it == e.classes.end()) continue;
    row("model", it->second);
    for (const auto& [name, splits] : e.class_baselines) {
      const auto b = splits.find(split);
      if (b != splits.end()) row(name.c_str(), b->second);
    }
    last = &it->second;
    last_split = split;
  }
  if (last)
    out << "\nconfusion matrix, " << to_string(last_split) << " split (rows actual, columns predicted):\n"
        << confusion_table(*last, e.class_names);
  return out.str();
}

}  // namespace

std::string interval_lines(const std::vector<IntervalCoverage>& coverage, const std::string& method) {
  std::ostringstream out;
  out << "prediction intervals (" << method << ", on the test rows):\n";
  for (const IntervalCoverage& c : coverage) {
    char line[256];
    if (std::isfinite(c.mean_width))
      std::snprintf(line, sizeof line, "  %s%% band: %.1f%% of test values inside, mean width %s\n",
                    level_label(c.nominal).c_str(), 100 * c.empirical, cell(c.mean_width).c_str());
    else
      std::snprintf(line, sizeof line,
                    "  %s%% band: unbounded (too few validation rows for this level; %.1f%% inside)\n",
                    level_label(c.nominal).c_str(), 100 * c.empirical);
    out << line;
  }
  return out.str();
}

std::string metrics_table(const Evaluation& e) {
  if (e.is_classification()) return class_metrics_table(e);
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-11s %-15s %12s %12s %12s %9s %9s %9s %9s\n", "split", "forecast", "RMSE", "MAE",
                "MSE", "MAPE%", "sMAPE%", "R2", "MASE");
  out << line;
  for (const Split split : {Split::Train, Split::Validation, Split::Test}) {
    auto row = [&](const char* who, const Metrics& m) {
      std::snprintf(line, sizeof line, "%-11s %-15s %12s %12s %12s %9s %9s %9s %9s\n", to_string(split).c_str(), who,
                    cell(m.rmse).c_str(), cell(m.mae).c_str(), cell(m.mse).c_str(), cell(m.mape).c_str(),
                    cell(m.smape).c_str(), cell(m.r2).c_str(), cell(m.mase).c_str());
      out << line;
    };
    const auto it = e.model.find(split);
    if (it == e.model.end()) continue;
    row("model", it->second);
    for (const auto& [name, splits] : e.baselines) {
      const auto b = splits.find(split);
      if (b != splits.end()) row(name.c_str(), b->second);
    }
  }
  if (!e.intervals.empty()) out << "\n" << interval_lines(e.intervals, e.interval_method);
  if (!e.series.empty()) out << "\n" << series_summary(e);
  if (e.targets.size() > 1)
    for (std::size_t k = 0; k < e.targets.size() && k < e.target_names.size(); ++k)
      out << "\ntarget " << printable(e.target_names[k]) << ":\n" << metrics_table(e.targets[k]);
  return out.str();
}

void write_text(const std::string& path, const std::string& text) { write_file_atomically(path, text); }

}  // namespace rnnwb::cli
