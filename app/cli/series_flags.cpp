#include "app/cli/series_flags.hpp"

#include "app/cli/cli_common.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb::cli {

void add_series_flags(CLI::App* c, SeriesFlags& f, SeriesFlagSet set) {
  if (set != SeriesFlagSet::Export) {
    c->add_option("--series-column", f.column,
                  "Many series in long form: the column naming each row's series (text or numbers); rows of a "
                  "series in time order");
    c->add_option("--series-columns", f.columns,
                  "Many series in wide form: these columns (comma-separated, or all) are each one series of the same "
                  "quantity; the target is then \"value\"");
    c->add_option("--split-by", f.split_by,
                  "time: each series split by the --split fractions of its own rows (default); series: whole series "
                  "go to training, validation and test");
    c->add_option("--scale-per", f.scale_per,
                  "global: one scaler per column over all series' training rows (default); series: each series "
                  "scaled by its own training rows");
  }
  if (set != SeriesFlagSet::Training)
    c->add_option("--series", f.series,
                  set == SeriesFlagSet::Export ? "The series whose statistics a per-series model's export embeds"
                                               : "Only this series (by id); a per-series model needs it for --input");
}

SeriesForm series_form(const SeriesFlags& f, const Pipeline* model) {
  if (!f.column.empty() && !f.columns.empty())
    throw ConfigError("give --series-column (long form) or --series-columns (wide form), not both");
  SeriesForm form{f.column, f.columns.empty() ? std::vector<std::string>{} : split_list(f.columns)};
  if (!f.columns.empty() && form.columns.empty())
    throw ConfigError("--series-columns needs column names, e.g. --series-columns DAX,SMI,CAC or all");
  if (form.empty() && model) {
    if (!model->series_columns.empty())
      form.columns = model->series_columns;
    else
      form.column = model->series_name;
  }
  return form;
}

void apply_series_flags(const SeriesFlags& f, PipelineConfig& config) {
  if (!f.split_by.empty()) config.split_by = parse_enum<SplitBy>(f.split_by);
  if (!f.scale_per.empty()) config.scale_per = parse_enum<ScalePer>(f.scale_per);
}

Pipeline pipeline_for_data(const SeriesFlags& f, const Pipeline& model) {
  Pipeline p = model;
  if (!f.scale_per.empty() && parse_enum<ScalePer>(f.scale_per) != model.scale_per)
    throw ConfigError("the model was trained with --scale-per " + to_string(model.scale_per) +
                      "; its scaling is part of it, so --scale-per " + f.scale_per +
                      " cannot apply (leave the flag out, or train another model)");
  if (!f.split_by.empty()) p.split_by = parse_enum<SplitBy>(f.split_by);
  if (p.split_by == SplitBy::Series && p.per_series())
    throw ConfigError(
        "the model scales each series by its own training rows, which a series held out whole lacks: "
        "use --split-by time");
  return p;
}

Pipeline pipeline_for_windows(const SeriesFlags& f, const Pipeline& model) { return model.for_windows(f.series); }

std::string left_out_warning(const std::vector<std::string>& ids) {
  std::string names;
  for (std::size_t i = 0; i < ids.size() && i < 10; ++i) names += (i ? ", " : "") + quote(ids[i]);
  if (ids.size() > 10) names += ", ...";
  return std::to_string(ids.size()) + " series left out (shorter than the window, or never seen by a model " +
         "scaled per series; predict one alone with --series ID to see why): " + names;
}

}  // namespace rnnwb::cli
