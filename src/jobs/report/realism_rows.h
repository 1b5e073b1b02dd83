#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"
#include "jobs/report/figures.h"

// The report's realism section: the dataset's figures against the real-store statistics
// of docs/realism.md. Each row is a statistic, our value, the range real stores show, and
// the sources of that range (realism_ranges.cc holds the ranges, one per statistic of
// docs/realism.md). The statistics are computed from facts the report's one pass has
// already measured (FactsOf in build_report.cc); the realism test suite
// (tests/realism/) checks the baseline's against their ranges.
namespace ecomsim::report {

// What the report's one pass measured that the built-in statistics need. A NaN (or a
// false `has_*`) means the dataset lacks the table the fact comes from.
struct RealismFacts {
  double window_days = 0;
  double customers = 0;
  bool has_sessions = false;
  double sessions = 0;
  double active_customers = 0;  // customers with a session in the window
  double converted_sessions = 0;
  bool has_events = false;
  double logged_events = 0;  // events but the session_start and session_end markers
  bool has_funnel = false;    // sessions reaching each stage (events table)
  double product_view_sessions = 0;
  double cart_sessions = 0;
  double purchase_sessions = 0;
  bool has_orders = false;
  double buyers = 0;         // customers with at least one order not failed
  double repeat_buyers = 0;  // ... with two or more
  double paid_orders = 0;    // orders not failed
  double orders = 0;         // every order
  double cancelled_orders = 0;
  std::array<double, 24> orders_by_local_hour{};
  std::array<double, 7> orders_by_local_weekday{};
  double order_value_p50 = 0;
  double order_value_p90 = 0;
  double order_value_mean = 0;
  bool has_items = false;
  double order_items = 0;  // order lines
  bool has_carts = false;
  double abandoned_carts = 0;
  bool has_returns = false;
  double returned_items = 0;
  bool has_shipments = false;
  double delivered = 0;
  double delivered_late = 0;
  bool has_payments = false;
  double payments = 0;
  bool has_tickets = false;
  double tickets = 0;
};

// A real range and its source, by statistic id.
struct RealRange {
  std::string_view id;
  double low;
  double high;
  std::string_view source;  // the datasets and studies the range comes from
};
// The real ranges the built-in statistics are compared with (realism_ranges.cc).
std::span<const RealRange> RealRanges();

// The realism rows for the dataset in `dataset_dir`. Errors only for a dataset the
// implementation cannot read (the built-in one never fails).
Result<std::vector<RealismRow>> RealismRows(const std::string& dataset_dir,
                                            const RealismFacts& facts);

}  // namespace ecomsim::report
