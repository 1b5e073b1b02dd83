#pragma once

#include <cstdint>
#include <vector>

#include "ecomsim/batch.h"
#include "engine/plan.h"
#include "engine/product_ledger.h"
#include "model/commerce.h"
#include "model/session.h"
#include "model/world.h"

namespace ecomsim {

// What happened in one minute of the store, across customers.
struct MinuteCounts {
  int64_t events = 0;
  int64_t orders = 0;
  int64_t revenue = 0;   // cents
  int64_t attempts = 0;  // payment attempts
  int64_t successes = 0;
};

// Turns minutes' counts into system_metrics rows: requests, latency and errors that rise
// as the load nears a capacity provisioned from the past day's load. Minutes must come
// in order from the window's first (0, 1, 2, ...): the capacity depends only on the
// past, so the batch engine and the stream make the same rows. Not thread-safe.
class MetricRows {
 public:
  explicit MetricRows(const World& world);
  // Minute `m` (from the window start) with `open` sessions in it: appends its row to
  // `out`, or only takes the minute into account when `out` is null.
  void Add(int64_t m, const MinuteCounts& counts, int64_t open, Batch* out);

 private:
  const World& world_;
  Micros start_;
  std::vector<int64_t> window_;  // the last day's event requests, by minute mod its size
  int64_t window_sum_ = 0;
};

// The one rule for what a session, and what it caused, add to the counts that cross
// customers, used by the batch engine (Aggregates) and by the stream (over the minutes
// and days it has not closed yet). `counts` provides MinuteOf(t) (a minute index),
// Minute(m) (its MinuteCounts), OpenDelta(m) (+1 at a session's first minute, -1 after
// its last) and Sale(product_id, day, units) (day from the window start, not clamped).
template <typename Counts>
void CountSession(const SessionRecord& session, Counts& counts) {
  for (const EventRecord& e : session.events) ++counts.Minute(counts.MinuteOf(e.ts)).events;
  ++counts.OpenDelta(counts.MinuteOf(session.summary.start_at));
  --counts.OpenDelta(counts.MinuteOf(session.summary.end_at) + 1);
}

template <typename Counts>
void CountCommerce(const CommerceRecord& record, Micros window_start, Counts& counts) {
  for (const OrderRow& o : record.orders) {
    for (const PaymentRow& p : record.payments) {
      if (p.order_id != o.order_id) continue;
      MinuteCounts& m = counts.Minute(counts.MinuteOf(p.attempt_data.ts));
      ++m.attempts;
      if (p.attempt_data.status == PaymentStatus::kSucceeded ||
          p.attempt_data.status == PaymentStatus::kRefunded) {
        ++m.successes;
      }
    }
    if (o.status == OrderStatus::kFailed) continue;
    MinuteCounts& m = counts.Minute(counts.MinuteOf(o.ordered_at));
    ++m.orders;
    m.revenue += o.totals.total;
    if (o.status == OrderStatus::kCancelled) continue;
    const int64_t day = (o.ordered_at - window_start) / kMicrosPerDay;
    for (const OrderItemRow& i : record.items) {
      if (i.order_id == o.order_id) counts.Sale(i.product_id, day, i.quantity);
    }
  }
}

// Counters of the simulated activity that cross customers: per minute (events, open
// sessions, orders, revenue, payment attempts and successes) and units sold per product
// and day. Each worker fills its own; the writer merges them (sums: the result does not
// depend on how customers were split) and turns them into the system_metrics rows and
// the stock changes of product_updates. Not thread-safe.
class Aggregates {
 public:
  explicit Aggregates(const World& world);

  void AddSession(const SessionRecord& session);
  void AddCommerce(const CommerceRecord& record);
  void Merge(Aggregates& other);

  // The system_metrics rows of minutes [first, end) (indexes from the window start).
  void AppendMetricRows(int64_t first, int64_t end, Batch& out) const;
  // The product_updates rows (price, discount and stock) of products [first, end).
  void AppendProductUpdateRows(int64_t first, int64_t end, Batch& out);

  int64_t minutes() const { return static_cast<int64_t>(minutes_.size()); }

  // For CountSession and CountCommerce.
  int64_t MinuteOf(Micros t) const;
  MinuteCounts& Minute(int64_t m) { return minutes_[static_cast<size_t>(m)]; }
  int64_t& OpenDelta(int64_t m) { return open_delta_[static_cast<size_t>(m)]; }
  void Sale(int64_t product_id, int64_t day, int32_t units) {
    sales_.push_back({product_id, static_cast<int32_t>(day), units});
  }

 private:
  struct SoldUnits {
    int64_t product_id;
    int32_t day;  // from the window start
    int32_t units;
  };

  const World& world_;
  Micros start_;
  std::vector<MinuteCounts> minutes_;
  std::vector<int64_t> open_delta_;  // +1 at a session's first minute, -1 after its last
  std::vector<SoldUnits> sales_;
};

// Appends one product_updates row.
void AppendProductUpdateRow(const ProductUpdate& update, Batch& out);

}  // namespace ecomsim
