// The real-store ranges of the realism statistics: the table of docs/realism.md, where
// each figure is given with its dataset or study and how it was obtained. Keep the two in
// step: tests/realism checks that every id here has its row there.
#include "jobs/report/realism_rows.h"

namespace ecomsim::report {
namespace {

constexpr RealRange kRanges[] = {
    {"sessions_per_active_customer", 1.2, 4.0,
     "REES46 Nov 2019: 3.73 (13.78M sessions / 3.70M users); Google Merchandise Store "
     "(GA360 sample): 1.27 per user over 3 months"},
    {"events_per_session", 3.0, 6.0,
     "REES46 Nov 2019: 4.90 events per session; YooChoose (RecSys 2015): 3.57 clicks"},
    {"session_conversion", 0.01, 0.06,
     "REES46 5.61%, YooChoose 5.51%, Google Merchandise Store 1.60%, IRP Commerce UK 1.50%, "
     "Littledata Shopify average 1.4%"},
    {"sessions_with_cart", 0.08, 0.16,
     "REES46 Nov 2019: 12.66% of sessions with a view have a cart addition"},
    {"cart_to_purchase", 0.25, 0.50,
     "REES46 44.4% (sessions); Retailrocket 32.4%, RecSys Challenge 2025 31.3% (events)"},
    {"cart_abandonment", 0.60, 0.80,
     "Baymard Institute: 70.19%, the average of published cart abandonment studies"},
    {"lines_per_order", 1.1, 3.0,
     "Olist 1.14 items per order; CDNOW 2.41 CDs per transaction; YooChoose 2.26 buys per "
     "buying session"},
    {"order_value_mean_over_p50", 1.35, 1.75,
     "Olist payments 1.54 (mean R$154.10, median R$100); CDNOW 1.38; REES46 purchase "
     "prices 1.74"},
    {"order_value_p90_over_p50", 2.5, 3.9,
     "CDNOW 2.75 ($71.45 / $25.98); a log-normal of Olist's and REES46's skew (sigma "
     "0.8-1.05) gives 2.8-3.8"},
    {"payments_per_order", 1.0, 1.1, "Olist: 1.045 (103,886 payments for 99,441 orders)"},
    {"night_vs_peak_orders", 0.015, 0.10,
     "Instacart 3.4M orders: 0.021 (02-05 h average 6,180 vs 288,418 at 10 h)"},
    {"busiest_vs_quietest_weekday", 1.1, 1.5, "Instacart: 1.41 (600,905 vs 426,339 orders)"},
    {"visitors_who_ordered", 0.015, 0.21,
     "Google Merchandise Store: 1.77% of users bought in 3 months; REES46 Nov 2019: at most "
     "20.9% (773,214 purchase sessions / 3.70M users)"},
    {"orders_per_buyer_month", 1.0, 1.5,
     "Google Merchandise Store: 1.15 transactions per buyer over 3 months; Olist 1.035 over "
     "25 months"},
    {"one_time_buyers", 0.50, 0.97,
     "CDNOW: 51.1% bought once in 78 weeks; Olist: 97% over 25 months"},
    {"orders_per_buyer_year", 1.0, 3.0,
     "Olist 1.035 over 25 months; CDNOW 2.87 purchase days per customer over 78 weeks"},
    {"order_cancellation", 0.002, 0.02,
     "Olist 0.63% of orders (monthly 0.2-1.2%); UCI Online Retail 1.71% of invoice lines"},
    {"item_return_rate", 0.10, 0.22,
     "NRF/Appriss Retail: online returns 20.8% (2021), 16.5% (2022), 17.6% (2023) of sales"},
    {"late_delivery", 0.05, 0.12, "Olist: 8.1% of delivered orders arrived after the estimate"},
    {"tickets_per_order", 0.04, 0.10,
     "Gorgias ecommerce benchmark: 6.7 tickets per 100 orders, median contact rate 4-7%"},
};

}  // namespace

std::span<const RealRange> RealRanges() { return kRanges; }

}  // namespace ecomsim::report
