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

  int64_t minutes() const { return static_cast<int64_t>(events_.size()); }

 private:
  struct Sale {
    int64_t product_id;
    int32_t day;  // from the window start
    int32_t units;
  };
  size_t MinuteOf(Micros t) const;

  const World& world_;
  Micros start_;
  std::vector<int64_t> events_;
  std::vector<int64_t> open_delta_;  // +1 at a session's first minute, -1 after its last
  std::vector<int64_t> orders_;
  std::vector<int64_t> revenue_;
  std::vector<int64_t> attempts_;
  std::vector<int64_t> successes_;
  std::vector<Sale> sales_;
};

// Appends one product_updates row.
void AppendProductUpdateRow(const ProductUpdate& update, Batch& out);

}  // namespace ecomsim
