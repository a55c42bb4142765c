#include "engine/core/seed_list.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace rnnwb {

namespace {

std::uint64_t seed_number(std::string_view text, std::string_view whole) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw ConfigError("seeds " + quote(whole) + ": " + quote(text) +
                      " is not a whole number; write seeds as 1-5, or 1,4,9, or 1-3,7");
  return v;
}

}  // namespace

std::vector<std::uint64_t> parse_seed_list(std::string_view text) {
  std::vector<std::uint64_t> seeds;
  auto add = [&](std::uint64_t s) {
    if (std::find(seeds.begin(), seeds.end(), s) != seeds.end()) return;
    if (seeds.size() == kMaxSeeds)
      throw ConfigError("seeds " + quote(text) + " names more than " + std::to_string(kMaxSeeds) +
                        " seeds; each seed trains a model, so choose fewer");
    seeds.push_back(s);
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view part = text.substr(start, comma - start);
    const std::size_t dash = part.find('-');
    if (dash == std::string_view::npos) {
      add(seed_number(part, text));
    } else {
      const std::uint64_t lo = seed_number(part.substr(0, dash), text), hi = seed_number(part.substr(dash + 1), text);
      if (hi < lo) throw ConfigError("seeds " + quote(text) + ": the range " + quote(part) + " runs backwards");
      if (hi - lo >= kMaxSeeds)
        throw ConfigError("seeds " + quote(text) + " names more than " + std::to_string(kMaxSeeds) +
                          " seeds; each seed trains a model, so choose fewer");
      for (std::uint64_t s = lo; s <= hi; ++s) add(s);
    }
    start = comma + 1;
  }
  return seeds;
}

}  // namespace rnnwb
