#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"

// `ecomsim report`: a page that shows what a dataset holds and how real it is. Reads a
// dataset written by Generate (any format, partitioned or not, any subset of tables) once,
// aggregates every table into small figures, and renders them as one self-contained HTML
// page (inline SVG charts, no script, nothing from the network; its size depends on the
// number of figures, not of rows) and, on request, as JSON with every figure.
namespace ecomsim {

// The name of the page `ecomsim report DIR` and `generate --report` write into DIR.
inline constexpr std::string_view kReportFileName = "report.html";

struct ReportProgress {
  std::string dataset;  // the directory being read
  std::string table;    // the table being read
  int64_t rows_done = 0;
  int64_t rows_total = 0;  // rows the manifest lists over all tables
};

struct ReportOptions {
  std::string dir;
  // The directory to show in the page and the JSON instead of `dir` (generate --report
  // reads the dataset under its staging name). Empty: `dir`.
  std::string display_dir;
  // When not empty, a second dataset: every chart overlays its values, every figure shows
  // both, and a table lists the figures that differ most.
  std::string compare_dir;
  // The overrides the dataset was generated with (generate's --set and shorthands), so
  // that the scenario re-parsed from its manifest hashes as the manifest says; without
  // them the calibration section is left out for such a dataset, saying why.
  std::vector<std::string> overrides;
  std::vector<std::string> compare_overrides;
  bool json = false;  // also make the JSON document
  size_t batch_rows = 65536;
  // Called on the calling thread after each batch read.
  std::function<void(const ReportProgress&)> on_progress;
};

struct ReportSummary {
  int64_t rows_read = 0;  // over both datasets with compare_dir
  double seconds = 0;
  int sections = 0;        // of the page, calibration and realism included
  int sections_shown = 0;  // those not left out for missing tables
  int charts = 0;
  int figures = 0;
  std::vector<std::string> missing_tables;  // tables the dataset lacks
  std::vector<std::string> notes;           // one line per section left out, and why
  int calibration_rows = 0;
  int calibration_agrees = 0;
  int calibration_borderline = 0;
  int calibration_disagrees = 0;
  int realism_rows = 0;
  int realism_in_range = 0;
  // With compare_dir: the figures that differ most, "label: a vs b", largest first.
  std::vector<std::string> largest_differences;
};

struct ReportDocuments {
  std::string html;
  std::string json;  // empty unless options.json
  ReportSummary summary;
};

// Builds the report of options.dir (and options.compare_dir). Errors: Status::Usage when a
// directory is not a dataset (no manifest.json); Status::Data for a malformed manifest or
// a corrupt file, in one line naming the file. A table the dataset lacks leaves its
// sections out with a note. Runs on the calling thread.
Result<ReportDocuments> MakeReport(const ReportOptions& options);

}  // namespace ecomsim
