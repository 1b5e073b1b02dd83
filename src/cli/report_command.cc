#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "core/file.h"
#include "ecomsim/report.h"

namespace ecomsim::cli {
namespace {

struct ReportArgs {
  std::string dir;
  std::string html;
  std::string json;
  std::string compare;
  std::vector<std::string> overrides;
  std::vector<std::string> compare_overrides;
  bool quiet = false;
};

// Whether a file could be created at `path` (its directory exists and is writable).
Status CheckWritable(const std::string& option, const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  if (::access(parent.c_str(), W_OK) != 0) {
    return Status::Usage(option + " " + path + ": cannot write in " + parent.string());
  }
  return Status::Ok();
}

void PrintSummary(const ReportArgs& a, const std::string& html_path, const ReportDocuments& d) {
  const ReportSummary& s = d.summary;
  for (const std::string& note : s.notes) std::printf("%s\n", note.c_str());
  if (!s.largest_differences.empty()) {
    std::printf("largest differences (%s vs %s):\n", a.dir.c_str(), a.compare.c_str());
    for (const std::string& line : s.largest_differences) std::printf("  %s\n", line.c_str());
  }
  const int no_data = s.calibration_rows - s.calibration_agrees - s.calibration_borderline -
                      s.calibration_disagrees;
  std::printf("calibration: %d rates, %d agree, %d borderline, %d disagree, %d without data\n",
              s.calibration_rows, s.calibration_agrees, s.calibration_borderline,
              s.calibration_disagrees, no_data);
  std::printf("realism: %d statistics, %d in the real range\n", s.realism_rows, s.realism_in_range);
  const double secs = std::max(s.seconds, 1e-9);
  std::printf(
      "wrote %s (%s; %d of %d sections, %d charts, %d figures) from %s rows in %.2f s, "
      "%s rows/s\n",
      html_path.c_str(), HumanBytes(static_cast<double>(d.html.size())).c_str(), s.sections_shown,
      s.sections, s.charts, s.figures, Grouped(s.rows_read).c_str(), s.seconds,
      Grouped(static_cast<int64_t>(static_cast<double>(s.rows_read) / secs)).c_str());
}

int Run(const ReportArgs& a) {
  const std::string html_path =
      a.html.empty() ? (std::filesystem::path(a.dir) / kReportFileName).string() : a.html;
  const bool json_to_stdout = a.json == "-";
  // Fail before the work, not after it, when the outputs cannot be written.
  if (std::filesystem::is_directory(a.dir) || !a.html.empty()) {
    if (Status s = CheckWritable("--html", html_path); !s.ok()) return ReportError(s.message(), 2);
  }
  if (!a.json.empty() && !json_to_stdout) {
    if (Status s = CheckWritable("--json", a.json); !s.ok()) return ReportError(s.message(), 2);
  }
  ProgressBar bar(!a.quiet && StderrIsTerminal());
  ReportOptions o;
  o.dir = a.dir;
  o.compare_dir = a.compare;
  o.overrides = a.overrides;
  o.compare_overrides = a.compare_overrides;
  o.json = !a.json.empty();
  int64_t rows_before = 0;  // rows of the datasets read before this one
  std::string current;
  int64_t last_done = 0;
  o.on_progress = [&](const ReportProgress& p) {
    if (p.dataset != current) {
      rows_before += last_done;
      current = p.dataset;
    }
    last_done = p.rows_done;
    bar.Update(p.rows_done, p.rows_total, rows_before + p.rows_done, 0);
  };
  Result<ReportDocuments> docs = MakeReport(o);
  bar.Finish();
  if (!docs.ok()) return ReportError(docs.status().message(), docs.status().ExitCode());
  if (Status s = WriteWholeFile(html_path, docs->html, html_path); !s.ok()) {
    return ReportError(s.message(), 1);
  }
  if (json_to_stdout) {
    std::fwrite(docs->json.data(), 1, docs->json.size(), stdout);
  } else if (!a.json.empty()) {
    if (Status s = WriteWholeFile(a.json, docs->json, a.json); !s.ok()) {
      return ReportError(s.message(), 1);
    }
  }
  if (!a.quiet && !json_to_stdout) PrintSummary(a, html_path, *docs);
  return 0;
}

}  // namespace

CommandFn AddReportCommand(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", R"(Write a page that shows what a dataset holds, and how real it is.

Reads DIR once (any format, partitioned or not, any subset of tables) and writes one
self-contained HTML file (DIR/report.html unless --html): charts drawn as inline SVG, no
script, nothing from the network, a few hundred KB whatever the dataset's size. Sections:
overview; traffic per hour and day with the scenario's effect windows shaded; hour of day
and day of week in local time; event mix and funnel, conversion by persona, device and
channel; order values and baskets; segments and their SCD2 moves; payments and failures;
fraud by pattern; shipments, delays and tickets; returns; abandoned carts and recovery;
prices and stock; system metrics against load. Then calibration (each rate the scenario
configures against what the data shows, with a 95% Wilson interval) and realism (the data
against ranges seen in real stores). A table the dataset lacks leaves its sections out,
saying so. With --compare, every chart overlays a second dataset and a table lists the
figures that differ most. With --json, every figure as JSON too.
Exit code: 0 written; 1 a file that cannot be read or parsed (the message names it) or
an output that cannot be written; 2 when DIR is not a dataset or an option is wrong.

Examples:
  ecomsim report data                                 data/report.html
  ecomsim report data --html out.html --json out.json
  ecomsim report flash --compare base                 a scenario against the baseline
  ecomsim report data --json - -q | jq '.report.values["orders.value_p50"]'
  ecomsim report big --set world.customers=50000      made with generate --set: say so here)");
  cmd->add_option("dir", args->dir, "Dataset directory (the --out of generate)")
      ->required()
      ->type_name("DIR");
  cmd->add_option("--html", args->html, "Write the page to FILE (default: DIR/report.html)")
      ->type_name("FILE");
  cmd->add_option("--json", args->json,
                  "Also write every figure as JSON to FILE ('-': stdout, instead of the summary)")
      ->type_name("FILE");
  cmd->add_option("--compare", args->compare,
                  "Overlay a second dataset on every chart and list the figures that differ most")
      ->type_name("DIR");
  cmd->add_option("--set", args->overrides,
                  "An override DIR was generated with, KEY=VALUE (repeatable), so that the "
                  "calibration compares with the rates actually configured")
      ->type_name("KEY=VALUE");
  cmd->add_option("--compare-set", args->compare_overrides, "The same, for the --compare dataset")
      ->type_name("KEY=VALUE");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress bar and no summary");
  return [args] { return Run(*args); };
}

}  // namespace ecomsim::cli
