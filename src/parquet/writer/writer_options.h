#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ecomsim::parquet {

// How Parquet pages are compressed.
enum class Compression : uint8_t { kNone, kSnappy, kZstd };

// Settings of a Parquet part file. A value type: copy it freely. The bytes of a file are
// a function of these options and the rows, nothing else (not threads, not how the rows
// were split into Append calls). Sizes and counts below 1 count as 1; zstd clamps its
// level to the range it supports.
struct WriterOptions {
  Compression compression = Compression::kZstd;
  int zstd_level = 3;
  // Rows per row group; every row group holds exactly this many but the last.
  int64_t row_group_rows = 1'000'000;
  // Target uncompressed size of a data page; a page is cut once it reaches it.
  int64_t page_bytes = int64_t{1} << 20;
  // A column chunk whose dictionary page would be larger falls back to PLAIN (as does
  // one whose values are mostly distinct: see dictionary.h).
  int64_t dictionary_max_bytes = int64_t{1} << 20;
  // Written to the footer's key_value_metadata, in this order.
  std::vector<std::pair<std::string, std::string>> metadata;
  // Row groups being encoded at once (each on its own thread, each holding its rows in
  // memory); 0 or less means std::thread::hardware_concurrency(). Does not change the
  // bytes.
  int max_encoding_threads = 0;
};

}  // namespace ecomsim::parquet
