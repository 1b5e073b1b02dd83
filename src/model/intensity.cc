#include "model/intensity.h"

#include <algorithm>
#include <cmath>

#include "random/distributions.h"

namespace ecomsim {

Micros ChooseBinWidth(Micros duration) {
  constexpr int64_t kMaxBins = 10'000;
  constexpr Micros kLadder[] = {kMicrosPerMinute, 5 * kMicrosPerMinute, 15 * kMicrosPerMinute,
                                kMicrosPerHour};
  for (Micros w : kLadder) {
    if (duration / w <= kMaxBins) return w;
  }
  // Never coarser than the profiles' hours: a longer window has more bins instead.
  return kMicrosPerHour;
}

IntensityGrid::IntensityGrid(const Scenario& scenario, int utc_offset_minutes, Micros bin_width,
                             const std::function<double(Micros)>& traffic)
    : start_(scenario.world.start), end_(scenario.world.end()), bin_width_(bin_width) {
  const size_t bins = static_cast<size_t>((end_ - start_ + bin_width - 1) / bin_width);
  multiplier_.resize(bins);
  cumulative_.resize(bins + 1);
  const Profiles& p = scenario.profiles;
  const Micros offset = utc_offset_minutes * kMicrosPerMinute;
  cumulative_[0] = 0;
  for (size_t k = 0; k < bins; ++k) {
    const Micros local_mid = start_ + static_cast<Micros>(k) * bin_width + bin_width / 2 + offset;
    const int64_t day = DayOf(local_mid);
    const int hour = static_cast<int>((local_mid - day * kMicrosPerDay) / kMicrosPerHour);
    const CivilDate date = CivilFromDays(day);
    multiplier_[k] = p.hour_of_day[static_cast<size_t>(hour)] *
                     p.day_of_week[static_cast<size_t>(DayOfWeek(day))] *
                     p.month_of_year[static_cast<size_t>(date.month - 1)] *
                     traffic(local_mid - offset);
    // The last bin may be cut short by the window end.
    const Micros bin_end = std::min(end_, start_ + static_cast<Micros>(k + 1) * bin_width);
    const Micros bin_len = bin_end - (start_ + static_cast<Micros>(k) * bin_width);
    cumulative_[k + 1] = cumulative_[k] + multiplier_[k] * static_cast<double>(bin_len) /
                                              static_cast<double>(kMicrosPerDay);
  }
}

double IntensityGrid::CumulativeAt(Micros t) const {
  if (t <= start_) return 0;
  if (t >= end_) return cumulative_.back();
  const size_t k = static_cast<size_t>((t - start_) / bin_width_);
  const Micros into = t - (start_ + static_cast<Micros>(k) * bin_width_);
  return cumulative_[k] +
         multiplier_[k] * static_cast<double>(into) / static_cast<double>(kMicrosPerDay);
}

double IntensityGrid::ExpectedFrom(Micros from) const {
  return cumulative_.back() - CumulativeAt(from);
}

Micros IntensityGrid::NextArrival(Micros from, double rate_per_day, Rng& rng) const {
  const double e = Exponential(rng, 1.0);
  if (rate_per_day <= 0 || from >= end_) return end_;
  const double target = CumulativeAt(from) + e / rate_per_day;
  if (target >= cumulative_.back()) return end_;
  // First edge strictly above target; the arrival lies in the bin before it.
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  const size_t k = static_cast<size_t>(it - cumulative_.begin()) - 1;
  const double per_day = multiplier_[k];
  const Micros bin_start = start_ + static_cast<Micros>(k) * bin_width_;
  Micros t = bin_start;
  if (per_day > 0) {
    const double days = (target - cumulative_[k]) / per_day;
    t += static_cast<Micros>(days * static_cast<double>(kMicrosPerDay));
  }
  // Rounding must never move an arrival backwards or out of the window.
  t = std::max(t, from + 1);
  return std::min(t, end_);
}

}  // namespace ecomsim
