#include "sinks/text_part_writer.h"

#include "core/time.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace ecomsim {
namespace {

// A table with one column of every type, for the encoders.
constexpr ColumnDef kColumns[] = {
    {"id", ColumnType::kInt64, false, 0, ""},     {"name", ColumnType::kString, true, 0, ""},
    {"kind", ColumnType::kEnum, false, 0, ""},    {"price", ColumnType::kDecimal, true, 2, ""},
    {"ratio", ColumnType::kDouble, false, 0, ""}, {"flag", ColumnType::kBool, false, 0, ""},
    {"at", ColumnType::kTimestamp, false, 0, ""}, {"day", ColumnType::kDate, false, 0, ""},
};
const TableDef kTable{TableId::kSuppliers, "things", "", kColumns, "id", {}, "", ""};
constexpr std::string_view kKinds[] = {"plain", "with,comma"};

Batch MakeBatch() {
  Batch b(kTable);
  b.SetDictionary(2, kKinds);
  auto row = [&](int64_t id, const char* name, int64_t kind, int64_t price, double ratio,
                 bool flag) {
    b.column(0).AppendInt(id);
    if (name != nullptr)
      b.column(1).AppendString(name);
    else
      b.column(1).AppendNull();
    b.column(2).AppendInt(kind);
    if (price >= -100000)
      b.column(3).AppendInt(price);
    else
      b.column(3).AppendNull();
    b.column(4).AppendDouble(ratio);
    b.column(5).AppendInt(flag ? 1 : 0);
    b.column(6).AppendInt(DaysFromCivil(2024, 8, 1) * kMicrosPerDay + 1);
    b.column(7).AppendInt(DaysFromCivil(2024, 8, 1));
    b.FinishRow();
  };
  row(1, "simple", 0, 1999, 0.5, true);
  row(2, "say \"hi\", then\nleave", 1, -5, 1e-7, false);
  row(3, "", 0, -1000000, 2, true);     // empty string, null price
  row(4, nullptr, 0, 0, -3.25, false);  // null name
  row(5, "Zürich – 東京", 0, 100, 0, true);
  return b;
}

TEST(CsvPartWriter, QuotesPerRfc4180AndLeavesNullsEmpty) {
  const Batch b = MakeBatch();
  ASSERT_TRUE(b.Consistent());
  CsvPartWriter w(kTable);
  ByteBuffer out;
  w.EncodeChunk(b, out);
  EXPECT_EQ(out.view(),
            "1,simple,plain,19.99,0.5,true,2024-08-01T00:00:00.000001Z,2024-08-01\n"
            "2,\"say \"\"hi\"\", then\nleave\",\"with,comma\",-0.05,1e-07,false,"
            "2024-08-01T00:00:00.000001Z,2024-08-01\n"
            "3,\"\",plain,,2,true,2024-08-01T00:00:00.000001Z,2024-08-01\n"
            "4,,plain,0.00,-3.25,false,2024-08-01T00:00:00.000001Z,2024-08-01\n"
            "5,Zürich – 東京,plain,1.00,0,true,2024-08-01T00:00:00.000001Z,2024-08-01\n");
}

TEST(JsonlPartWriter, EscapesStringsAndWritesNulls) {
  const Batch b = MakeBatch();
  JsonlPartWriter w(kTable);
  ByteBuffer out;
  w.EncodeChunk(b, out);
  std::istringstream lines{std::string(out.view())};
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line,
            "{\"id\":1,\"name\":\"simple\",\"kind\":\"plain\",\"price\":19.99,\"ratio\":0.5,"
            "\"flag\":true,\"at\":\"2024-08-01T00:00:00.000001Z\",\"day\":\"2024-08-01\"}");
  std::getline(lines, line);
  EXPECT_NE(line.find("\"name\":\"say \\\"hi\\\", then\\nleave\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"price\":-0.05"), std::string::npos) << line;
  std::getline(lines, line);
  EXPECT_NE(line.find("\"name\":\"\",\"kind\":\"plain\",\"price\":null"), std::string::npos)
      << line;
  std::getline(lines, line);
  EXPECT_NE(line.find("\"name\":null"), std::string::npos) << line;
}

TEST(CsvPartWriter, WritesHeaderChunksAndCountsIntoTheFile) {
  const auto dir = std::filesystem::temp_directory_path() / "ecomsim_csv_part_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "part.csv").string();
  const Batch b = MakeBatch();
  CsvPartWriter w(kTable);
  ASSERT_TRUE(w.Open(path, "things/part.csv").ok());
  ByteBuffer chunk;
  w.EncodeChunk(b, chunk);
  ASSERT_TRUE(w.Append(b, chunk.view()).ok());
  ASSERT_TRUE(w.Append(b, chunk.view()).ok());
  PartStats stats;
  ASSERT_TRUE(w.Finish(stats).ok());
  EXPECT_EQ(stats.rows, 10);
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  EXPECT_EQ(stats.bytes, text.size());
  EXPECT_TRUE(text.starts_with("id,name,kind,price,ratio,flag,at,day\n"));
  std::filesystem::remove_all(dir);
}

TEST(TextPartWriters, NonFiniteDoubles) {
  Batch b(kTable);
  b.SetDictionary(2, kKinds);
  for (double v :
       {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
        std::numeric_limits<double>::quiet_NaN()}) {
    b.column(0).AppendInt(1);
    b.column(1).AppendNull();
    b.column(2).AppendInt(0);
    b.column(3).AppendNull();
    b.column(4).AppendDouble(v);
    b.column(5).AppendInt(0);
    b.column(6).AppendInt(0);
    b.column(7).AppendInt(0);
    b.FinishRow();
  }
  // JSON has no such numbers: strings, so that every line stays valid JSON.
  ByteBuffer json;
  JsonlPartWriter(kTable).EncodeChunk(b, json);
  std::istringstream lines{std::string(json.view())};
  std::string line;
  for (const char* expected :
       {"\"ratio\":\"Infinity\",", "\"ratio\":\"-Infinity\",", "\"ratio\":\"NaN\","}) {
    ASSERT_TRUE(std::getline(lines, line));
    EXPECT_NE(line.find(expected), std::string::npos) << line;
  }
  EXPECT_FALSE(std::getline(lines, line));
  // CSV spells them as DuckDB and strtod read them.
  ByteBuffer csv;
  CsvPartWriter(kTable).EncodeChunk(b, csv);
  EXPECT_NE(csv.view().find(",,plain,,inf,"), std::string::npos) << csv.view();
  EXPECT_NE(csv.view().find(",,plain,,-inf,"), std::string::npos) << csv.view();
  EXPECT_NE(csv.view().find("nan,"), std::string::npos) << csv.view();
}

}  // namespace
}  // namespace ecomsim
