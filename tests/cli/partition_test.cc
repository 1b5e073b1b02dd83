// --partition-by day: Hive-style directories per UTC date for the activity tables, the
// same rows as the unpartitioned dataset, every row in the directory of its own date.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cli_support.h"
#include "json_value.h"

namespace ecomsim::testing {
namespace {

// Rows of a CSV part without its header line.
std::vector<std::string> Rows(const std::string& text) {
  std::vector<std::string> rows;
  bool first = true;
  for (std::string_view line : Lines(text)) {
    if (!first) rows.emplace_back(line);
    first = false;
  }
  return rows;
}

TEST_F(CliTest, PartitionByDaySplitsActivityTablesByDateAndKeepsEveryRow) {
  const fs::path whole = tmp_.path() / "whole";
  const fs::path parted = tmp_.path() / "parted";
  ASSERT_EQ(Ecomsim(GenerateSmall({"--out", whole.string()})).exit_code, 0);
  const ProcessResult r =
      Ecomsim(GenerateSmall({"--out", parted.string(), "--partition-by", "day"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // Dimensions and customers stay whole and identical.
  for (const char* table : {"suppliers", "products", "customers"}) {
    const std::string part = std::string(table) + "/part-00000.csv";
    EXPECT_EQ(ReadFile(whole / part), ReadFile(parted / part)) << table;
  }
  for (const auto& [table, ts_column] : {std::pair{"events", 4}, std::pair{"sessions", 3}}) {
    std::vector<std::string> expected = Rows(ReadFile(whole / table / "part-00000.csv"));
    std::vector<std::string> got;
    std::set<std::string> dates;
    for (const auto& entry : fs::directory_iterator(parted / table)) {
      const std::string dir = entry.path().filename().string();
      ASSERT_TRUE(dir.starts_with("date=")) << dir;
      const std::string date = dir.substr(5);
      dates.insert(date);
      const std::string text = ReadFile(entry.path() / "part-00000.csv");
      for (const std::string& row : Rows(text)) {
        // The partition column's UTC date is the directory's date.
        size_t start = 0;
        for (int i = 0; i < ts_column; ++i) start = row.find(',', start) + 1;
        EXPECT_EQ(row.substr(start, 10), date) << table << ": " << row;
        got.push_back(row);
      }
    }
    EXPECT_GE(dates.size(), 5u) << table;  // the small world spans five days
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, expected) << table;
  }

  // The manifest lists every partition file with its rows.
  const std::optional<JsonValue> manifest = JsonValue::Parse(ReadFile(parted / "manifest.json"));
  ASSERT_TRUE(manifest.has_value());
  int64_t event_rows = 0;
  size_t event_files = 0;
  for (const JsonValue& f : manifest->find("files")->items()) {
    if (f.find("table")->text() != "events") continue;
    ++event_files;
    event_rows += f.find("rows")->integer().value_or(-1);
    EXPECT_TRUE(fs::exists(parted / f.find("path")->text())) << f.find("path")->text();
  }
  EXPECT_EQ(event_files, static_cast<size_t>(std::distance(
                             fs::directory_iterator(parted / "events"), fs::directory_iterator())));
  EXPECT_EQ(static_cast<size_t>(event_rows),
            Rows(ReadFile(whole / "events" / "part-00000.csv")).size());
}

TEST_F(CliTest, UnknownPartitionIsAUsageError) {
  const fs::path out = tmp_.path() / "out";
  const ProcessResult r = Ecomsim(GenerateSmall({"--out", out.string(), "--partition-by", "week"}));
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_NE(r.err.find("--partition-by"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ecomsim::testing
