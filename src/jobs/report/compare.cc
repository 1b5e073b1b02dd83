#include "jobs/report/compare.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace ecomsim::report {
namespace {

constexpr double kTiny = 1e-9;
// Shares closer than this (half a percentage point) are not worth listing.
constexpr double kMinShareDifference = 0.005;

}  // namespace

namespace {

// The headline figures of a report (those of its sections and its realism rows), by id.
// Chart values are left out: the charts already overlay them, and their many small
// categories would crowd the table with zeros against small counts.
std::vector<FlatFigure> Headline(const ReportData& r) {
  std::vector<FlatFigure> out;
  for (const Section& s : r.sections) {
    for (const Figure& f : s.figures) out.push_back({f.id, f.label, f.value, f.unit});
  }
  for (const RealismRow& x : r.realism) {
    out.push_back({"realism:" + x.id, x.statistic, x.ours, x.unit});
  }
  return out;
}

}  // namespace

std::vector<Difference> LargestDifferences(const ReportData& a, const ReportData& b, size_t max) {
  std::map<std::string, FlatFigure> theirs;
  for (FlatFigure& f : Headline(b)) {
    const std::string id = f.id;
    theirs.emplace(id, std::move(f));
  }
  std::vector<Difference> out;
  for (const FlatFigure& f : Headline(a)) {
    auto it = theirs.find(f.id);
    if (it == theirs.end()) continue;
    const double x = f.value;
    const double y = it->second.value;
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    const double scale = std::max(std::fabs(x), std::fabs(y));
    if (scale < kTiny) continue;
    if (f.unit == Unit::kShare && std::fabs(x - y) < kMinShareDifference) continue;
    out.push_back({f.id, f.label, f.unit, x, y, std::fabs(x - y) / scale});
  }
  std::stable_sort(out.begin(), out.end(), [](const Difference& p, const Difference& q) {
    return p.relative > q.relative;
  });
  if (out.size() > max) out.resize(max);
  return out;
}

}  // namespace ecomsim::report
