#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "cli/world_options.h"
#include "core/time.h"
#include "ecomsim/stream.h"

namespace ecomsim::cli {
namespace {

struct StreamArgs {
  WorldArgs world;
  std::string shard;
  std::string speed = "1";
  std::string timestamps = "simulated";
  double rate = 0;
  bool quiet = false;
  StreamOptions options;
};

int Run(StreamArgs& a) {
  StreamOptions& o = a.options;
  if (const Status s = ResolveWorld(a.world, o.world); !s.ok()) return ReportError(s.message(), s.ExitCode());
  if (!a.shard.empty()) {
    Result<Shard> shard = ParseShard(a.shard);
    if (!shard.ok()) return ReportError(shard.status().message(), 2);
    o.world.shard_index = shard->index;
    o.world.shard_count = shard->count;
  }
  if (a.speed == "max") {
    o.speed = 0;
  } else {
    char* end = nullptr;
    o.speed = std::strtod(a.speed.c_str(), &end);
    if (end == a.speed.c_str() || *end != '\0' || !(o.speed > 0)) {
      return ReportError("--speed '" + a.speed + "': expected a positive number or max", 2);
    }
  }
  if (a.timestamps != "simulated" && a.timestamps != "now") {
    return ReportError("--timestamps '" + a.timestamps + "': expected simulated or now", 2);
  }
  o.timestamps_now = a.timestamps == "now";
  if (a.rate < 0) return ReportError("--rate: expected a positive number of messages per second", 2);
  o.rate = a.rate;

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
  if (a.quiet) return report.stopped && InterruptGuard::Raised() ? 130 : 0;
  TextTable table({"table", "messages", "bytes", "messages/s"});
  int64_t total = 0;
  uint64_t bytes = 0;
  const double secs = std::max(report.seconds, 1e-9);
  for (const TableReport& t : report.tables) {
    table.AddRow({t.table, Grouped(t.rows), HumanBytes(static_cast<double>(t.bytes)),
                  Grouped(static_cast<int64_t>(static_cast<double>(t.rows) / secs))});
    total += t.rows;
    bytes += t.bytes;
  }
  table.AddRow({"total", Grouped(total), HumanBytes(static_cast<double>(bytes)),
                Grouped(static_cast<int64_t>(static_cast<double>(total) / secs))});
  std::fprintf(stderr, "%s", table.Render({1, 2, 3}).c_str());
  std::fprintf(stderr, "%s %s of scenario %s, event time %s to %s, in %.2f s\n",
               report.stopped ? "stopped after" : "streamed", Grouped(total).c_str(), report.scenario.c_str(),
               TimestampToString(report.first_event_time).c_str(),
               TimestampToString(report.last_event_time).c_str(), report.seconds);
  return 0;
}

}  // namespace

CommandFn AddStreamCommand(CLI::App& app) {
  auto args = std::make_shared<StreamArgs>();
  CLI::App* cmd = app.add_subcommand("stream", R"(Send the store's life as messages in event-time order.

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
  ecomsim stream --to stdout --speed max | head
  ecomsim stream flash_sale --to stdout --tables events,orders,payments > flash.jsonl
  ecomsim stream baseline --to stdout --shard 2/4       (one of four producers of one stream))");
  WorldOptions world(cmd, args->world, args->options.world);
  cmd->add_option("--to", args->options.to, "Where the messages go: stdout")->capture_default_str();
  cmd->add_option("--topic-prefix", args->options.topic_prefix, "Topics are PREFIX.TABLE")
      ->capture_default_str();
  cmd->add_option("--topic", args->options.topics, "A table's topic, TABLE=NAME (repeatable)");
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
