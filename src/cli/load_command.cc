#include <atomic>
#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "ecomsim/ecomsim.h"
#include "scenario/scenario.h"

namespace ecomsim::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnLoadInterrupt(int) { g_interrupted.store(true); }

struct LoadArgs {
  std::string scenario = "baseline";
  std::string config;
  std::string tables;
  std::string duration;
  std::string start;
  std::string intensity;
  std::string discount;
  bool quiet = false;
  LoadOptions options;
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
  for (const LoadCheck& c : r.checks) checks.AddRow({c.name, c.ok ? "ok" : "FAILED", c.detail});
  std::printf("%s\n", checks.Render().c_str());

  std::string from = a.options.from_dir;
  while (from.size() > 1 && from.back() == '/') from.pop_back();
  const std::string what = from.empty()
                               ? "scenario " + r.scenario + " (seed " + std::to_string(r.seed) + ")"
                               : from + "/ (scenario " + r.scenario + ", seed " +
                                     std::to_string(r.seed) + ")";
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
  if (!o.from_dir.empty() && (world_given || !a.config.empty())) {
    return ReportError("--from loads a dataset as it is: give no scenario or world options", 2);
  }
  if (!a.config.empty()) {
    if (a.scenario != "baseline") {
      return ReportError("give either a scenario name or -c FILE, not both", 2);
    }
    w.scenario = a.config.find('/') == std::string::npos ? "./" + a.config : a.config;
  } else {
    w.scenario = a.scenario;
  }
  w.tables = SplitCommas(a.tables);
  if (o.from_dir.empty() &&
      (!a.duration.empty() || !a.start.empty() || !a.intensity.empty() || !a.discount.empty())) {
    Result<std::string> text = ScenarioText(w.scenario);
    if (!text.ok()) return ReportError(text.status().message(), text.status().ExitCode());
    Result<std::vector<std::string>> shorthands =
        ShorthandOverrides(*text, a.duration, a.start, a.intensity, a.discount);
    if (!shorthands.ok()) return ReportError(shorthands.status().message(), 2);
    shorthands->insert(shorthands->end(), w.overrides.begin(), w.overrides.end());
    w.overrides = std::move(*shorthands);
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
  g_interrupted = false;
  auto previous_int = std::signal(SIGINT, OnLoadInterrupt);
  auto previous_term = std::signal(SIGTERM, OnLoadInterrupt);
  w.should_stop = [] { return g_interrupted.load(); };

  LoadReport report;
  const Status s = Load(o, report);
  bar.Finish();
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
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
keys, runs ANALYZE, validates in the database (row counts, keys, order totals) and swaps
the staging schema in as --schema in one transaction. On any failure the target schema is
as it was. An existing schema with objects in it is refused unless --replace.

The connection follows libpq: a URL or "key=value" string, completed by the PG*
environment variables and ~/.pgpass (or PGPASSFILE). Passwords never appear in output.

Examples:
  ecomsim load baseline --postgres postgresql://alice@127.0.0.1:5432/shop --schema shop
  ecomsim load flash_sale --scale 0.1 --postgres "host=db dbname=shop" --replace --jobs 4
  ecomsim load --from data/ --postgres postgresql://alice@db/shop    (a dataset generated earlier)
  PGHOST=db PGDATABASE=shop ecomsim load baseline)");
  cmd->add_option("scenario", args->scenario, "Built-in scenario name (see 'ecomsim scenarios')")
      ->capture_default_str();
  cmd->add_option("-c,--config", args->config, "Scenario YAML file instead of a built-in");
  cmd->add_option("--from", args->options.from_dir,
                  "Load this dataset directory (any format) instead of simulating");
  cmd->add_option("--postgres", args->options.postgres,
                  "libpq connection URL or string (default: the PG* environment)");
  cmd->add_option("--schema", args->options.schema, "Target schema")->capture_default_str();
  cmd->add_flag("--replace", args->options.replace,
                "Replace a target schema that has objects in it (drops it, with CASCADE)");
  cmd->add_option("--jobs", args->options.jobs, "Connections that load in parallel")
      ->capture_default_str();
  cmd->add_option("--tables", args->tables,
                  "Comma-separated tables to load (default all: " + TableNameList() + ")");
  auto* scale =
      cmd->add_option("--scale", args->options.world.scale,
                      "Multiply customers, products and suppliers (may be fractional: 0.1)")
          ->capture_default_str();
  auto* seed =
      cmd->add_option("--seed", args->options.world.seed, "Random seed")->capture_default_str();
  cmd->add_option("-j,--threads", args->options.world.threads,
                  "Simulation threads (default: one per core)");
  auto* set = cmd->add_option("--set", args->options.world.overrides,
                              "Override a scenario key, KEY=VALUE (repeatable)");
  cmd->add_option("--duration", args->duration, "Shorthand: the window's length, like 8h or 30d");
  cmd->add_option("--start", args->start, "Shorthand: the window's start, like 2024-11-29");
  cmd->add_option("--intensity", args->intensity, "Shorthand: multiply all traffic, like 10");
  cmd->add_option("--discount", args->discount, "Shorthand: the discount of every effect, percent");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress and no summary");
  CLI::App* sub = cmd;
  return [args, sub, scale, seed, set] {
    const bool world_given = sub->count("scenario") > 0 || scale->count() > 0 ||
                             seed->count() > 0 || set->count() > 0 || !args->duration.empty() ||
                             !args->start.empty() || !args->intensity.empty() ||
                             !args->discount.empty();
    return Run(*args, world_given);
  };
}

}  // namespace ecomsim::cli
