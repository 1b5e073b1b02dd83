#include <unistd.h>

#include <climits>
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/kafka_flags.h"
#include "cli/terminal.h"
#include "cli/world_options.h"
#include "core/text.h"
#include "core/time.h"
#include "ecomsim/sessionize.h"

namespace ecomsim::cli {
namespace {

struct SessionizeArgs {
  SessionizeOptions options;
  std::string gap = "30m";
  std::string lateness = "0s";
  bool quiet = false;
};

std::string Watermark(int64_t us) {
  return us == INT64_MIN ? std::string("-") : TimestampToString(us).substr(0, 19) + "Z";
}

// One line on a terminal, redrawn: consumed/s, lag, sessions open and closed, late and
// dead-lettered counts.
void DrawProgress(const SessionizeOptions::Progress& p) {
  std::string lag;
  for (const SessionizePartition& q : p.partitions) {
    lag += (lag.empty() ? "" : " ") + std::to_string(q.partition) + ":" +
           (q.lag < 0 ? std::string("?") : Grouped(q.lag));
  }
  std::fprintf(stderr,
               "\r\033[K%s consumed, %s/s; lag %s; sessions %s open, %s closed; late %s, too late "
               "%s, dead letters %s%s",
               Grouped(p.consumed).c_str(), Grouped(static_cast<int64_t>(p.consumed_per_s)).c_str(),
               lag.empty() ? "-" : lag.c_str(), Grouped(p.open_sessions).c_str(),
               Grouped(p.closed_sessions).c_str(), Grouped(p.late).c_str(),
               Grouped(p.too_late).c_str(), Grouped(p.dead_letters).c_str(), p.redis_up ? "" : "");
  std::fflush(stderr);
}

void PrintSummary(const SessionizeReport& r) {
  TextTable table({"partition", "consumed", "next offset", "watermark", "open", "closed", "late",
                   "too late", "dead letters"});
  for (const SessionizePartition& p : r.partitions) {
    table.AddRow({std::to_string(p.partition), Grouped(p.consumed), Grouped(p.next_offset),
                  Watermark(p.watermark_us), Grouped(p.open_sessions), Grouped(p.closed_sessions),
                  Grouped(p.late), Grouped(p.too_late), Grouped(p.dead_letters)});
  }
  std::fprintf(stderr, "%s", table.Render({1, 2, 4, 5, 6, 7, 8}).c_str());
  const double rate = r.cpu_seconds > 0 ? static_cast<double>(r.consumed) / r.cpu_seconds : 0;
  std::fprintf(stderr,
               "%s %s messages of %s (%s read again to rebuild open sessions) in %.2f s, %s per "
               "CPU second; %s sessions closed, %s still open; %s rows upserted and %s deleted "
               "in %s commits; %s late events applied, %s too late, %s dead letters\n",
               r.stopped ? "stopped after" : "sessionized", Grouped(r.consumed).c_str(),
               r.topic.c_str(), Grouped(r.replayed).c_str(), r.seconds,
               Grouped(static_cast<int64_t>(rate)).c_str(), Grouped(r.closed_sessions).c_str(),
               Grouped(r.open_sessions).c_str(), Grouped(r.rows_written).c_str(),
               Grouped(r.rows_deleted).c_str(), Grouped(r.commits).c_str(), Grouped(r.late).c_str(),
               Grouped(r.too_late).c_str(), Grouped(r.dead_letters).c_str());
}

int Run(SessionizeArgs& a) {
  SessionizeOptions& o = a.options;
  Result<Micros> gap = ParseDuration(a.gap);
  if (!gap.ok()) return ReportError("--gap: " + gap.status().message(), 2);
  o.gap_us = *gap;
  if (a.lateness != "0") {
    Result<Micros> lateness = ParseDuration(a.lateness);
    if (!lateness.ok()) return ReportError("--lateness: " + lateness.status().message(), 2);
    o.lateness_us = *lateness;
  }
  const bool terminal = !a.quiet && StderrIsTerminal();
  bool drawn = false;
  if (terminal) {
    o.on_progress = [&](const SessionizeOptions::Progress& p) {
      DrawProgress(p);
      drawn = true;
    };
  }
  o.on_notice = [&](const std::string& line) {
    if (drawn) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "ecomsim: %s\n", line.c_str());
  };
  SessionizeReport report;
  Status s;
  {
    InterruptGuard interrupt;
    o.should_stop = &InterruptGuard::Raised;
    s = Sessionize(o, report);
  }
  if (drawn) std::fprintf(stderr, "\r\033[K");
  if (!s.ok()) return ReportError(s.message(), s.ExitCode());
  if (!a.quiet) PrintSummary(report);
  return report.stopped && InterruptGuard::Raised() ? 130 : 0;
}

}  // namespace

