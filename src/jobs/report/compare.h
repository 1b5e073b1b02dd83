#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "jobs/report/figures.h"

// --compare: the figures of two reports side by side, and those that differ most.
namespace ecomsim::report {

struct Difference {
  std::string id;
  std::string label;
  Unit unit = Unit::kCount;
  double a = 0;  // the report
  double b = 0;  // the one it is compared with
  // |a - b| / max(|a|, |b|): 0 when equal, 1 when one of them is 0.
  double relative = 0;
};

// The headline figures both reports have (each section's figures and the realism rows;
// not the chart values, which the charts overlay), ordered by relative difference,
// largest first, at most `max`. Figures whose values are both tiny (below 1e-9) or not numbers
// are left out; for shares, a difference below half a percentage point is too.
std::vector<Difference> LargestDifferences(const ReportData& a, const ReportData& b, size_t max);

}  // namespace ecomsim::report
