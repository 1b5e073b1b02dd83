#include "parquet/reader/file_reader.h"

#include <gtest/gtest.h>

#include <cstring>

#include "parquet/reader/metadata.h"
#include "parquet/reader/rle_decoder.h"
#include "parquet/reader/thrift_reader.h"
#include "test_support.h"

namespace ecomsim {
namespace {

using parquet::Compression;
using parquet::WriterOptions;
using testing::AllTypesBatch;
using testing::AllTypesTable;
using testing::ReadFile;
using testing::ReadPart;
using testing::RenderRows;
using testing::TempDir;
using testing::WriteFile;
using testing::WritePart;

WriterOptions Options(Compression compression, int64_t row_group_rows, int64_t page_bytes,
                      int64_t dictionary_max_bytes = int64_t{1} << 20) {
  WriterOptions o;
  o.compression = compression;
  o.row_group_rows = row_group_rows;
  o.page_bytes = page_bytes;
  o.dictionary_max_bytes = dictionary_max_bytes;
  o.max_encoding_threads = 1;
  return o;
}

std::string WriteAllTypes(const TempDir& dir, const std::string& name, const WriterOptions& o,
                          const Batch& b) {
  const std::string path = dir / name;
  const Batch* batches[] = {&b};
  const Status s = WritePart(FileFormat::kParquet, AllTypesTable(), path, batches, o);
  EXPECT_TRUE(s.ok()) << s.message();
  return path;
}

TEST(ParquetReader, RoundTripsEveryTypeCodecAndLayout) {
  TempDir dir;
  const Batch b = AllTypesBatch(1000);
  const std::vector<std::string> expected = RenderRows(b);
  struct Layout {
    const char* name;
    WriterOptions options;
  };
  const Layout layouts[] = {
      {"zstd", Options(Compression::kZstd, 1'000'000, 1 << 20)},
      {"snappy", Options(Compression::kSnappy, 1'000'000, 1 << 20)},
      {"none", Options(Compression::kNone, 1'000'000, 1 << 20)},
      // Many row groups and pages: batches span both.
      {"small_groups", Options(Compression::kZstd, 77, 256)},
      {"tiny_pages", Options(Compression::kNone, 333, 16)},
      // No dictionaries: PLAIN everywhere.
      {"plain", Options(Compression::kSnappy, 400, 4096, 0)},
  };
  for (const Layout& layout : layouts) {
    const std::string path =
        WriteAllTypes(dir, std::string(layout.name) + ".parquet", layout.options, b);
    for (size_t batch_rows : {size_t{1}, size_t{100}, size_t{65536}}) {
      Result<std::vector<std::string>> rows =
          ReadPart(FileFormat::kParquet, AllTypesTable(), path, batch_rows);
      ASSERT_TRUE(rows.ok()) << layout.name << ": " << rows.status().message();
      ASSERT_EQ(*rows, expected) << layout.name << ", batch_rows " << batch_rows;
    }
  }
}

TEST(ParquetReader, ReadsAFileWithoutRowGroups) {
  TempDir dir;
  const Batch empty(AllTypesTable());
  const std::string path =
      WriteAllTypes(dir, "empty.parquet", Options(Compression::kZstd, 100, 1024), empty);
  Result<std::vector<std::string>> rows = ReadPart(FileFormat::kParquet, AllTypesTable(), path);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_TRUE(rows->empty());
}

TEST(ParquetReader, RejectsAFileOfAnotherTable) {
  TempDir dir;
  const Batch b = AllTypesBatch(10);
  const std::string path =
      WriteAllTypes(dir, "t.parquet", Options(Compression::kZstd, 100, 1024), b);

  // The same columns but one renamed, one retyped, one missing.
  std::vector<ColumnDef> columns(AllTypesTable().columns.begin(), AllTypesTable().columns.end());
  auto read_as = [&](const std::vector<ColumnDef>& cols) {
    TableDef t = AllTypesTable();
    t.columns = cols;
    EnumDictionaries dictionaries(cols.size());
    Result<std::unique_ptr<parquet::FileReader>> r =
        parquet::FileReader::Open(t, path, path, dictionaries);
    return r.ok() ? std::string() : r.status().message();
  };
  std::vector<ColumnDef> renamed = columns;
  renamed[3].name = "texte";
  std::string e = read_as(renamed);
  EXPECT_NE(e.find("t.parquet: column 'texte' of table things is missing from the file"),
            std::string::npos)
      << e;

  std::vector<ColumnDef> retyped = columns;
  retyped[7].scale = 3;  // amount: DECIMAL(18,2) in the file
  e = read_as(retyped);
  EXPECT_NE(e.find("column 'amount': the file stores INT64 DECIMAL(18,2), table things expects "
                   "INT64 DECIMAL(18,3)"),
            std::string::npos)
      << e;
  retyped = columns;
  retyped[13].type = ColumnType::kInt64;  // at: a TIMESTAMP in the file
  e = read_as(retyped);
  EXPECT_NE(
      e.find(
          "column 'at': the file stores INT64 TIMESTAMP(MICROS, UTC), table things expects INT64"),
      std::string::npos)
      << e;

  std::vector<ColumnDef> fewer(columns.begin(), columns.end() - 1);
  e = read_as(fewer);
  EXPECT_NE(e.find("the file has a column 'big' that table things does not"), std::string::npos)
      << e;

  // A nullable file column read into a column that is not: fine until a null shows up.
  std::vector<ColumnDef> strict = columns;
  strict[1].nullable = false;  // small: null in row 1
  TableDef t = AllTypesTable();
  t.columns = strict;
  Result<std::vector<std::string>> rows = ReadPart(FileFormat::kParquet, t, path);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find(
                "row group 1 of 1, column small: a null, but the column is not nullable"),
            std::string::npos)
      << rows.status().message();
}

TEST(ParquetReader, RejectsFilesThatAreNotParquet) {
  TempDir dir;
  const std::string path = dir / "x.parquet";
  WriteFile(path, "id,name\n1,a\n");
  Result<std::vector<std::string>> rows = ReadPart(FileFormat::kParquet, AllTypesTable(), path);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("x.parquet: not a Parquet file"), std::string::npos)
      << rows.status().message();
  WriteFile(path, "PAR1");
  rows = ReadPart(FileFormat::kParquet, AllTypesTable(), path);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("too short"), std::string::npos)
      << rows.status().message();
}

