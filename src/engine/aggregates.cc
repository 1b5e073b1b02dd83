#include "engine/aggregates.h"

#include <algorithm>
#include <cmath>

#include "model/streams.h"
#include "random/distributions.h"

namespace ecomsim {
namespace {

// HTTP requests per clickstream event (the page, its API calls and assets).
constexpr int64_t kRequestsPerEvent = 3;
// Background requests (bots, health checks) as a share of the mean load.
constexpr double kBackgroundShare = 0.05;
// The store is provisioned for this multiple of its mean load.
constexpr double kCapacityFactor = 2.5;
constexpr double kBaseLatencyMs = 45;

}  // namespace

Aggregates::Aggregates(const World& world) : world_(world), start_(world.scenario().world.start) {
  const auto minutes = static_cast<size_t>((world.scenario().world.duration + kMicrosPerMinute - 1) / kMicrosPerMinute);
  events_.assign(minutes, 0);
  open_delta_.assign(minutes + 1, 0);
  orders_.assign(minutes, 0);
  revenue_.assign(minutes, 0);
  attempts_.assign(minutes, 0);
  successes_.assign(minutes, 0);
}

size_t Aggregates::MinuteOf(Micros t) const {
  // Sessions that began in the window may run past its end: count them in the last minute.
  const int64_t m = (t - start_) / kMicrosPerMinute;
  return static_cast<size_t>(std::clamp<int64_t>(m, 0, static_cast<int64_t>(events_.size()) - 1));
}

void Aggregates::AddSession(const SessionRecord& session) {
  for (const EventRecord& e : session.events) ++events_[MinuteOf(e.ts)];
  ++open_delta_[MinuteOf(session.summary.start_at)];
  --open_delta_[MinuteOf(session.summary.end_at) + 1];
}

void Aggregates::AddCommerce(const CommerceRecord& record) {
  for (const OrderRow& o : record.orders) {
    for (const PaymentRow& p : record.payments) {
      if (p.order_id != o.order_id) continue;
      const size_t m = MinuteOf(p.attempt_data.ts);
      ++attempts_[m];
      if (p.attempt_data.status == PaymentStatus::kSucceeded || p.attempt_data.status == PaymentStatus::kRefunded) {
        ++successes_[m];
      }
    }
    if (o.status == OrderStatus::kFailed) continue;
    const size_t m = MinuteOf(o.ordered_at);
    ++orders_[m];
    revenue_[m] += o.totals.total;
    if (o.status == OrderStatus::kCancelled) continue;
    const auto day = static_cast<int32_t>((o.ordered_at - start_) / kMicrosPerDay);
    for (const OrderItemRow& i : record.items) {
      if (i.order_id == o.order_id) sales_.push_back({i.product_id, day, i.quantity});
    }
  }
}

void Aggregates::Merge(Aggregates& other) {
  for (size_t i = 0; i < events_.size(); ++i) {
    events_[i] += other.events_[i];
    orders_[i] += other.orders_[i];
    revenue_[i] += other.revenue_[i];
    attempts_[i] += other.attempts_[i];
    successes_[i] += other.successes_[i];
  }
  for (size_t i = 0; i < open_delta_.size(); ++i) open_delta_[i] += other.open_delta_[i];
  sales_.insert(sales_.end(), other.sales_.begin(), other.sales_.end());
  other.sales_.clear();
}

void Aggregates::AppendMetricRows(int64_t first, int64_t end, Batch& out) const {
  using namespace system_metrics_col;
  double mean_requests = 0;
  for (int64_t e : events_) mean_requests += static_cast<double>(e * kRequestsPerEvent);
  mean_requests = std::max(1.0, mean_requests / static_cast<double>(events_.size()));
  const double capacity = kCapacityFactor * mean_requests;
  int64_t open = 0;
  for (int64_t m = 0; m < end; ++m) {
    open += open_delta_[static_cast<size_t>(m)];
    if (m < first) continue;
    const auto i = static_cast<size_t>(m);
    Rng rng(world_.seed(), StreamId(Stream::kMetrics), static_cast<uint64_t>(m));
    const int64_t requests = events_[i] * kRequestsPerEvent +
                             static_cast<int64_t>(Poisson(rng, kBackgroundShare * mean_requests));
    // Latency and errors rise with utilization, slowly and then steeply.
    const double u = static_cast<double>(requests) / capacity;
    const double stress = world_.effects().Latency(start_ + m * kMicrosPerMinute);
    const double p50 = kBaseLatencyMs * stress * (1 + 0.6 * u + 2.5 * u * u * u * u) * LogNormal(rng, 0, 0.05);
    const double p95 = p50 * (2.4 + 3 * u * u * u) * LogNormal(rng, 0, 0.08);
    const double errors = std::clamp(0.001 + 0.03 * std::max(0.0, u - 0.7) * std::max(0.0, u - 0.7) +
                                         Normal(rng, 0, 0.0003), 0.0, 1.0);
    out.column(k_minute).AppendInt(start_ + m * kMicrosPerMinute);
    out.column(k_requests).AppendInt(requests);
    out.column(k_events).AppendInt(events_[i]);
    out.column(k_active_sessions).AppendInt(open);
    out.column(k_orders).AppendInt(orders_[i]);
    out.column(k_revenue).AppendInt(revenue_[i]);
    out.column(k_payment_attempts).AppendInt(attempts_[i]);
    out.column(k_p50_latency_ms).AppendDouble(std::round(p50 * 100) / 100);
    out.column(k_p95_latency_ms).AppendDouble(std::round(p95 * 100) / 100);
    out.column(k_error_rate).AppendDouble(std::round(errors * 1e6) / 1e6);
    if (attempts_[i] > 0) {
      out.column(k_payment_success_rate)
          .AppendDouble(std::round(static_cast<double>(successes_[i]) / static_cast<double>(attempts_[i]) * 1e4) / 1e4);
    } else {
      out.column(k_payment_success_rate).AppendNull();
    }
    out.FinishRow();
  }
}

void Aggregates::AppendProductUpdateRows(int64_t first, int64_t end, Batch& out) {
  using namespace product_updates_col;
  std::sort(sales_.begin(), sales_.end(), [](const Sale& a, const Sale& b) {
    return a.product_id != b.product_id ? a.product_id < b.product_id : a.day < b.day;
  });
  const double reorder = world_.scenario().catalog.reorder_point;
  const auto days = static_cast<int32_t>((world_.scenario().world.duration + kMicrosPerDay - 1) / kMicrosPerDay);
  struct Row {
    Micros ts;
    UpdateChange change;
    UpdateCause cause;
    int64_t old_value;
    int64_t new_value;
  };
  std::vector<Row> rows;
  std::vector<int64_t> sold(static_cast<size_t>(days), 0);
  auto sale = std::lower_bound(sales_.begin(), sales_.end(), first,
                               [](const Sale& s, int64_t id) { return s.product_id < id; });
  for (int64_t id = first; id < end; ++id) {
    rows.clear();
    for (const PriceChange& c : world_.prices().ChangesOf(id)) {
      // Prices in cents; discounts in hundredths of a percent: both are two-decimal values.
      rows.push_back({c.ts, c.change, c.cause, c.old_value, c.new_value});
    }
    std::fill(sold.begin(), sold.end(), 0);
    for (; sale != sales_.end() && sale->product_id == id; ++sale) {
      sold[static_cast<size_t>(std::clamp(sale->day, 0, days - 1))] += sale->units;
    }
    // The stock ledger: a day's sales at its end; a restock ordered when stock falls
    // below the reorder point arrives after the supplier's lead time.
    const Product& p = world_.product(id);
    const Supplier& supplier = world_.suppliers()[static_cast<size_t>(p.supplier_id - 1)];
    const int64_t full = std::max<int64_t>(p.stock, 10);
    int64_t stock = p.stock;
    int32_t restock_day = -1;
    for (int32_t d = 0; d < days; ++d) {
      const Micros day_end = start_ + (d + 1) * kMicrosPerDay - kMicrosPerSecond;
      if (d == restock_day) {
        rows.push_back({start_ + d * kMicrosPerDay + 10 * kMicrosPerHour, UpdateChange::kStock, UpdateCause::kRestock,
                        stock * 100, (stock + full) * 100});
        stock += full;
        restock_day = -1;
      }
      const int64_t units = sold[static_cast<size_t>(d)];
      if (units > 0) {
        const int64_t next = std::max<int64_t>(0, stock - units);
        rows.push_back({day_end, UpdateChange::kStock, UpdateCause::kSales, stock * 100, next * 100});
        stock = next;
      }
      if (restock_day < 0 && static_cast<double>(stock) < reorder * static_cast<double>(full)) {
        restock_day = d + std::max(1, supplier.lead_time_days);
      }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.ts < b.ts; });
    int64_t n = 0;
    for (const Row& r : rows) {
      if (r.ts >= world_.scenario().world.end()) continue;
      out.column(k_update_id).AppendInt(id * 1'000'000 + n++);
      out.column(k_product_id).AppendInt(id);
      out.column(k_ts).AppendInt(r.ts);
      out.column(k_change).AppendInt(static_cast<int64_t>(r.change));
      out.column(k_old_value).AppendInt(r.old_value);
      out.column(k_new_value).AppendInt(r.new_value);
      out.column(k_cause).AppendInt(static_cast<int64_t>(r.cause));
      out.FinishRow();
    }
  }
}

}  // namespace ecomsim
