#pragma once
// The seeds of a multi-seed check (`--seeds 1-5`, or a list "1,4,9", or both "1-3,7").
#include <cstdint>
#include <string_view>
#include <vector>

namespace rnnwb {

inline constexpr std::size_t kMaxSeeds = 100;  // a multi-seed check trains once per seed
// Distinct seeds in the order written; throws ConfigError saying what is wrong (not a number,
// a range written backwards, more than kMaxSeeds seeds).
std::vector<std::uint64_t> parse_seed_list(std::string_view text);

}  // namespace rnnwb
