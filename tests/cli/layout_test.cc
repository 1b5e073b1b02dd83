// What generate writes: OUT/<table>/part-00000.<ext> and a manifest that describes the
// files exactly; --tables chooses the tables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "cli_support.h"
#include "json_value.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;

// CRC-32C (Castagnoli), bit by bit: reflected polynomial 0x82F63B78, initial value and
// final xor 0xFFFFFFFF. Written here so that the manifest is checked against code that
// shares nothing with ecomsim's.
uint32_t Crc32c(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (const char ch : data) {
    crc ^= static_cast<unsigned char>(ch);
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
  }
  return crc ^ 0xFFFFFFFFu;
}

std::string Hex8(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%08x", v);
  return buf;
}

// Fields of a CSV record (RFC 4180: commas inside quotes do not count).
size_t CsvFieldCount(std::string_view line) {
  size_t fields = 1;
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) ++fields;
  }
  return fields;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::string VersionOfBinary() {
  const ProcessResult r = Ecomsim({"--version"});
  const std::string prefix = "ecomsim ";
  EXPECT_TRUE(r.out.starts_with(prefix)) << r.out;
  return r.out.substr(prefix.size(), r.out.find('\n') - prefix.size());
}

TEST(Crc32cTest, TheTestsOwnCrcGivesTheStandardCheckValue) {
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(""), 0u);
}