// Every truncation is an error that names the file; no crash, no hang.
TEST(ParquetReader, ReportsEveryTruncationAsAnError) {
  TempDir dir;
  const Batch b = AllTypesBatch(300);
  const std::string good =
      WriteAllTypes(dir, "good.parquet", Options(Compression::kZstd, 100, 512), b);
  const std::string bytes = ReadFile(good);
  const std::string path = dir / "cut.parquet";
  for (size_t length = 0; length < bytes.size(); length += length < 64 ? 1 : 7) {
    WriteFile(path, std::string_view(bytes).substr(0, length));
    Result<std::vector<std::string>> rows = ReadPart(FileFormat::kParquet, AllTypesTable(), path);
    ASSERT_FALSE(rows.ok()) << "truncated to " << length << " of " << bytes.size();
    EXPECT_NE(rows.status().message().find("cut.parquet"), std::string::npos)
        << rows.status().message();
  }
}

// Corrupt bytes anywhere give an error or (where the format cannot tell) other values,
// but never a crash or a malformed batch. Run under -fsanitize=address,undefined.
TEST(ParquetReader, SurvivesCorruptBytesAnywhere) {
  TempDir dir;
  const Batch b = AllTypesBatch(120);
  constexpr uint8_t kFlips[] = {0xff, 0x01, 0x80, 0x10};
  for (Compression codec : {Compression::kNone, Compression::kSnappy, Compression::kZstd}) {
    const std::string good = WriteAllTypes(dir, "good.parquet", Options(codec, 50, 256), b);
    const std::string bytes = ReadFile(good);
    std::filesystem::remove(good);
    const std::string path = dir / "bad.parquet";
    int errors = 0;
    int cases = 0;
    // Every other byte, with one of the flips in turn.
    for (size_t pos = 0; pos < bytes.size(); pos += 2) {
      std::string bad = bytes;
      bad[pos] =
          static_cast<char>(static_cast<uint8_t>(bad[pos]) ^ kFlips[(pos / 2) % std::size(kFlips)]);
      WriteFile(path, bad);
      Result<int64_t> rows = testing::CountPart(FileFormat::kParquet, AllTypesTable(), path, 50);
      ++cases;
      if (!rows.ok()) {
        ++errors;
        EXPECT_NE(rows.status().message().find("bad.parquet"), std::string::npos)
            << rows.status().message();
        EXPECT_NE(rows.status().code(), StatusCode::kInternal) << rows.status().message();
      }
    }
    EXPECT_GT(errors, cases / 10) << "few corruptions were noticed";
  }
}

