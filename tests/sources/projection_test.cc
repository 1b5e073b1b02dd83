// Reading some columns of a table (TableProjection, DatasetReader::ReadColumns), from
// files that hold all of them, and from files that lack the others.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ecomsim/ecomsim.h"
#include "sources/dataset_reader.h"
#include "sources/json_row.h"
#include "sources/table_projection.h"
#include "test_support.h"

namespace ecomsim {
namespace {

namespace fs = std::filesystem;
using testing::RenderRows;
using testing::RenderValue;
using testing::TempDir;

Status GenerateSmall(const std::string& out, const std::string& format) {
  GenerateOptions options;
  options.overrides = {"world.customers=1500", "world.duration=3d"};
  options.scenario = "fraud_testing";
  options.tables = {"customers", "orders", "payments"};
  options.out_dir = out;
  options.format = format;
  options.threads = 2;
  options.seed = 3;
  options.row_group_rows = 500;
  GenerateReport report;
  return Generate(options, report);
}

// The payments' values of `columns`, one row a line, read from the whole table.
std::vector<std::string> WholeTableColumns(const std::string& dir,
                                           const std::vector<std::string>& columns) {
  std::vector<std::string> rows;
  auto reader = DatasetReader::Open(dir);
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  if (!reader.ok()) return rows;
  const TableDef& t = Table(TableId::kPayments);
  const Status s = (*reader)->ReadTable(TableId::kPayments, [&](const Batch& b) {
    for (size_t r = 0; r < b.rows(); ++r) {
      std::string line;
      for (const std::string& c : columns) {
        line += RenderValue(b.column(t.ColumnIndex(c)), r) + " | ";
      }
      rows.push_back(line);
    }
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return rows;
}

Result<std::vector<std::string>> ProjectedRows(const std::string& dir,
                                               const TableProjection& projection) {
  auto reader = DatasetReader::Open(dir);
  if (!reader.ok()) return reader.status();
  std::vector<std::string> rows;
  Status s = (*reader)->ReadColumns(
      projection,
      [&](const Batch& b) {
        if (&b.table() != &projection.table() || !b.Consistent()) {
          return Status::Internal("a batch of the wrong shape");
        }
        for (size_t r = 0; r < b.rows(); ++r) {
          std::string line;
          for (size_t c = 0; c < b.column_count(); ++c) {
            line += RenderValue(b.column(static_cast<int>(c)), r) + " | ";
          }
          rows.push_back(line);
        }
        return Status::Ok();
      },
      97);
  if (!s.ok()) return s;
  return rows;
}

std::unique_ptr<TableProjection> PaymentsProjection() {
  auto p = TableProjection::Make(TableId::kPayments,
                                 {"amount", "payment_id", "device_id", "ts", "failure_reason"});
  EXPECT_TRUE(p.ok());
  return std::move(*p);
}

// Removes the CSV fields named in `drop` from every line of `path` (the files ecomsim
// writes for payments have no quoted fields).
void DropCsvColumns(const fs::path& path, const std::vector<std::string>& drop) {
  std::ifstream in(path);
  std::string line;
  std::vector<bool> keep;
  std::ostringstream out;
  bool header = true;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, ',')) fields.push_back(f);
    if (!line.empty() && line.back() == ',') fields.push_back("");
    if (header) {
      for (const std::string& name : fields) {
        keep.push_back(std::find(drop.begin(), drop.end(), name) == drop.end());
      }
      header = false;
    }
    std::string joined;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!keep[i]) continue;
      joined += (joined.empty() ? "" : ",") + fields[i];
    }
    out << joined << "\n";
  }
  in.close();
  std::ofstream(path, std::ios::trunc) << out.str();
}

TEST(Projection, ReadsTheAskedColumnsInTheirOrderFromEveryFormat) {
  TempDir tmp;
  const std::vector<std::string> order = {"amount", "payment_id", "device_id", "ts",
                                          "failure_reason"};
  std::vector<std::string> csv_rows;
  for (const char* format : {"csv", "jsonl", "parquet"}) {
    const std::string dir = tmp / format;
    ASSERT_TRUE(GenerateSmall(dir, format).ok()) << format;
    const std::vector<std::string> expected = WholeTableColumns(dir, order);
    ASSERT_GT(expected.size(), 20u) << format;
    auto projection = PaymentsProjection();
    Result<std::vector<std::string>> got = ProjectedRows(dir, *projection);
    ASSERT_TRUE(got.ok()) << format << ": " << got.status().message();
    EXPECT_EQ(*got, expected) << format;
    if (csv_rows.empty()) csv_rows = *got;
    EXPECT_EQ(*got, csv_rows) << format << " differs from csv";
  }
}

