// The sections about money and what follows a purchase: orders, payments, fraud,
// fulfilment and tickets, returns, abandoned carts, the catalog and the system.
#include <algorithm>
#include <numeric>

#include "core/text.h"
#include "jobs/report/sections.h"

namespace ecomsim::report {
namespace {

// Money bins in dollars, the same for every dataset so that --compare can overlay them:
// [edge[i], edge[i+1]), the last one open.
constexpr double kMoneyEdges[] = {0,   5,   10,  20,  30,   50,   75,   100,  150,
                                  200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000};

std::string MoneyLabel(double v) {
  return v >= 1000 ? std::to_string(static_cast<int>(v / 1000)) + "k"
                   : std::to_string(static_cast<int>(v));
}

std::vector<std::string> MoneyBinNames() {
  std::vector<std::string> names;
  const size_t n = std::size(kMoneyEdges);
  for (size_t i = 0; i + 1 < n; ++i) {
    names.push_back(MoneyLabel(kMoneyEdges[i]) + "-" + MoneyLabel(kMoneyEdges[i + 1]));
  }
  names.push_back(MoneyLabel(kMoneyEdges[n - 1]) + "+");
  return names;
}

// Counts of cents values per money bin.
std::vector<double> MoneyBins(const std::vector<int64_t>& cents) {
  std::vector<double> bins(std::size(kMoneyEdges), 0);
  for (int64_t c : cents) {
    const double dollars = static_cast<double>(c) / 100.0;
    const auto it = std::upper_bound(std::begin(kMoneyEdges), std::end(kMoneyEdges), dollars);
    const auto i = static_cast<size_t>(std::max<std::ptrdiff_t>(it - std::begin(kMoneyEdges), 1));
    bins[i - 1] += 1;
  }
  return bins;
}

double Dollars(double cents) { return cents / 100.0; }

std::vector<std::string> Numbered(int first, int last, const std::string& open_last) {
  std::vector<std::string> names;
  for (int i = first; i <= last; ++i) names.push_back(std::to_string(i));
  if (!open_last.empty()) names.push_back(open_last);
  return names;
}

// Shares of a vocabulary's counts as a bar chart.
Chart MixChart(const char* id, const char* title, const char* x, const char* of, const Vocab& v,
               const Counts& c) {
  return BarChart(id, title, x, std::string("share of ") + of, v.names(),
                  {{of, Shares(c.Values(v.size()))}}, Unit::kShare);
}
Chart CountChart(const char* id, const char* title, const char* x, const char* of, const Vocab& v,
                 const Counts& c) {
  return BarChart(id, title, x, of, v.names(), {{of, c.Values(v.size())}}, Unit::kCount);
}

}  // namespace

Section OrdersSection(const ReportTallies& t) {
  Section s;
  s.id = "orders";
  s.title = "Orders, values and baskets";
  s.intro =
      "Orders that reached payment; values and revenue count the orders whose status is not "
      "failed.";
  if (!Needs(t, s, {TableId::kOrders})) return s;
  const Context& ctx = t.ctx();
  const OrderTallies& o = t.orders;
  const std::vector<int64_t>& v = o.totals;
  const double p50 = Dollars(NearestRank(v, 0.5));
  const double p90 = Dollars(NearestRank(v, 0.9));
  std::vector<double> units = o.item_count.Values(11);
  double unit_sum = 0;
  for (size_t i = 0; i < units.size(); ++i) unit_sum += units[i] * static_cast<double>(i + 1);
  s.figures = {
      MakeFigure("orders.orders", "Orders", static_cast<double>(o.rows), Unit::kCount,
                 "rows of orders"),
      MakeFigure("orders.placed", "Orders not failed", o.placed, Unit::kCount,
                 "orders whose status is not failed"),
      MakeFigure("orders.revenue", "Revenue", Dollars(o.revenue_cents), Unit::kMoney,
                 "sum of total over orders not failed"),
      MakeFigure("orders.value_mean", "Mean order value", Dollars(Ratio(o.revenue_cents, o.placed)),
                 Unit::kMoney, "mean total of orders not failed"),
      MakeFigure("orders.value_p50", "Median order value", p50, Unit::kMoney,
                 "nearest-rank 50th percentile of total, orders not failed"),
      MakeFigure("orders.value_p90", "90th percentile order value", p90, Unit::kMoney,
                 "nearest-rank 90th percentile of total, orders not failed"),
      MakeFigure("orders.value_p99", "99th percentile order value", Dollars(NearestRank(v, 0.99)),
                 Unit::kMoney, "nearest-rank 99th percentile of total, orders not failed"),
      MakeFigure("orders.value_p90_over_p50", "Order value p90 / p50", Ratio(p90, p50),
                 Unit::kNumber, "value_p90 / value_p50"),
      MakeFigure("orders.units_per_order", "Units per order (capped at 11)",
                 Ratio(unit_sum, o.placed), Unit::kNumber,
                 "mean item_count of orders not failed, counting more than 10 as 11"),
      MakeFigure("orders.fraud_share", "Orders by fraudsters", Ratio(o.fraud, o.rows), Unit::kShare,
                 "share of orders with is_fraud = true"),
  };
  s.charts.push_back(BarChart("orders.value_histogram", "Order values", "total (store currency)",
                              "orders", MoneyBinNames(), {{"orders", MoneyBins(v)}}, Unit::kCount));
  s.charts.push_back(BarChart("orders.units_per_order", "Units per order", "units", "orders",
                              Numbered(1, 10, "11+"), {{"orders", units}}, Unit::kCount));
  s.charts.push_back(TimeChart("orders.per_day", "Orders per " + StepName(ctx.days.step), "orders",
                               ctx.days, ctx.start, {{"orders", o.per_day.v}}, Unit::kCount));
  std::vector<double> revenue_per_day = o.revenue_per_day.v;
  for (double& r : revenue_per_day) r = Dollars(r);
  s.charts.push_back(TimeChart("orders.revenue_per_day", "Revenue per " + StepName(ctx.days.step),
                               "revenue", ctx.days, ctx.start, {{"revenue", revenue_per_day}},
                               Unit::kMoney));
  s.charts.push_back(
      MixChart("orders.by_status", "Orders by status", "status", "orders", o.statuses, o.status));
  s.charts.push_back(MixChart("orders.by_channel", "Orders by channel", "channel", "orders",
                              o.channels, o.channel));
  s.charts.push_back(MixChart("orders.by_payment_method", "Orders by payment method", "method",
                              "orders", o.methods, o.method));
  if (t.has(TableId::kOrderItems)) {
    const ItemTallies& it = t.items;
    std::vector<double> revenue = it.revenue_cents.Values(it.categories.size());
    for (double& r : revenue) r = Dollars(r);
    s.charts.push_back(BarChart("orders.revenue_by_category", "Item revenue by category",
                                "category", "line_total", it.categories.names(),
                                {{"revenue", revenue}}, Unit::kMoney));
    s.figures.push_back(MakeFigure("orders.lines_per_order", "Lines per order",
                                   Ratio(static_cast<double>(it.rows), static_cast<double>(o.rows)),
                                   Unit::kNumber, "rows of order_items / rows of orders"));
  }
  return s;
}

Section PaymentsSection(const ReportTallies& t) {
  Section s;
  s.id = "payments";
  s.title = "Payments and failures";
  s.intro = "Every payment attempt, by status over time, with the reasons attempts failed.";
  if (!Needs(t, s, {TableId::kPayments})) return s;
  const Context& ctx = t.ctx();
  const PaymentTallies& p = t.payments;
  const auto n = static_cast<double>(p.rows);
  s.figures = {
      MakeFigure("payments.attempts", "Payment attempts", n, Unit::kCount, "rows of payments"),
      MakeFigure("payments.failure_share", "Attempts declined or failed", Ratio(p.failed, n),
                 Unit::kShare, "share of payments with status declined or failed"),
      MakeFigure("payments.retry_share", "Attempts that are retries", Ratio(p.retries, n),
                 Unit::kShare, "share of payments with attempt > 1"),
  };
  std::vector<Series> by_status;
  for (size_t i = 0; i < p.statuses.size(); ++i) {
    by_status.push_back({p.statuses.names()[i], i < p.per_day_by_status.size()
                                                    ? p.per_day_by_status[i].v
                                                    : std::vector<double>(ctx.days.n, 0)});
  }
  const std::string per = StepName(ctx.days.step);
  s.charts.push_back(TimeChart("payments.per_day_by_status", "Payment attempts per " + per,
                               "attempts", ctx.days, ctx.start, std::move(by_status),
                               Unit::kCount));
  s.charts.push_back(
      TimeChart("payments.failure_rate_per_day", "Share of attempts declined or failed, per " + per,
                "share", ctx.days, ctx.start,
                {{"failed", Divide(p.failed_per_day.v, p.attempts_per_day.v)}}, Unit::kShare));
  s.charts.push_back(CountChart("payments.failure_reasons", "Why attempts failed", "reason",
                                "attempts", p.reasons, p.reason));
  s.charts.push_back(MixChart("payments.by_method", "Attempts by method", "method", "attempts",
                              p.methods, p.method));
  return s;
}

Section FraudSection(const ReportTallies& t) {
  Section s;
  s.id = "fraud";
  s.title = "Fraud by pattern";
  s.intro =
      "Payments labelled fraudulent (ground truth), by pattern and over time, and how the "
      "store's risk score separates them.";
  if (!Needs(t, s, {TableId::kPayments})) return s;
  const Context& ctx = t.ctx();
  const PaymentTallies& p = t.payments;
  const auto n = static_cast<double>(p.rows);
  s.figures = {
      MakeFigure("fraud.payments", "Fraudulent payments", p.fraud, Unit::kCount,
                 "payments with is_fraud = true"),
      MakeFigure("fraud.payment_share", "Share of payments", Ratio(p.fraud, n), Unit::kShare,
                 "payments with is_fraud = true / payments"),
      MakeFigure("fraud.mean_score_fraud", "Mean score, fraud",
                 Ratio(static_cast<double>(p.fraud_score_sum) / 1e9, p.fraud), Unit::kNumber,
                 "mean fraud_score of payments with is_fraud = true"),
      MakeFigure("fraud.mean_score_legit", "Mean score, legitimate",
                 Ratio(static_cast<double>(p.legit_score_sum) / 1e9, n - p.fraud), Unit::kNumber,
                 "mean fraud_score of payments with is_fraud = false"),
  };
  if (t.has(TableId::kOrders)) {
    s.figures.push_back(MakeFigure("fraud.order_share", "Share of orders",
                                   Ratio(t.orders.fraud, static_cast<double>(t.orders.rows)),
                                   Unit::kShare, "orders with is_fraud = true / orders"));
  }
  s.charts.push_back(CountChart("fraud.by_pattern", "Fraudulent payments by pattern", "pattern",
                                "payments", p.fraud_types, p.fraud_type));
  s.charts.push_back(TimeChart("fraud.per_day",
                               "Fraudulent payments per " + StepName(ctx.days.step), "payments",
                               ctx.days, ctx.start, {{"fraud", p.fraud_per_day.v}}, Unit::kCount));
  std::vector<std::string> bins;
  for (int i = 0; i < 10; ++i) {
    bins.push_back("0." + std::to_string(i) + (i == 9 ? "-1" : "-0." + std::to_string(i + 1)));
  }
  s.charts.push_back(BarChart(
      "fraud.score_histogram", "Risk score of fraudulent and legitimate payments", "fraud_score",
      "share of payments", bins,
      {{"fraud", Shares(std::vector<double>(p.fraud_scores.begin(), p.fraud_scores.end()))},
       {"legitimate", Shares(std::vector<double>(p.legit_scores.begin(), p.legit_scores.end()))}},
      Unit::kShare));
  return s;
}

Section FulfilmentSection(const ReportTallies& t) {
  Section s;
  s.id = "fulfilment";
  s.title = "Shipments, delays and the tickets they cause";
  s.intro =
      "Deliveries against their promise, by carrier and over time, and the support tickets "
      "that follow.";
  if (!Needs(t, s, {TableId::kShipments})) return s;
  const Context& ctx = t.ctx();
  const ShipmentTallies& sh = t.shipments;
  const auto n = static_cast<double>(sh.rows);
  s.figures = {
      MakeFigure("shipments.shipments", "Shipments", n, Unit::kCount, "rows of shipments"),
      MakeFigure("shipments.delivered_share", "Delivered in the window", Ratio(sh.delivered, n),
                 Unit::kShare, "share of shipments with delivered_at"),
      MakeFigure("shipments.late_share", "Late deliveries", Ratio(sh.late, sh.delivered),
                 Unit::kShare, "delivered shipments with delay_days > 0 / delivered shipments"),
      MakeFigure("shipments.mean_late_days", "Mean delay of late deliveries",
                 Ratio(sh.late_days, sh.late), Unit::kNumber, "mean delay_days where > 0"),
  };
  std::vector<double> delay = sh.delay.Values(9);
  delay.push_back(sh.in_transit);
  s.charts.push_back(BarChart(
      "shipments.delay_days", "Days late", "delay_days", "shipments",
      [] {
        auto names = Numbered(0, 7, "8+");
        names.push_back("in transit");
        return names;
      }(),
      {{"shipments", delay}}, Unit::kCount));
  s.charts.push_back(
      BarChart("shipments.late_by_carrier", "Late share by carrier", "carrier",
               "share of deliveries late", sh.carriers.names(),
               {{"late", Divide(sh.late_by_carrier.Values(sh.carriers.size()),
                                sh.delivered_by_carrier.Values(sh.carriers.size()))}},
               Unit::kShare));
  s.charts.push_back(
      TimeChart("shipments.late_share_per_day", "Late share by promised " + StepName(ctx.days.step),
                "share late", ctx.days, ctx.start,
                {{"late", Divide(sh.late_per_day.v, sh.delivered_per_day.v)}}, Unit::kShare));
  if (t.has(TableId::kSupportTickets)) {
    const TicketTallies& tk = t.tickets;
    const auto tickets = static_cast<double>(tk.rows);
    s.figures.push_back(MakeFigure("tickets.tickets", "Support tickets", tickets, Unit::kCount,
                                   "rows of support_tickets"));
    s.figures.push_back(
        MakeFigure("tickets.mean_resolution_hours", "Mean hours to resolve",
                   Ratio(static_cast<double>(tk.resolution_us) / kMicrosPerHour, tk.resolved),
                   Unit::kNumber, "mean resolved_at - created_at of resolved tickets, hours"));
    const double late_rate = Ratio(tk.delivery_on_late, sh.late);
    const double on_time_rate = Ratio(tk.delivery_on_time, sh.delivered - sh.late);
    s.figures.push_back(MakeFigure("tickets.delivery_per_late_shipment",
                                   "Delivery tickets per late delivery", late_rate, Unit::kNumber,
                                   "delivery tickets on late shipments' orders / late shipments"));
    s.figures.push_back(
        MakeFigure("tickets.delivery_per_on_time_shipment", "Delivery tickets per on-time delivery",
                   on_time_rate, Unit::kNumber,
                   "delivery tickets on on-time shipments' orders / on-time shipments"));
    s.charts.push_back(BarChart("tickets.delivery_by_shipment",
                                "Delivery tickets per delivered shipment", "delivery",
                                "tickets per shipment", {"late", "on time"},
                                {{"tickets", {late_rate, on_time_rate}}}, Unit::kNumber));
    s.charts.push_back(CountChart("tickets.by_category", "Tickets by category", "category",
                                  "tickets", tk.categories, tk.category));
    s.charts.push_back(TimeChart("tickets.per_day", "Tickets per " + StepName(ctx.days.step),
                                 "tickets", ctx.days, ctx.start, {{"tickets", tk.per_day.v}},
                                 Unit::kCount));
    s.charts.push_back(BarChart("tickets.satisfaction", "Satisfaction of resolved tickets", "score",
                                "tickets", Numbered(1, 5, ""),
                                {{"tickets", tk.satisfaction.Values(5)}}, Unit::kCount));
  } else {
    s.intro += " (The support_tickets table is not in the dataset: no tickets.)";
  }
  return s;
}

Section ReturnsSection(const ReportTallies& t) {
  Section s;
  s.id = "returns";
  s.title = "Returns by category and reason";
  s.intro = "Items sent back, why, and how often each category comes back.";
  if (!Needs(t, s, {TableId::kReturns})) return s;
  const Context& ctx = t.ctx();
  const ReturnTallies& r = t.returns;
  const auto n = static_cast<double>(r.rows);
  s.figures = {
      MakeFigure("returns.returns", "Returned items", n, Unit::kCount, "rows of returns"),
      MakeFigure("returns.refunds", "Refunded", Dollars(r.refund_cents), Unit::kMoney,
                 "sum of refund_amount"),
  };
  s.charts.push_back(CountChart("returns.by_reason", "Returns by reason", "reason", "returns",
                                r.reasons, r.reason));
  s.charts.push_back(MixChart("returns.by_status", "Returns by status", "status", "returns",
                              r.statuses, r.status));
  s.charts.push_back(TimeChart("returns.per_day",
                               "Returns requested per " + StepName(ctx.days.step), "returns",
                               ctx.days, ctx.start, {{"returns", r.per_day.v}}, Unit::kCount));
  if (t.has(TableId::kOrderItems)) {
    const ItemTallies& it = t.items;
    Counts by_category;
    for (int64_t id : r.items) {
      auto found = std::lower_bound(
          it.items.begin(), it.items.end(), id,
          [](const ItemTallies::Item& item, int64_t v) { return item.order_item_id < v; });
      if (found != it.items.end() && found->order_item_id == id) by_category.Add(found->category);
    }
    const size_t k = it.categories.size();
    s.figures.push_back(MakeFigure("returns.item_rate", "Items returned",
                                   Ratio(n, static_cast<double>(it.rows)), Unit::kShare,
                                   "rows of returns / rows of order_items"));
    s.charts.push_back(BarChart("returns.rate_by_category", "Share of items returned, by category",
                                "category", "returned / ordered", it.categories.names(),
                                {{"returned", Divide(by_category.Values(k), it.lines.Values(k))}},
                                Unit::kShare));
  }
  return s;
}

Section CartsSection(const ReportTallies& t) {
  Section s;
  s.id = "carts";
  s.title = "Abandoned carts and their recovery";
  s.intro = "Carts left behind, how far they got, why, and the share a later order recovered.";
  if (!Needs(t, s, {TableId::kAbandonedCarts})) return s;
  const Context& ctx = t.ctx();
  const CartTallies& c = t.carts;
  const auto n = static_cast<double>(c.rows);
  s.figures = {
      MakeFigure("carts.carts", "Abandoned carts", n, Unit::kCount, "rows of abandoned_carts"),
      MakeFigure("carts.recovered_share", "Recovered", Ratio(c.recovered, n), Unit::kShare,
                 "share of abandoned carts with recovered_order_id"),
      MakeFigure("carts.value_p50", "Median cart value", Dollars(NearestRank(c.values, 0.5)),
                 Unit::kMoney, "nearest-rank 50th percentile of cart_value"),
  };
  if (t.has(TableId::kOrders)) {
    s.figures.push_back(MakeFigure("carts.abandonment_rate", "Carts abandoned",
                                   Ratio(n, n + t.orders.placed), Unit::kShare,
                                   "abandoned carts / (abandoned carts + orders not failed)"));
  }
  s.charts.push_back(
      MixChart("carts.by_stage", "Abandoned carts by stage", "stage", "carts", c.stages, c.stage));
  s.charts.push_back(CountChart("carts.by_reason", "Abandoned carts by reason", "reason", "carts",
                                c.reasons, c.reason));
  s.charts.push_back(BarChart("carts.recovery_by_stage", "Share recovered, by stage", "stage",
                              "share recovered", c.stages.names(),
                              {{"recovered", Divide(c.recovered_by_stage.Values(c.stages.size()),
                                                    c.stage.Values(c.stages.size()))}},
                              Unit::kShare));
  s.charts.push_back(TimeChart("carts.per_day", "Carts abandoned per " + StepName(ctx.days.step),
                               "carts", ctx.days, ctx.start, {{"carts", c.per_day.v}},
                               Unit::kCount));
  s.charts.push_back(BarChart("carts.value_histogram", "Abandoned cart values",
                              "cart_value (store currency)", "carts", MoneyBinNames(),
                              {{"carts", MoneyBins(c.values)}}, Unit::kCount));
  return s;
}

Section CatalogSection(const ReportTallies& t) {
  Section s;
  s.id = "catalog";
  s.title = "Products, prices and stock changes";
  s.intro = "The catalog at the window's start and every change of price, discount and stock.";
  if (!Needs(t, s, {TableId::kProducts})) return s;
  const Context& ctx = t.ctx();
  const ProductTallies& p = t.products;
  const auto n = static_cast<double>(p.rows);
  s.figures = {
      MakeFigure("catalog.products", "Products", n, Unit::kCount, "rows of products"),
      MakeFigure("catalog.discounted_share", "Discounted at the start", Ratio(p.discounted, n),
                 Unit::kShare, "share of products with discount_pct > 0"),
      MakeFigure("catalog.price_p50", "Median price", Dollars(NearestRank(p.prices, 0.5)),
                 Unit::kMoney, "nearest-rank 50th percentile of current_price"),
      MakeFigure("catalog.stock_units", "Units in stock", p.stock, Unit::kCount, "sum of stock"),
  };
  const ItemTallies& it = t.items;
  s.charts.push_back(CountChart("catalog.by_category", "Products by category", "category",
                                "products", it.categories, p.category));
  s.charts.push_back(BarChart("catalog.price_histogram", "Current prices", "current_price",
                              "products", MoneyBinNames(), {{"products", MoneyBins(p.prices)}},
                              Unit::kCount));
  if (t.has(TableId::kProductUpdates)) {
    const UpdateTallies& u = t.updates;
    s.figures.push_back(MakeFigure("catalog.updates", "Product updates",
                                   static_cast<double>(u.rows), Unit::kCount,
                                   "rows of product_updates"));
    s.figures.push_back(MakeFigure("catalog.price_increases", "Price increases", u.price_up,
                                   Unit::kCount, "price updates with new_value > old_value"));
    s.figures.push_back(MakeFigure("catalog.price_decreases", "Price decreases", u.price_down,
                                   Unit::kCount, "price updates with new_value < old_value"));
    std::vector<Series> by_change;
    for (size_t i = 0; i < u.changes.size(); ++i) {
      by_change.push_back({u.changes.names()[i], i < u.per_day_by_change.size()
                                                     ? u.per_day_by_change[i].v
                                                     : std::vector<double>(ctx.days.n, 0)});
    }
    s.charts.push_back(TimeChart("catalog.updates_per_day",
                                 "Product updates per " + StepName(ctx.days.step), "updates",
                                 ctx.days, ctx.start, std::move(by_change), Unit::kCount));
    s.charts.push_back(CountChart("catalog.updates_by_cause", "Product updates by cause", "cause",
                                  "updates", u.causes, u.cause));
    std::vector<std::string> bins;
    for (int i = -10; i < 10; ++i) bins.push_back(std::to_string(i * 5) + "%");
    bins.front() = "<= -45%";
    bins.back() = ">= +45%";
    s.charts.push_back(BarChart("catalog.price_change", "Price changes (new vs old base price)",
                                "change, 5-point bins", "updates", bins,
                                {{"price updates", u.price_change.Values(20)}}, Unit::kCount));
  }
  return s;
}

Section SystemSection(const ReportTallies& t) {
  Section s;
  s.id = "system";
  s.title = "System metrics against load";
  s.intro =
      "Requests, latency and errors per minute, over time and against the load they came with.";
  if (!Needs(t, s, {TableId::kSystemMetrics})) return s;
  const Context& ctx = t.ctx();
  const MetricTallies& m = t.metrics;
  const auto n = static_cast<double>(m.rows);
  double errors = 0;
  for (const MetricTallies::Minute& x : m.minutes_seen) errors += x.error_rate;
  s.figures = {
      MakeFigure("system.minutes", "Minutes", n, Unit::kCount, "rows of system_metrics"),
      MakeFigure("system.peak_requests_per_minute", "Peak requests per minute", m.peak_requests,
                 Unit::kCount, "max requests"),
      MakeFigure("system.mean_p95_ms", "Mean p95 latency", Ratio(m.p95_total, n), Unit::kMs,
                 "mean p95_latency_ms over minutes"),
      MakeFigure("system.mean_error_rate", "Mean error rate", Ratio(errors, n), Unit::kShare,
                 "mean error_rate over minutes"),
  };
  const std::string per = StepName(ctx.hours.step);
  s.charts.push_back(TimeChart("system.requests_per_hour", "Requests per " + per, "requests",
                               ctx.hours, ctx.start, {{"requests", m.requests.v}}, Unit::kCount));
  s.charts.push_back(TimeChart("system.p95_per_hour", "p95 latency, mean per " + per, "ms",
                               ctx.hours, ctx.start, {{"p95", Divide(m.p95_sum.v, m.minutes.v)}},
                               Unit::kMs));
  // Latency and errors against load: the minutes in 20 bins of requests per minute.
  constexpr size_t kLoadBins = 20;
  const double width = std::max(m.peak_requests, 1.0) / kLoadBins;
  std::vector<double> count(kLoadBins, 0), p50(kLoadBins, 0), p95(kLoadBins, 0), err(kLoadBins, 0);
  for (const MetricTallies::Minute& x : m.minutes_seen) {
    const auto b = std::min(static_cast<size_t>(x.requests / width), kLoadBins - 1);
    count[b] += 1;
    p50[b] += x.p50;
    p95[b] += x.p95;
    err[b] += x.error_rate;
  }
  Chart latency;
  latency.id = "system.latency_vs_load";
  latency.title = "Latency against load (mean per bin of requests/minute)";
  latency.x_label = "requests per minute";
  latency.y_label = "ms";
  latency.kind = ChartKind::kLine;
  latency.x_axis = XAxis::kNumber;
  latency.unit = Unit::kMs;
  for (size_t b = 0; b < kLoadBins; ++b)
    latency.x.push_back((static_cast<double>(b) + 0.5) * width);
  Chart errors_chart = latency;
  latency.series = {{"p50", Divide(p50, count)}, {"p95", Divide(p95, count)}};
  errors_chart.id = "system.errors_vs_load";
  errors_chart.title = "Error rate against load (mean per bin of requests/minute)";
  errors_chart.y_label = "error rate";
  errors_chart.unit = Unit::kShare;
  errors_chart.series = {{"error rate", Divide(err, count)}};
  s.charts.push_back(std::move(latency));
  s.charts.push_back(std::move(errors_chart));
  return s;
}

}  // namespace ecomsim::report
