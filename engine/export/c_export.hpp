#pragma once
// C export: one C99 header and one source file with the weights as arrays and a predict
// function that maps original-unit windows to original-unit predictions, with no dependency
// beyond <math.h>.
#include <string>

#include "engine/workflow/trained_model.hpp"

namespace rnnwb {

struct CSource {
  std::string header, source;  // the .h and the .c text
};
// `stem` names the files and prefixes every symbol (a C identifier).
CSource c_source(const TrainedModel& m, const std::string& stem);
// Writes <stem>.c at `c_path` and <stem>.h beside it.
void write_c(const TrainedModel& m, const std::string& c_path);

}  // namespace rnnwb
