#include "jobs/report/figures.h"

namespace ecomsim::report {

std::string_view UnitName(Unit unit) {
  switch (unit) {
    case Unit::kCount: return "count";
    case Unit::kShare: return "share";
    case Unit::kMoney: return "money";
    case Unit::kNumber: return "number";
    case Unit::kSeconds: return "seconds";
    case Unit::kMs: return "ms";
    case Unit::kBytes: return "bytes";
  }
  return "?";
}

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAgrees: return "agrees";
    case Verdict::kBorderline: return "borderline";
    case Verdict::kDisagrees: return "disagrees";
    case Verdict::kNoData: return "no data";
  }
  return "?";
}

std::vector<FlatFigure> Flatten(const ReportData& report) {
  std::vector<FlatFigure> out;
  for (const Section& s : report.sections) {
    for (const Figure& f : s.figures) out.push_back({f.id, f.label, f.value, f.unit});
    for (const Chart& c : s.charts) {
      // Time charts move with the window and are compared through their totals elsewhere;
      // the category charts are compared value by value.
      if (c.x_axis != XAxis::kCategory) continue;
      for (const Series& series : c.series) {
        for (size_t i = 0; i < c.categories.size() && i < series.values.size(); ++i) {
          out.push_back({"chart:" + c.id + ":" + series.name + ":" + c.categories[i],
                         c.title + " - " + c.categories[i] +
                             (c.series.size() > 1 ? " (" + series.name + ")" : ""),
                         series.values[i], c.unit});
        }
      }
    }
  }
  for (const CalibrationRow& r : report.calibration) {
    out.push_back(
        {"calibration:" + r.id, r.group + ": " + r.name + " (realized)", r.realized, Unit::kShare});
  }
  for (const RealismRow& r : report.realism) {
    out.push_back({"realism:" + r.id, r.statistic, r.ours, r.unit});
  }
  return out;
}

}  // namespace ecomsim::report
