#include "engine/export/c_export.hpp"

#include "engine/core/error.hpp"

namespace rnnwb {

CSource c_source(const TrainedModel&, const std::string&) { throw ConfigError("C export is not built yet"); }
void write_c(const TrainedModel& m, const std::string& path) { c_source(m, path); }

}  // namespace rnnwb
