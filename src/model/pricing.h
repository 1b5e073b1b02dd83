#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"
#include "schema/vocabulary.h"

namespace ecomsim {

// One change of a product's price or discount.
struct PriceChange {
  Micros ts;
  int64_t base_price_cents;  // after the change
  int64_t discount_bp;       // after the change, in hundredths of a percent
  UpdateChange change;       // kPrice or kDiscount
  UpdateCause cause;
  int64_t old_value;  // cents for kPrice, hundredths of a percent for kDiscount
  int64_t new_value;
};

// The price of every product over the window: repricings and promotions drawn once
// when the world is built, so that any session can ask what a product cost at any
// moment. Immutable after construction; thread-safe to share.
class PriceBook {
 public:
  PriceBook() = default;
  // `changes_of[i]`: the changes of product i + 1, in time order.
  explicit PriceBook(std::vector<std::vector<PriceChange>> changes_of,
                     std::vector<int64_t> start_base, std::vector<int64_t> start_discount);

  // Current price (base after discount, rounded to the cent) of product `id` at `t`.
  int64_t PriceAt(int64_t id, Micros t) const;
  const std::vector<PriceChange>& ChangesOf(int64_t id) const {
    return changes_[static_cast<size_t>(id - 1)];
  }

  // base - base * discount, rounded half up to the cent.
  static int64_t Discounted(int64_t base_cents, int64_t discount_bp) {
    return base_cents - (base_cents * discount_bp + 5000) / 10000;
  }

 private:
  const PriceChange* LastBefore(int64_t id, Micros t) const;

  std::vector<std::vector<PriceChange>> changes_;
  std::vector<int64_t> start_base_;
  std::vector<int64_t> start_discount_;
};

}  // namespace ecomsim