TEST(Projection, DoesNotNeedTheOtherColumns) {
  TempDir tmp;
  const std::string dir = tmp / "csv";
  ASSERT_TRUE(GenerateSmall(dir, "csv").ok());
  auto projection = PaymentsProjection();
  Result<std::vector<std::string>> before = ProjectedRows(dir, *projection);
  ASSERT_TRUE(before.ok()) << before.status().message();
  for (const auto& e : fs::recursive_directory_iterator(fs::path(dir) / "payments")) {
    if (e.is_regular_file()) DropCsvColumns(e.path(), {"is_fraud", "fraud_type", "fraud_score"});
  }
  Result<std::vector<std::string>> after = ProjectedRows(dir, *projection);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(*after, *before);
  // The whole table is no longer there, and a projection that needs a removed column
  // says which.
  auto reader = DatasetReader::Open(dir);
  ASSERT_TRUE(reader.ok());
  const Status whole =
      (*reader)->ReadTable(TableId::kPayments, [](const Batch&) { return Status::Ok(); });
  EXPECT_FALSE(whole.ok());
  auto labels = TableProjection::Make(TableId::kPayments, {"payment_id", "is_fraud"});
  ASSERT_TRUE(labels.ok());
  const Status missing =
      (*reader)->ReadColumns(**labels, [](const Batch&) { return Status::Ok(); });
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("no column 'is_fraud'"), std::string::npos) << missing.message();
}

TEST(Projection, RefusesUnknownAndRepeatedColumns) {
  EXPECT_FALSE(TableProjection::Make(TableId::kPayments, {"payment_id", "nope"}).ok());
  EXPECT_FALSE(TableProjection::Make(TableId::kPayments, {"payment_id", "payment_id"}).ok());
}

TEST(JsonRowDecoder, ReadsPastKeysItDoesNotNeed) {
  auto projection = TableProjection::Make(TableId::kPayments, {"payment_id", "device_id"});
  ASSERT_TRUE(projection.ok());
  const TableDef& t = (*projection)->table();
  EnumDictionaries dictionaries(t.columns.size());
  Batch batch(t);
  JsonRowDecoder decoder(t, dictionaries, /*skip_unknown_keys=*/true);
  decoder.Bind(batch);
  const std::string row =
      R"( {"extra": {"a": [1, 2.5e3, "x\"]", {"b": null}], "c": true}, "device_id": "ab\u0063",)"
      R"( "is_fraud": false, "payment_id": 42, "fraud_type": null, "note": "}" } )";
  ASSERT_TRUE(decoder.Decode(row.data(), row.data() + row.size())) << decoder.error();
  batch.FinishRow();
  EXPECT_EQ(RenderRows(batch), std::vector<std::string>{"42 | 'abc'"});

  JsonRowDecoder strict(t, dictionaries, /*skip_unknown_keys=*/false);
  strict.Bind(batch);
  ASSERT_FALSE(strict.Decode(row.data(), row.data() + row.size()));
  EXPECT_NE(strict.error().find("unknown key 'extra'"), std::string::npos) << strict.error();

  for (const std::string bad :
       {R"({"payment_id": 1, "device_id": "d", "x": [1, 2})",
        R"({"payment_id": 1, "device_id": "d", "x": tru})",
        R"({"payment_id": 1, "x": {"k" 1}, "device_id": "d"})", R"({"payment_id": 1})"}) {
    JsonRowDecoder d(t, dictionaries, true);
    Batch b(t);
    d.Bind(b);
    EXPECT_FALSE(d.Decode(bad.data(), bad.data() + bad.size())) << bad;
    EXPECT_FALSE(d.error().empty()) << bad;
  }
}

}  // namespace
}  // namespace ecomsim
