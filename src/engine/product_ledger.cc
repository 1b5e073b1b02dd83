#include "engine/product_ledger.h"

#include <algorithm>
#include <limits>

namespace ecomsim {
namespace {

constexpr int kPriceOrder = 0;
constexpr int kRestockOrder = 1;
constexpr int kSalesOrder = 2;
constexpr Micros kRestockHour = 10 * kMicrosPerHour;
constexpr int64_t kUpdatesPerProduct = 1'000'000;
constexpr int64_t kMinimumFullStock = 10;
constexpr int64_t kUnitScale = 100;  // stock values are written as two-decimal numbers

}  // namespace

ProductLedger::ProductLedger(const World& world, int64_t first_product, int64_t end_product)
    : world_(world),
      start_(world.scenario().world.start),
      end_(world.scenario().world.end()),
      days_(static_cast<int32_t>((world.scenario().world.duration + kMicrosPerDay - 1) /
                                 kMicrosPerDay)),
      first_(first_product),
      reorder_point_(world.scenario().catalog.reorder_point) {
  const auto n = static_cast<size_t>(std::max<int64_t>(0, end_product - first_product));
  state_.resize(n);
  changes_by_day_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const int64_t id = first_product + static_cast<int64_t>(i);
    const Product& p = world.product(id);
    const Supplier& supplier = world.suppliers()[static_cast<size_t>(p.supplier_id - 1)];
    state_[i] = ProductState{p.stock, std::max<int64_t>(p.stock, kMinimumFullStock),
                             -1,      std::max(1, supplier.lead_time_days),
                             0,       0};
    const std::vector<PriceChange>& changes = world.prices().ChangesOf(id);
    std::vector<uint32_t>& order = changes_by_day_[i];
    order.resize(changes.size());
    for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
    // A change belongs to the first day whose sales row is not before it.
    auto day_of = [&](Micros ts) {
      return std::max<int64_t>(0, (ts - start_ + kMicrosPerSecond - 1) / kMicrosPerDay);
    };
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return day_of(changes[a].ts) < day_of(changes[b].ts);
    });
  }
}

Micros ProductLedger::DayEnd(int32_t d) const {
  return start_ + (static_cast<Micros>(d) + 1) * kMicrosPerDay - kMicrosPerSecond;
}

void ProductLedger::EmitSorted(int64_t product_id, std::vector<Item>& items, const Emit& emit) {
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.ts != b.ts ? a.ts < b.ts : a.order < b.order;
  });
  ProductState& s = state_[static_cast<size_t>(product_id - first_)];
  for (const Item& it : items) {
    if (it.ts >= end_) continue;
    emit(ProductUpdate{product_id * kUpdatesPerProduct + s.rows++, product_id, it.ts, it.change,
                       it.cause, it.old_value, it.new_value});
  }
}

void ProductLedger::OpenDay(int32_t d, const Emit& emit) {
  const Micros day_end = DayEnd(d);
  for (size_t i = 0; i < state_.size(); ++i) {
    const int64_t id = first_ + static_cast<int64_t>(i);
    ProductState& s = state_[i];
    items_.clear();
    const std::vector<PriceChange>& changes = world_.prices().ChangesOf(id);
    const std::vector<uint32_t>& order = changes_by_day_[i];
    while (s.next_change < order.size() && changes[order[s.next_change]].ts <= day_end) {
      const PriceChange& c = changes[order[s.next_change++]];
      // Prices in cents; discounts in hundredths of a percent: both are two-decimal values.
      items_.push_back({c.ts, kPriceOrder, c.change, c.cause, c.old_value, c.new_value});
    }
    if (d == s.restock_day) {
      items_.push_back({start_ + d * kMicrosPerDay + kRestockHour, kRestockOrder,
                        UpdateChange::kStock, UpdateCause::kRestock, s.stock * kUnitScale,
                        (s.stock + s.full) * kUnitScale});
      s.stock += s.full;
      s.restock_day = -1;
    }
    if (!items_.empty()) EmitSorted(id, items_, emit);
  }
}

void ProductLedger::CloseDay(int32_t d, const std::vector<int64_t>& sold, const Emit& emit) {
  for (size_t i = 0; i < state_.size(); ++i) {
    const int64_t id = first_ + static_cast<int64_t>(i);
    ProductState& s = state_[i];
    items_.clear();
    const int64_t units = sold[i];
    if (units > 0) {
      const int64_t next = std::max<int64_t>(0, s.stock - units);
      items_.push_back({DayEnd(d), kSalesOrder, UpdateChange::kStock, UpdateCause::kSales,
                        s.stock * kUnitScale, next * kUnitScale});
      s.stock = next;
    }
    if (s.restock_day < 0 &&
        static_cast<double>(s.stock) < reorder_point_ * static_cast<double>(s.full)) {
      s.restock_day = d + s.lead_days;
    }
    if (!items_.empty()) EmitSorted(id, items_, emit);
  }
}

}  // namespace ecomsim
