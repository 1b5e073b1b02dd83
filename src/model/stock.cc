#include "model/stock.h"

#include <algorithm>

namespace ecomsim {

StockAllocation::StockAllocation(std::vector<CapAttempt> attempts, const std::vector<int64_t>& caps)
    : served_(caps.size()), served_units_(caps.size(), 0) {
  std::sort(attempts.begin(), attempts.end(), [](const CapAttempt& a, const CapAttempt& b) {
    return a.ts != b.ts ? a.ts < b.ts
                        : (a.order_id != b.order_id ? a.order_id < b.order_id : a.cap < b.cap);
  });
  for (const CapAttempt& a : attempts) {
    if (served_units_[a.cap] + a.units > caps[a.cap]) continue;
    served_units_[a.cap] += a.units;
    served_[a.cap].push_back({a.order_id, a.product_id, a.units});
  }
  for (auto& ids : served_) std::sort(ids.begin(), ids.end());
}

bool StockAllocation::Served(uint32_t cap, int64_t order_id, int64_t product_id,
                             int32_t units) const {
  return std::binary_search(served_[cap].begin(), served_[cap].end(),
                            Line{order_id, product_id, units});
}

}  // namespace ecomsim
