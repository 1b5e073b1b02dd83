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
