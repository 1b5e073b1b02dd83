// The real-store ranges the built-in realism statistics are compared with: one place,
// to be replaced by the statistics of docs/realism.md (issue 11). The ranges are broad
// on purpose; they come from widely cited industry benchmarks, named in `source`, and are
// placeholders until issue 11 documents each one with its data.
#include "jobs/report/realism_rows.h"

namespace ecomsim::report {
namespace {

constexpr RealRange kRanges[] = {
    {"sessions_per_customer_30d", 1.0, 6.0,
     "placeholder: web-analytics benchmarks of visits per returning user per month"},
    {"customers_who_ordered", 0.05, 0.35,
     "placeholder: share of a store's registered customers who buy in a month (retail "
     "loyalty benchmarks)"},
    {"orders_per_buyer_30d", 1.0, 1.6,
     "placeholder: purchase frequency of online shoppers within a month"},
    {"night_vs_peak_orders", 0.03, 0.25,
     "placeholder: hourly order curves of online retailers (small hours vs evening peak)"},
    {"order_value_p90_over_p50", 2.0, 4.0,
     "placeholder: right-skewed (log-normal) order values of general retail"},
    {"cart_abandonment", 0.6, 0.8,
     "placeholder: Baymard Institute's average of published cart abandonment studies, about 70%"},
    {"item_return_rate", 0.08, 0.30,
     "placeholder: share of online-bought items returned (NRF and carrier surveys)"},
    {"session_conversion", 0.01, 0.05,
     "placeholder: e-commerce conversion rate benchmarks (sessions with a purchase)"},
};

}  // namespace

std::span<const RealRange> RealRanges() { return kRanges; }

}  // namespace ecomsim::report
