// The page index (ColumnIndex and OffsetIndex) and the page CRCs of written files, read
// back with the test reader's schema-less Thrift decoder and checked against values
// computed here from the rows, not from the writer's code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/hash.h"
#include "sinks/parquet_part_writer.h"
#include "test_reader.h"

namespace ecomsim {
namespace {

using parquet::Compression;
using parquet::WriterOptions;
using parquet::testing::ParquetFileReader;
using parquet::testing::ThriftValue;

constexpr ColumnDef kColumns[] = {
    {"ts", ColumnType::kTimestamp, false, 0, ""},   // ascending
    {"down", ColumnType::kInt64, false, 0, ""},     // descending
    {"wave", ColumnType::kInt32, false, 0, ""},     // up and down
    {"gappy", ColumnType::kInt64, true, 0, ""},     // whole pages of nulls
    {"name", ColumnType::kString, true, 0, ""},     // dictionary-encoded strings
    {"nothing", ColumnType::kString, true, 0, ""},  // nulls only: no ColumnIndex
};
enum Col : int { kTs, kDown, kWave, kGappy, kName, kNothing, kColumnCount };
const TableDef kTable{TableId::kSuppliers, "indexed", "", kColumns, "ts", {}, "", ""};

constexpr int64_t kRows = 6000;
constexpr int64_t kRowGroupRows = 4000;

int64_t Ts(int64_t i) { return 1'700'000'000'000'000 + i * 1'000'003; }
int64_t Down(int64_t i) { return 5'000'000 - i * 3; }
int64_t Wave(int64_t i) { return static_cast<int32_t>((i * 7919) % 1000) - 500; }
std::optional<int64_t> Gappy(int64_t i) {
  if (i >= 200 && i < 3900) return std::nullopt;  // null pages
  return i % 5 == 0 ? std::nullopt : std::optional<int64_t>(i * i - 40'000);
}
std::optional<std::string> Name(int64_t i) {
  static const char* const kNames[] = {"ant", "bee", "cat", "dog", "eel", "fox", "gnu"};
  if (i % 9 == 4) return std::nullopt;
  return std::string(kNames[(i / 3) % 7]);
}

std::string WriteFile(const WriterOptions& options) {
  const std::string path =
      ::testing::TempDir() + "/ecomsim_page_index_" + std::to_string(::getpid()) + ".parquet";
  std::remove(path.c_str());
  ParquetPartWriter writer(kTable, options);
  EXPECT_TRUE(writer.Open(path, "indexed/part-00000.parquet").ok());
  Batch batch(kTable);
  for (int64_t begin = 0; begin < kRows; begin += 700) {
    batch.Clear();
    for (int64_t i = begin; i < std::min(kRows, begin + 700); ++i) {
      batch.column(kTs).AppendInt(Ts(i));
      batch.column(kDown).AppendInt(Down(i));
      batch.column(kWave).AppendInt(Wave(i));
      if (auto g = Gappy(i))
        batch.column(kGappy).AppendInt(*g);
      else
        batch.column(kGappy).AppendNull();
      if (auto n = Name(i))
        batch.column(kName).AppendString(*n);
      else
        batch.column(kName).AppendNull();
      batch.column(kNothing).AppendNull();
      batch.FinishRow();
    }
    ByteBuffer unused;
    const Status s = writer.Append(batch, unused.view());
    EXPECT_TRUE(s.ok()) << s.message();
  }
  PartStats stats;
  const Status s = writer.Finish(stats);
  EXPECT_TRUE(s.ok()) << s.message();
  std::string bytes = parquet::testing::ReadWholeFile(path);
  std::remove(path.c_str());
  return bytes;
}

WriterOptions Options(Compression compression) {
  WriterOptions o;
  o.compression = compression;
  o.row_group_rows = kRowGroupRows;
  o.page_bytes = 200;  // 25 INT64 values a page
  o.max_encoding_threads = 2;
  return o;
}

template <typename T>
std::string Le(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

// The expected min/max (PLAIN bytes) and null count of rows [first, end) of a column.
struct Expected {
  int64_t nulls = 0;
  std::optional<std::string> min, max;
  std::optional<int64_t> min_int, max_int;  // integer columns, for ordering
};

Expected ExpectedPage(int column, int64_t first, int64_t end) {
  Expected e;
  std::optional<int64_t> lo, hi;
  std::optional<std::string> slo, shi;
  for (int64_t i = first; i < end; ++i) {
    std::optional<int64_t> v;
    std::optional<std::string> s;
    switch (column) {
      case kTs: v = Ts(i); break;
      case kDown: v = Down(i); break;
      case kWave: v = Wave(i); break;
      case kGappy: v = Gappy(i); break;
      case kName: s = Name(i); break;
      default: break;
    }
    if (!v && !s) {
      ++e.nulls;
      continue;
    }
    if (v) {
      lo = lo ? std::min(*lo, *v) : *v;
      hi = hi ? std::max(*hi, *v) : *v;
    } else {
      slo = slo ? std::min(*slo, *s) : *s;
      shi = shi ? std::max(*shi, *s) : *s;
    }
  }
  if (lo) {
    e.min_int = lo;
    e.max_int = hi;
    e.min = column == kWave ? Le(static_cast<int32_t>(*lo)) : Le(*lo);
    e.max = column == kWave ? Le(static_cast<int32_t>(*hi)) : Le(*hi);
  } else if (slo) {
    e.min = slo;
    e.max = shi;
  }
  return e;
}

// parquet.thrift numbers, kept here independently of src/parquet/parquet_thrift.h.
constexpr int16_t kRowGroups = 4, kColumnsField = 1, kRgNumRows = 3, kMetaData = 3;
constexpr int16_t kOffsetIndexOffset = 4, kOffsetIndexLength = 5, kColumnIndexOffset = 6,
                  kColumnIndexLength = 7;
constexpr int16_t kDataPageOffset = 9, kDictionaryPageOffset = 11;
constexpr int64_t kUnordered = 0, kAscending = 1, kDescending = 2;
constexpr int64_t kDataPage = 0;

ThriftValue StructAt(const std::string& bytes, int64_t offset, int64_t length) {
  size_t pos = static_cast<size_t>(offset);
  ThriftValue v = parquet::testing::ReadThriftStruct(bytes, pos);
  EXPECT_EQ(pos - static_cast<size_t>(offset), static_cast<size_t>(length));
  return v;
}

int64_t BoundaryOrderOf(const std::vector<Expected>& pages, bool strings) {
  bool up = true, down = true;
  const Expected* prev = nullptr;
  for (const Expected& p : pages) {
    if (!p.min) continue;
    if (prev != nullptr) {
      const int cmin = strings ? prev->min->compare(*p.min)
                               : (*prev->min_int < *p.min_int ? -1 : *prev->min_int > *p.min_int);
      const int cmax = strings ? prev->max->compare(*p.max)
                               : (*prev->max_int < *p.max_int ? -1 : *prev->max_int > *p.max_int);
      up = up && cmin <= 0 && cmax <= 0;
      down = down && cmin >= 0 && cmax >= 0;
    }
    prev = &p;
  }
  return up ? kAscending : down ? kDescending : kUnordered;
}

class PageIndexTest : public ::testing::TestWithParam<Compression> {};

TEST_P(PageIndexTest, IndexesDescribeEveryDataPage) {
  const ParquetFileReader file(WriteFile(Options(GetParam())));
  const std::string& bytes = file.bytes();
  const auto footer_start = static_cast<int64_t>(bytes.size() - 8 - file.footer_length());
  const auto& row_groups = file.footer().at(kRowGroups).list;
  ASSERT_EQ(row_groups.size(), 2u);

  int64_t end_of_pages = 0;
  int64_t first_column_index = footer_start, last_column_index_end = 0;
  int64_t first_offset_index = footer_start, last_offset_index_end = 0;
  int64_t index_bytes = 0;
  int orders[kColumnCount] = {-1, -1, -1, -1, -1, -1};
  int multi_page_chunks = 0;
  int null_pages_seen = 0;
  for (size_t g = 0; g < row_groups.size(); ++g) {
    const int64_t group_rows = row_groups[g].at(kRgNumRows).i;
    const int64_t group_first_row = static_cast<int64_t>(g) * kRowGroupRows;
    const auto& chunks = row_groups[g].at(kColumnsField).list;
    ASSERT_EQ(chunks.size(), static_cast<size_t>(kColumnCount));
    for (int c = 0; c < kColumnCount; ++c) {
      SCOPED_TRACE(std::string(kColumns[c].name) + " in row group " + std::to_string(g));
      const ThriftValue& chunk = chunks[static_cast<size_t>(c)];
      const ThriftValue& meta = chunk.at(kMetaData);

      // OffsetIndex: every data page, contiguous, at real page headers.
      ASSERT_TRUE(chunk.has(kOffsetIndexOffset) && chunk.has(kOffsetIndexLength));
      const int64_t oi_offset = chunk.at(kOffsetIndexOffset).i;
      const int64_t oi_length = chunk.at(kOffsetIndexLength).i;
      first_offset_index = std::min(first_offset_index, oi_offset);
      last_offset_index_end = std::max(last_offset_index_end, oi_offset + oi_length);
      index_bytes += oi_length;
      const ThriftValue oi = StructAt(bytes, oi_offset, oi_length);
      const auto& locations = oi.at(1).list;
      ASSERT_FALSE(locations.empty());
      if (locations.size() > 1) ++multi_page_chunks;
      EXPECT_EQ(locations[0].at(1).i, meta.at(kDataPageOffset).i);
      int64_t next_row = 0;
      std::vector<Expected> expected;
      for (size_t p = 0; p < locations.size(); ++p) {
        const int64_t offset = locations[p].at(1).i;
        const int64_t size = locations[p].at(2).i;
        EXPECT_EQ(locations[p].at(3).i, next_row) << "page " << p;
        size_t header_size = 0;
        const ThriftValue h = file.PageHeaderAt(offset, header_size);
        ASSERT_EQ(h.at(1).i, kDataPage) << "page " << p;
        EXPECT_EQ(static_cast<int64_t>(header_size) + h.at(3).i, size) << "page " << p;
        if (p + 1 < locations.size()) {
          EXPECT_EQ(offset + size, locations[p + 1].at(1).i);
        }
        // CRC-32 of the page's bytes as stored.
        ASSERT_TRUE(h.has(4)) << "page " << p;
        const char* body = bytes.data() + offset + static_cast<int64_t>(header_size);
        EXPECT_EQ(static_cast<uint32_t>(h.at(4).i), Crc32(body, static_cast<size_t>(h.at(3).i)));
        const int64_t page_rows = h.at(5).at(1).i;
        expected.push_back(
            ExpectedPage(c, group_first_row + next_row, group_first_row + next_row + page_rows));
        next_row += page_rows;
        end_of_pages = std::max(end_of_pages, offset + size);
      }
      EXPECT_EQ(next_row, group_rows);
      // The dictionary page, when there is one, is not in the OffsetIndex but has a CRC.
      if (meta.has(kDictionaryPageOffset)) {
        size_t header_size = 0;
        const int64_t offset = meta.at(kDictionaryPageOffset).i;
        const ThriftValue h = file.PageHeaderAt(offset, header_size);
        ASSERT_TRUE(h.has(4));
        EXPECT_EQ(static_cast<uint32_t>(h.at(4).i),
                  Crc32(bytes.data() + offset + static_cast<int64_t>(header_size),
                        static_cast<size_t>(h.at(3).i)));
      }

      // ColumnIndex: per page, what the rows of the page say.
      if (c == kNothing) {
        EXPECT_FALSE(chunk.has(kColumnIndexOffset));
        continue;
      }
      ASSERT_TRUE(chunk.has(kColumnIndexOffset) && chunk.has(kColumnIndexLength));
      const int64_t ci_offset = chunk.at(kColumnIndexOffset).i;
      const int64_t ci_length = chunk.at(kColumnIndexLength).i;
      first_column_index = std::min(first_column_index, ci_offset);
      last_column_index_end = std::max(last_column_index_end, ci_offset + ci_length);
      index_bytes += ci_length;
      const ThriftValue ci = StructAt(bytes, ci_offset, ci_length);
      const auto& null_pages = ci.at(1).list;
      const auto& mins = ci.at(2).list;
      const auto& maxes = ci.at(3).list;
      const auto& null_counts = ci.at(5).list;
      ASSERT_EQ(null_pages.size(), locations.size());
      ASSERT_EQ(mins.size(), locations.size());
      ASSERT_EQ(maxes.size(), locations.size());
      ASSERT_EQ(null_counts.size(), locations.size());
      for (size_t p = 0; p < locations.size(); ++p) {
        const Expected& e = expected[p];
        EXPECT_EQ(null_pages[p].i != 0, !e.min.has_value()) << "page " << p;
        null_pages_seen += null_pages[p].i != 0 ? 1 : 0;
        EXPECT_EQ(null_counts[p].i, e.nulls) << "page " << p;
        EXPECT_EQ(mins[p].bin, e.min.value_or("")) << "page " << p;
        EXPECT_EQ(maxes[p].bin, e.max.value_or("")) << "page " << p;
      }
      const int64_t order = ci.at(4).i;
      EXPECT_EQ(order, BoundaryOrderOf(expected, c == kName));
      orders[c] = static_cast<int>(std::max<int64_t>(orders[c], order));
    }
  }
  EXPECT_EQ(multi_page_chunks, 2 * kColumnCount) << "every chunk has several pages";
  EXPECT_GT(null_pages_seen, 0);
  // The orders the data was made to have.
  EXPECT_EQ(orders[kTs], kAscending);
  EXPECT_EQ(orders[kDown], kDescending);
  EXPECT_EQ(orders[kWave], kUnordered);
  // Layout: pages, then every ColumnIndex, then every OffsetIndex, then the footer.
  EXPECT_EQ(first_column_index, end_of_pages);
  EXPECT_EQ(last_column_index_end, first_offset_index);
  EXPECT_EQ(last_offset_index_end, footer_start);
  EXPECT_EQ(footer_start - end_of_pages, index_bytes) << "no gaps, no overlaps";
}

INSTANTIATE_TEST_SUITE_P(Codecs, PageIndexTest,
                         ::testing::Values(Compression::kNone, Compression::kSnappy,
                                           Compression::kZstd));

TEST(PageIndex, BytesDoNotDependOnThreads) {
  WriterOptions one = Options(Compression::kZstd);
  one.max_encoding_threads = 1;
  WriterOptions four = Options(Compression::kZstd);
  four.max_encoding_threads = 4;
  EXPECT_EQ(WriteFile(one), WriteFile(four));
}

// Bit by bit, straight from the definition, to check the table-driven code against.
uint32_t Crc32Reference(std::string_view data) {
  uint32_t crc = 0xffffffffu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
  }
  return ~crc;
}

TEST(Crc32, GivesTheStandardCheckValueAndExtends) {
  EXPECT_EQ(Crc32("123456789", 9), 0xcbf43926u);
  EXPECT_EQ(Crc32("", 0), 0u);
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>((i * 131 + 7) % 256));
  // Lengths around the 8-byte steps, from an odd address.
  for (size_t n : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 63u, 999u}) {
    const std::string_view v(data.data() + 1, n);
    EXPECT_EQ(Crc32(v.data(), v.size()), Crc32Reference(v)) << n;
    const size_t half = v.size() / 2;
    EXPECT_EQ(Crc32(v.data() + half, v.size() - half, Crc32(v.data(), half)), Crc32Reference(v))
        << n;
  }
}

}  // namespace
}  // namespace ecomsim
