// The time-ordered stream against the batch engine: the same world, in event-time
// order, and the last message per primary key of each table is the row generate writes.
#include "engine/stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/hash.h"
#include "ecomsim/ecomsim.h"
#include "engine/chunk_simulator.h"
#include "model/world.h"
#include "scenario/scenario.h"
#include "temp_dir.h"

namespace ecomsim {
namespace {

struct Captured {
  TableId table;
  Micros ts;
  std::string key;
  std::string value;
};

class CaptureSink final : public MessageSink {
 public:
  Status Send(const StreamMessage& m) override {
    messages.push_back({m.table, m.ts, std::string(m.key), std::string(m.value)});
    return Status::Ok();
  }
  Status Finish() override {
    finished = true;
    return Status::Ok();
  }
  std::vector<Captured> messages;
  bool finished = false;
};

struct WorldSpec {
  std::string scenario;
  std::vector<std::string> overrides;
  double scale;
  uint64_t seed;
};

std::vector<Captured> StreamOf(const WorldSpec& r, Shard shard = {},
                               TableMask tables = TableMask().set()) {
  Result<Scenario> s = LoadScenario(ScenarioRequest{r.scenario, r.overrides, r.scale});
  EXPECT_TRUE(s.ok()) << s.status().message();
  World world(*s, r.seed);
  ResolveStockCaps(world, 256, 1);
  CaptureSink sink;
  StreamEngineOptions options;
  options.tables = tables;
  options.shard = shard;
  StreamEngineReport report;
  const Status st = RunStream(world, options, sink, report);
  EXPECT_TRUE(st.ok()) << st.message();
  return std::move(sink.messages);
}

// table name -> the lines of its JSON Lines files, sorted.
std::map<std::string, std::vector<std::string>> GeneratedRows(const WorldSpec& r,
                                                              const testing::TempDir& dir) {
  GenerateOptions o;
  o.scenario = r.scenario;
  o.overrides = r.overrides;
  o.scale = r.scale;
  o.seed = r.seed;
  o.out_dir = dir / "data";
  o.format = "jsonl";
  o.threads = 2;
  GenerateReport report;
  const Status st = Generate(o, report);
  EXPECT_TRUE(st.ok()) << st.message();
  std::map<std::string, std::vector<std::string>> rows;
  for (const TableDef& t : AllTables()) {
    std::vector<std::string>& lines = rows[std::string(t.name)];
    for (const auto& f :
         std::filesystem::recursive_directory_iterator(dir.path() / "data" / t.name)) {
      if (!f.is_regular_file()) continue;
      std::ifstream in(f.path());
      for (std::string line; std::getline(in, line);) lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
  }
  return rows;
}

// The value of the first field of a JSON Lines row: every table's primary key.
std::string PrimaryKeyOf(const std::string& value) {
  const size_t colon = value.find(':');
  return value.substr(colon + 1, value.find(',', colon) - colon - 1);
}

std::map<std::string, std::vector<std::string>> LastPerPrimaryKey(
    const std::vector<Captured>& messages) {
  std::map<std::string, std::map<std::string, std::string>> last;
  for (const Captured& m : messages)
    last[std::string(Table(m.table).name)][PrimaryKeyOf(m.value)] = m.value;
  std::map<std::string, std::vector<std::string>> rows;
  for (const TableDef& t : AllTables()) {
    std::vector<std::string>& lines = rows[std::string(t.name)];
    for (auto& [key, value] : last[std::string(t.name)]) lines.push_back(value);
    std::sort(lines.begin(), lines.end());
  }
  return rows;
}

// `resends`: the world is large enough that some rows surely change after they are sent.
void ExpectSameWorld(const WorldSpec& r, bool resends = true) {
  for (const TableDef& t : AllTables()) ASSERT_EQ(t.columns[0].name, t.primary_key) << t.name;
  const std::vector<Captured> messages = StreamOf(r);
  ASSERT_FALSE(messages.empty());
  for (size_t i = 1; i < messages.size(); ++i) {
    ASSERT_LE(messages[i - 1].ts, messages[i].ts)
        << "message " << i << " of " << Table(messages[i].table).name;
  }
  testing::TempDir dir;
  const auto generated = GeneratedRows(r, dir);
  const auto streamed = LastPerPrimaryKey(messages);
  size_t resent = messages.size();
  for (const TableDef& t : AllTables()) {
    const std::vector<std::string>& g = generated.at(std::string(t.name));
    const std::vector<std::string>& s = streamed.at(std::string(t.name));
    resent -= s.size();
    EXPECT_EQ(g.size(), s.size()) << t.name;
    std::vector<std::string> only_g, only_s;
    std::set_difference(g.begin(), g.end(), s.begin(), s.end(), std::back_inserter(only_g));
    std::set_difference(s.begin(), s.end(), g.begin(), g.end(), std::back_inserter(only_s));
    EXPECT_TRUE(only_g.empty() && only_s.empty())
        << t.name << ": " << only_g.size() << " rows only in generate, e.g. "
        << (only_g.empty() ? "" : only_g[0]) << "\n"
        << only_s.size() << " only in the stream, e.g. " << (only_s.empty() ? "" : only_s[0]);
  }
  // Rows that change are sent again: there are later versions.
  if (resends) {
    EXPECT_GT(resent, 0u);
  }
}

TEST(Stream, BaselineIsTheGeneratedWorldInTimeOrder) {
  ExpectSameWorld(WorldSpec{"baseline", {}, 0.02, 42});
}

// One test per built-in scenario, so that they run side by side and each has its own
// time limit (under the sanitizers all of them in one test took over 300 s).
std::vector<std::string> BuiltinNames() {
  std::vector<std::string> names;
  for (const BuiltinScenario& b : BuiltinScenarios()) names.emplace_back(b.name);
  return names;
}

class EveryBuiltin : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryBuiltin, IsTheGeneratedWorld) {
  // At 1%, a six-hour scenario may have no row that changes later: the equality is
  // what counts here, the resends are checked on the larger worlds.
  ExpectSameWorld(WorldSpec{GetParam(), {}, 0.01, 11}, /*resends=*/false);
}

INSTANTIATE_TEST_SUITE_P(Stream, EveryBuiltin, ::testing::ValuesIn(BuiltinNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(Stream, FlashSaleIsTheGeneratedWorldInTimeOrder) {
  ExpectSameWorld(WorldSpec{"flash_sale", {}, 0.1, 7});
}

TEST(Stream, CutSessionsArriveAsTheyStand) {
  ExpectSameWorld(WorldSpec{"realtime_sessions", {}, 0.5, 3});
}

TEST(Stream, SameSeedSameStream) {
  const WorldSpec r{"baseline", {"world.duration=3d"}, 0.02, 5};
  const auto a = StreamOf(r);
  const auto b = StreamOf(r);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].value, b[i].value) << i;
    ASSERT_EQ(a[i].key, b[i].key) << i;
  }
}

TEST(Stream, ShardsSendDisjointSlicesOfTheWholeStream) {
  const WorldSpec r{"baseline", {"world.duration=3d"}, 0.02, 9};
  std::vector<std::string> whole;
  for (const Captured& m : StreamOf(r)) whole.push_back(m.value);
  std::vector<std::string> joined;
  for (int k = 1; k <= 3; ++k) {
    const auto part = StreamOf(r, Shard{k, 3});
    for (size_t i = 1; i < part.size(); ++i) ASSERT_LE(part[i - 1].ts, part[i].ts);
    for (const Captured& m : part) joined.push_back(m.value);
  }
  std::sort(whole.begin(), whole.end());
  std::sort(joined.begin(), joined.end());
  EXPECT_EQ(whole.size(), joined.size());
  EXPECT_TRUE(whole == joined);
}

TEST(Stream, KeysGroupWhatConsumersGroupBy) {
  const auto messages = StreamOf(WorldSpec{"baseline", {"world.duration=2d"}, 0.01, 1});
  for (const Captured& m : messages) {
    const TableDef& t = Table(m.table);
    const std::string field = "\"" + std::string(t.stream_key) + "\":";
    const size_t at = m.value.find(field);
    ASSERT_NE(at, std::string::npos) << t.name;
    std::string v =
        m.value.substr(at + field.size(), m.value.find_first_of(",}", at) - at - field.size());
    if (!v.empty() && v.front() == '"') v = v.substr(1, v.size() - 2);
    ASSERT_EQ(m.key, v) << t.name << " " << m.value;
  }
}

}  // namespace
}  // namespace ecomsim
