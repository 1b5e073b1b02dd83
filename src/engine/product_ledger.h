#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/time.h"
#include "model/world.h"
#include "schema/vocabulary.h"

namespace ecomsim {

// One row of product_updates.
struct ProductUpdate {
  int64_t update_id;  // product_id * 1,000,000 + its rank among the product's rows
  int64_t product_id;
  Micros ts;
  UpdateChange change;
  UpdateCause cause;
  int64_t old_value;  // cents, hundredths of a percent, or units * 100
  int64_t new_value;
};

// The product_updates of a window, day by day: the price book's price and discount
// changes, and the stock ledger (a day's sales at its end; a restock ordered when stock
// falls below the reorder point arrives after the supplier's lead time). Works in time
// order, so that the batch engine (all days at the end) and the stream (each day as it
// passes) produce the same rows: OpenDay(d) gives the rows of day d known at its start
// (price changes up to its last second, the restock that arrives that day), CloseDay(d,
// sold) the sales row at its last second. Days are opened and closed in order 0, 1,
// 2, ...; rows at or after the window's end are not produced.
// Not thread-safe.
class ProductLedger {
 public:
  using Emit = std::function<void(const ProductUpdate&)>;

  ProductLedger(const World& world, int64_t first_product, int64_t end_product);

  int32_t days() const { return days_; }
  Micros DayEnd(int32_t d) const;  // the time of day d's sales row: its last second
  // Price changes in (DayEnd(d - 1), DayEnd(d)] and the restock of day d, per product in ts order.
  void OpenDay(int32_t d, const Emit& emit);
  // `sold[i]`: units of product first_product + i sold on day d.
  void CloseDay(int32_t d, const std::vector<int64_t>& sold, const Emit& emit);

 private:
  struct Item {
    Micros ts;
    int order;  // stable order at equal ts: price changes, restock, sales
    UpdateChange change;
    UpdateCause cause;
    int64_t old_value;
    int64_t new_value;
  };
  struct ProductState {
    int64_t stock;
    int64_t full;
    int32_t restock_day;
    int32_t lead_days;
    int64_t rows;        // rows emitted so far: the next rank
    size_t next_change;  // into the product's price changes (in day order)
  };
  void EmitSorted(int64_t product_id, std::vector<Item>& items, const Emit& emit);

  const World& world_;
  Micros start_;
  Micros end_;
  int32_t days_;
  int64_t first_;
  double reorder_point_;
  std::vector<ProductState> state_;
  // Per product, the indexes of its price changes sorted by (day, index).
  std::vector<std::vector<uint32_t>> changes_by_day_;
  std::vector<Item> items_;  // scratch
};

}  // namespace ecomsim
