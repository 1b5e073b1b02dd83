// ecomsim::MakeReport (include/ecomsim/report.h) on the report job (src/jobs/report).
#include <chrono>
#include <cmath>
#include <optional>

#include "ecomsim/report.h"
#include "jobs/report/build_report.h"
#include "jobs/report/compare.h"
#include "jobs/report/html_writer.h"
#include "jobs/report/json_writer.h"
#include "jobs/report/svg_chart.h"

namespace ecomsim {
namespace {

// Rows of the "largest differences" table of the page and the JSON.
constexpr size_t kMaxDifferences = 25;
// Lines of it the summary keeps.
constexpr size_t kSummaryDifferences = 5;

Result<report::ReportData> Build(const ReportOptions& o, const std::string& dir,
                                 const std::vector<std::string>& overrides) {
  report::BuildOptions b;
  b.dir = dir;
  b.scenario_overrides = overrides;
  b.batch_rows = o.batch_rows;
  if (o.on_progress) {
    b.on_progress = [&](std::string_view table, int64_t done, int64_t total) {
      o.on_progress(ReportProgress{dir, std::string(table), done, total});
    };
  }
  return report::BuildReport(b);
}

void Summarize(const report::ReportData& r, ReportSummary& s) {
  s.rows_read += r.rows_read;
  s.missing_tables = r.missing_tables;
  for (const report::Section& sec : r.sections) {
    ++s.sections;
    if (sec.missing.empty()) {
      ++s.sections_shown;
    } else {
      s.notes.push_back(sec.title + ": " + sec.missing);
    }
    s.charts += static_cast<int>(sec.charts.size());
    s.figures += static_cast<int>(sec.figures.size());
  }
  s.sections += 2;
  if (r.calibration_note.empty()) {
    ++s.sections_shown;
  } else {
    s.notes.push_back("Calibration: " + r.calibration_note);
  }
  if (r.realism_note.empty() && !r.realism.empty()) {
    ++s.sections_shown;
  } else {
    s.notes.push_back("Realism: " + (r.realism_note.empty() ? "no statistic" : r.realism_note));
  }
  for (const report::CalibrationRow& c : r.calibration) {
    ++s.calibration_rows;
    s.calibration_agrees += c.verdict == report::Verdict::kAgrees;
    s.calibration_borderline += c.verdict == report::Verdict::kBorderline;
    s.calibration_disagrees += c.verdict == report::Verdict::kDisagrees;
  }
  for (const report::RealismRow& x : r.realism) {
    ++s.realism_rows;
    s.realism_in_range += std::isfinite(x.ours) && x.in_range();
  }
}

}  // namespace

Result<ReportDocuments> MakeReport(const ReportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Result<report::ReportData> data = Build(options, options.dir, options.overrides);
  if (!data.ok()) return data.status();
  if (!options.display_dir.empty()) data->dir = options.display_dir;
  ReportDocuments docs;
  Summarize(*data, docs.summary);
  std::vector<report::Difference> differences;
  std::optional<report::ReportData> other;
  if (!options.compare_dir.empty()) {
    Result<report::ReportData> b = Build(options, options.compare_dir, options.compare_overrides);
    if (!b.ok()) return b.status();
    other = std::move(*b);
    docs.summary.rows_read += other->rows_read;
    differences = report::LargestDifferences(*data, *other, kMaxDifferences);
    for (size_t i = 0; i < differences.size() && i < kSummaryDifferences; ++i) {
      const report::Difference& d = differences[i];
      docs.summary.largest_differences.push_back(d.label + ": " + report::FormatValue(d.a, d.unit) +
                                                 " vs " + report::FormatValue(d.b, d.unit));
    }
  }
  const report::ReportData* b = other ? &*other : nullptr;
  docs.html = report::ReportHtml(*data, b, differences);
  if (options.json) docs.json = report::ReportJson(*data, b, differences);
  docs.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return docs;
}

}  // namespace ecomsim
