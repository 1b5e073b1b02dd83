#include "sources/jsonl_reader.h"

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

constexpr ColumnDef kSmallColumns[] = {
    {"id", ColumnType::kInt64, false, 0, ""},     {"name", ColumnType::kString, true, 0, ""},
    {"price", ColumnType::kDecimal, true, 2, ""}, {"at", ColumnType::kTimestamp, false, 0, ""},
    {"ok", ColumnType::kBool, true, 0, ""},
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

Result<std::vector<std::string>> ReadJsonlText(const TempDir& dir, std::string_view text,
                                               size_t block_bytes = 1 << 20) {
  const std::string path = dir / "t.jsonl";
  WriteFile(path, text);
  PartReaderOptions options;
  options.block_bytes = block_bytes;
  return ReadPart(FileFormat::kJsonl, SmallTable(), path, 1000, options);
}

std::string ErrorOf(const TempDir& dir, std::string_view text) {
  Result<std::vector<std::string>> r = ReadJsonlText(dir, text);
  EXPECT_FALSE(r.ok()) << "expected an error for:\n" << text;
  return r.ok() ? std::string() : r.status().message();
}

constexpr std::string_view kGoodLine =
    R"({"id":1,"name":"a","price":1.50,"at":"2024-08-01T00:00:00.000001Z","ok":true})"
    "\n";

TEST(JsonlReader, RoundTripsEveryTypeAndHardValue) {
  TempDir dir;
  const Batch b = AllTypesBatch(400);
  const std::string path = dir / "all.jsonl";
  const Batch* batches[] = {&b};
  ASSERT_TRUE(WritePart(FileFormat::kJsonl, AllTypesTable(), path, batches).ok());
  const std::vector<std::string> expected = RenderRows(b);
  for (size_t batch_rows : {size_t{1}, size_t{13}, size_t{1000}}) {
    for (size_t block : {size_t{16}, size_t{333}, BlockWindow::kDefaultBlockBytes}) {
      PartReaderOptions options;
      options.block_bytes = block;
      Result<std::vector<std::string>> rows =
          ReadPart(FileFormat::kJsonl, AllTypesTable(), path, batch_rows, options);
      ASSERT_TRUE(rows.ok()) << rows.status().message();
      ASSERT_EQ(*rows, expected) << "batch_rows " << batch_rows << ", block " << block;
    }
  }
}

TEST(JsonlReader, AcceptsKeysInAnyOrderSpacesEscapesAndBlankLines) {
  TempDir dir;
  Result<std::vector<std::string>> rows = ReadJsonlText(
      dir, std::string(kGoodLine) +
               "\n"
               "  { \"ok\" : null , \"at\" : \"2024-08-01T00:00:00Z\", \"price\": -0.05,"
               " \"name\": \"caf\\u00e9 \\ud83d\\uded2 \\\"q\\\" \\n\", \"id\": -7 }\r\n"
               "{\"id\":3,\"name\":null,\"price\":null,\"at\":\"1970-01-01T00:00:00.000000Z\","
               "\"ok\":false}");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  const std::vector<std::string> expected = {
      "1 | 'a' | 150 | 1722470400000001 | 1",
      "-7 | 'café 🛒 \"q\" \n' | -5 | 1722470400000000 | NULL",
      "3 | NULL | NULL | 0 | 0",
  };
  EXPECT_EQ(*rows, expected);
}

TEST(JsonlReader, RejectsKeysThatAreNotTheTablesColumns) {
  TempDir dir;
  std::string e = ErrorOf(
      dir, std::string(kGoodLine) + R"({"id":2,"nom":"a","price":1,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:2: unknown key 'nom' (table small has no such column)"),
            std::string::npos)
      << e;
  e = ErrorOf(dir, R"({"id":2,"price":1,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:1: missing key 'name'"), std::string::npos) << e;
  e = ErrorOf(dir, R"({"id":2,"id":3,"name":"a","price":1,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:1: key 'id': repeated key"), std::string::npos) << e;
}

TEST(JsonlReader, NamesLineAndKeyOfAMalformedValue) {
  TempDir dir;
  const std::string head(kGoodLine);
  std::string e =
      ErrorOf(dir, head + R"({"id":1.5,"name":"a","price":1,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:2: key 'id': '1.5' is not an integer (int64)"), std::string::npos) << e;
  e = ErrorOf(dir, head + R"({"id":"1","name":"a","price":1,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:2: key 'id': expected an integer (int64), found a string"),
            std::string::npos)
      << e;
  e = ErrorOf(dir, head + R"({"id":null,"name":"a","price":1,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:2: key 'id': null, but the column is not nullable"), std::string::npos)
      << e;
  e = ErrorOf(dir, head + R"({"id":1,"name":"a","price":1.234,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:2: key 'price': '1.234' is not a decimal"), std::string::npos) << e;
  e = ErrorOf(dir, head + R"({"id":1,"name":"a","price":1,"at":"yesterday","ok":true})");
  EXPECT_NE(e.find("t.jsonl:2: key 'at': 'yesterday' is not a timestamp"), std::string::npos) << e;
  e = ErrorOf(dir, head + R"({"id":1,"name":"a","price":1,"at":"2024-08-01","ok":1})");
  EXPECT_NE(e.find("t.jsonl:2: key 'ok': expected true or false, found a number"),
            std::string::npos)
      << e;
  e = ErrorOf(dir, head + R"({"id":1,"name":["a"],"price":1,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:2: key 'name': expected a string, found an array"), std::string::npos)
      << e;
}

TEST(JsonlReader, RejectsMalformedJson) {
  TempDir dir;
  std::string e = ErrorOf(dir, R"({"id":1,"name":"a","price":1,"at":"2024-08-01","ok":true)");
  EXPECT_NE(e.find("t.jsonl:1: key 'ok': expected ',' or '}'"), std::string::npos) << e;
  e = ErrorOf(dir, R"([1,2])");
  EXPECT_NE(e.find("t.jsonl:1: expected a JSON object"), std::string::npos) << e;
  e = ErrorOf(dir, R"({"id":1,"name":"a,"price":1,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:1:"), std::string::npos) << e;
  e = ErrorOf(dir, R"({"id":1,"name":"unterminated)");
  EXPECT_NE(e.find("t.jsonl:1: key 'name': unterminated string"), std::string::npos) << e;
  e = ErrorOf(dir, R"({"id":1,"name":"a","price":1,"at":"2024-08-01","ok":true} x)");
  EXPECT_NE(e.find("t.jsonl:1: text after the object"), std::string::npos) << e;
  e = ErrorOf(dir, R"({"id":1,"name":"\x","price":1,"at":"2024-08-01","ok":true})");
  EXPECT_NE(e.find("t.jsonl:1: key 'name': bad escape"), std::string::npos) << e;
}

}  // namespace
}  // namespace ecomsim
