#pragma once

#include <string>
#include <vector>

#include "jobs/report/figures.h"
#include "jobs/report/tallies.h"

// The calibration section: each rate the scenario configures, measured on the dataset the
// way the simulation applies it (ordinary visits outside the windows of effects that
// change the rate; a window's own rate inside it), with a Wilson interval and a verdict.
// Internal to src/jobs/report.
namespace ecomsim::report {

// The rows for the tables that were read. REQUIRES: t.ctx().scenario.
std::vector<CalibrationRow> Calibrate(const ReportTallies& t);

// A proportion k/n against `configured`: Wilson 95% interval, and the verdict with the
// interval widened by `tolerance` (and the 99.9% one for kBorderline).
CalibrationRow Proportion(std::string id, std::string group, std::string name, double configured,
                          double k, double n, double tolerance, std::string measured_on);

}  // namespace ecomsim::report
