#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "ecomsim/batch.h"
#include "jobs/report/figures.h"

// The small tools the report's aggregation counts with: open vocabularies for enum
// columns, counters along a time grid, and the formulas (Wilson intervals, nearest-rank
// percentiles) its figures are defined by. Internal to src/jobs/report.
namespace ecomsim::report {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// a / b, or NaN when b is 0.
inline double Ratio(double a, double b) { return b != 0 ? a / b : kNaN; }

// The names an enum column takes in a dataset, each with a stable index: the names known
// in advance first (in their order), then new ones as they appear. Not thread-safe.
class Vocab {
 public:
  Vocab() = default;
  explicit Vocab(std::span<const std::string_view> known);
  int Index(std::string_view name);       // adds the name if new
  int Find(std::string_view name) const;  // -1 when absent
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

// Maps an enum column's dictionary codes to indexes of a Vocab. The reader's dictionary
// only grows within one table, so Sync() extends the map with the new entries of each
// batch; Reset() before the next table. Not thread-safe.
class EnumMap {
 public:
  explicit EnumMap(Vocab& vocab) : vocab_(&vocab) {}
  void Sync(const Column& column) {
    for (size_t i = codes_.size(); i < column.dictionary.size(); ++i) {
      codes_.push_back(vocab_->Index(column.dictionary[i]));
    }
  }
  // REQUIRES: Sync() with this batch's column; the row is not null.
  int At(const Column& column, size_t row) const {
    return codes_[static_cast<size_t>(column.ints[row])];
  }
  void Reset() { codes_.clear(); }

 private:
  Vocab* vocab_;
  std::vector<int> codes_;
};

// Counts by index that grow with the vocabulary they count.
class Counts {
 public:
  void Add(int index, double w = 1) {
    if (index < 0) return;
    if (static_cast<size_t>(index) >= v_.size()) v_.resize(static_cast<size_t>(index) + 1, 0);
    v_[static_cast<size_t>(index)] += w;
  }
  double at(size_t i) const { return i < v_.size() ? v_[i] : 0; }
  double total() const;
  // Padded with zeros to `n`.
  std::vector<double> Values(size_t n) const;

 private:
  std::vector<double> v_;
};

// Buckets of equal length along the dataset's window: [start + i*step, start + (i+1)*step).
// Values outside the window are counted apart (activity that ends after the window).
struct TimeGrid {
  Micros start = 0;
  Micros step = kMicrosPerHour;
  size_t n = 0;

  // A grid over [start, end) with buckets of `preferred` length, or a whole multiple of
  // it when that would make more than `max_points` buckets.
  static TimeGrid Over(Micros start, Micros end, Micros preferred, size_t max_points);
  // -1 outside the grid.
  long Bucket(Micros t) const {
    if (t < start) return -1;
    const Micros i = (t - start) / step;
    return i < static_cast<Micros>(n) ? static_cast<long>(i) : -1;
  }
  // The x positions of a Chart: seconds since `origin` at each bucket's start.
  std::vector<double> Xs(Micros origin) const;
};

// A counter per bucket of a grid.
struct TimeCounts {
  std::vector<double> v;
  double outside = 0;

  void Init(const TimeGrid& g) { v.assign(g.n, 0); }
  void Add(const TimeGrid& g, Micros t, double w = 1) {
    const long b = g.Bucket(t);
    if (b < 0) {
      outside += w;
    } else {
      v[static_cast<size_t>(b)] += w;
    }
  }
};

// The Wilson score interval of a proportion k/n at the normal quantile z.
struct Interval {
  double low = kNaN;
  double high = kNaN;
};
Interval Wilson(double k, double n, double z);
inline constexpr double kZ95 = 1.959963984540054;
inline constexpr double kZ999 = 3.290526731491926;

// The nearest-rank percentile of sorted values: the smallest value with at least q of
// the values at or below it, sorted[ceil(q * n) - 1]. NaN for no values.
// REQUIRES: `sorted` is sorted ascending, 0 < q <= 1.
double NearestRank(std::span<const int64_t> sorted, double q);

// Local time of day (0..23) and day of week (0 = Monday) of a UTC instant at an offset.
inline int LocalHour(Micros t, int offset_minutes) {
  const Micros local = t + offset_minutes * kMicrosPerMinute;
  return static_cast<int>((local - DayOf(local) * kMicrosPerDay) / kMicrosPerHour);
}
inline int LocalWeekday(Micros t, int offset_minutes) {
  return DayOfWeek(DayOf(t + offset_minutes * kMicrosPerMinute));
}

// The figure-building helpers the sections share.
Figure MakeFigure(std::string id, std::string label, double value, Unit unit,
                  std::string definition);
// A bar chart of counts (or shares, with `as_shares`) over a vocabulary's names.
Chart BarChart(std::string id, std::string title, std::string x_label, std::string y_label,
               const std::vector<std::string>& names, const std::vector<Series>& series, Unit unit);
// A line chart along a time grid; x in seconds since `origin`.
Chart TimeChart(std::string id, std::string title, std::string y_label, const TimeGrid& grid,
                Micros origin, std::vector<Series> series, Unit unit);
// Each value divided by the sum of the values (NaN when the sum is 0).
std::vector<double> Shares(const std::vector<double>& counts);
// Element-wise a[i] / b[i] (NaN where b[i] is 0).
std::vector<double> Divide(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace ecomsim::report
