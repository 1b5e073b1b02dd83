#include "engine/aggregates.h"

#include <algorithm>
#include <cmath>

#include "engine/product_ledger.h"
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
// The store's capacity follows its mean load over this many past minutes (a day).
constexpr int64_t kProvisioningMinutes = 24 * 60;

}  // namespace

Aggregates::Aggregates(const World& world) : world_(world), start_(world.scenario().world.start) {
  const auto minutes = static_cast<size_t>(
      (world.scenario().world.duration + kMicrosPerMinute - 1) / kMicrosPerMinute);
  minutes_.assign(minutes, MinuteCounts{});
  open_delta_.assign(minutes + 1, 0);
}

int64_t Aggregates::MinuteOf(Micros t) const {
  // Sessions that began in the window may run past its end: count them in the last minute.
  const int64_t m = (t - start_) / kMicrosPerMinute;
  return std::clamp<int64_t>(m, 0, static_cast<int64_t>(minutes_.size()) - 1);
}

void Aggregates::AddSession(const SessionRecord& session) { CountSession(session, *this); }

void Aggregates::AddCommerce(const CommerceRecord& record) { CountCommerce(record, start_, *this); }

void Aggregates::Merge(Aggregates& other) {
  for (size_t i = 0; i < minutes_.size(); ++i) {
    MinuteCounts& m = minutes_[i];
    const MinuteCounts& o = other.minutes_[i];
    m.events += o.events;
    m.orders += o.orders;
    m.revenue += o.revenue;
    m.attempts += o.attempts;
    m.successes += o.successes;
  }
  for (size_t i = 0; i < open_delta_.size(); ++i) open_delta_[i] += other.open_delta_[i];
  sales_.insert(sales_.end(), other.sales_.begin(), other.sales_.end());
  other.sales_.clear();
}

void Aggregates::AppendMetricRows(int64_t first, int64_t end, Batch& out) const {
  MetricRows rows(world_);
  int64_t open = 0;
  for (int64_t m = 0; m < end; ++m) {
    const auto i = static_cast<size_t>(m);
    open += open_delta_[i];
    rows.Add(m, minutes_[i], open, m >= first ? &out : nullptr);
  }
}

MetricRows::MetricRows(const World& world)
    : world_(world), start_(world.scenario().world.start), window_(kProvisioningMinutes, 0) {}

void MetricRows::Add(int64_t m, const MinuteCounts& c, int64_t open, Batch* out) {
  using namespace system_metrics_col;
  // The store is provisioned for a multiple of its mean load over the past day:
  // capacity follows the load slowly, so a spike strains it. Before a day of history,
  // the minutes it lacks count as this one.
  const int64_t load = c.events * kRequestsPerEvent;
  const size_t slot = static_cast<size_t>(m % kProvisioningMinutes);
  window_sum_ += load - window_[slot];
  window_[slot] = load;
  const int64_t missing = std::max<int64_t>(0, kProvisioningMinutes - (m + 1));
  const double mean_requests = std::max(1.0, static_cast<double>(window_sum_ + missing * load) /
                                                 static_cast<double>(kProvisioningMinutes));
  if (out == nullptr) return;
  const double capacity = kCapacityFactor * mean_requests;
  Rng rng(world_.seed(), StreamId(Stream::kMetrics), static_cast<uint64_t>(m));
  const int64_t requests =
      load + static_cast<int64_t>(Poisson(rng, kBackgroundShare * mean_requests));
  // Latency and errors rise with utilization, slowly and then steeply.
  const double u = static_cast<double>(requests) / capacity;
  const double stress = world_.effects().Latency(start_ + m * kMicrosPerMinute);
  const double p50 =
      kBaseLatencyMs * stress * (1 + 0.6 * u + 2.5 * u * u * u * u) * LogNormal(rng, 0, 0.05);
  const double p95 = p50 * (2.4 + 3 * u * u * u) * LogNormal(rng, 0, 0.08);
  const double errors = std::clamp(
      0.001 + 0.03 * std::max(0.0, u - 0.7) * std::max(0.0, u - 0.7) + Normal(rng, 0, 0.0003), 0.0,
      1.0);
  out->column(k_minute).AppendInt(start_ + m * kMicrosPerMinute);
  out->column(k_requests).AppendInt(requests);
  out->column(k_events).AppendInt(c.events);
  out->column(k_active_sessions).AppendInt(open);
  out->column(k_orders).AppendInt(c.orders);
  out->column(k_revenue).AppendInt(c.revenue);
  out->column(k_payment_attempts).AppendInt(c.attempts);
  out->column(k_p50_latency_ms).AppendDouble(std::round(p50 * 100) / 100);
  out->column(k_p95_latency_ms).AppendDouble(std::round(p95 * 100) / 100);
  out->column(k_error_rate).AppendDouble(std::round(errors * 1e6) / 1e6);
  if (c.attempts > 0) {
    out->column(k_payment_success_rate)
        .AppendDouble(
            std::round(static_cast<double>(c.successes) / static_cast<double>(c.attempts) * 1e4) /
            1e4);
  } else {
    out->column(k_payment_success_rate).AppendNull();
  }
  out->FinishRow();
}

void Aggregates::AppendProductUpdateRows(int64_t first, int64_t end, Batch& out) {
  ProductLedger ledger(world_, first, end);
  const int32_t days = ledger.days();
  std::sort(sales_.begin(), sales_.end(), [](const SoldUnits& a, const SoldUnits& b) {
    return a.day != b.day ? a.day < b.day : a.product_id < b.product_id;
  });
  std::vector<ProductUpdate> rows;
  const ProductLedger::Emit keep = [&](const ProductUpdate& u) { rows.push_back(u); };
  std::vector<int64_t> sold(static_cast<size_t>(std::max<int64_t>(0, end - first)), 0);
  auto sale = sales_.begin();
  for (int32_t d = 0; d < days; ++d) {
    ledger.OpenDay(d, keep);
    std::fill(sold.begin(), sold.end(), 0);
    for (; sale != sales_.end() && std::min(sale->day, days - 1) <= d; ++sale) {
      if (sale->product_id >= first && sale->product_id < end) {
        sold[static_cast<size_t>(sale->product_id - first)] += sale->units;
      }
    }
    ledger.CloseDay(d, sold, keep);
  }
  // By product, each product's rows in time order (their update ids).
  std::stable_sort(rows.begin(), rows.end(), [](const ProductUpdate& a, const ProductUpdate& b) {
    return a.update_id < b.update_id;
  });
  for (const ProductUpdate& u : rows) AppendProductUpdateRow(u, out);
}

void AppendProductUpdateRow(const ProductUpdate& u, Batch& out) {
  using namespace product_updates_col;
  out.column(k_update_id).AppendInt(u.update_id);
  out.column(k_product_id).AppendInt(u.product_id);
  out.column(k_ts).AppendInt(u.ts);
  out.column(k_change).AppendInt(static_cast<int64_t>(u.change));
  out.column(k_old_value).AppendInt(u.old_value);
  out.column(k_new_value).AppendInt(u.new_value);
  out.column(k_cause).AppendInt(static_cast<int64_t>(u.cause));
  out.FinishRow();
}

}  // namespace ecomsim
