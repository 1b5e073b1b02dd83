// ecomsim::Stream (include/ecomsim/stream.h): the stream engine into a sink.
#include "ecomsim/stream.h"

#include <unistd.h>

#include <chrono>
#include <csignal>

#include "core/hash.h"
#include "core/time.h"
#include "engine/chunk_simulator.h"
#include "engine/stream.h"
#include "kafka/topic_map.h"
#include "model/world.h"
#include "scenario/scenario.h"
#include "schema/table_mask.h"
#include "sinks/kafka/kafka_sink.h"
#include "sinks/pacer.h"
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

Status Stream(const StreamOptions& options, StreamReport& report) {
  const auto started = std::chrono::steady_clock::now();
  const GenerateOptions& w = options.world;
  Result<TableMask> tables = ParseTableMask(w.tables);
  if (!tables.ok()) return tables.status();
  if (w.shard_count < 1 || w.shard_index < 1 || w.shard_index > w.shard_count) {
    return Status::Usage("--shard: expected K/N with 1 <= K <= N");
  }
  Result<kafka::TopicMap> topics =
      kafka::TopicMap::Make(options.kafka.topic_prefix, options.kafka.topics);
  if (!topics.ok()) return topics.status();
  StreamEngineOptions engine;
  for (const std::string& k : options.keys) {
    const size_t eq = k.find('=');
    const TableDef* t = eq == std::string::npos ? nullptr : FindTable(k.substr(0, eq));
    if (t == nullptr || eq + 1 >= k.size()) {
      return Status::Usage("--key '" + k + "': expected TABLE=COLUMN with a table of " +
                           TableNameList());
    }
    engine.keys[static_cast<size_t>(t->id)] = k.substr(eq + 1);
  }
  if (options.live && options.timestamps_now) {
    return Status::Usage("--live and --timestamps now: choose one (--live is already now)");
  }
  std::vector<std::string> overrides = w.overrides;
  const Micros now = WallClockSecond();
  if (options.live) {
    overrides.push_back("world.start=" + TimestampToString(now));
    bool duration_set = false;
    for (const std::string& o : w.overrides)
      duration_set = duration_set || o.rfind("world.duration=", 0) == 0;
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

  // The sink: Kafka, or JSON Lines on stdout behind the pacer.
  std::unique_ptr<kafka::KafkaSink> producer;
  std::unique_ptr<JsonLinesSink> lines;
  std::unique_ptr<PacedSink> paced;
  MessageSink* out = nullptr;
  if (!options.kafka.brokers.empty()) {
    kafka::KafkaSinkOptions k;
    k.kafka = options.kafka;
    k.identity = kafka::StreamIdentity{std::string(Version()), "1",           w.seed,
                                       Hex64(scenario->hash),  w.shard_index, w.shard_count};
    for (const TableDef& t : AllTables()) {
      if (tables->test(static_cast<size_t>(t.id))) k.tables.push_back(t.id);
    }
    k.pacing = options.pacing;
    k.should_stop = w.should_stop;
    Result<std::unique_ptr<kafka::KafkaSink>> opened = kafka::KafkaSink::Open(k);
    if (!opened.ok()) return opened.status();
    producer = std::move(*opened);
    out = producer.get();
    report.destination = options.kafka.brokers;
  } else {
    std::array<std::string, kTableCount> names;
    for (const TableDef& t : AllTables()) names[static_cast<size_t>(t.id)] = topics->topic(t.id);
    // A reader that goes away is an end, not a crash.
    std::signal(SIGPIPE, SIG_IGN);
    lines = std::make_unique<JsonLinesSink>(STDOUT_FILENO, names);
    paced = std::make_unique<PacedSink>(*lines, options.pacing);
    out = paced.get();
    report.destination = "stdout";
  }
  CountingSink sink(*out);

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
  report.topics.clear();
  for (const TableDef& t : AllTables()) {
    if (!tables->test(static_cast<size_t>(t.id))) continue;
    report.tables.push_back(TableReport{std::string(t.name),
                                        run.messages[static_cast<size_t>(t.id)], sink.bytes(t.id)});
    report.topics.push_back(topics->topic(t.id));
  }
  if (producer != nullptr) {
    for (const kafka::KafkaTopicStats& t : producer->topics()) report.resumed += t.skipped;
  }
  report.first_event_time = run.first_time;
  report.last_event_time = run.last_time;
  report.stopped = run.stopped;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (s.code() == StatusCode::kCancelled) {
    report.stopped = true;
    return Status::Ok();
  }
  return s;
}

}  // namespace ecomsim
