#pragma once

#include <string>
#include <vector>

#include "jobs/report/compare.h"
#include "jobs/report/figures.h"

namespace ecomsim::report {

// The report as one self-contained HTML page: inline CSS, charts as inline SVG, no script,
// no font, image or style sheet from anywhere else, so it opens offline and its size
// depends on the number of figures, not of rows. Every chart is an <svg data-chart=ID>,
// every number a <... data-figure=ID data-value=RAW>, so that tests and scripts can find
// them. With `other` (--compare), each chart overlays the other report's values, each
// figure shows both, and a table lists `differences`.
std::string ReportHtml(const ReportData& report, const ReportData* other,
                       const std::vector<Difference>& differences);

}  // namespace ecomsim::report
