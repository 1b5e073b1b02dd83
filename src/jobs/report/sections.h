#pragma once

#include <initializer_list>
#include <string>

#include "ecomsim/schema.h"
#include "jobs/report/figures.h"
#include "jobs/report/tallies.h"

// The sections of the report, each built from the tallies of one pass. A section whose
// tables the dataset lacks is still returned, with `missing` saying which, so that the
// page can say why it is not there. Internal to src/jobs/report.
namespace ecomsim::report {

// Sets s.missing and returns false when a table in `tables` was not read.
bool Needs(const ReportTallies& t, Section& s, std::initializer_list<TableId> tables);

// "hour", "3 hours", "day", "2 days": the length of a grid's bucket.
std::string StepName(Micros step);

// sections_activity.cc
Section TrafficSection(const ReportTallies& t);
Section TimeOfDaySection(const ReportTallies& t);
Section FunnelSection(const ReportTallies& t);
Section SegmentsSection(const ReportTallies& t);

// sections_commerce.cc
Section OrdersSection(const ReportTallies& t);
Section PaymentsSection(const ReportTallies& t);
Section FraudSection(const ReportTallies& t);
Section FulfilmentSection(const ReportTallies& t);
Section ReturnsSection(const ReportTallies& t);
Section CartsSection(const ReportTallies& t);
Section CatalogSection(const ReportTallies& t);
Section SystemSection(const ReportTallies& t);

}  // namespace ecomsim::report