// A flipped byte inside a page's stored bytes breaks its CRC-32: the reader says so,
// naming the file, row group, column and the page's file offset.
TEST(ParquetReader, ReportsPageCrcMismatches) {
  TempDir dir;
  const Batch b = AllTypesBatch(200);
  for (Compression codec : {Compression::kNone, Compression::kZstd}) {
    const std::string good = WriteAllTypes(dir, "good.parquet", Options(codec, 100, 512), b);
    const std::string bytes = ReadFile(good);
    ASSERT_TRUE(ReadPart(FileFormat::kParquet, AllTypesTable(), good).ok());
    std::filesystem::remove(good);
    uint32_t footer_length = 0;
    std::memcpy(&footer_length, bytes.data() + bytes.size() - 8, 4);
    Result<parquet::FileMetaData> meta = parquet::ParseFileMetaData(
        std::string_view(bytes).substr(bytes.size() - 8 - footer_length, footer_length));
    ASSERT_TRUE(meta.ok()) << meta.status().message();
    const parquet::RowGroupInfo& group = meta->row_groups.at(1);
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const parquet::ColumnChunkInfo& chunk = group.columns[c];
      // The first page: the dictionary page when there is one.
      const int64_t page =
          chunk.dictionary_page_offset >= 0 ? chunk.dictionary_page_offset : chunk.data_page_offset;
      parquet::PageHeader header;
      size_t header_size = 0;
      ASSERT_TRUE(
          parquet::ParsePageHeader(std::string_view(bytes).substr(static_cast<size_t>(page)),
                                   header, header_size)
              .ok());
      ASSERT_TRUE(header.has_crc);
      if (header.compressed_size == 0) continue;
      std::string bad = bytes;
      bad[static_cast<size_t>(page) + header_size +
          static_cast<size_t>(header.compressed_size) / 2] ^= 0x04;
      const std::string path = dir / "bad.parquet";
      WriteFile(path, bad);
      Result<std::vector<std::string>> rows = ReadPart(FileFormat::kParquet, AllTypesTable(), path);
      ASSERT_FALSE(rows.ok()) << "column " << c;
      const std::string& message = rows.status().message();
      EXPECT_NE(message.find("bad.parquet"), std::string::npos) << message;
      EXPECT_NE(message.find("row group 2"), std::string::npos) << message;
      EXPECT_NE(message.find("column " + std::string(AllTypesTable().columns[c].name)),
                std::string::npos)
          << message;
      EXPECT_NE(message.find("CRC-32 mismatch"), std::string::npos) << message;
      EXPECT_NE(message.find("file offset " + std::to_string(page)), std::string::npos) << message;
    }
  }
}

TEST(ParquetReader, SurvivesGarbageFooters) {
  TempDir dir;
  const Batch b = AllTypesBatch(50);
  const std::string bytes =
      ReadFile(WriteAllTypes(dir, "good.parquet", Options(Compression::kZstd, 20, 256), b));
  uint32_t footer_length;
  std::memcpy(&footer_length, bytes.data() + bytes.size() - 8, 4);
  const size_t footer_start = bytes.size() - 8 - footer_length;
  const std::string path = dir / "bad.parquet";
  uint64_t state = 12345;
  for (int round = 0; round < 300; ++round) {
    std::string bad = bytes;
    // Overwrite a random stretch of the footer with pseudo-random bytes.
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const size_t at = footer_start + (state >> 33) % footer_length;
    const size_t len = 1 + (state >> 20) % 16;
    for (size_t i = at; i < std::min(at + len, bytes.size() - 8); ++i) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      bad[i] = static_cast<char>(state >> 56);
    }
    WriteFile(path, bad);
    Result<std::vector<std::string>> rows = ReadPart(FileFormat::kParquet, AllTypesTable(), path);
    if (!rows.ok()) {
      EXPECT_NE(rows.status().message().find("bad.parquet"), std::string::npos)
          << rows.status().message();
    }
  }
}

TEST(ThriftReader, StopsAtTruncationAndDeepNesting) {
  // A struct with field 1 (i32) = 150, then truncated.
  const std::string truncated = "\x15\xac";
  parquet::ThriftReader r(truncated);
  r.BeginStruct();
  int16_t id = 0;
  parquet::CompactType type = parquet::CompactType::kStop;
  ASSERT_TRUE(r.NextField(id, type));
  EXPECT_EQ(id, 1);
  EXPECT_EQ(r.I32(), 0);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("truncated"), std::string::npos) << r.error();

  // 100 nested struct fields: an error, not a stack overflow.
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += '\x1c';  // field delta 1, type struct
  parquet::ThriftReader d(deep);
  d.BeginStruct();
  ASSERT_TRUE(d.NextField(id, type));
  d.Skip(type);
  EXPECT_FALSE(d.ok());
  EXPECT_NE(d.error().find("nested too deeply"), std::string::npos) << d.error();

  // A list claiming more elements than bytes.
  const std::string list = "\x19\xfc\xff\xff\xff\x0f";  // field 1: list of 2^32-1 structs
  parquet::ThriftReader l(list);
  l.BeginStruct();
  ASSERT_TRUE(l.NextField(id, type));
  l.Skip(type);
  EXPECT_FALSE(l.ok());
}

TEST(RleDecoder, DecodesRunsAndRejectsShortData) {
  // RLE run of 5 x 3 (width 2), then a bit-packed group of 8: 0..7 & 3.
  const uint8_t data[] = {0x0a, 0x03, 0x03, 0b11100100, 0b11100100};
  parquet::RleDecoder d;
  d.Reset(data, sizeof(data), 2);
  uint32_t out[13];
  ASSERT_TRUE(d.Get(out, 13));
  const uint32_t expected[] = {3, 3, 3, 3, 3, 0, 1, 2, 3, 0, 1, 2, 3};
  for (int i = 0; i < 13; ++i) EXPECT_EQ(out[i], expected[i]) << i;
  EXPECT_FALSE(d.Get(out, 1));

  // A bit-packed run that claims more groups than there are bytes.
  const uint8_t short_data[] = {0x05, 0xff};  // 2 groups of width 8: 16 bytes needed
  d.Reset(short_data, sizeof(short_data), 8);
  EXPECT_FALSE(d.Get(out, 1));
}

}  // namespace
}  // namespace ecomsim
