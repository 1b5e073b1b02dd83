#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"
#include "jobs/report/figures.h"

namespace ecomsim::report {

struct BuildOptions {
  std::string dir;
  // Applied to the scenario named in the manifest when re-parsing it, as `generate --set`
  // got them: without them a dataset made with overrides has a different scenario hash
  // and the calibration is left out (the page says why).
  std::vector<std::string> scenario_overrides;
  size_t batch_rows = 65536;
  // Called after each batch: the table being read, rows read so far over all tables, and
  // the rows the manifest lists over all tables.
  std::function<void(std::string_view table, int64_t rows_done, int64_t rows_total)> on_progress;
};

// Reads the dataset in options.dir once, table by table, and returns every figure of its
// report. Errors: Status::Usage when the directory is not a dataset (no manifest.json);
// Status::Data for a malformed manifest or a corrupt file, with a one-line message that
// names the file. A table the manifest does not list leaves its sections out, each with a
// note. Runs on the calling thread; memory is a few bytes per session and per order.
Result<ReportData> BuildReport(const BuildOptions& options);

}  // namespace ecomsim::report
