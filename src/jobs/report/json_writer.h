#pragma once

#include <string>
#include <vector>

#include "jobs/report/compare.h"
#include "jobs/report/figures.h"

namespace ecomsim::report {

// The report as one JSON document: every figure, chart, table, calibration and realism
// row on the page, plus "values", an object of every figure's value by id (and of every
// category chart's value, as Flatten names them) for scripts and CI. Numbers that have no
// value (0 of 0) are null. With `other` (--compare), the document also holds "compare":
// the other report, and "differences": those that differ most.
std::string ReportJson(const ReportData& report, const ReportData* other,
                       const std::vector<Difference>& differences);

}  // namespace ecomsim::report
