// Speed of `ecomsim report` beside `ecomsim validate` on the same dataset, in the same run.
//
//   build/release/bench/report_bench [--dir DIR] [--scale S] [--formats parquet,csv]
//                                    [--rounds N]
//
// Generates the baseline scenario at --scale (default 1: 10,000 customers, 30 days,
// about 11.8 M rows) once per format into DIR (a RAM file system by default, so that the
// readers, not the disk, are measured), then alternates report (page and JSON, built in
// memory) and validate on it, --rounds times each (default 2), and prints for each the
// rows read, wall and CPU seconds (user + sys of the process) and rows read per CPU
// second, best round, with the ratio report / validate.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cpu_seconds.h"
#include "ecomsim/ecomsim.h"
#include "ecomsim/report.h"
#include "ecomsim/validate.h"

namespace {

namespace fs = std::filesystem;

double WallSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Run {
  int64_t rows = 0;
  double wall = 1e300;
  double cpu = 1e300;
  double RowsPerCpuSecond() const { return static_cast<double>(rows) / cpu; }
};

[[noreturn]] void Fail(const std::string& what, const ecomsim::Status& s) {
  std::fprintf(stderr, "report_bench: %s: %s\n", what.c_str(), s.message().c_str());
  std::exit(1);
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t comma = s.find(',', start);
    const std::string item = s.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string root = "/dev/shm/ecomsim-report-bench";
  double scale = 1;
  std::string formats = "parquet,csv";
  int rounds = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir") {
      root = argv[i + 1];
    } else if (flag == "--scale") {
      scale = std::atof(argv[i + 1]);
    } else if (flag == "--formats") {
      formats = argv[i + 1];
    } else if (flag == "--rounds") {
      rounds = std::max(1, std::atoi(argv[i + 1]));
    } else {
      std::fprintf(stderr, "report_bench: unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  std::printf("report_bench: baseline at scale %g, ecomsim %s, best of %d rounds\n\n", scale,
              std::string(ecomsim::Version()).c_str(), rounds);
  std::printf("| format | run | rows | wall s | CPU s | rows per CPU second |\n");
  std::printf("|---|---|---:|---:|---:|---:|\n");
  std::vector<std::string> ratios;
  for (const std::string& format : Split(formats)) {
    const std::string dir = root + "/" + format;
    ecomsim::GenerateOptions g;
    g.scenario = "baseline";
    g.scale = scale;
    g.format = format;
    g.out_dir = dir;
    g.overwrite = true;
    ecomsim::GenerateReport generated;
    if (const ecomsim::Status s = ecomsim::Generate(g, generated); !s.ok()) Fail("generate", s);

    Run report, validate;
    size_t page_bytes = 0;
    for (int round = 0; round < rounds; ++round) {
      ecomsim::ReportOptions o;
      o.dir = dir;
      o.json = true;
      double wall0 = WallSeconds(), cpu0 = CpuSeconds();
      ecomsim::Result<ecomsim::ReportDocuments> docs = ecomsim::MakeReport(o);
      double wall = WallSeconds() - wall0, cpu = CpuSeconds() - cpu0;
      if (!docs.ok()) Fail("report", docs.status());
      report.rows = docs->summary.rows_read;
      report.wall = std::min(report.wall, wall);
      report.cpu = std::min(report.cpu, cpu);
      page_bytes = docs->html.size();

      wall0 = WallSeconds();
      cpu0 = CpuSeconds();
      ecomsim::Result<ecomsim::ValidationReport> checked = ecomsim::Validate({dir});
      wall = WallSeconds() - wall0;
      cpu = CpuSeconds() - cpu0;
      if (!checked.ok()) Fail("validate", checked.status());
      if (!checked->ok()) {
        std::fprintf(stderr, "report_bench: %s does not validate\n", dir.c_str());
        return 1;
      }
      validate.rows = checked->rows_read;
      validate.wall = std::min(validate.wall, wall);
      validate.cpu = std::min(validate.cpu, cpu);
    }
    for (const auto& [name, r] :
         {std::pair{"report (HTML + JSON)", report}, std::pair{"reference: validate", validate}}) {
      std::printf("| %s | %s | %lld | %.2f | %.2f | %.0f |\n", format.c_str(), name,
                  static_cast<long long>(r.rows), r.wall, r.cpu, r.RowsPerCpuSecond());
    }
    char line[160];
    std::snprintf(
        line, sizeof(line), "%s: report / validate (rows per CPU second) %.2fx; page %zu bytes",
        format.c_str(), report.RowsPerCpuSecond() / validate.RowsPerCpuSecond(), page_bytes);
    ratios.push_back(line);
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::printf("\n");
  for (const std::string& r : ratios) std::printf("%s\n", r.c_str());
  return 0;
}
