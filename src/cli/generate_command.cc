#include <cstdio>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "cli/world_options.h"
#include "ecomsim/ecomsim.h"

namespace ecomsim::cli {
namespace {

struct GenerateArgs {
  WorldArgs world;
  std::string shard;
  bool quiet = false;
  GenerateOptions options;
};

int Run(GenerateArgs& a) {
  GenerateOptions& o = a.options;
  if (const Status s = ResolveWorld(a.world, o); !s.ok())
    return ReportError(s.message(), s.ExitCode());
  if (!a.shard.empty()) {
    Result<Shard> shard = ParseShard(a.shard);
    if (!shard.ok()) return ReportError(shard.status().message(), 2);
    o.shard_index = shard->index;
    o.shard_count = shard->count;
  }

  ProgressBar bar(!a.quiet && StderrIsTerminal());
  o.on_progress = [&](const GenerateProgress& p) {
    bar.Update(p.chunks_done, p.chunks_total, p.rows, p.bytes);
  };
  o.on_stale_cleared = [](const std::vector<std::string>& cleared) {
    std::string line;
    for (const std::string& c : cleared) line += (line.empty() ? "" : "; ") + c;
    std::fprintf(stderr, "ecomsim: %s (left behind by %s)\n", line.c_str(),
                 cleared.size() == 1 ? "a killed run" : "killed runs");
  };
  GenerateReport report;
  Status s;
  {
    InterruptGuard interrupt;
    o.should_stop = &InterruptGuard::Raised;
    s = Generate(o, report);
  }
  bar.Finish();
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
  if (!report.report_path.empty()) {
    std::printf(
        "wrote %s (%s) in %.2f s, before the dataset appeared\n", report.report_path.c_str(),
        HumanBytes(static_cast<double>(report.report_bytes)).c_str(), report.report_seconds);
  }
  return 0;
}

}  // namespace

int ReportError(const std::string& message, int exit_code) {
  std::fprintf(stderr, "ecomsim: error: %s\n", message.c_str());
  return exit_code;
}

CommandFn AddGenerateCommand(CLI::App& app) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd =
      app.add_subcommand("generate", R"(Simulate a scenario and write its tables as files.

Writes OUT/<table>/part-NNNNN.<ext> (Parquet by default: zstd, 1,000,000-row row groups,
statistics, UTC timestamps, exact decimals) and OUT/manifest.json (version, seed, scenario
hash, row counts, CRC-32C of every file). The dataset appears only when complete: a failed or
interrupted run leaves nothing behind, and what a killed one (kill -9) left beside OUT the
next run into OUT removes. Output is byte-identical for any --threads.

Examples:
  ecomsim generate
  ecomsim generate baseline --out data --format csv --threads 2 --seed 42
  ecomsim generate --compression snappy --row-group-rows 250000 --partition-by day
  ecomsim generate -c my_store.yaml --set world.customers=50000 --out big
  ecomsim generate flash_sale --report                  (with OUT/report.html: see 'ecomsim report')
  ecomsim generate baseline --out part3 --shard 3/8      (slice 3 of 8; the 8 together are the whole))");
  WorldOptions world(cmd, args->world, args->options);
  cmd->add_option("-o,--out", args->options.out_dir, "Output directory")->capture_default_str();
  cmd->add_option("-f,--format", args->options.format, "File format: parquet, csv or jsonl")
      ->capture_default_str();
  cmd->add_option("--compression", args->options.compression,
                  "Parquet page compression: zstd, snappy or none")
      ->capture_default_str();
  cmd->add_option("--row-group-rows", args->options.row_group_rows, "Parquet rows per row group")
      ->capture_default_str();
  cmd->add_option("--partition-by", args->options.partition_by,
                  "'day': Hive partitions of the activity tables, "
                  "OUT/events/date=2024-08-01/part-00000.parquet");
  cmd->add_option("--shard", args->shard, "Write only slice K of N, as K/N (e.g. 3/8)");
  cmd->add_flag("--overwrite", args->options.overwrite,
                "Replace an existing non-empty output directory");
  cmd->add_flag("--report", args->options.report,
                "Also write OUT/report.html, the page 'ecomsim report OUT' writes, into the "
                "dataset before it appears");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress bar and no summary");
  return [args] { return Run(*args); };
}

}  // namespace ecomsim::cli
