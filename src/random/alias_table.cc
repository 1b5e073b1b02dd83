#include "random/alias_table.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace ecomsim {
namespace {

// The coin in Sample() is 32 bits, so a threshold of 2^32 keeps the column always.
constexpr uint64_t kAlwaysKeep = uint64_t{1} << 32;
constexpr double kTwoTo32 = 4294967296.0;

uint64_t KeepThreshold(double keep_probability) {
  if (keep_probability >= 1.0) return kAlwaysKeep;
  if (keep_probability <= 0.0) return 0;
  return std::min(kAlwaysKeep, static_cast<uint64_t>(std::round(keep_probability * kTwoTo32)));
}

}  // namespace

// Vose's alias method ("A linear algorithm for generating random numbers with a given
// distribution", 1991). Each outcome's probability is scaled by n so the average column
// holds 1. Repeatedly pair an under-full column with an over-full one: the under-full
// column keeps its own mass and lends the rest of its slot to the over-full outcome as
// its alias, and the over-full outcome's remaining mass goes back on the matching list.
// Columns left when one list runs out hold 1 up to rounding and always keep.
AliasTable::AliasTable(std::span<const double> weights) {
  assert(!weights.empty());
  assert(weights.size() <= std::numeric_limits<uint32_t>::max());
  const uint32_t n = static_cast<uint32_t>(weights.size());

  // Divide by the largest weight first so that a sum of huge finite weights cannot
  // overflow.
  double max_weight = 0.0;
  uint32_t max_index = 0;
  for (uint32_t i = 0; i < n; ++i) {
    assert(std::isfinite(weights[i]) && weights[i] >= 0.0);
    if (weights[i] > max_weight) {
      max_weight = weights[i];
      max_index = i;
    }
  }
  assert(max_weight > 0.0);
  double sum = 0.0;
  for (uint32_t i = 0; i < n; ++i) sum += weights[i] / max_weight;

  size_ = n;
  probability_.resize(n);
  threshold_.resize(n);
  alias_.resize(n);
  std::vector<double> scaled(n);
  std::vector<uint32_t> small;
  std::vector<uint32_t> large;
  small.reserve(n);
  large.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    probability_[i] = weights[i] / max_weight / sum;
    scaled[i] = probability_[i] * n;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }

  while (!small.empty() && !large.empty()) {
    const uint32_t under = small.back();
    small.pop_back();
    const uint32_t over = large.back();
    large.pop_back();
    threshold_[under] = KeepThreshold(scaled[under]);
    alias_[under] = over;
    scaled[over] = (scaled[over] + scaled[under]) - 1.0;
    (scaled[over] < 1.0 ? small : large).push_back(over);
  }
  for (const uint32_t i : large) {
    threshold_[i] = kAlwaysKeep;
    alias_[i] = i;
  }
  // Only rounding can leave columns here. One that belongs to a zero-weight outcome must
  // still never return it, so it hands its whole slot to the heaviest outcome.
  for (const uint32_t i : small) {
    if (weights[i] > 0.0) {
      threshold_[i] = kAlwaysKeep;
      alias_[i] = i;
    } else {
      threshold_[i] = 0;
      alias_[i] = max_index;
    }
  }
}

}  // namespace ecomsim
