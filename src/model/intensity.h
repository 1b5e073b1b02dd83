#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/time.h"
#include "random/rng.h"
#include "scenario/scenario.h"

namespace ecomsim {

// The shape of demand over the simulated window for customers at one UTC offset: a
// piecewise-constant multiplier of their base arrival rate (hour of day x day of week x
// month of year in local time), kept as a cumulative sum so that the next arrival of a
// non-homogeneous Poisson process is found by inversion with one binary search.
//
// Immutable after construction; thread-safe to share.
class IntensityGrid {
 public:
  // `traffic(t)`: the effects' multiplier for these customers at t (1 without effects).
  IntensityGrid(const Scenario& scenario, int utc_offset_minutes, Micros bin_width,
                const std::function<double(Micros)>& traffic);

  // The first arrival after `from` of a process with intensity rate_per_day x profile, or
  // a value >= window end when there is none. Consumes one draw of `rng`.
  Micros NextArrival(Micros from, double rate_per_day, Rng& rng) const;

  // Expected arrivals in [from, window end) at rate 1 per day (the integral of the profile
  // in days).
  double ExpectedFrom(Micros from) const;

  // The profile's multiplier at `t` (mean 1 over the window): the load of the store
  // relative to normal. 1 outside the window.
  double MultiplierAt(Micros t) const {
    if (t < start_ || t >= end_) return 1;
    return multiplier_[static_cast<size_t>((t - start_) / bin_width_)];
  }

  Micros bin_width() const { return bin_width_; }
  double multiplier(size_t bin) const { return multiplier_[bin]; }
  size_t bins() const { return multiplier_.size(); }

 private:
  double CumulativeAt(Micros t) const;

  Micros start_;
  Micros end_;
  Micros bin_width_;
  std::vector<double> multiplier_;  // per bin
  std::vector<double> cumulative_;  // cumulative_[k]: days of mean-1 demand before bin k
};

// The bin width for a window: the finest of 1 min, 5 min, 15 min, 1 h that keeps the
// grid at most 10,000 bins (30 days: 5 min; a year: 1 h), and 1 h beyond 416 days.
// Profiles change hourly, so the coarser bins lose nothing of them.
Micros ChooseBinWidth(Micros duration);

}  // namespace ecomsim
