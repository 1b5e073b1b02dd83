#include "model/pricing.h"

#include <algorithm>

namespace ecomsim {

PriceBook::PriceBook(std::vector<std::vector<PriceChange>> changes_of,
                     std::vector<int64_t> start_base, std::vector<int64_t> start_discount)
    : changes_(std::move(changes_of)),
      start_base_(std::move(start_base)),
      start_discount_(std::move(start_discount)) {}

const PriceChange* PriceBook::LastBefore(int64_t id, Micros t) const {
  const auto& changes = changes_[static_cast<size_t>(id - 1)];
  auto it = std::upper_bound(changes.begin(), changes.end(), t,
                             [](Micros value, const PriceChange& c) { return value < c.ts; });
  return it == changes.begin() ? nullptr : &*(it - 1);
}

int64_t PriceBook::PriceAt(int64_t id, Micros t) const {
  const PriceChange* c = LastBefore(id, t);
  if (c == nullptr) {
    const auto i = static_cast<size_t>(id - 1);
    return Discounted(start_base_[i], start_discount_[i]);
  }
  return Discounted(c->base_price_cents, c->discount_bp);
}

}  // namespace ecomsim