CommandFn AddSessionizeCommand(CLI::App& app) {
  auto args = std::make_shared<SessionizeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sessionize",
      R"(Cut the events stream into sessions, into PostgreSQL (exactly once) and Redis.

Consumes the events topic as a member of a consumer group (--group; start more instances
with the same group and Kafka shares the partitions among them). Per person (the key of
the events' messages), events within --gap of each other in event time form a session;
a session closes when its partition's watermark (the latest event time read from it)
passes its last event + gap, and its row is upserted into user_sessions. With
--lateness, a closed session is kept that much longer: a late event within it joins
(and may merge) sessions and the row is written again; an event later than that goes
to the late topic. A message that is not an event goes to the dead-letter topic with
the reason in the header dead_letter_reason.

Rows and the consumed offsets are committed in one transaction every --commit-every;
at start and on every rebalance each partition is read again from where its open
sessions began, so a job killed at any moment loses and duplicates nothing.
With --redis, the live state goes to Redis after each commit (sessions open now,
activity per minute, top products); Redis down is not an error.

Ctrl-C or SIGTERM: commits, leaves the group, exits 130. --until-end stops at the end of
every partition and writes the sessions still open as they are (the stream's end);
--drain does that on Ctrl-C too.

Exit code: 0 ok, 1 a failure of the cluster or the database, 2 bad options, 130
interrupted.

Examples:
  ecomsim broker &
  ecomsim stream realtime_sessions --speed 10 --brokers 127.0.0.1:9092 &
  ecomsim sessionize --brokers 127.0.0.1:9092 --postgres postgresql://me@db/shop --gap 60s
  ecomsim sessionize --brokers 127.0.0.1:9092 --postgres ... --redis redis://127.0.0.1:6379
  ecomsim sessionize ... --group shop-sessions      (run it twice: Kafka shares the partitions)
  psql -c "select * from ecomsim.user_sessions order by start_at desc limit 5"
  redis-cli hgetall ecomsim:live)");
  SessionizeOptions& o = args->options;
  KafkaOptions& k = o.kafka;
  AddStreamSourceOptions(cmd, k);
  cmd->add_option("--topic", k.topics, "A table's topic, TABLE=NAME (events=NAME: what is read)");
  cmd->add_option("--group", o.group, "Consumer group: instances in it share the partitions")
      ->capture_default_str();
  cmd->add_option("--postgres", o.postgres, "Where user_sessions goes (URL or conninfo)")
      ->type_name("URL");
  cmd->add_option("--schema", o.pg_schema, "PostgreSQL schema of the table")->capture_default_str();
  cmd->add_option("--table", o.pg_table, "PostgreSQL table of the sessions")->capture_default_str();
  cmd->add_option("--redis", o.redis, "Live state into Redis: redis://[:PASSWORD@]HOST[:PORT][/DB]")
      ->type_name("URL");
  cmd->add_option("--redis-prefix", o.redis_prefix, "Prefix of the Redis keys")
      ->capture_default_str();
  cmd->add_option("--gap", args->gap, "Inactivity that ends a session, in event time (90s, 30m)")
      ->capture_default_str();
  cmd->add_option("--lateness", args->lateness,
                  "How long a closed session still takes late events (0: none)")
      ->capture_default_str();
  cmd->add_option("--late-topic", o.late_topic, "Where events too late go ('': nowhere, counted)")
      ->capture_default_str();
  cmd->add_option("--dead-letter-topic", o.dead_letter_topic,
                  "Where malformed messages go ('': nowhere, counted)")
      ->capture_default_str();
  cmd->add_option("--commit-every", o.commit_ms, "Milliseconds between commits")
      ->capture_default_str();
  cmd->add_flag("--until-end", o.until_end,
                "Stop at the end of every partition, writing the sessions still open");
  cmd->add_flag("--drain", o.drain, "On Ctrl-C, write the sessions still open too");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line, no summary");
  return [args] { return Run(*args); };
}

}  // namespace ecomsim::cli
