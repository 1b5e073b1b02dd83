#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "cli/world_options.h"
#include "ecomsim/ecomsim.h"

namespace ecomsim::cli {
namespace {

struct LoadArgs {
  WorldArgs world;
  bool quiet = false;
  LoadOptions options;
};

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f s", s);
  return buf;
}

void PrintReport(const LoadArgs& a, const LoadReport& r) {
  TextTable tables({"table", "rows", "COPY bytes"});
  int64_t rows = 0;
  uint64_t bytes = 0;
  for (const TableReport& t : r.tables) {
    tables.AddRow({t.table, Grouped(t.rows), HumanBytes(static_cast<double>(t.bytes))});
    rows += t.rows;
    bytes += t.bytes;
  }
  tables.AddRow({"total", Grouped(rows), HumanBytes(static_cast<double>(bytes))});
  std::printf("%s\n", tables.Render({1, 2}).c_str());

  TextTable checks({"validation", "result", "what the database says"});
  for (const LoadCheck& c : r.checks) {
    checks.AddRow({c.name, c.skipped ? "skipped" : c.ok ? "ok" : "FAILED", c.detail});
  }
  std::printf("%s\n", checks.Render().c_str());

  std::string from = a.options.from_dir;
  while (from.size() > 1 && from.back() == '/') from.pop_back();
  const std::string what =
      from.empty() ? "scenario " + r.scenario + " (seed " + std::to_string(r.seed) + ")"
                   : from + "/ (scenario " + r.scenario + ", seed " + std::to_string(r.seed) + ")";
  std::printf("loaded %s into schema %s of %s (PostgreSQL %s)%s, %d connection%s, in %s\n",
              what.c_str(), r.schema.c_str(), r.server.c_str(), r.server_version.c_str(),
              r.replaced ? ", replacing what it held" : "", r.jobs, r.jobs == 1 ? "" : "s",
              Seconds(r.times.swap).c_str());
  const double data = std::max(r.times.data, 1e-9);
  std::printf("phases: data %s (%s rows/s), keys and indexes %s, validation %s, swap %s\n",
              Seconds(r.times.data).c_str(),
              Grouped(static_cast<int64_t>(static_cast<double>(rows) / data)).c_str(),
              Seconds(r.times.keys - r.times.data).c_str(),
              Seconds(r.times.validate - r.times.keys).c_str(),
              Seconds(r.times.swap - r.times.validate).c_str());
}

int Run(LoadArgs& a, bool world_given) {
  LoadOptions& o = a.options;
  GenerateOptions& w = o.world;
  if (!o.from_dir.empty() && world_given) {
    return ReportError("--from loads a dataset as it is: give no scenario or world options", 2);
  }
  if (!o.from_dir.empty()) {
    w.tables = SplitCommas(a.world.tables);
  } else if (const Status s = ResolveWorld(a.world, w); !s.ok()) {
    return ReportError(s.message(), s.ExitCode());
  }

  const bool show = !a.quiet && StderrIsTerminal();
  ProgressBar bar(show);
  w.on_progress = [&](const GenerateProgress& p) {
    bar.Update(p.chunks_done, p.chunks_total, p.rows, p.bytes);
  };
  o.on_phase = [&](std::string_view phase) {
    if (!show) return;
    bar.Finish();
    std::fprintf(stderr, "ecomsim: %.*s...\n", static_cast<int>(phase.size()), phase.data());
  };
  LoadReport report;
  Status s;
  {
    InterruptGuard interrupt;
    w.should_stop = &InterruptGuard::Raised;
    s = Load(o, report);
  }
  bar.Finish();
  if (!s.ok()) {
    if (s.code() == StatusCode::kCancelled) {
      return ReportError("interrupted; schema " + o.schema + " was not changed", 130);
    }
    return ReportError(s.message(), s.ExitCode());
  }
  if (!a.quiet) PrintReport(a, report);
  return 0;
}

}  // namespace

CommandFn AddLoadCommand(CLI::App& app) {
  auto args = std::make_shared<LoadArgs>();
  CLI::App* cmd = app.add_subcommand(
      "load", R"(Simulate a scenario (or read a dataset) and load it into PostgreSQL.

Creates every table in a staging schema, fills it with binary COPY over --jobs
connections while the world is simulated, then adds primary keys, indexes and foreign
keys (over all the connections at once), runs ANALYZE, validates in the database (row
counts, keys, order totals) and swaps the staging schema in as --schema in one
transaction. On any failure the target schema is as it was. An existing schema with
objects in it is refused unless --replace.

--indexes chooses what is built after the data: all (the default) = the primary keys, the
foreign keys, and an index on every foreign-key and time column; keys = the primary and
foreign keys only; none = the tables alone, for those who add their own (the key checks
are then skipped). 'ecomsim schema --sql --indexes ...' prints the same DDL.

The connection follows libpq: a URL or "key=value" string, completed by the PG*
environment variables and ~/.pgpass (or PGPASSFILE). Passwords never appear in output.

Examples:
  ecomsim load baseline --postgres postgresql://alice@127.0.0.1:5432/shop --schema shop
  ecomsim load flash_sale --scale 0.1 --postgres "host=db dbname=shop" --replace --jobs 4
  ecomsim load --from data/ --postgres postgresql://alice@db/shop    (a dataset generated earlier)
  PGHOST=db PGDATABASE=shop ecomsim load baseline)");
  auto world = std::make_shared<WorldOptions>(cmd, args->world, args->options.world);
  cmd->add_option("--from", args->options.from_dir,
                  "Load this dataset directory (any format) instead of simulating");
  cmd->add_option("--postgres", args->options.postgres,
                  "libpq connection URL or string (default: the PG* environment)");
  cmd->add_option("--schema", args->options.schema, "Target schema")->capture_default_str();
  cmd->add_flag("--replace", args->options.replace,
                "Replace a target schema that has objects in it (drops it, with CASCADE)");
  cmd->add_option("--jobs", args->options.jobs, "Connections that load in parallel")
      ->capture_default_str();
  cmd->add_option("--indexes", args->options.indexes,
                  "What to build after the data: all (keys and indexes), keys (primary and "
                  "foreign keys) or none")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress and no summary");
  return [args, world] { return Run(*args, world->AnyGiven()); };
}

}  // namespace ecomsim::cli
