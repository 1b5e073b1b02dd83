// Hostile inputs to the dataset readers: files that claim more than they hold or hold
// more than anyone needs. Each must end in one line of error naming the file and the
// place, quickly, without allocating what the file asks for. (The scenario's alias bomb
// is in tests/scenario/scenario_test.cc; the fuzz targets of tests/fuzz look for more.)
#include <gtest/gtest.h>
#include <zstd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/byte_buffer.h"
#include "core/hash.h"
#include "dataset/manifest.h"
#include "ecomsim/ecomsim.h"
#include "ecomsim/validate.h"
#include "parquet/page_codec.h"
#include "parquet/writer/file_metadata.h"
#include "parquet/writer/page_header.h"
#include "parquet/writer/schema_mapping.h"
#include "parquet/writer/thrift_writer.h"
#include "sources/dataset_reader.h"
#include "test_support.h"

namespace ecomsim {
namespace {

namespace fs = std::filesystem;
using parquet::CompressionCodec;
using parquet::PhysicalType;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr int64_t kTwoTo40 = int64_t{1} << 40;

// Writes the header of one data page before its `body` (`uncompressed` bytes before
// compression).
using PageHeaderWriter =
    std::function<void(std::string_view body, int32_t uncompressed, ByteBuffer& out)>;

void HonestHeader(std::string_view body, int32_t uncompressed, ByteBuffer& out) {
  parquet::PutDataPageHeader(uncompressed, static_cast<int32_t>(body.size()), 1,
                             parquet::Encoding::kPlain, Crc32(body.data(), body.size()), out);
}

// One PLAIN value of the column (zero, false or empty), after its definition level (1)
// when the column is nullable.
std::string OneValue(const ColumnDef& def) {
  std::string page;
  if (def.nullable) page += std::string("\x02\x00\x00\x00\x02\x01", 6);  // RLE: one 1
  switch (parquet::SchemaOf(def).physical) {
    case PhysicalType::kInt32: return page + std::string(4, '\0');
    case PhysicalType::kBoolean: return page + std::string(1, '\0');
    case PhysicalType::kByteArray: return page + std::string(4, '\0');  // length 0
    default: return page + std::string(8, '\0');
  }
}

// A Parquet file of `table` made by hand: one row group whose footer says it holds
// `claimed_rows` rows, and in it one data page per column holding one value (OneValue),
// compressed with `codec`, under the header `header` writes.
std::string HandMadeParquet(const TableDef& table, int64_t claimed_rows,
                            CompressionCodec codec = CompressionCodec::kUncompressed,
                            const PageHeaderWriter& header = HonestHeader) {
  ByteBuffer file;
  file.Append("PAR1");
  parquet::RowGroupMeta group;
  group.num_rows = claimed_rows;
  group.file_offset = 4;
  for (const ColumnDef& def : table.columns) {
    const std::string value = OneValue(def);
    std::string body = value;
    if (codec == CompressionCodec::kZstd) {
      body.resize(ZSTD_compressBound(value.size()));
      body.resize(ZSTD_compress(body.data(), body.size(), value.data(), value.size(), 1));
    }
    parquet::ColumnChunkMeta c;
    c.type = parquet::SchemaOf(def).physical;
    c.codec = codec;
    c.num_values = claimed_rows;
    c.data_page_offset = static_cast<int64_t>(file.size());
    c.data_pages = 1;
    c.AddEncoding(parquet::Encoding::kPlain);
    header(body, static_cast<int32_t>(value.size()), file);
    file.Append(body);
    c.total_compressed_size = static_cast<int64_t>(file.size()) - c.data_page_offset;
    c.total_uncompressed_size = c.total_compressed_size;
    group.columns.push_back(std::move(c));
  }
  ByteBuffer footer;
  parquet::FileMetaDataInfo info;
  info.row_groups = std::span<const parquet::RowGroupMeta>(&group, 1);
  info.num_rows = claimed_rows;
  info.created_by = "hostile_input_test";
  parquet::PutFileMetaData(table, info, footer);
  file.Append(footer.view());
  const auto length = static_cast<uint32_t>(footer.size());
  file.Append(std::string_view(reinterpret_cast<const char*>(&length), sizeof(length)));
  file.Append("PAR1");
  return std::string(file.view());
}

// Reads a part file of `table` to its end; the error, or "" when there is none.
std::string ReadError(FileFormat format, const TableDef& table, const std::string& path,
                      const PartReaderOptions& options = {}) {
  Result<std::vector<std::string>> rows = testing::ReadPart(format, table, path, 1000, options);
  return rows.ok() ? "" : rows.status().message();
}

bool OneLine(const std::string& message) { return message.find('\n') == std::string::npos; }

TEST(HostileInput, AHandMadeParquetFileIsReadWhenItTellsTheTruth) {
  TempDir dir;
  const std::string path = dir / "honest.parquet";
  for (CompressionCodec codec : {CompressionCodec::kUncompressed, CompressionCodec::kZstd}) {
    WriteFile(path, HandMadeParquet(Table(TableId::kSuppliers), 1, codec));
    Result<std::vector<std::string>> rows =
        testing::ReadPart(FileFormat::kParquet, Table(TableId::kSuppliers), path);
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    EXPECT_EQ(rows->size(), 1u);
  }
}

// The footer's claim costs nothing until pages back it: the reader runs out of pages.
TEST(HostileInput, AParquetFooterClaimingTwoToThe40RowsIsOneLineOfError) {
  TempDir dir;
  const std::string path = dir / "claims.parquet";
  WriteFile(path, HandMadeParquet(Table(TableId::kSuppliers), kTwoTo40));
  const std::string e = ReadError(FileFormat::kParquet, Table(TableId::kSuppliers), path);
  EXPECT_NE(e.find(path + ": row group 1 of 1, column supplier_id: the pages end 1099511627775 "
                          "rows short of the row group"),
            std::string::npos)
      << e;
  EXPECT_TRUE(OneLine(e)) << e;
}

// In a dataset, the footer is checked against the manifest before a row is read: by
// load --from (DatasetReader) and by validate.
TEST(HostileInput, AParquetFooterClaimingMoreRowsThanTheManifestIsRefusedUpFront) {
  TempDir dir;
  GenerateOptions options;
  options.overrides = {"world.customers=20", "world.duration=1d"};
  options.tables = {"suppliers", "products"};
  options.out_dir = dir / "data";
  options.threads = 1;
  GenerateReport report;
  ASSERT_TRUE(Generate(options, report).ok());
  const std::string data = dir / "data";
  const std::string manifest_path = (fs::path(data) / "manifest.json").string();
  Result<Manifest> manifest = ParseManifest(ReadFile(manifest_path), manifest_path);
  ASSERT_TRUE(manifest.ok()) << manifest.status().message();
  std::string part;
  for (ManifestFile& f : manifest->files) {
    if (f.table != "suppliers") continue;
    // The real file replaced by one claiming 2^40 rows; the manifest keeps its count
    // and learns the new file's size and checksum, so that only the rows disagree.
    const std::string bytes = HandMadeParquet(Table(TableId::kSuppliers), kTwoTo40);
    part = (fs::path(data) / f.path).string();
    WriteFile(part, bytes);
    f.bytes = bytes.size();
    f.crc32c = Crc32c(bytes.data(), bytes.size());
  }
  ASSERT_FALSE(part.empty());
  WriteFile(manifest_path, ManifestJson(*manifest));

  Result<std::unique_ptr<DatasetReader>> reader = DatasetReader::Open(data);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  int batches = 0;
  const Status s = (*reader)->ReadTable(TableId::kSuppliers, [&](const Batch&) {
    ++batches;
    return Status::Ok();
  });
  EXPECT_EQ(batches, 0);
  EXPECT_NE(s.message().find(part + ": the footer says 1099511627776 rows, the manifest "),
            std::string::npos)
      << s.message();
  EXPECT_TRUE(OneLine(s.message())) << s.message();

  ValidateOptions validate;
  validate.dir = data;
  Result<ValidationReport> v = Validate(validate);
  ASSERT_TRUE(v.ok()) << v.status().message();
  const CheckResult& files = v->checks.front();
  EXPECT_EQ(files.name, "manifest");
  EXPECT_EQ(files.status, CheckStatus::kFailed);
  EXPECT_NE(files.example.find(part + ": the footer says 1099511627776 rows, more than the "),
            std::string::npos)
      << files.example;
}

// A page header's sizes are 32-bit: 4 GB does not fit, and what does fit is bounded
// (1 GiB) and checked against what the page's codec says before any room is made.
TEST(HostileInput, AParquetPageClaimingGigabytesIsOneLineOfError) {
  TempDir dir;
  const std::string path = dir / "page.parquet";
  const TableDef& table = Table(TableId::kSuppliers);
  // A data page header of one PLAIN value whose uncompressed size is `claim`, written
  // byte by byte: compact protocol, short field headers (delta << 4 | type).
  auto claiming = [](int64_t claim) -> PageHeaderWriter {
    return [claim](std::string_view body, int32_t, ByteBuffer& out) {
      constexpr char kI32 = 5;
      constexpr char kStruct = 12;
      auto field = [&](int delta, char type) {
        out.Append(std::string(1, static_cast<char>(delta << 4 | type)));
      };
      auto i32 = [&](int64_t v) {
        parquet::PutVarint(static_cast<uint64_t>(v << 1 ^ (v >> 63)), out);
      };
      field(1, kI32);
      i32(static_cast<int32_t>(parquet::PageType::kDataPage));
      field(1, kI32);  // 2: uncompressed_page_size, an i32 in the format
      i32(claim);
      field(1, kI32);  // 3: compressed_page_size
      i32(static_cast<int64_t>(body.size()));
      field(2, kStruct);  // 5: data_page_header
      field(1, kI32);
      i32(1);  // num_values
      field(1, kI32);
      i32(static_cast<int32_t>(parquet::Encoding::kPlain));
      field(1, kI32);
      i32(static_cast<int32_t>(parquet::Encoding::kRle));
      field(1, kI32);
      i32(static_cast<int32_t>(parquet::Encoding::kRle));
      out.Append(std::string(2, '\0'));  // the stops of both structs
    };
  };
  const std::string where = path + ": row group 1 of 1, column supplier_id: ";
  struct Case {
    int64_t claim;
    const char* says;
  };
  for (const Case& c : {Case{int64_t{4} << 30, "i32 out of range"},
                        Case{(int64_t{1} << 31) - 1, "sizes out of range"},
                        Case{int64_t{1} << 30,
                             "zstd: page decompresses to 8 bytes, header says "
                             "1073741824"}}) {
    SCOPED_TRACE(c.claim);
    WriteFile(path, HandMadeParquet(table, 1, CompressionCodec::kZstd, claiming(c.claim)));
    const std::string e = ReadError(FileFormat::kParquet, table, path);
    EXPECT_NE(e.find(where), std::string::npos) << e;
    EXPECT_NE(e.find(c.says), std::string::npos) << e;
    EXPECT_TRUE(OneLine(e)) << e;
  }
}

TEST(HostileInput, PageCodecChecksAClaimedSizeAgainstTheHeadersOfTheBody) {
  using parquet::PageCodec;
  const std::string text(1000, 'x');
  std::string zstd(ZSTD_compressBound(text.size()), '\0');
  zstd.resize(ZSTD_compress(zstd.data(), zstd.size(), text.data(), text.size(), 1));
  EXPECT_TRUE(PageCodec::CheckSize(CompressionCodec::kZstd, zstd, 1000).ok());
  EXPECT_FALSE(PageCodec::CheckSize(CompressionCodec::kZstd, zstd, 1001).ok());
  EXPECT_FALSE(PageCodec::CheckSize(CompressionCodec::kZstd, "garbage!", 8).ok());
  // A frame that does not state its size (streaming mode) may expand, but not beyond
  // what zstd can: 128 KiB per 4 bytes.
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ASSERT_EQ(ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0), 0u);
  std::string unsized(ZSTD_compressBound(text.size()), '\0');
  unsized.resize(ZSTD_compress2(cctx, unsized.data(), unsized.size(), text.data(), text.size()));
  ZSTD_freeCCtx(cctx);
  ASSERT_EQ(ZSTD_getFrameContentSize(unsized.data(), unsized.size()), ZSTD_CONTENTSIZE_UNKNOWN);
  EXPECT_TRUE(PageCodec::CheckSize(CompressionCodec::kZstd, unsized, 1000).ok());
  const std::string e =
      PageCodec::CheckSize(CompressionCodec::kZstd, unsized, size_t{1} << 30).message();
  EXPECT_NE(e.find("cannot decompress to the 1073741824 its header says"), std::string::npos) << e;
  // Snappy states its length in its first bytes.
  EXPECT_FALSE(PageCodec::CheckSize(CompressionCodec::kSnappy, "\x08xxxx", 1 << 30).ok());
}

// A field far longer than any record ecomsim writes ends the read at the record's limit
// (16 MiB by default, 10 KB here), whether or not its quote is ever closed.
TEST(HostileInput, AnEndlessCsvFieldStopsAtTheRecordLimit) {
  EXPECT_LE(PartReaderOptions{}.max_record_bytes, size_t{16} << 20);
  TempDir dir;
  const std::string path = dir / "long.csv";
  const TableDef& table = Table(TableId::kSuppliers);
  std::string header;
  for (const ColumnDef& c : table.columns)
    header += (header.empty() ? "" : ",") + std::string(c.name);
  PartReaderOptions options;
  options.block_bytes = 1000;
  options.max_record_bytes = 10000;
  for (const std::string& field : {std::string(200000, 'x'), "\"" + std::string(200000, 'x'),
                                   "\"" + std::string(200000, '\n') + "\""}) {
    WriteFile(path, header + "\n1," + field + "\n");
    const std::string e = ReadError(FileFormat::kCsv, table, path, options);
    EXPECT_NE(e.find(path + ":2: record longer than 10000 bytes"), std::string::npos) << e;
    EXPECT_TRUE(OneLine(e)) << e;
  }
}

// JSON Lines values are flat: a nested one is refused at its first bracket, however deep
// it goes; a line longer than the limit is refused before it is all read.
TEST(HostileInput, ADeeplyNestedJsonValueIsOneLineOfError) {
  TempDir dir;
  const std::string path = dir / "deep.jsonl";
  const TableDef& table = Table(TableId::kSuppliers);
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  WriteFile(path, "{\"supplier_id\": " + deep + "}\n");
  std::string e = ReadError(FileFormat::kJsonl, table, path);
  EXPECT_NE(e.find(path + ":1: key 'supplier_id': expected an integer (int64), found an array"),
            std::string::npos)
      << e;
  EXPECT_TRUE(OneLine(e)) << e;

  PartReaderOptions options;
  options.block_bytes = 1000;
  options.max_record_bytes = 10000;
  e = ReadError(FileFormat::kJsonl, table, path, options);
  EXPECT_NE(e.find(path + ":1: line longer than 10000 bytes"), std::string::npos) << e;

  // The manifest is a JSON document: nesting is bounded there too.
  WriteFile(dir / "manifest.json", deep);
  Result<std::unique_ptr<DatasetReader>> reader = DatasetReader::Open(dir.path().string());
  ASSERT_FALSE(reader.ok());
  e = reader.status().message();
  EXPECT_NE(e.find("manifest.json:1:"), std::string::npos) << e;
  EXPECT_NE(e.find("nested too deeply"), std::string::npos) << e;
  EXPECT_TRUE(OneLine(e)) << e;
}

}  // namespace
}  // namespace ecomsim
