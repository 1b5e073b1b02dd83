#include "parquet/writer/statistics.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace ecomsim::parquet {
namespace {

template <typename T>
std::string LittleEndianBytes(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

void SetStrings(std::string_view min, std::string_view max, ColumnStatistics& stats) {
  stats.has_min_max =
      min.size() <= kMaxStatisticsValueBytes && max.size() <= kMaxStatisticsValueBytes;
  if (!stats.has_min_max) return;
  stats.min_value.assign(min);
  stats.max_value.assign(max);
}

}  // namespace

void SetIntStatistics(std::span<const int64_t> values, PhysicalType type, ColumnStatistics& stats) {
  stats.has_min_max = !values.empty();
  if (values.empty()) return;
  int64_t min = values[0];
  int64_t max = values[0];
  for (int64_t v : values) {
    min = v < min ? v : min;
    max = v > max ? v : max;
  }
  switch (type) {
    case PhysicalType::kBoolean:
      // Booleans are 0/1, so min/max of the integers is false < true.
      stats.min_value.assign(1, static_cast<char>(min != 0 ? 1 : 0));
      stats.max_value.assign(1, static_cast<char>(max != 0 ? 1 : 0));
      break;
    case PhysicalType::kInt32:
      stats.min_value = LittleEndianBytes(static_cast<int32_t>(min));
      stats.max_value = LittleEndianBytes(static_cast<int32_t>(max));
      break;
    default: stats.min_value = LittleEndianBytes(min); stats.max_value = LittleEndianBytes(max);
  }
}

void SetDoubleStatistics(std::span<const double> values, ColumnStatistics& stats) {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  int64_t nans = 0;
  for (double v : values) {
    if (std::isnan(v)) {
      ++nans;
      continue;
    }
    min = std::min(min, v);
    max = std::max(max, v);
  }
  stats.has_nan_count = true;
  stats.nan_count = nans;
  stats.has_min_max = static_cast<int64_t>(values.size()) > nans;
  if (!stats.has_min_max) return;
  if (min == 0) min = -0.0;
  if (max == 0) max = 0.0;
  stats.min_value = LittleEndianBytes(min);
  stats.max_value = LittleEndianBytes(max);
}

void SetByteArrayStatistics(std::span<const uint64_t> offsets, const char* bytes,
                            ColumnStatistics& stats) {
  const size_t n = offsets.empty() ? 0 : offsets.size() - 1;
  stats.has_min_max = n > 0;
  if (n == 0) return;
  // std::string_view compares as unsigned bytes (char_traits<char>::lt).
  std::string_view min(bytes + offsets[0], offsets[1] - offsets[0]);
  std::string_view max = min;
  for (size_t i = 1; i < n; ++i) {
    const std::string_view v(bytes + offsets[i], offsets[i + 1] - offsets[i]);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  SetStrings(min, max, stats);
}

void SetByteArrayStatistics(std::span<const std::string_view> values, ColumnStatistics& stats) {
  stats.has_min_max = !values.empty();
  if (values.empty()) return;
  const auto [min, max] = std::minmax_element(values.begin(), values.end());
  SetStrings(*min, *max, stats);
}

}  // namespace ecomsim::parquet
