#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/byte_buffer.h"
#include "parquet/parquet_thrift.h"
#include "parquet/writer/statistics.h"

// The page index of a column chunk (parquet.thrift: OffsetIndex and ColumnIndex): where
// each data page starts and which rows it holds, and the min/max of each page's values,
// so that readers can skip pages. Written between the last row group and the footer.
namespace ecomsim::parquet {

// Where one data page lies: its header's offset (relative to the row group while it is
// encoded, absolute once the file writer places it), its size with the header, and the
// index within the row group of its first row.
struct PageLocation {
  int64_t offset = 0;
  int32_t compressed_page_size = 0;
  int64_t first_row_index = 0;
};

// What the ColumnIndex records of one data page. `stats` has the chunk statistics'
// semantics (statistics.h) over the page's non-null values; a page of nulls only is a
// null page.
struct PageStatistics {
  int64_t null_count = 0;
  bool null_page = false;
  ColumnStatistics stats;
};

// Orders two min/max values of `type` (PLAIN bytes, as statistics.h writes them) in the
// column order of the type: negative, zero or positive. Thread-safe.
int CompareStatisticsValues(PhysicalType type, std::string_view a, std::string_view b);

// How the pages' min and max values run: ASCENDING when both never decrease from one
// non-null page to the next, DESCENDING when both never increase (ASCENDING if both
// hold, i.e. all equal), UNORDERED otherwise.
BoundaryOrder BoundaryOrderOf(PhysicalType type, std::span<const PageStatistics> pages);

// Whether a ColumnIndex can describe these pages: every page that is not a null page has
// a min and a max (a page of NaNs only, or with a value too long for statistics, has not).
bool CanIndex(std::span<const PageStatistics> pages);

// Sets the min/max (and NaN count) of `chunk` from those of its pages, the null count
// aside: the same result as computing them over all the chunk's values. Returns false
// (leaving `chunk` unspecified) when that cannot be told from the pages: a page that is
// not a null page has no min/max.
bool MergePageStatistics(PhysicalType type, std::span<const PageStatistics> pages,
                         ColumnStatistics& chunk);

// Appends the Thrift ColumnIndex of `pages`. REQUIRES: CanIndex(pages).
void PutColumnIndex(PhysicalType type, std::span<const PageStatistics> pages, ByteBuffer& out);

// Appends the Thrift OffsetIndex of `pages`.
void PutOffsetIndex(std::span<const PageLocation> pages, ByteBuffer& out);

}  // namespace ecomsim::parquet
