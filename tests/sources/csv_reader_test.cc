#include "sources/csv_reader.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace ecomsim {
namespace {

using testing::AllTypesBatch;
using testing::AllTypesTable;
using testing::ReadPart;
using testing::RenderRows;
using testing::TempDir;
using testing::WriteFile;
using testing::WritePart;

// A small table for hand-written files.
constexpr ColumnDef kSmallColumns[] = {
    {"id", ColumnType::kInt64, false, 0, ""},
    {"name", ColumnType::kString, true, 0, ""},
    {"price", ColumnType::kDecimal, true, 2, ""},
    {"at", ColumnType::kTimestamp, false, 0, ""},
};
const TableDef& SmallTable() {
  static const TableDef t = [] {
    TableDef d{};
    d.id = TableId::kSuppliers;
    d.name = "small";
    d.columns = kSmallColumns;
    return d;
  }();
  return t;
}

constexpr std::string_view kHeader = "id,name,price,at\n";

Result<std::vector<std::string>> ReadCsvText(const TempDir& dir, std::string_view text,
                                             size_t block_bytes = 1 << 20) {
  const std::string path = dir / "t.csv";
  WriteFile(path, text);
  PartReaderOptions options;
  options.block_bytes = block_bytes;
  return ReadPart(FileFormat::kCsv, SmallTable(), path, 1000, options);
}

std::string ErrorOf(const TempDir& dir, std::string_view text) {
  Result<std::vector<std::string>> r = ReadCsvText(dir, text);
  EXPECT_FALSE(r.ok()) << "expected an error for:\n" << text;
  return r.ok() ? std::string() : r.status().message();
}

TEST(CsvReader, RoundTripsEveryTypeAndHardValue) {
  TempDir dir;
  const Batch b = AllTypesBatch(400);
  const std::string path = dir / "all.csv";
  const Batch* batches[] = {&b};
  ASSERT_TRUE(WritePart(FileFormat::kCsv, AllTypesTable(), path, batches).ok());
  const std::vector<std::string> expected = RenderRows(b);
  for (size_t batch_rows : {size_t{1}, size_t{7}, size_t{1000}}) {
    for (size_t block : {size_t{16}, size_t{100}, size_t{4096}, BlockWindow::kDefaultBlockBytes}) {
      PartReaderOptions options;
      options.block_bytes = block;
      Result<std::vector<std::string>> rows =
          ReadPart(FileFormat::kCsv, AllTypesTable(), path, batch_rows, options);
      ASSERT_TRUE(rows.ok()) << rows.status().message();
      ASSERT_EQ(*rows, expected) << "batch_rows " << batch_rows << ", block " << block;
    }
  }
}

TEST(CsvReader, ReadsAnEmptyTableFromItsHeaderAlone) {
  TempDir dir;
  const Batch empty(AllTypesTable());
  const std::string path = dir / "empty.csv";
  const Batch* batches[] = {&empty};
  ASSERT_TRUE(WritePart(FileFormat::kCsv, AllTypesTable(), path, batches).ok());
  Result<std::vector<std::string>> rows = ReadPart(FileFormat::kCsv, AllTypesTable(), path);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_TRUE(rows->empty());
}

TEST(CsvReader, AcceptsCrlfQuotedFieldsAndAMissingFinalLineBreak) {
  TempDir dir;
  Result<std::vector<std::string>> rows =
      ReadCsvText(dir,
                  "\xEF\xBB\xBFid,\"name\",price,at\r\n"
                  "1,a,1.5,2024-08-01T00:00:00.000001Z\r\n"
                  "\"2\",\"multi\r\nline, \"\"quoted\"\"\",\"-0.05\",\"2024-08-01 10:00:00\"\r\n"
                  "3,,,2024-08-01T00:00:00Z\n"
                  "4,\"\",7,1970-01-01");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  const std::vector<std::string> expected = {
      "1 | 'a' | 150 | 1722470400000001",
      "2 | 'multi\r\nline, \"quoted\"' | -5 | 1722506400000000",
      "3 | NULL | NULL | 1722470400000000",
      "4 | '' | 700 | 0",
  };
  EXPECT_EQ(*rows, expected);
}

TEST(CsvReader, SplitsRecordsAcrossTinyBlocks) {
  TempDir dir;
  std::string text(kHeader);
  std::vector<std::string> expected;
  for (int i = 0; i < 200; ++i) {
    const std::string name = i % 5 == 0 ? "\"long, \"\"quoted\"\"\n" + std::string(i, 'z') + "\""
                                        : "n" + std::to_string(i);
    text += std::to_string(i) + "," + name + ",0.0" + std::to_string(i % 10) +
            ",2024-08-01T00:00:00.000000Z\r\n";
    const std::string value = i % 5 == 0 ? "'long, \"quoted\"\n" + std::string(i, 'z') + "'"
                                         : "'n" + std::to_string(i) + "'";
    expected.push_back(std::to_string(i) + " | " + value + " | " + std::to_string(i % 10) +
                       " | 1722470400000000");
  }
  for (size_t block : {size_t{16}, size_t{17}, size_t{31}, size_t{64}}) {
    Result<std::vector<std::string>> rows = ReadCsvText(dir, text, block);
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    EXPECT_EQ(*rows, expected) << "block " << block;
  }
}

TEST(CsvReader, RejectsAHeaderThatDoesNotMatchTheTable) {
  TempDir dir;
  std::string e = ErrorOf(dir, "id,nom,price,at\n1,a,1,2024-08-01\n");
  EXPECT_NE(e.find("t.csv:1: the header does not match table small"), std::string::npos) << e;
  EXPECT_NE(e.find("column 2 is 'nom', expected 'name'"), std::string::npos) << e;
  e = ErrorOf(dir, "id,name,price\n");
  EXPECT_NE(e.find("3 columns, expected 4 (missing 'at')"), std::string::npos) << e;
  e = ErrorOf(dir, "id,name,price,at,extra\n");
  EXPECT_NE(e.find("5 columns, expected 4 (unexpected 'extra')"), std::string::npos) << e;
  e = ErrorOf(dir, "");
  EXPECT_NE(e.find("t.csv:1: empty file"), std::string::npos) << e;
}

TEST(CsvReader, NamesLineAndColumnOfAMalformedValue) {
  TempDir dir;
  const std::string head = std::string(kHeader) + "1,a,1.00,2024-08-01T00:00:00.000000Z\n";
  std::string e = ErrorOf(dir, head + "2x,b,1.00,2024-08-01T00:00:00.000000Z\n");
  EXPECT_NE(e.find("t.csv:3: column id: '2x' is not an integer (int64)"), std::string::npos) << e;
  e = ErrorOf(dir, head + "2,b,1.005,2024-08-01T00:00:00.000000Z\n");
  EXPECT_NE(e.find("t.csv:3: column price: '1.005' is not a decimal with at most 2 digits"),
            std::string::npos)
      << e;
  e = ErrorOf(dir, head + "2,b,1.00,2024-13-01T00:00:00.000000Z\n");
  EXPECT_NE(e.find("t.csv:3: column at: '2024-13-01T00:00:00.000000Z' is not a timestamp"),
            std::string::npos)
      << e;
  e = ErrorOf(dir, head + "99999999999999999999,b,1.00,2024-08-01\n");
  EXPECT_NE(e.find("t.csv:3: column id:"), std::string::npos) << e;
  e = ErrorOf(dir, head + "\"\",b,1.00,2024-08-01\n");
  EXPECT_NE(e.find("t.csv:3: column id: '' is not an integer"), std::string::npos) << e;
  // The line of a record after a quoted field with line breaks.
  e = ErrorOf(dir, head + "2,\"two\nlines\",1,2024-08-01\n3,c,bad,2024-08-01\n");
  EXPECT_NE(e.find("t.csv:5: column price: 'bad'"), std::string::npos) << e;
}

TEST(CsvReader, RejectsAMissingValueInAColumnThatIsNotNullable) {
  TempDir dir;
  std::string e = ErrorOf(dir, std::string(kHeader) + ",a,1.00,2024-08-01\n");
  EXPECT_NE(e.find("t.csv:2: column id: empty field, but the column is not nullable"),
            std::string::npos)
      << e;
  e = ErrorOf(dir, std::string(kHeader) + "1,a,1.00,\n");
  EXPECT_NE(e.find("t.csv:2: column at: empty field"), std::string::npos) << e;
}

TEST(CsvReader, RejectsMalformedRecords) {
  TempDir dir;
  std::string e =
      ErrorOf(dir, std::string(kHeader) + "1,\"never closed,1.00,2024-08-01\n2,b,1,2024-08-01\n");
  EXPECT_NE(e.find("t.csv:2: unterminated quoted field"), std::string::npos) << e;
  e = ErrorOf(dir, std::string(kHeader) + "1,a,1.00\n");
  EXPECT_NE(e.find("t.csv:2: column price: the record ends after 3 of 4 fields"), std::string::npos)
      << e;
  e = ErrorOf(dir, std::string(kHeader) + "1,a,1.00,2024-08-01,5\n");
  EXPECT_NE(e.find("t.csv:2: column at: more than 4 fields"), std::string::npos) << e;
  e = ErrorOf(dir, std::string(kHeader) + "1,a\"b,1.00,2024-08-01\n");
  EXPECT_NE(e.find("t.csv:2: column name: a quote inside an unquoted field"), std::string::npos)
      << e;
  e = ErrorOf(dir, std::string(kHeader) + "1,\"a\"b,1.00,2024-08-01\n");
  EXPECT_NE(e.find("t.csv:2: column name: text after the closing quote"), std::string::npos) << e;
  e = ErrorOf(dir, std::string(kHeader) + "1,a\rb,1.00,2024-08-01\n");
  EXPECT_NE(e.find("t.csv:2: column name: a carriage return"), std::string::npos) << e;
  e = ErrorOf(dir, std::string(kHeader) + "1,a,1.00,2024-08-01\n\n");
  EXPECT_NE(e.find("t.csv:3: column id: the record ends after 1 of 4 fields"), std::string::npos)
      << e;
}

TEST(CsvReader, RejectsARecordLongerThanTheLimitInsteadOfReadingTheWholeFile) {
  TempDir dir;
  const std::string path = dir / "long.csv";
  WriteFile(path, std::string(kHeader) + "1,a,1,2024-08-01\n2,\"" + std::string(100000, 'x'));
  PartReaderOptions options;
  options.block_bytes = 1000;
  options.max_record_bytes = 10000;
  Result<std::vector<std::string>> r =
      ReadPart(FileFormat::kCsv, SmallTable(), path, 1000, options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("long.csv:3: record longer than"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace ecomsim
