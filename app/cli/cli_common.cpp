#include "cli_common.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/data/samples.hpp"
#include "engine/io/atomic_write.hpp"
#include "engine/io/sha256.hpp"

namespace rnnwb::cli {

int run_guarded(const std::function<int()>& command) {
  try {
    return command();
  } catch (const DataError& e) {
    std::cerr << "rnnwb: data error: " << e.what() << "\n";
    return kData;
  } catch (const ShapeError& e) {
    std::cerr << "rnnwb: data error: " << e.what() << "\n";
    return kData;
  } catch (const FileError& e) {
    std::cerr << "rnnwb: file error: " << e.what() << "\n";
    return kModelFile;
  } catch (const ConfigError& e) {
    std::cerr << "rnnwb: usage error: " << e.what() << "\n";
    return kUsage;
  } catch (const ModelError& e) {
    std::cerr << "rnnwb: usage error: " << e.what() << "\n";
    return kUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << "rnnwb: error: out of memory: use fewer units, layers or a smaller batch\n";
    return kInternal;
  } catch (const std::exception& e) {
    std::cerr << "rnnwb: internal error: " << e.what() << "\n";
    return kInternal;
  }
}

LoadedData load_data(const std::string& spec, const std::string& time_column) {
  CsvOptions options;
  options.time_column = time_column;
  std::string text;
  std::string source = spec;
  if (spec.rfind("sample:", 0) == 0) {
    const std::string name = spec.substr(7);
    const auto csv = sample_csv(name);
    if (!csv) {
      std::string names;
      for (const auto& s : sample_list()) names += (names.empty() ? "" : ", ") + s.name;
      throw DataError("no sample named \"" + name + "\": the samples are " + names);
    }
    text.assign(csv->begin(), csv->end());
    if (time_column.empty())
      for (const auto& s : sample_list())
        if (s.name == name) options.time_column = s.time_column;
  } else {
    try {
      text = read_file(spec, std::size_t(4) << 30);
    } catch (const FileError& e) {
      throw DataError(e.what());
    }
  }
  return {parse_csv(text, options, source), sha256_hex(text), source};
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

std::string metrics_table(const Evaluation& e) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-11s %-15s %12s %12s %12s %9s %9s %9s %9s\n", "split", "forecast", "RMSE", "MAE",
                "MSE", "MAPE%", "sMAPE%", "R2", "MASE");
  out << line;
  for (const char* split : {"train", "validation", "test"}) {
    auto row = [&](const char* who, const Metrics& m) {
      std::snprintf(line, sizeof line, "%-11s %-15s %12s %12s %12s %9s %9s %9s %9s\n", split, who, cell(m.rmse).c_str(),
                    cell(m.mae).c_str(), cell(m.mse).c_str(), cell(m.mape).c_str(), cell(m.smape).c_str(),
                    cell(m.r2).c_str(), cell(m.mase).c_str());
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
  return out.str();
}

void write_text(const std::string& path, const std::string& text) { write_file_atomically(path, text); }

}  // namespace rnnwb::cli
