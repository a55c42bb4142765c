#include "engine/core/padding.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace rnnwb {

namespace {

std::string at(const std::string& what, Index b, Index t) {
  return what + "[" + std::to_string(b) + ", " + std::to_string(t) + "]";
}

// How many features of step t of row b are NaN; throws for an infinite value.
template <class T>
Index nan_count(const Tensor3<T>& x, Index b, Index t, const std::string& what) {
  Index nans = 0;
  for (Index f = 0; f < x.features; ++f) {
    const T v = x(b, t, f);
    if (std::isnan(v))
      ++nans;
    else if (!std::isfinite(v))
      throw DataError(at(what, b, t) + ", feature " + std::to_string(f) +
                      " is infinite: replace it with a finite value (or NaN on every feature of a padding step)");
  }
  return nans;
}

}  // namespace

template <class T>
std::vector<ValidSpan> valid_spans(const Tensor3<T>& x, const std::string& what) {
  std::vector<ValidSpan> spans(std::size_t(x.batch));
  for (Index b = 0; b < x.batch; ++b) {
    Index first = -1, last = -1;
    for (Index t = 0; t < x.steps; ++t) {
      const Index nans = nan_count(x, b, t, what);
      if (nans > 0 && nans < x.features) {
        Index f = 0;
        while (!std::isnan(x(b, t, f))) ++f;
        throw DataError(what + "[" + std::to_string(b) + ", " + std::to_string(t) + ", " + std::to_string(f) +
                        "] is NaN while other features of that step are not: a missing value. Fill it, or set "
                        "every feature of the step to NaN to mark it as padding");
      }
      if (nans > 0) continue;
      if (first < 0)
        first = t;
      else if (last < t - 1)
        throw DataError("sequence " + std::to_string(b) + " has padding (all features NaN) at step " +
                        std::to_string(last + 1) + ", between valid steps " + std::to_string(last) + " and " +
                        std::to_string(t) + ": padding may only come before or after a sequence's valid steps");
      last = t;
    }
    if (first < 0)
      throw DataError("sequence " + std::to_string(b) + " (" + what + "[" + std::to_string(b) +
                      "]) has no valid step: every step is padding (all features NaN); remove it");
    spans[std::size_t(b)] = {first, last - first + 1};
  }
  return spans;
}

bool has_padding(const std::vector<ValidSpan>& spans, Index steps) {
  for (const ValidSpan& s : spans)
    if (s.length != steps) return true;
  return false;
}

template <class T>
std::vector<ValidSpan> padding_spans(const Tensor3<T>& x, const std::string& what) {
  for (Index b = 0; b < x.batch; ++b)
    if (x.steps > 0 && x.features > 0 && (std::isnan(x(b, 0, 0)) || std::isnan(x(b, x.steps - 1, 0))))
      return valid_spans(x, what);
  return {};
}

template std::vector<ValidSpan> padding_spans(const Tensor3<float>&, const std::string&);
template std::vector<ValidSpan> padding_spans(const Tensor3<double>&, const std::string&);
template std::vector<ValidSpan> valid_spans(const Tensor3<float>&, const std::string&);
template std::vector<ValidSpan> valid_spans(const Tensor3<double>&, const std::string&);

}  // namespace rnnwb
