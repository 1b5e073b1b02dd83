// The realism statistics of docs/realism.md, computed from the report's facts.
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
// Statistics per month are shown for windows of about a month, those per year for
// windows of about a year or more: people active in a month, or buying again within a
// year, cannot be scaled from another length.
constexpr double kMonthLow = 25;
constexpr double kMonthHigh = 35;
constexpr double kYear = 300;

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

// The average of hours 02-04 over the busiest hour.
double NightOverPeak(const std::array<double, 24>& by_hour) {
  double night = 0;
  for (int h = kNightFirst; h <= kNightLast; ++h) night += by_hour[static_cast<size_t>(h)];
  night /= kNightLast - kNightFirst + 1;
  return Div(night, *std::max_element(by_hour.begin(), by_hour.end()));
}

}  // namespace

Result<std::vector<RealismRow>> RealismRows(const std::string& /*dataset_dir*/,
                                            const RealismFacts& f) {
  std::vector<RealismRow> rows;
  const bool month = f.window_days >= kMonthLow && f.window_days <= kMonthHigh;
  const bool year = f.window_days >= kYear;
  auto add = [&](bool when, std::string_view id, std::string statistic, double ours, Unit unit) {
    if (when) rows.push_back(Row(id, std::move(statistic), ours, unit));
  };
  // Traffic per person.
  add(f.has_sessions && month, "sessions_per_active_customer",
      "Sessions per customer who visited in the month", Div(f.sessions, f.active_customers),
      Unit::kNumber);
  add(f.has_sessions && f.has_events, "events_per_session",
      "Events per session (without the session_start and session_end markers)",
      Div(f.logged_events, f.sessions), Unit::kNumber);
  // The funnel.
  add(f.has_sessions, "session_conversion", "Sessions that end in a purchase",
      Div(f.converted_sessions, f.sessions), Unit::kShare);
  add(f.has_funnel, "sessions_with_cart", "Sessions with a product view that add to the cart",
      Div(f.cart_sessions, f.product_view_sessions), Unit::kShare);
  add(f.has_funnel, "cart_to_purchase", "Sessions with a cart addition that buy",
      Div(f.purchase_sessions, f.cart_sessions), Unit::kShare);
  add(f.has_orders && f.has_carts, "cart_abandonment", "Carts abandoned",
      Div(f.abandoned_carts, f.abandoned_carts + f.paid_orders), Unit::kShare);
  // Baskets and order values.
  add(f.has_items, "lines_per_order", "Order lines (distinct products) per order",
      Div(f.order_items, f.orders), Unit::kNumber);
  add(f.has_orders, "order_value_mean_over_p50", "Order value mean / median",
      Div(f.order_value_mean, f.order_value_p50), Unit::kNumber);
  add(f.has_orders, "order_value_p90_over_p50", "Order value p90 / median",
      Div(f.order_value_p90, f.order_value_p50), Unit::kNumber);
  add(f.has_payments, "payments_per_order", "Payment records per order", Div(f.payments, f.orders),
      Unit::kNumber);
  // Time of day and week.
  add(f.has_orders, "night_vs_peak_orders",
      "Orders per night hour (02-05 local) / orders in the busiest hour",
      NightOverPeak(f.orders_by_local_hour), Unit::kNumber);
  {
    const auto& d = f.orders_by_local_weekday;
    const double low = *std::min_element(d.begin(), d.end());
    const double high = *std::max_element(d.begin(), d.end());
    add(f.has_orders && f.window_days >= 28, "busiest_vs_quietest_weekday",
        "Orders on the busiest day of the week / the quietest (local)", Div(high, low),
        Unit::kNumber);
  }
  // Buying, and buying again.
  add(f.has_orders && f.has_sessions && month, "visitors_who_ordered",
      "Customers who ordered, of those who visited in the month", Div(f.buyers, f.active_customers),
      Unit::kShare);
  add(f.has_orders && month, "orders_per_buyer_month", "Orders per buyer in the month",
      Div(f.paid_orders, f.buyers), Unit::kNumber);
  add(f.has_orders && year, "one_time_buyers", "Buyers with a single order over a year or more",
      Div(f.buyers - f.repeat_buyers, f.buyers), Unit::kShare);
  add(f.has_orders && year, "orders_per_buyer_year", "Orders per buyer over a year or more",
      Div(f.paid_orders, f.buyers), Unit::kNumber);
  // After the order.
  add(f.has_orders, "order_cancellation", "Orders cancelled", Div(f.cancelled_orders, f.orders),
      Unit::kShare);
  add(f.has_returns && f.has_items && year, "item_return_rate",
      "Order lines returned (over a year or more: few returns fall past its end)",
      Div(f.returned_items, f.order_items), Unit::kShare);
  add(f.has_shipments, "late_delivery", "Deliveries after the promised date",
      Div(f.delivered_late, f.delivered), Unit::kShare);
  add(f.has_tickets, "tickets_per_order", "Support tickets per order", Div(f.tickets, f.orders),
      Unit::kShare);
  return rows;
}

}  // namespace ecomsim::report
