#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"

namespace ecomsim {

// A purchase of a stock-capped product, as the first pass of the simulation saw it.
struct CapAttempt {
  Micros ts;
  int64_t order_id;
  int64_t product_id;
  uint32_t cap;  // index into EffectBook::caps()
  int32_t units;
};

// Which purchases of stock-capped products got stock. Caps are shared by every customer,
// so they are resolved in time order over all of them: a first pass records every
// attempt (ts, order), the attempts are served in that order until the cap is reached,
// and the second pass, which writes the rows, gives stock only to the orders served.
// An order the first pass did not see (a customer whose story changed after a refusal)
// gets none, so a cap is never exceeded. Immutable once built; thread-safe.
class StockAllocation {
 public:
  StockAllocation() = default;
  StockAllocation(std::vector<CapAttempt> attempts, const std::vector<int64_t>& caps);

  // Whether this line (order, product, units) got stock: exactly as the first pass saw it.
  bool Served(uint32_t cap, int64_t order_id, int64_t product_id, int32_t units) const;
  int64_t served_units(uint32_t cap) const { return served_units_[cap]; }

 private:
  struct Line {
    int64_t order_id;
    int64_t product_id;
    int32_t units;
    auto operator<=>(const Line&) const = default;
  };
  std::vector<std::vector<Line>> served_;  // per cap, sorted
  std::vector<int64_t> served_units_;
};

}  // namespace ecomsim
