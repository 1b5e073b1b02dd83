// --shard k/N: N disjoint slices whose concatenation, in k order, is the whole dataset.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "cli_support.h"
#include "json_value.h"

namespace ecomsim::testing {
namespace {

std::string PartName(int index, const std::string& ext) {
  char name[32];
  std::snprintf(name, sizeof(name), "part-%05d.", index);
  return name + ext;
}

int64_t IntAt(const JsonValue& v, const char* object, const char* field) {
  const JsonValue* o = v.find(object);
  const JsonValue* f = o != nullptr ? o->find(field) : nullptr;
  EXPECT_TRUE(f != nullptr && f->integer().has_value()) << object << "." << field;
  return f != nullptr ? f->integer().value_or(-1) : -1;
}

// The rows of a part file: every line but the CSV header.
std::string_view Rows(std::string_view file, bool has_header) {
  if (!has_header) return file;
  const size_t nl = file.find('\n');
  return nl == std::string_view::npos ? std::string_view() : file.substr(nl + 1);
}

class ShardTest : public CliTest {
 protected:
  // Generates `world` whole and as shards 1/N .. N/N and checks that they agree.
  // Counts the shards without customers in shards_without_customers_.
  void ExpectShardsMakeTheWhole(const std::vector<std::string>& world, int n,
                                const std::string& format) {
    const bool csv = format == "csv";
    auto generate = [&](const std::string& out, const std::vector<std::string>& extra) {
      std::vector<std::string> args{"generate", "--format", format,      "--out",
                                    out,        "-q",       "--threads", "2"};
      args.insert(args.end(), world.begin(), world.end());
      args.insert(args.end(), extra.begin(), extra.end());
      const ProcessResult r = Ecomsim(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      return r.exit_code == 0;
    };
    const std::string whole_dir = tmp_ / "whole";
    ASSERT_TRUE(generate(whole_dir, {}));
    const FileTree whole = ReadTree(whole_dir);
    const std::vector<std::string> tables = SchemaTables();
    const std::optional<JsonValue> whole_manifest = JsonValue::Parse(whole.at("manifest.json"));
    ASSERT_TRUE(whole_manifest.has_value()) << "manifest.json is not JSON";
    EXPECT_EQ(IntAt(*whole_manifest, "shard", "index"), 1);
    EXPECT_EQ(IntAt(*whole_manifest, "shard", "count"), 1);
    const int64_t people_end = IntAt(*whole_manifest, "people", "end");

    std::map<std::string, std::string> concatenated;  // table -> rows of shards 1..k
    int64_t next_person = IntAt(*whole_manifest, "people", "first");
    for (int k = 1; k <= n; ++k) {
      SCOPED_TRACE("shard " + std::to_string(k) + "/" + std::to_string(n));
      const std::string dir = tmp_ / ("shard-" + std::to_string(k));
      ASSERT_TRUE(generate(dir, {"--shard", std::to_string(k) + "/" + std::to_string(n)}));

      const std::string part = PartName(k - 1, format);
      std::vector<std::string> expected_entries{"manifest.json"};
      for (const std::string& t : tables) {
        expected_entries.push_back(t);
        expected_entries.push_back(t + "/" + part);
      }
      std::sort(expected_entries.begin(), expected_entries.end());
      EXPECT_EQ(ListTree(dir), expected_entries);

      const FileTree shard = ReadTree(dir);
      for (const std::string& t : tables) {
        const std::string& file = shard.at(t + "/" + part);
        const std::string& whole_file = whole.at(t + "/" + PartName(0, format));
        if (csv) {
          EXPECT_EQ(Lines(file).front(), Lines(whole_file).front()) << t << " header";
        }
        concatenated[t] += Rows(file, csv);
        // The tables that count every customer are shard 1's alone (the other shards
        // do not simulate the rest of the world).
        if (k > 1 && (t == "product_updates" || t == "system_metrics")) {
          EXPECT_TRUE(Rows(file, csv).empty()) << t;
        }
      }

      const std::optional<JsonValue> manifest = JsonValue::Parse(shard.at("manifest.json"));
      ASSERT_TRUE(manifest.has_value()) << "manifest.json is not JSON";
      EXPECT_EQ(IntAt(*manifest, "shard", "index"), k);
      EXPECT_EQ(IntAt(*manifest, "shard", "count"), n);
      // The shards' ranges of people tile the whole range in k order.
      const int64_t first = IntAt(*manifest, "people", "first");
      const int64_t end = IntAt(*manifest, "people", "end");
      EXPECT_EQ(first, next_person);
      EXPECT_LE(first, end);
      next_person = end;
      const JsonValue* files = manifest->find("files");
      ASSERT_TRUE(files != nullptr && files->is_array());
      ASSERT_EQ(files->items().size(), tables.size());
      for (size_t i = 0; i < tables.size(); ++i) {
        const JsonValue* path = files->items()[i].find("path");
        ASSERT_NE(path, nullptr);
        EXPECT_EQ(path->text(), tables[i] + "/" + part);
      }

      // Every customer row of the shard is one of its people, in id order (the visitors
      // among them who never open an account have none).
      const std::vector<std::string_view> customers =
          Lines(Rows(shard.at("customers/" + part), csv));
      if (csv) {
        int64_t previous = first - 1;
        for (std::string_view row : customers) {
          const int64_t id = std::stoll(std::string(row.substr(0, row.find(','))));
          EXPECT_GT(id, previous) << "customer rows in id order";
          EXPECT_LT(id, end) << "customer rows within the shard's people";
          previous = id;
        }
      }
      if (customers.empty()) ++shards_without_customers_;
    }
    EXPECT_EQ(next_person, people_end) << "the last shard ends where the whole does";

    for (const std::string& t : tables) {
      const std::string_view whole_rows = Rows(whole.at(t + "/" + PartName(0, format)), csv);
      // Tables of what happens days after a purchase (returns, say) may be empty in a
      // small world; these never are.
      if (t == "customers" || t == "sessions" || t == "events" || t == "orders") {
        EXPECT_FALSE(whole_rows.empty()) << t;
      }
      EXPECT_TRUE(concatenated[t] == whole_rows)
          << t << ": the shards hold " << Lines(concatenated[t]).size() << " rows, the whole "
          << Lines(whole_rows).size();
    }
  }

  int shards_without_customers_ = 0;
};

TEST_F(ShardTest, ThreeCsvShardsConcatenateToTheWhole) {
  ExpectShardsMakeTheWhole(SmallWorld(), 3, "csv");
}

TEST_F(ShardTest, ThreeJsonlShardsConcatenateToTheWhole) {
  ExpectShardsMakeTheWhole(SmallWorld(), 3, "jsonl");
}

// 100 customers make 2 chunks, so two of four shards have no customers at all (and
// with 3 suppliers one has no supplier either): they must still write every table.
TEST_F(ShardTest, FourShardsOfATinyWorldIncludingEmptyOnesConcatenateToTheWhole) {
  ExpectShardsMakeTheWhole(
      {"--set", "world.customers=100", "--set", "world.suppliers=3", "--set", "world.duration=5d"},
      4, "csv");
  EXPECT_GE(shards_without_customers_, 1) << "the world is meant to leave shards empty";
}

// The presets of issue 6 use the model's newer paths (inactivity timeouts, windows that
// cut sessions, activity weights, initial segments, order values by segment).
TEST_F(ShardTest, RealtimeSessionsInThreeShardsIsTheWhole) {
  ExpectShardsMakeTheWhole({"realtime_sessions"}, 3, "csv");
}

TEST_F(ShardTest, AnalyticsPlatformInTwoShardsIsTheWhole) {
  ExpectShardsMakeTheWhole({"analytics_platform", "--set", "world.customers=400"}, 2, "jsonl");
}

}  // namespace
}  // namespace ecomsim::testing
