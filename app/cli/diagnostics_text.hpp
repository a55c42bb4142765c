#pragma once
// rnnwb's plain-text rendering of a residual report (rnnwb evaluate --diagnostics): ACF bars with
// the 95% band, Ljung-Box and the verdict in CLI words, the histogram, the largest errors, and the
// error by step ahead beside the baselines.
#include <string>

#include "engine/workflow/residual_report.hpp"

namespace rnnwb::cli {

std::string diagnostics_text(const ResidualReport& r);
// One ACF bar: `half` characters each side of the axis '|', the band as ':', the bar as '#'.
std::string acf_bar(double r, double band, int half = 20);

}  // namespace rnnwb::cli
