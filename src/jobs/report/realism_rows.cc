// The built-in realism statistics: a handful computed from the report's own facts.
#include "jobs/report/realism_rows.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ecomsim::report {
namespace {

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
// Local hours averaged for "night": 02:00 to 04:59.
constexpr int kNightFirst = 2;
constexpr int kNightLast = 4;

RealismRow Row(std::string_view id, std::string statistic, double ours, Unit unit) {
  RealismRow r;
  r.id = std::string(id);
  r.statistic = std::move(statistic);
  r.ours = ours;
  r.unit = unit;
  for (const RealRange& range : RealRanges()) {
    if (range.id != id) continue;
    r.real_low = range.low;
    r.real_high = range.high;
    r.source = std::string(range.source);
  }
  return r;
}

double Div(double a, double b) { return b > 0 ? a / b : kNoValue; }

}  // namespace

Result<std::vector<RealismRow>> RealismRows(const std::string& /*dataset_dir*/,
                                            const RealismFacts& f) {
  std::vector<RealismRow> rows;
  const double per_30_days = f.window_days > 0 ? 30.0 / f.window_days : kNoValue;
  if (f.has_sessions) {
    rows.push_back(Row("sessions_per_customer_30d", "Sessions per customer per 30 days",
                       Div(f.sessions, f.customers) * per_30_days, Unit::kNumber));
    rows.push_back(Row("session_conversion", "Sessions that end in a purchase",
                       Div(f.converted_sessions, f.sessions), Unit::kShare));
  }
  if (f.has_orders) {
    rows.push_back(Row("customers_who_ordered", "Customers who ordered in the window",
                       Div(f.buyers, f.customers), Unit::kShare));
    rows.push_back(Row("orders_per_buyer_30d",
                       "Orders per buyer (per 30 days when the window is longer)",
                       Div(f.paid_orders, f.buyers) * std::min(1.0, per_30_days), Unit::kNumber));
    double night = 0;
    for (int h = kNightFirst; h <= kNightLast; ++h) night += f.orders_by_local_hour[h];
    night /= kNightLast - kNightFirst + 1;
    const double peak =
        *std::max_element(f.orders_by_local_hour.begin(), f.orders_by_local_hour.end());
    rows.push_back(Row("night_vs_peak_orders",
                       "Orders per night hour (02-05 local) / orders in the busiest hour",
                       Div(night, peak), Unit::kNumber));
    rows.push_back(Row("order_value_p90_over_p50", "Order value p90 / p50",
                       Div(f.order_value_p90, f.order_value_p50), Unit::kNumber));
  }
  if (f.has_orders && f.has_carts) {
    rows.push_back(Row("cart_abandonment", "Carts abandoned",
                       Div(f.abandoned_carts, f.abandoned_carts + f.paid_orders), Unit::kShare));
  }
  if (f.has_returns) {
    rows.push_back(Row("item_return_rate", "Items returned", Div(f.returned_items, f.order_items),
                       Unit::kShare));
  }
  return rows;
}

}  // namespace ecomsim::report
