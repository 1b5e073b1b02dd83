#include "sources/dataset_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "ecomsim/ecomsim.h"
#include "test_support.h"

namespace ecomsim {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::RenderRows;
using testing::TempDir;
using testing::WriteFile;

// Rows of every table of a dataset, rendered, in the order ReadTable gives them.
using TableRows = std::map<std::string, std::vector<std::string>>;

// Realistic: most sessions and some orders have no customer_id, so nulls are read back.
const std::vector<std::string> kSmallWorld = {"world.customers=1000", "world.duration=3d"};

Status GenerateDataset(const std::string& out, const std::string& format,
                       const std::string& partition_by) {
  GenerateOptions options;
  options.overrides = kSmallWorld;
  options.out_dir = out;
  options.format = format;
  options.partition_by = partition_by;
  options.threads = 2;
  options.seed = 7;
  options.row_group_rows = 1000;  // several row groups per Parquet file
  GenerateReport report;
  return Generate(options, report);
}

Result<TableRows> ReadDataset(const std::string& dir, size_t batch_rows = 4096) {
  Result<std::unique_ptr<DatasetReader>> reader = DatasetReader::Open(dir);
  if (!reader.ok()) return reader.status();
  TableRows rows;
  for (const TableDef& t : AllTables()) {
    if (!(*reader)->has(t.id)) continue;
    std::vector<std::string>& out = rows[std::string(t.name)];
    Status s = (*reader)->ReadTable(
        t.id,
        [&](const Batch& b) {
          if (&b.table() != &t || !b.Consistent() || b.rows() == 0 || b.rows() > batch_rows) {
            return Status::Internal("a batch of the wrong shape");
          }
          for (std::string& r : RenderRows(b)) out.push_back(std::move(r));
          return Status::Ok();
        },
        batch_rows);
    if (!s.ok()) return s;
    int64_t listed = 0;
    for (const ManifestFile& f : (*reader)->manifest().files) {
      if (f.table == t.name) listed += f.rows;
    }
    if (static_cast<int64_t>(out.size()) != listed) return Status::Internal("row count differs");
  }
  return rows;
}

// The generated datasets, made once for all the tests of this file.
class GeneratedDatasets : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    for (const char* format : {"csv", "jsonl", "parquet"}) {
      for (const char* partition : {"", "day"}) {
        const std::string name = std::string(format) + (*partition ? "_by_day" : "");
        const Status s = GenerateDataset(*dir_ / name, format, partition);
        ASSERT_TRUE(s.ok()) << name << ": " << s.message();
      }
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string Path(const std::string& name) { return *dir_ / name; }
  // A copy of a generated dataset that a test may damage.
  static std::string CopyOf(const std::string& name, const TempDir& into) {
    const std::string copy = into / name;
    fs::copy(Path(name), copy, fs::copy_options::recursive);
    return copy;
  }

