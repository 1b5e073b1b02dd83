// The Parquet reader against files of an independent writer (DuckDB, see
// testdata/make_duckdb_fixtures.mjs), and against hand-made pages for what no writer at
// hand produces.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/byte_buffer.h"
#include "core/hash.h"
#include "core/time.h"
#include "parquet/reader/column_reader.h"
#include "parquet/reader/delta_decoder.h"
#include "parquet/writer/page_header.h"
#include "parquet/writer/thrift_writer.h"
#include "test_support.h"

namespace ecomsim {
namespace {

using testing::ReadPart;
using testing::RenderRows;

constexpr ColumnDef kDuckColumns[] = {
    {"id", ColumnType::kInt64, false, 0, ""},  // OPTIONAL in the file, never null
    {"name", ColumnType::kString, true, 0, ""},   {"amount", ColumnType::kDecimal, true, 2, ""},
    {"at", ColumnType::kTimestamp, false, 0, ""}, {"day", ColumnType::kDate, false, 0, ""},
    {"flag", ColumnType::kBool, false, 0, ""},    {"ratio", ColumnType::kDouble, true, 0, ""},
    {"small", ColumnType::kInt32, false, 0, ""},  {"url", ColumnType::kString, false, 0, ""},
};
const TableDef& DuckTable() {
  static const TableDef t = [] {
    TableDef d{};
    d.id = TableId::kSuppliers;
    d.name = "duck";
    d.columns = kDuckColumns;
    return d;
  }();
  return t;
}

// The rows make_duckdb_fixtures.mjs writes.
std::vector<std::string> ExpectedRows() {
  Batch b(DuckTable());
  const int64_t start = DaysFromCivil(2024, 8, 1) * kMicrosPerDay;
  for (int64_t i = 0; i < 5000; ++i) {
    b.column(0).AppendInt(i);
    if (i % 3 == 1) {
      b.column(1).AppendNull();
    } else {
      b.column(1).AppendString("name " + std::to_string(i % 17));
    }
    if (i % 5 == 2) {
      b.column(2).AppendNull();
    } else {
      b.column(2).AppendInt(i * 125);
    }
    b.column(3).AppendInt(start + i * 1000003);
    b.column(4).AppendInt(DaysFromCivil(2024, 8, 1) + i % 40);
    b.column(5).AppendInt(i % 2 == 0 ? 1 : 0);
    if (i % 7 == 3) {
      b.column(6).AppendNull();
    } else {
      b.column(6).AppendDouble(static_cast<double>(i) / 8.0);
    }
    b.column(7).AppendInt(i % 1000 - 500);
    b.column(8).AppendString("/product/" + std::to_string(i * 7919 % 100003));
    b.FinishRow();
  }
  return RenderRows(b);
}

TEST(ParquetInterop, ReadsDuckDbVersion1Files) {
  Result<std::vector<std::string>> rows =
      ReadPart(FileFormat::kParquet, DuckTable(),
               std::string(ECOMSIM_SOURCES_TESTDATA) + "/duckdb_v1.parquet", 999);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(*rows, ExpectedRows());
}

TEST(ParquetInterop, ReadsDuckDbVersion2FilesWithDeltaAndByteStreamSplitEncodings) {
  Result<std::vector<std::string>> rows =
      ReadPart(FileFormat::kParquet, DuckTable(),
               std::string(ECOMSIM_SOURCES_TESTDATA) + "/duckdb_v2.parquet", 999);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(*rows, ExpectedRows());
}

// Corrupt bytes in the delta and byte-stream-split pages of another writer: errors or
// other values, never a crash (run under -fsanitize=address,undefined).
TEST(ParquetInterop, SurvivesCorruptBytesInDuckDbFiles) {
  testing::TempDir dir;
  const std::string bytes =
      testing::ReadFile(std::string(ECOMSIM_SOURCES_TESTDATA) + "/duckdb_v2.parquet");
  const std::string path = dir / "bad.parquet";
  int errors = 0;
  int cases = 0;
  for (size_t pos = 0; pos < bytes.size(); pos += 3) {
    std::string bad = bytes;
    bad[pos] = static_cast<char>(static_cast<uint8_t>(bad[pos]) ^ (pos % 2 == 0 ? 0xff : 0x04));
    testing::WriteFile(path, bad);
    Result<int64_t> rows = testing::CountPart(FileFormat::kParquet, DuckTable(), path, 1000);
    ++cases;
    if (!rows.ok()) {
      ++errors;
      EXPECT_NE(rows.status().message().find("bad.parquet"), std::string::npos)
          << rows.status().message();
      EXPECT_NE(rows.status().code(), StatusCode::kInternal) << rows.status().message();
    }
  }
  EXPECT_GT(errors, cases / 10);
}

// A minimal DELTA_BINARY_PACKED encoder: one block of 128 values in 4 miniblocks, for
// at most 129 values.
void PutDeltaBinaryPacked(const std::vector<int64_t>& values, ByteBuffer& out) {
  constexpr uint64_t kBlock = 128;
  constexpr uint64_t kMiniblocks = 4;
  constexpr uint64_t kPerMiniblock = kBlock / kMiniblocks;
  parquet::PutVarint(kBlock, out);
  parquet::PutVarint(kMiniblocks, out);
  parquet::PutVarint(values.size(), out);
  parquet::PutVarint(parquet::ZigZag(values.empty() ? 0 : values[0]), out);
  if (values.size() < 2) return;
  std::vector<int64_t> deltas;
  for (size_t i = 1; i < values.size(); ++i) deltas.push_back(values[i] - values[i - 1]);
  const int64_t min_delta = *std::min_element(deltas.begin(), deltas.end());
  parquet::PutVarint(parquet::ZigZag(min_delta), out);
  std::vector<uint64_t> packed(kBlock, 0);
  for (size_t i = 0; i < deltas.size(); ++i)
    packed[i] = static_cast<uint64_t>(deltas[i] - min_delta);
  constexpr int kWidth = 8;  // every value below 256 in these tests
  const uint64_t used = (deltas.size() + kPerMiniblock - 1) / kPerMiniblock;
  for (uint64_t m = 0; m < kMiniblocks; ++m) {
    const char w = static_cast<char>(m < used ? kWidth : 0);
    out.Append(std::string_view(&w, 1));
  }
  for (uint64_t m = 0; m < used; ++m) {
    for (uint64_t i = 0; i < kPerMiniblock; ++i) {
      const char byte = static_cast<char>(packed[m * kPerMiniblock + i]);
      out.Append(std::string_view(&byte, 1));
    }
  }
}

TEST(DeltaBinaryPackedDecoder, DecodesWhatTheSpecificationDescribes) {
  const std::vector<int64_t> values = {7, 5, 3, 1, 2, 3, 4, 5, 100, 101, -20};
  ByteBuffer encoded;
  PutDeltaBinaryPacked(values, encoded);
  parquet::DeltaBinaryPackedDecoder d;
  const auto* data = reinterpret_cast<const uint8_t*>(encoded.data());
  ASSERT_TRUE(d.Reset(data, encoded.size()));
  EXPECT_EQ(d.total(), values.size());
  std::vector<int64_t> out(values.size());
  ASSERT_TRUE(d.Get(out.data(), 3));
  ASSERT_TRUE(d.Get(out.data() + 3, values.size() - 3));
  EXPECT_EQ(out, values);
  EXPECT_EQ(d.position(), data + encoded.size());
  int64_t extra = 0;
  EXPECT_FALSE(d.Get(&extra, 1));
  // Truncated: an error, not a read past the end.
  ASSERT_TRUE(d.Reset(data, encoded.size() - 1));
  EXPECT_FALSE(d.Get(out.data(), values.size()));
}

// DELTA_BYTE_ARRAY, which DuckDB does not write: a hand-made data page.
TEST(ColumnChunkReader, DecodesDeltaByteArrayPages) {
  const std::vector<std::string> values = {"apple", "applesauce", "apply", "banana", "", "band"};
  const std::vector<int64_t> prefixes = {0, 5, 4, 0, 0, 0};
  const std::vector<std::string> suffixes = {"apple", "sauce", "y", "banana", "", "band"};
  ByteBuffer body;
  PutDeltaBinaryPacked(prefixes, body);
  std::vector<int64_t> lengths;
  for (const std::string& s : suffixes) lengths.push_back(static_cast<int64_t>(s.size()));
  PutDeltaBinaryPacked(lengths, body);
  for (const std::string& s : suffixes) body.Append(s);
  ByteBuffer pages;
  constexpr int32_t kDeltaByteArray = 7;
  parquet::PutDataPageHeader(static_cast<int32_t>(body.size()), static_cast<int32_t>(body.size()),
                             static_cast<int32_t>(values.size()),
                             static_cast<parquet::Encoding>(kDeltaByteArray),
                             Crc32(body.data(), body.size()), pages);
  pages.Append(body.view());

  static constexpr ColumnDef kDef{"s", ColumnType::kString, false, 0, ""};
  parquet::ColumnPlan plan;
  plan.def = &kDef;
  plan.physical = parquet::PhysicalType::kByteArray;
  parquet::PageCodec codec;
  parquet::ColumnChunkReader reader(plan, nullptr, &codec);
  reader.Start(pages.view(), 0, static_cast<int64_t>(values.size()));
  Column column;
  column.def = &kDef;
  ASSERT_TRUE(reader.Read(4, column).ok());
  ASSERT_TRUE(reader.Read(2, column).ok());
  ASSERT_TRUE(reader.Finish().ok());
  ASSERT_EQ(column.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(column.StringAt(i), values[i]) << i;
}

}  // namespace
}  // namespace ecomsim