class LayoutTest : public CliTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(LayoutTest, OnePartPerTableAndAManifestThatMatchesTheFiles) {
  const std::string format = GetParam();
  const bool csv = format == "csv";
  const std::string out = tmp_ / "out";
  const ProcessResult r =
      Ecomsim(GenerateSmall({"--format", format, "--seed", "5", "--threads", "2", "--out", out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");

  const std::vector<std::string> tables = SchemaTables();
  std::vector<std::string> expected_entries{"manifest.json"};
  for (const std::string& t : tables) {
    expected_entries.push_back(t);
    expected_entries.push_back(t + "/part-00000." + format);
  }
  std::sort(expected_entries.begin(), expected_entries.end());
  EXPECT_EQ(ListTree(out), expected_entries);
  EXPECT_TRUE(StagingLeftovers(tmp_.path()).empty());

  const FileTree tree = ReadTree(out);
  const std::optional<JsonValue> manifest = JsonValue::Parse(tree.at("manifest.json"));
  ASSERT_TRUE(manifest.has_value() && manifest->is_object())
      << "manifest.json is not a JSON object";
  auto text = [&](const char* key) {
    const JsonValue* v = manifest->find(key);
    return v != nullptr ? v->text() : "<missing " + std::string(key) + ">";
  };
  EXPECT_EQ(text("ecomsim_version"), VersionOfBinary());
  EXPECT_EQ(text("format"), format);
  EXPECT_EQ(text("seed"), "5");
  EXPECT_EQ(text("scenario"), "baseline");
  EXPECT_THAT(text("scenario_hash"), ::testing::MatchesRegex("[0-9a-f]{16}"));

  const JsonValue* files = manifest->find("files");
  ASSERT_TRUE(files != nullptr && files->is_array());
  ASSERT_EQ(files->items().size(), tables.size());
  for (size_t i = 0; i < tables.size(); ++i) {
    const std::string& table = tables[i];
    SCOPED_TRACE(table);
    const JsonValue& entry = files->items()[i];
    const std::string path = table + "/part-00000." + format;
    const std::string& bytes = tree.at(path);
    const std::vector<std::string_view> lines = Lines(bytes);
    // Only a JSON Lines file of an empty table is empty (CSV has its header).
    if (csv || !bytes.empty()) {
      ASSERT_FALSE(bytes.empty());
      EXPECT_EQ(bytes.back(), '\n');
    }
    const int64_t rows = static_cast<int64_t>(lines.size()) - (csv ? 1 : 0);

    ASSERT_NE(entry.find("table"), nullptr);
    ASSERT_NE(entry.find("path"), nullptr);
    ASSERT_NE(entry.find("rows"), nullptr);
    ASSERT_NE(entry.find("bytes"), nullptr);
    ASSERT_NE(entry.find("crc32c"), nullptr);
    EXPECT_EQ(entry.find("table")->text(), table);
    EXPECT_EQ(entry.find("path")->text(), path);
    EXPECT_EQ(entry.find("rows")->integer(), rows);
    EXPECT_EQ(entry.find("bytes")->integer(), static_cast<int64_t>(bytes.size()));
    EXPECT_EQ(entry.find("crc32c")->text(), Hex8(Crc32c(bytes)));

    // The files follow the schema: a header and records of its width in CSV, objects
    // with its keys in order in JSON Lines.
    const std::vector<std::string> columns = SchemaColumns(table);
    if (csv) {
      EXPECT_EQ(lines.front(), Join(columns));
      for (size_t l = 1; l < lines.size(); ++l) {
        ASSERT_EQ(CsvFieldCount(lines[l]), columns.size()) << "line " << l + 1 << ": " << lines[l];
      }
    } else {
      for (size_t l = 0; l < lines.size(); ++l) {
        const std::optional<JsonValue> row = JsonValue::Parse(lines[l]);
        ASSERT_TRUE(row.has_value() && row->is_object()) << "line " << l + 1 << ": " << lines[l];
        std::vector<std::string> keys;
        for (const auto& [key, value] : row->members()) keys.push_back(key);
        ASSERT_EQ(keys, columns) << "line " << l + 1;
      }
    }
  }
  EXPECT_GT(Lines(tree.at("events/part-00000." + format)).size(), 1000u);
}

INSTANTIATE_TEST_SUITE_P(Formats, LayoutTest, ::testing::Values("csv", "jsonl"));

// "--out data/" (as a shell completes it) is the directory data.
TEST_F(CliTest, OutWithATrailingSlashIsTheSameDirectory) {
  const ProcessResult r = Ecomsim(GenerateSmall({"--tables", "customers", "--out", tmp_ / "out/"}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ListTree(tmp_.path()),
            (std::vector<std::string>{"out", "out/customers", "out/customers/part-00000.csv",
                                      "out/manifest.json"}));
}

TEST_F(CliTest, TablesWritesOnlyTheChosenTablesWithTheSameBytes) {
  const std::string all = tmp_ / "all";
  const std::string some = tmp_ / "some";
  ProcessResult r = Ecomsim(GenerateSmall({"--out", all}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Ecomsim(GenerateSmall({"--tables", "customers,events", "--out", some}));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(ListTree(some),
            (std::vector<std::string>{"customers", "customers/part-00000.csv", "events",
                                      "events/part-00000.csv", "manifest.json"}));
  const FileTree full = ReadTree(all);
  const FileTree chosen = ReadTree(some);
  // Leaving tables out does not change the ones written.
  for (const char* path : {"customers/part-00000.csv", "events/part-00000.csv"}) {
    EXPECT_TRUE(chosen.at(path) == full.at(path)) << path;
  }
  const std::optional<JsonValue> manifest = JsonValue::Parse(chosen.at("manifest.json"));
  ASSERT_TRUE(manifest.has_value());
  const JsonValue* files = manifest->find("files");
  ASSERT_TRUE(files != nullptr && files->is_array());
  std::vector<std::string> listed;
  for (const JsonValue& f : files->items()) {
    listed.push_back(f.find("table") != nullptr ? f.find("table")->text() : "<no table>");
  }
  EXPECT_EQ(listed, (std::vector<std::string>{"customers", "events"}));
}

TEST_F(CliTest, AnUnknownTableIsAUsageErrorThatNamesIt) {
  const std::string out = tmp_ / "out";
  const ProcessResult r =
      Ecomsim(GenerateSmall({"--tables", "customers,bogus_table", "--out", out}));
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr("'bogus_table'"));
}

}  // namespace
}  // namespace ecomsim::testing
