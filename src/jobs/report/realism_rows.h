#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"
#include "jobs/report/figures.h"

// The seam between the report and the real-store statistics (docs/realism.md, issue 11).
// The report's realism section shows whatever rows RealismRows returns: a statistic, our
// value, the range real stores show, and where that range comes from. The built-in
// implementation (realism_rows.cc) computes a handful of statistics from facts the
// report's pass has already measured, with the real ranges kept in one table
// (realism_ranges.cc). The module of issue 11 replaces those two files: it may read the
// dataset in `dataset_dir` itself and ignore `facts`. Nothing else in the report depends
// on how the rows are made.
namespace ecomsim::report {

// What the report's one pass measured that the built-in statistics need. A NaN (or a
// false `has_*`) means the dataset lacks the table the fact comes from.
struct RealismFacts {
  double window_days = 0;
  double customers = 0;
  bool has_sessions = false;
  double sessions = 0;
  double converted_sessions = 0;
  bool has_orders = false;
  double buyers = 0;       // customers with at least one order not failed
  double paid_orders = 0;  // orders not failed
  std::array<double, 24> orders_by_local_hour{};
  double order_value_p50 = 0;
  double order_value_p90 = 0;
  bool has_carts = false;
  double abandoned_carts = 0;
  bool has_returns = false;
  double order_items = 0;
  double returned_items = 0;
};

// A real range and its source, by statistic id.
struct RealRange {
  std::string_view id;
  double low;
  double high;
  std::string_view source;
};
// The real ranges the built-in statistics are compared with (realism_ranges.cc).
std::span<const RealRange> RealRanges();

// The realism rows for the dataset in `dataset_dir`. Errors only for a dataset the
// implementation cannot read (the built-in one never fails).
Result<std::vector<RealismRow>> RealismRows(const std::string& dataset_dir,
                                            const RealismFacts& facts);

}  // namespace ecomsim::report
