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

std::vector<Difference> LargestDifferences(const ReportData& a, const ReportData& b, size_t max) {
  std::map<std::string, FlatFigure> theirs;
  for (FlatFigure& f : Flatten(b)) {
    const std::string id = f.id;
    theirs.emplace(id, std::move(f));
  }
  std::vector<Difference> out;
  for (const FlatFigure& f : Flatten(a)) {
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
