#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "random/rng.h"

namespace ecomsim {

// Categorical distribution over 0..n-1 with O(1) sampling (Vose's alias method).
// Weights need not sum to 1; they must be finite and non-negative with a positive sum.
// Immutable after construction; thread-safe to share.
class AliasTable {
 public:
  AliasTable() = default;
  // REQUIRES: !weights.empty(), all weights >= 0, sum > 0.
  explicit AliasTable(std::span<const double> weights);

  // One draw: the high 32 bits pick the column, the low 32 bits toss its coin.
  uint32_t Sample(Rng& rng) const {
    const uint64_t x = rng.Next();
    const uint32_t column = static_cast<uint32_t>(((x >> 32) * size_) >> 32);
    const uint64_t coin = x & 0xffffffffULL;
    return coin < threshold_[column] ? column : alias_[column];
  }

  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The normalized probability of outcome i, as given at construction.
  double Probability(uint32_t i) const { return probability_[i]; }

 private:
  uint32_t size_ = 0;
  std::vector<uint64_t> threshold_;  // keep-probability in units of 2^-32 (2^32 = always)
  std::vector<uint32_t> alias_;
  std::vector<double> probability_;
};

}  // namespace ecomsim
