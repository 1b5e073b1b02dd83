#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "cli/world_options.h"
#include "core/time.h"
#include "ecomsim/stream.h"

namespace ecomsim::cli {
namespace {

int64_t WallClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct StreamArgs {
  std::string to = "kafka";
  WorldArgs world;
  std::string shard;
  std::string speed;
  std::string timestamps = "simulated";
  std::string rate;
  bool quiet = false;
  StreamOptions options;
};

int Run(StreamArgs& a) {
  StreamOptions& o = a.options;
  if (const Status s = ResolveWorld(a.world, o.world); !s.ok())
    return ReportError(s.message(), s.ExitCode());
  if (!a.shard.empty()) {
    Result<Shard> shard = ParseShard(a.shard);
    if (!shard.ok()) return ReportError(shard.status().message(), 2);
    o.world.shard_index = shard->index;
    o.world.shard_count = shard->count;
  }
  // Real time unless told otherwise: a live source.
  Result<Pacing> pacing = ParsePacing(a.speed.empty() && a.rate.empty() ? "1" : a.speed, a.rate);
  if (!pacing.ok()) return ReportError(pacing.status().message(), 2);
  o.pacing = *pacing;
  if (a.timestamps != "simulated" && a.timestamps != "now") {
    return ReportError("--timestamps '" + a.timestamps + "': expected simulated or now", 2);
  }
  o.timestamps_now = a.timestamps == "now";
  if (a.to == "stdout") {
    if (!o.kafka.brokers.empty()) return ReportError("--to stdout and --brokers: choose one", 2);
  } else if (a.to != "kafka") {
    return ReportError("--to '" + a.to + "': expected stdout (or give --brokers for Kafka)", 2);
  } else if (o.kafka.brokers.empty()) {
    return ReportError("give --brokers HOST:PORT (Kafka) or --to stdout", 2);
  }

  // The data goes to stdout; the progress line and the summary to stderr.
  ProgressBar bar(!a.quiet && StderrIsTerminal());
  o.on_progress = [&](const StreamProgress& p) { bar.Update(0, 0, p.messages, 0); };
  StreamReport report;
  Status s;
  {
    InterruptGuard interrupt;
    o.world.should_stop = &InterruptGuard::Raised;
    s = Stream(o, report);
  }
  bar.Finish();
  if (!s.ok()) return ReportError(s.message(), s.ExitCode());
  const int code = report.stopped && InterruptGuard::Raised() ? 130 : 0;
  if (a.quiet) return code;
  TextTable table({"table", "topic", "messages", "bytes", "messages/s"});
  int64_t total = 0;
  uint64_t bytes = 0;
  const double secs = std::max(report.seconds, 1e-9);
  for (size_t i = 0; i < report.tables.size(); ++i) {
    const TableReport& t = report.tables[i];
    table.AddRow({t.table, report.topics[i], Grouped(t.rows),
                  HumanBytes(static_cast<double>(t.bytes)),
                  Grouped(static_cast<int64_t>(static_cast<double>(t.rows) / secs))});
    total += t.rows;
    bytes += t.bytes;
  }
  table.AddRow({"total", "", Grouped(total), HumanBytes(static_cast<double>(bytes)),
                Grouped(static_cast<int64_t>(static_cast<double>(total) / secs))});
  std::fprintf(stderr, "%s", table.Render({2, 3, 4}).c_str());
  std::fprintf(stderr, "%s %s messages of scenario %s to %s, event time %s to %s, in %.2f s\n",
               report.stopped ? "stopped after" : "streamed", Grouped(total).c_str(),
               report.scenario.c_str(), report.destination.c_str(),
               TimestampToString(report.first_event_time).c_str(),
               TimestampToString(report.last_event_time).c_str(), report.seconds);
  if (report.resumed > 0) {
    std::fprintf(stderr,
                 "resumed: %s messages were already in the topics and were not sent again\n",
                 Grouped(report.resumed).c_str());
  }
  if (report.stopped && !o.kafka.brokers.empty()) {
    std::fprintf(stderr,
                 "what was sent is delivered; the same command with --resume continues it\n");
  }
  // Kafka's default retention is 7 days: older event times may be deleted at once.
  const int64_t week_ago = WallClockMicros() - 7 * kMicrosPerDay;
  if (!o.kafka.brokers.empty() && total > 0 && report.first_event_time < week_ago) {
    std::fprintf(
        stderr,
        "note: these event times are in the past; a topic whose retention is by time (7 days "
        "by default) may delete them at once. --timestamps now moves the window to end now.\n");
  }
  return code;
}

}  // namespace

CommandFn AddStreamCommand(CLI::App& app) {
  auto args = std::make_shared<StreamArgs>();
  CLI::App* cmd =
      app.add_subcommand("stream", R"(Send the store's life as messages in event-time order.

Every table is a stream: each row is sent when it becomes known, and again, under the same
key, each time it changes (an order's status, a delivery, a ticket's resolution, a return's
outcome, a cart's recovery, a segment version's end), so the last message per primary key
of each table is the row 'generate' writes. Messages are keyed by what a consumer groups
by (see 'ecomsim schema TABLE'): a customer's events, sessions, orders and payments by
customer_id, product updates by product_id. The same seed and scenario give the same
stream, for any shard split.

With --to stdout, one JSON object per line:
  {"topic":"ecomsim.events","key":"42","timestamp":"2024-08-01T00:00:01.000000Z","value":{...}}

Examples:
  ecomsim broker &                                      (a local broker to try it on)
  ecomsim stream --brokers 127.0.0.1:9092               (baseline, real time, every table)
  ecomsim stream flash_sale --speed 60 --brokers kafka:9092 --tables events,orders,payments
  ecomsim stream --rate 50000 --duration 10m --brokers kafka:9092
  ecomsim stream --speed max --brokers kafka:9092 --resume   (continue a stopped backfill)
  ecomsim stream --live --brokers kafka:9092            (starts now, runs until stopped)
  ecomsim stream ... -X security.protocol=SASL_SSL -X sasl.mechanism=PLAIN -X sasl.username=u
  ecomsim stream --to stdout --speed max | head
  ecomsim stream flash_sale --to stdout --tables events,orders,payments > flash.jsonl
  ecomsim stream baseline --to stdout --shard 2/4       (one of four producers of one stream))");
  WorldOptions world(cmd, args->world, args->options.world);
  KafkaOptions& k = args->options.kafka;
  cmd->add_option("-b,--brokers", k.brokers, "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...]");
  cmd->add_option("--to", args->to, "stdout: JSON Lines instead of Kafka");
  cmd->add_option("-X", k.properties,
                  "A librdkafka property, KEY=VALUE (repeatable; SASL, SSL, ...)");
  cmd->add_option("--topic-prefix", k.topic_prefix, "Topics are PREFIX.TABLE")
      ->capture_default_str();
  cmd->add_option("--topic", k.topics, "A table's topic, TABLE=NAME (repeatable)");
  cmd->add_option("--partitions", k.partitions, "Partitions of the topics it creates")
      ->capture_default_str();
  cmd->add_option("--replication-factor", k.replication_factor,
                  "Replication factor of the topics it creates (-1: the broker's default)")
      ->capture_default_str();
  cmd->add_flag("--resume", k.resume,
                "Continue a stopped stream: what is already in the topics is not sent again");
  cmd->add_option("--transactional-id", k.transactional_id,
                  "Send in Kafka transactions, for consumers that read committed only");
  cmd->add_option("--key", args->options.keys,
                  "Key a table's messages by another column, TABLE=COLUMN (repeatable)");
  cmd->add_option("--speed", args->speed,
                  "Simulated time runs N times faster than wall time (1: real time), or max")
      ->capture_default_str();
  cmd->add_option("--rate", args->rate, "Messages per second, whatever the simulated clock says");
  cmd->add_flag("--live", args->options.live,
                "Start the window now and run until stopped (a year, or --duration)");
  cmd->add_option("--timestamps", args->timestamps,
                  "simulated: the scenario's dates; now: move the window to end now")
      ->capture_default_str();
  cmd->add_option("--shard", args->shard, "Send only slice K of N, as K/N (e.g. 2/4)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary");
  return [args] { return Run(*args); };
}

}  // namespace ecomsim::cli
