#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "parquet/parquet_thrift.h"

namespace ecomsim::parquet {

// Byte arrays longer than this are not written as a min or max: the chunk then carries
// no min_value/max_value (only counts) rather than bloating the footer.
inline constexpr size_t kMaxStatisticsValueBytes = 1024;

// What the footer says about the values of one column chunk, in the column order of the
// type (TypeDefinedOrder): signed for integers, dates, timestamps and decimals, false <
// true for booleans, unsigned byte-wise for strings, numeric for doubles with NaN left
// out, a zero minimum written as -0.0 and a zero maximum as +0.0. min_value and
// max_value hold PLAIN bytes (little-endian numbers; raw bytes, no length, for strings).
struct ColumnStatistics {
  int64_t null_count = 0;
  bool has_min_max = false;  // false when there are no (non-NaN) values
  std::string min_value;
  std::string max_value;
  bool has_nan_count = false;  // doubles only
  int64_t nan_count = 0;
};

// Each sets the min/max (and NaN count) of `stats` from the non-null values given; the
// caller sets null_count. Thread-safe.
//
// `type` is kBoolean, kInt32 or kInt64; the values are held in int64.
void SetIntStatistics(std::span<const int64_t> values, PhysicalType type, ColumnStatistics& stats);
void SetDoubleStatistics(std::span<const double> values, ColumnStatistics& stats);
// Value i is bytes[offsets[i], offsets[i + 1]).
void SetByteArrayStatistics(std::span<const uint64_t> offsets, const char* bytes,
                            ColumnStatistics& stats);
void SetByteArrayStatistics(std::span<const std::string_view> values, ColumnStatistics& stats);

}  // namespace ecomsim::parquet
