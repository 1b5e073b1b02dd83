#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "core/file.h"
#include "ecomsim/validate.h"

namespace ecomsim::cli {
namespace {

// Above this many tables the table column shows a count.
constexpr size_t kMaxTablesShown = 3;

struct ValidateArgs {
  std::string dir;
  std::string json;
  bool quiet = false;
};

std::string TablesText(const std::vector<std::string>& tables) {
  if (tables.size() > kMaxTablesShown) return std::to_string(tables.size()) + " tables";
  std::string out;
  for (const std::string& t : tables) out += (out.empty() ? "" : ", ") + t;
  return out;
}

std::string FormatSeconds(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", seconds);
  return buf;
}

void PrintReport(const ValidationReport& r) {
  TextTable table({"check", "status", "tables", "rows", "failures", "first failure"});
  int passed = 0, failed = 0, skipped = 0;
  std::string failed_names;
  for (const CheckResult& c : r.checks) {
    const bool ran = c.status != CheckStatus::kSkipped;
    table.AddRow({c.name, std::string(CheckStatusName(c.status)), ran ? TablesText(c.tables) : "",
                  ran ? Grouped(c.rows) : "", ran ? Grouped(c.failures) : "", c.example});
    if (c.status == CheckStatus::kPassed) ++passed;
    if (c.status == CheckStatus::kSkipped) ++skipped;
    if (c.status == CheckStatus::kFailed) {
      ++failed;
      failed_names += (failed_names.empty() ? "" : ", ") + c.name;
    }
  }
  std::printf("%s", table.Render({3, 4}).c_str());
  for (const CheckResult& c : r.checks) {
    if (!c.note.empty()) std::printf("%s: %s\n", c.name.c_str(), c.note.c_str());
  }
  std::string shard;
  if (r.shard_count > 1) {
    shard = ", shard " + std::to_string(r.shard_index) + "/" + std::to_string(r.shard_count);
  }
  if (!failed_names.empty()) failed_names = " (" + failed_names + ")";
  std::printf("%s %s (%s%s, %s rows in %s files) in %s s: %d passed, %d failed%s, %d skipped\n",
              failed == 0 ? "valid:" : "INVALID:", r.dir.c_str(), r.format.c_str(), shard.c_str(),
              Grouped(r.rows_read).c_str(), Grouped(r.files).c_str(),
              FormatSeconds(r.seconds).c_str(), passed, failed, failed_names.c_str(), skipped);
}

int Run(const ValidateArgs& a) {
  const bool json_to_stdout = a.json == "-";
  if (!a.json.empty() && !json_to_stdout) {
    // Fail before the work, not after it, when the report cannot be written.
    std::filesystem::path parent = std::filesystem::path(a.json).parent_path();
    if (parent.empty()) parent = ".";
    if (::access(parent.c_str(), W_OK) != 0) {
      return ReportError("--json " + a.json + ": cannot write in " + parent.string(), 2);
    }
  }
  Result<ValidationReport> report = Validate(ValidateOptions{a.dir});
  if (!report.ok()) return ReportError(report.status().message(), report.status().ExitCode());
  if (!a.json.empty()) {
    const std::string json = ValidationReportJson(*report);
    if (json_to_stdout) {
      std::fwrite(json.data(), 1, json.size(), stdout);
    } else {
      const Status s = WriteWholeFile(a.json, json, a.json);
      if (!s.ok()) return ReportError(s.message(), 1);
    }
  }
  if (!a.quiet && !json_to_stdout) PrintReport(*report);
  return report->ok() ? 0 : 1;
}

}  // namespace

CommandFn AddValidateCommand(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd =
      app.add_subcommand("validate", R"(Check that a generated dataset is intact and coherent.

Reads DIR (any format, partitioned or not, any subset of tables, whole or a shard) and
runs each check: files against the manifest, unique and foreign keys, order money,
payments, no activity before registration, session timelines and funnel rules, the SCD2
history, returns, tickets, shipments and abandoned carts. Checks whose tables are not in
the dataset are skipped. Prints one line per check with the first failure's ids.
Exit code: 0 when every check passed, 1 when one failed, 2 when DIR is not a dataset.

Examples:
  ecomsim validate data
  ecomsim validate data --json report.json -q
  ecomsim validate data --json - | jq '.checks[] | select(.status == "failed")')");
  cmd->add_option("dir", args->dir, "Dataset directory (the --out of generate)")
      ->required()
      ->type_name("DIR");
  cmd->add_option("--json", args->json,
                  "Also write the report as JSON to FILE ('-': stdout, instead of the table)")
      ->type_name("FILE");
  cmd->add_flag("-q,--quiet", args->quiet,
                "Print nothing; the exit code (and --json) tell the result");
  return [args] { return Run(*args); };
}

}  // namespace ecomsim::cli
