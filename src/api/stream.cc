// ecomsim::Stream (include/ecomsim/stream.h): the stream engine into a sink.
#include "ecomsim/stream.h"

#include <unistd.h>

#include <chrono>
#include <csignal>

#include "core/time.h"
#include "engine/chunk_simulator.h"
#include "engine/stream.h"
#include "model/world.h"
#include "scenario/scenario.h"
#include "schema/table_mask.h"
#include "sinks/stdout_sink.h"

namespace ecomsim {
namespace {

constexpr int64_t kCustomersPerChunk = 256;
// The window of a live stream when no duration is given: it runs until stopped.
constexpr std::string_view kLiveDuration = "365d";

// The wall clock, to the second: where a live stream starts.
Micros WallClockSecond() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count() * kMicrosPerSecond;
}

// Counts what reaches the sink, per table.
class CountingSink final : public MessageSink {
 public:
  explicit CountingSink(MessageSink& inner) : inner_(inner) {}
  Status Send(const StreamMessage& m) override {
    bytes_[static_cast<size_t>(m.table)] += m.value.size();
    return inner_.Send(m);
  }
  Status Finish() override { return inner_.Finish(); }
  uint64_t bytes(TableId id) const { return bytes_[static_cast<size_t>(id)]; }

 private:
  MessageSink& inner_;
  std::array<uint64_t, kTableCount> bytes_{};
};

}  // namespace

Result<std::vector<std::string>> StreamTopics(const StreamOptions& options) {
  std::vector<std::string> topics;
  for (const TableDef& t : AllTables()) topics.push_back(options.topic_prefix + "." + std::string(t.name));
  for (const std::string& m : options.topics) {
    const size_t eq = m.find('=');
    const TableDef* t = eq == std::string::npos ? nullptr : FindTable(m.substr(0, eq));
    if (t == nullptr || eq + 1 >= m.size()) {
      return Status::Usage("--topic '" + m + "': expected TABLE=NAME with a table of " + TableNameList());
    }
    topics[static_cast<size_t>(t->id)] = m.substr(eq + 1);
  }
  return topics;
}

Status Stream(const StreamOptions& options, StreamReport& report) {
  const auto started = std::chrono::steady_clock::now();
  const GenerateOptions& w = options.world;
  Result<TableMask> tables = ParseTableMask(w.tables);
  if (!tables.ok()) return tables.status();
  if (w.shard_count < 1 || w.shard_index < 1 || w.shard_index > w.shard_count) {
    return Status::Usage("--shard: expected K/N with 1 <= K <= N");
  }
  Result<std::vector<std::string>> topics = StreamTopics(options);
  if (!topics.ok()) return topics.status();
  StreamEngineOptions engine;
  for (const std::string& k : options.keys) {
    const size_t eq = k.find('=');
    const TableDef* t = eq == std::string::npos ? nullptr : FindTable(k.substr(0, eq));
    if (t == nullptr || eq + 1 >= k.size()) {
      return Status::Usage("--key '" + k + "': expected TABLE=COLUMN with a table of " + TableNameList());
    }
    engine.keys[static_cast<size_t>(t->id)] = k.substr(eq + 1);
  }
  if (options.to != "stdout") return Status::Usage("--to: expected stdout (or --brokers for Kafka)");
  if (options.live && options.timestamps_now) {
    return Status::Usage("--live and --timestamps now: choose one (--live is already now)");
  }
  std::vector<std::string> overrides = w.overrides;
  const Micros now = WallClockSecond();
  if (options.live) {
    overrides.push_back("world.start=" + TimestampToString(now));
    bool duration_set = false;
    for (const std::string& o : w.overrides) duration_set = duration_set || o.rfind("world.duration=", 0) == 0;
    if (!duration_set) overrides.push_back("world.duration=" + std::string(kLiveDuration));
  }
  Result<Scenario> scenario = LoadScenario(ScenarioRequest{w.scenario, overrides, w.scale});
  if (!scenario.ok()) return scenario.status();
  if (options.timestamps_now) {
    overrides.push_back("world.start=" + TimestampToString(now - scenario->world.duration));
    scenario = LoadScenario(ScenarioRequest{w.scenario, overrides, w.scale});
    if (!scenario.ok()) return scenario.status();
  }
  World world(*scenario, w.seed);
  ResolveStockCaps(world, kCustomersPerChunk, w.threads > 0 ? w.threads : 1);

  std::array<std::string, kTableCount> names;
  for (size_t i = 0; i < names.size(); ++i) names[i] = (*topics)[i];
  // A reader that goes away is an end, not a crash.
  std::signal(SIGPIPE, SIG_IGN);
  JsonLinesSink out(STDOUT_FILENO, names);
  CountingSink sink(out);

  engine.tables = *tables;
  engine.shard = Shard{w.shard_index, w.shard_count};
  engine.should_stop = w.should_stop;

  engine.on_progress = options.on_progress;
  StreamEngineReport run;
  Status s = RunStream(world, engine, sink, run);
  const Status finished = sink.Finish();
  if (s.ok()) s = finished;
  report.scenario = scenario->name;
  report.tables.clear();
  for (const TableDef& t : AllTables()) {
    if (!tables->test(static_cast<size_t>(t.id))) continue;
    report.tables.push_back(TableReport{std::string(t.name), run.messages[static_cast<size_t>(t.id)], sink.bytes(t.id)});
  }
  report.first_event_time = run.first_time;
  report.last_event_time = run.last_time;
  report.stopped = run.stopped;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (s.code() == StatusCode::kCancelled) {
    report.stopped = true;
    return Status::Ok();
  }
  return s;
}

}  // namespace ecomsim
