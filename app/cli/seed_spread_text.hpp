#pragma once
// `rnnwb train --seeds`: the multi-seed check as a table, its verdict, and the seed kept.
#include <string>

#include "engine/workflow/seed_spread.hpp"

namespace rnnwb::cli {

std::string seed_spread_table(const SeedSpread& spread);

}  // namespace rnnwb::cli