  static TempDir* dir_;
};

TempDir* GeneratedDatasets::dir_ = nullptr;

TEST_F(GeneratedDatasets, ReadsTheSameRowsFromEveryFormatAndLayout) {
  Result<TableRows> csv = ReadDataset(Path("csv"));
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  ASSERT_GT(csv->count("events"), 0u);
  ASSERT_GT(csv->count("customers"), 0u);
  // The 1,000 customers and the visitors who registered at a checkout.
  EXPECT_GE(csv->at("customers").size(), 1000u);
  EXPECT_GT(csv->at("events").size(), 1000u);
  for (const char* name : {"jsonl", "parquet"}) {
    Result<TableRows> other = ReadDataset(Path(name), 1000);
    ASSERT_TRUE(other.ok()) << name << ": " << other.status().message();
    ASSERT_EQ(other->size(), csv->size()) << name;
    for (const auto& [table, rows] : *csv) {
      ASSERT_EQ(other->at(table).size(), rows.size()) << name << " " << table;
      EXPECT_TRUE(other->at(table) == rows) << name << " " << table << " differs from csv";
    }
  }
  // Partitioned by day: the same rows, grouped by day instead of by chunk.
  for (const char* name : {"csv_by_day", "jsonl_by_day", "parquet_by_day"}) {
    Result<TableRows> by_day = ReadDataset(Path(name), 777);
    ASSERT_TRUE(by_day.ok()) << name << ": " << by_day.status().message();
    // A partitioned table without rows has no files, so no entry.
    for (const auto& [table, rows] : *by_day) EXPECT_EQ(csv->count(table), 1u) << table;
    for (const auto& [table, rows] : *csv) {
      std::vector<std::string> a = rows;
      std::vector<std::string> b =
          by_day->count(table) > 0 ? by_day->at(table) : std::vector<std::string>();
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      EXPECT_TRUE(a == b) << name << " " << table << " differs from csv";
    }
  }
}

TEST_F(GeneratedDatasets, ParsesTheManifest) {
  Result<std::unique_ptr<DatasetReader>> r = DatasetReader::Open(Path("parquet_by_day"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Manifest& m = (*r)->manifest();
  EXPECT_EQ(m.format, FileFormat::kParquet);
  EXPECT_EQ(m.seed, 7u);
  EXPECT_EQ(m.scenario, "baseline");
  EXPECT_EQ(m.scenario_hash.size(), 16u);
  EXPECT_EQ(m.ecomsim_version, Version());
  EXPECT_EQ(m.shard_index, 1);
  EXPECT_EQ(m.shard_count, 1);
  EXPECT_FALSE(m.window_start.empty());
  ASSERT_FALSE(m.files.empty());
  bool partitioned = false;
  for (const ManifestFile& f : m.files) {
    EXPECT_NE(FindTable(f.table), nullptr) << f.table;
    EXPECT_TRUE(fs::exists(fs::path(Path("parquet_by_day")) / f.path)) << f.path;
    partitioned |= f.path.find("/date=") != std::string::npos;
  }
  EXPECT_TRUE(partitioned);
  EXPECT_TRUE((*r)->has(TableId::kEvents));
}

TEST_F(GeneratedDatasets, VerifiesChecksumsAndCatchesDamage) {
  for (const char* name : {"csv", "jsonl", "parquet", "parquet_by_day"}) {
    Result<std::unique_ptr<DatasetReader>> r = DatasetReader::Open(Path(name));
    ASSERT_TRUE(r.ok()) << r.status().message();
    Result<std::vector<std::string>> problems = (*r)->VerifyChecksums();
    ASSERT_TRUE(problems.ok()) << problems.status().message();
    EXPECT_TRUE(problems->empty()) << name << ": " << (problems->empty() ? "" : problems->front());
  }
  TempDir scratch;
  const std::string copy = CopyOf("parquet", scratch);
  Result<std::unique_ptr<DatasetReader>> r = DatasetReader::Open(copy);
  ASSERT_TRUE(r.ok());
  const ManifestFile events =
      *std::find_if((*r)->manifest().files.begin(), (*r)->manifest().files.end(),
                    [](const ManifestFile& f) { return f.table == "events"; });
  // One flipped byte in the middle of the events file.
  const std::string events_path = (fs::path(copy) / events.path).string();
  std::string bytes = ReadFile(events_path);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
  WriteFile(events_path, bytes);
  Result<std::vector<std::string>> problems = (*r)->VerifyChecksums();
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_EQ(problems->front().find(events.path + ": CRC-32C "), 0u) << problems->front();
  // A truncated file, a missing one, and one the manifest does not list.
  WriteFile(events_path, std::string_view(bytes).substr(0, bytes.size() - 1));
  const ManifestFile& first = (*r)->manifest().files.front();
  fs::remove(fs::path(copy) / first.path);
  WriteFile((fs::path(copy) / "events" / "stray.parquet").string(), "x");
  problems = (*r)->VerifyChecksums();
  ASSERT_TRUE(problems.ok());
  std::string all;
  for (const std::string& p : *problems) all += p + "\n";
  EXPECT_NE(all.find(events.path + ": " + std::to_string(events.bytes - 1) +
                     " bytes, the manifest says " + std::to_string(events.bytes)),
            std::string::npos)
      << all;
  EXPECT_NE(all.find(first.path + ": cannot open"), std::string::npos) << all;
  EXPECT_NE(all.find("events/stray.parquet: not listed in the manifest"), std::string::npos) << all;
}

TEST_F(GeneratedDatasets, ReportsTheFileAndPlaceOfBadContent) {
  TempDir scratch;
  const std::string copy = CopyOf("csv", scratch);
  Result<std::unique_ptr<DatasetReader>> r = DatasetReader::Open(copy);
  ASSERT_TRUE(r.ok());
  const ManifestFile events =
      *std::find_if((*r)->manifest().files.begin(), (*r)->manifest().files.end(),
                    [](const ManifestFile& f) { return f.table == "events"; });
  const std::string path = (fs::path(copy) / events.path).string();
  std::string text = ReadFile(path);
  // Damage the first field of line 3 (the second record).
  size_t line3 = text.find('\n', text.find('\n') + 1) + 1;
  text.insert(line3, "x");
  WriteFile(path, text);
  Status s = (*r)->ReadTable(TableId::kEvents, [](const Batch&) { return Status::Ok(); });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(path + ":3: column event_id: 'x"), std::string::npos) << s.message();

  // The callback's error stops the reading and comes back unchanged.
  int calls = 0;
  s = (*r)->ReadTable(
      TableId::kSessions,
      [&](const Batch&) {
        ++calls;
        return Status::Cancelled("enough");
      },
      10);
  EXPECT_EQ(s.code(), StatusCode::kCancelled);
  EXPECT_EQ(calls, 1);
}

TEST_F(GeneratedDatasets, ChecksRowCountsAgainstTheManifest) {
  TempDir scratch;
  const std::string copy = CopyOf("jsonl", scratch);
  const std::string manifest_path = (fs::path(copy) / "manifest.json").string();
  std::string manifest = ReadFile(manifest_path);
  const size_t at = manifest.find("\"rows\": ", manifest.find("\"table\": \"events\""));
  ASSERT_NE(at, std::string::npos);
  manifest.insert(at + 8, "1");  // 1 before the count: more rows than the file has
  WriteFile(manifest_path, manifest);
  Result<std::unique_ptr<DatasetReader>> r = DatasetReader::Open(copy);
  ASSERT_TRUE(r.ok()) << r.status().message();
  Status s = (*r)->ReadTable(TableId::kEvents, [](const Batch&) { return Status::Ok(); });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("rows, the manifest says 1"), std::string::npos) << s.message();
}

TEST(DatasetReader, RejectsBadManifests) {
  TempDir dir;
  auto open_with = [&](const std::string& manifest) {
    WriteFile(dir / "manifest.json", manifest);
    Result<std::unique_ptr<DatasetReader>> r = DatasetReader::Open(dir.path().string());
    return r.ok() ? std::string() : r.status().message();
  };
  const std::string file_ok =
      R"({"table": "events", "path": "events/part-00000.csv", "rows": 1, "bytes": 10, "crc32c": "0badf00d"})";
  std::string e = open_with(R"({"format": "csv", "files": [)" + file_ok + "]}");
  EXPECT_EQ(e, "");
  e = open_with("{\"format\": \"csv\",\n \"files\": [}");
  EXPECT_NE(e.find("manifest.json:2:"), std::string::npos) << e;
  e = open_with(R"({"format": "xml", "files": []})");
  EXPECT_NE(e.find("manifest.json: 'format' unknown format 'xml'"), std::string::npos) << e;
  e = open_with(R"({"format": "csv"})");
  EXPECT_NE(e.find("manifest.json: missing 'files'"), std::string::npos) << e;
  e = open_with(
      R"({"format": "csv", "files": [{"table": "nope", "path": "nope/p.csv", "rows": 1, "bytes": 1, "crc32c": "00000000"}]})");
  EXPECT_NE(e.find("files[0]: 'table' names no table this ecomsim knows: 'nope'"),
            std::string::npos)
      << e;
  e = open_with(
      R"({"format": "csv", "files": [{"table": "events", "path": "events/../../etc/passwd", "rows": 1, "bytes": 1, "crc32c": "00000000"}]})");
  EXPECT_NE(e.find("files[0]: 'path' must be a relative path inside the dataset"),
            std::string::npos)
      << e;
  e = open_with(
      R"({"format": "csv", "files": [{"table": "events", "path": "events/p.csv", "rows": -1, "bytes": 1, "crc32c": "00000000"}]})");
  EXPECT_NE(e.find("files[0]: 'rows' must not be negative"), std::string::npos) << e;
  e = open_with(
      R"({"format": "csv", "files": [{"table": "events", "path": "events/p.csv", "rows": 1, "bytes": 1, "crc32c": "xyz"}]})");
  EXPECT_NE(e.find("files[0]: 'crc32c' must be 8 hex digits"), std::string::npos) << e;
  e = open_with(
      R"({"format": "csv", "files": [{"table": "events", "path": "sessions/p.csv", "rows": 1, "bytes": 1, "crc32c": "00000000"}]})");
  EXPECT_NE(e.find("is not under the table's directory 'events/'"), std::string::npos) << e;
  e = open_with(
      R"({"format": "csv", "files": [{"table": "events", "rows": 1, "bytes": 1, "crc32c": "00000000"}]})");
  EXPECT_NE(e.find("files[0]: missing 'path'"), std::string::npos) << e;

  Result<std::unique_ptr<DatasetReader>> missing =
      DatasetReader::Open((dir.path() / "nothing").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nothing: not a directory"), std::string::npos);
}

}  // namespace
}  // namespace ecomsim
