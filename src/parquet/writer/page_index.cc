#include "parquet/writer/page_index.h"

#include <algorithm>
#include <cstring>

#include "parquet/writer/thrift_writer.h"

namespace ecomsim::parquet {
namespace {

template <typename T>
T FromLittleEndian(std::string_view bytes) {
  T v{};
  std::memcpy(&v, bytes.data(), std::min(sizeof(T), bytes.size()));
  return v;
}

template <typename T>
int Compare(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

int CompareStatisticsValues(PhysicalType type, std::string_view a, std::string_view b) {
  switch (type) {
    case PhysicalType::kBoolean:
    case PhysicalType::kInt32:
      return Compare(FromLittleEndian<int32_t>(a), FromLittleEndian<int32_t>(b));
    case PhysicalType::kInt64:
      return Compare(FromLittleEndian<int64_t>(a), FromLittleEndian<int64_t>(b));
    case PhysicalType::kDouble:
      return Compare(FromLittleEndian<double>(a), FromLittleEndian<double>(b));
    case PhysicalType::kFloat:
      return Compare(FromLittleEndian<float>(a), FromLittleEndian<float>(b));
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
    case PhysicalType::kInt96: break;
  }
  // Unsigned byte-wise, as std::string_view compares.
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

BoundaryOrder BoundaryOrderOf(PhysicalType type, std::span<const PageStatistics> pages) {
  bool ascending = true;
  bool descending = true;
  const PageStatistics* previous = nullptr;
  for (const PageStatistics& page : pages) {
    if (page.null_page) continue;
    if (previous != nullptr) {
      const int min =
          CompareStatisticsValues(type, previous->stats.min_value, page.stats.min_value);
      const int max =
          CompareStatisticsValues(type, previous->stats.max_value, page.stats.max_value);
      ascending = ascending && min <= 0 && max <= 0;
      descending = descending && min >= 0 && max >= 0;
    }
    previous = &page;
  }
  if (ascending) return BoundaryOrder::kAscending;
  if (descending) return BoundaryOrder::kDescending;
  return BoundaryOrder::kUnordered;
}

bool CanIndex(std::span<const PageStatistics> pages) {
  for (const PageStatistics& page : pages) {
    if (!page.null_page && !page.stats.has_min_max) return false;
  }
  return !pages.empty();
}

bool MergePageStatistics(PhysicalType type, std::span<const PageStatistics> pages,
                         ColumnStatistics& chunk) {
  chunk.has_min_max = false;
  chunk.has_nan_count = type == PhysicalType::kDouble;
  chunk.nan_count = 0;
  const PageStatistics* min = nullptr;
  const PageStatistics* max = nullptr;
  for (const PageStatistics& page : pages) {
    if (page.null_page) continue;
    if (!page.stats.has_min_max) return false;
    chunk.nan_count += page.stats.nan_count;
    if (min == nullptr ||
        CompareStatisticsValues(type, page.stats.min_value, min->stats.min_value) < 0) {
      min = &page;
    }
    if (max == nullptr ||
        CompareStatisticsValues(type, page.stats.max_value, max->stats.max_value) > 0) {
      max = &page;
    }
  }
  if (min == nullptr) return true;
  // Zeros are already -0.0 as a minimum and +0.0 as a maximum in every page.
  chunk.has_min_max = true;
  chunk.min_value = min->stats.min_value;
  chunk.max_value = max->stats.max_value;
  return true;
}

void PutColumnIndex(PhysicalType type, std::span<const PageStatistics> pages, ByteBuffer& out) {
  const auto count = static_cast<uint32_t>(pages.size());
  ThriftWriter w(out);
  w.BeginStruct();
  w.FieldList(column_index::kNullPages, CompactType::kBoolTrue, count);
  for (const PageStatistics& page : pages) w.Bool(page.null_page);
  // A null page has empty min and max values, as the format asks.
  w.FieldList(column_index::kMinValues, CompactType::kBinary, count);
  for (const PageStatistics& page : pages) w.Binary(page.null_page ? "" : page.stats.min_value);
  w.FieldList(column_index::kMaxValues, CompactType::kBinary, count);
  for (const PageStatistics& page : pages) w.Binary(page.null_page ? "" : page.stats.max_value);
  w.FieldI32(column_index::kBoundaryOrder, static_cast<int32_t>(BoundaryOrderOf(type, pages)));
  w.FieldList(column_index::kNullCounts, CompactType::kI64, count);
  for (const PageStatistics& page : pages) w.I64(page.null_count);
  w.EndStruct();
}

void PutOffsetIndex(std::span<const PageLocation> pages, ByteBuffer& out) {
  ThriftWriter w(out);
  w.BeginStruct();
  w.FieldList(offset_index::kPageLocations, CompactType::kStruct,
              static_cast<uint32_t>(pages.size()));
  for (const PageLocation& page : pages) {
    w.BeginStruct();
    w.FieldI64(page_location::kOffset, page.offset);
    w.FieldI32(page_location::kCompressedPageSize, page.compressed_page_size);
    w.FieldI64(page_location::kFirstRowIndex, page.first_row_index);
    w.EndStruct();
  }
  w.EndStruct();
}

}  // namespace ecomsim::parquet
