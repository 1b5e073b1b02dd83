#include <csignal>
#include <cstdio>
#include <atomic>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "core/hash.h"
#include "ecomsim/ecomsim.h"
#include "engine/plan.h"
#include "scenario/scenario.h"

namespace ecomsim::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

struct GenerateArgs {
  std::string scenario = "baseline";
  std::string duration;
  std::string start;
  std::string intensity;
  std::string discount;
  std::string config;
  std::string shard;
  std::string tables;
  bool quiet = false;
  GenerateOptions options;
};

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

int Run(GenerateArgs& a) {
  GenerateOptions& o = a.options;
  if (!a.config.empty()) {
    if (a.scenario != "baseline") {
      return ReportError("give either a scenario name or -c FILE, not both", 2);
    }
    // A -c argument is always a file, even when it looks like a built-in name.
    o.scenario = a.config.find('/') == std::string::npos ? "./" + a.config : a.config;
  } else {
    o.scenario = a.scenario;
  }
  if (!a.shard.empty()) {
    Result<Shard> shard = ParseShard(a.shard);
    if (!shard.ok()) return ReportError(shard.status().message(), 2);
    o.shard_index = shard->index;
    o.shard_count = shard->count;
  }
  o.tables = SplitCommas(a.tables);
  if (!a.duration.empty() || !a.start.empty() || !a.intensity.empty() || !a.discount.empty()) {
    Result<std::string> text = ScenarioText(o.scenario);
    if (!text.ok()) return ReportError(text.status().message(), text.status().ExitCode());
    Result<std::vector<std::string>> shorthands =
        ShorthandOverrides(*text, a.duration, a.start, a.intensity, a.discount);
    if (!shorthands.ok()) return ReportError(shorthands.status().message(), 2);
    // Explicit --set overrides come last, so they win.
    shorthands->insert(shorthands->end(), o.overrides.begin(), o.overrides.end());
    o.overrides = std::move(*shorthands);
  }

  ProgressBar bar(!a.quiet && StderrIsTerminal());
  o.on_progress = [&](const GenerateProgress& p) {
    bar.Update(p.chunks_done, p.chunks_total, p.rows, p.bytes);
  };
  g_interrupted = false;
  auto previous_int = std::signal(SIGINT, OnInterrupt);
  auto previous_term = std::signal(SIGTERM, OnInterrupt);
  o.should_stop = [] { return g_interrupted.load(); };

  GenerateReport report;
  const Status s = Generate(o, report);
  bar.Finish();
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  if (!s.ok()) {
    if (s.code() == StatusCode::kCancelled) {
      return ReportError("interrupted; nothing was written to " + o.out_dir, 130);
    }
    return ReportError(s.message(), s.ExitCode());
  }
  if (a.quiet) return 0;

  TextTable table({"table", "rows", "bytes", "rows/s"});
  int64_t total_rows = 0;
  uint64_t total_bytes = 0;
  const double secs = std::max(report.seconds, 1e-9);
  for (const TableReport& t : report.tables) {
    table.AddRow({t.table, Grouped(t.rows), HumanBytes(static_cast<double>(t.bytes)),
                  Grouped(static_cast<int64_t>(static_cast<double>(t.rows) / secs))});
    total_rows += t.rows;
    total_bytes += t.bytes;
  }
  table.AddRow({"total", Grouped(total_rows), HumanBytes(static_cast<double>(total_bytes)),
                Grouped(static_cast<int64_t>(static_cast<double>(total_rows) / secs))});
  std::printf("%s", table.Render({1, 2, 3}).c_str());
  std::printf("wrote %s/ (%s, scenario %s, seed %llu, %d thread%s) in %.2f s, %s/s\n",
              report.out_dir.c_str(), o.format.c_str(), report.scenario.c_str(),
              static_cast<unsigned long long>(o.seed), report.threads,
              report.threads == 1 ? "" : "s", report.seconds,
              HumanBytes(static_cast<double>(total_bytes) / secs).c_str());
  return 0;
}

}  // namespace

int ReportError(const std::string& message, int exit_code) {
  std::fprintf(stderr, "ecomsim: error: %s\n", message.c_str());
  return exit_code;
}

CommandFn AddGenerateCommand(CLI::App& app) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand("generate", R"(Simulate a scenario and write its tables as files.

Writes OUT/<table>/part-NNNNN.<ext> (Parquet by default: zstd, 1,000,000-row row groups,
statistics, UTC timestamps, exact decimals) and OUT/manifest.json (version, seed, scenario
hash, row counts, CRC-32C of every file). The dataset appears only when complete: a failed or
interrupted run leaves nothing behind. Output is byte-identical for any --threads.

Examples:
  ecomsim generate
  ecomsim generate baseline --out data --format csv --threads 2 --seed 42
  ecomsim generate --compression snappy --row-group-rows 250000 --partition-by day
  ecomsim generate -c my_store.yaml --set world.customers=50000 --out big
  ecomsim generate baseline --out part3 --shard 3/8      (slice 3 of 8; the 8 together are the whole))");
  cmd->add_option("scenario", args->scenario, "Built-in scenario name (see 'ecomsim scenarios')")
      ->capture_default_str();
  cmd->add_option("-c,--config", args->config, "Scenario YAML file instead of a built-in");
  cmd->add_option("-o,--out", args->options.out_dir, "Output directory")->capture_default_str();
  cmd->add_option("-f,--format", args->options.format, "File format: parquet, csv or jsonl")
      ->capture_default_str();
  cmd->add_option("--compression", args->options.compression,
                  "Parquet page compression: zstd, snappy or none")
      ->capture_default_str();
  cmd->add_option("--row-group-rows", args->options.row_group_rows, "Parquet rows per row group")
      ->capture_default_str();
  cmd->add_option("--tables", args->tables,
                  "Comma-separated tables to write (default all: " + TableNameList() + ")");
  cmd->add_option("--partition-by", args->options.partition_by,
                  "'day': Hive partitions of the activity tables, OUT/events/date=2024-08-01/part-00000.parquet");
  cmd->add_option("--scale", args->options.scale,
                  "Multiply customers, products and suppliers (may be fractional: 0.1)")
      ->capture_default_str();
  cmd->add_option("--seed", args->options.seed, "Random seed")->capture_default_str();
  cmd->add_option("-j,--threads", args->options.threads, "Worker threads (default: one per core)");
  cmd->add_option("--shard", args->shard, "Write only slice K of N, as K/N (e.g. 3/8)");
  cmd->add_option("--set", args->options.overrides,
                  "Override a scenario key, KEY=VALUE (repeatable): --set world.customers=5000");
  cmd->add_option("--duration", args->duration, "Shorthand: the window's length, like 8h or 30d (s, m, h, d, w)");
  cmd->add_option("--start", args->start, "Shorthand: the window's start, like 2024-11-29");
  cmd->add_option("--intensity", args->intensity, "Shorthand: multiply all traffic, like 10");
  cmd->add_option("--discount", args->discount,
                  "Shorthand: the discount (percent) of every discounting effect, or a storewide one");
  cmd->add_flag("--overwrite", args->options.overwrite, "Replace an existing non-empty output directory");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress bar and no summary");
  return [args] { return Run(*args); };
}

}  // namespace ecomsim::cli
