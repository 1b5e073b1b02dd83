#include "jobs/sessionize/session_row.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/hash.h"

namespace ecomsim::sessionize {
namespace {

// A line of the cart: the product, its price when first added, the units in it.
struct CartLine {
  int64_t product_id;
  int64_t price_cents;
  int64_t quantity;
};

}  // namespace

int64_t SessionId(std::string_view key, Micros start_at) {
  char buf[8];
  std::memcpy(buf, &start_at, sizeof(buf));
  const uint64_t h = Hash64(key) * 0x9E3779B97F4A7C15ull ^ Hash64(std::string_view(buf, 8));
  return static_cast<int64_t>(h & 0x7FFF'FFFF'FFFF'FFFFull);
}

void ComputeRow(std::span<const SessionEvent> events, std::string_view key, SessionRow& row) {
  row = SessionRow{};
  const SessionEvent& first = events.front();
  const SessionEvent& last = events.back();
  row.start_at = first.ts;
  row.last_event_at = last.ts;
  row.session_id = SessionId(key, first.ts);
  row.device = first.device;
  row.has_end = last.type == EventType::kSessionEnd;
  row.end_at = row.has_end ? last.ts : 0;
  row.event_count = static_cast<int32_t>(events.size());

  // Small per session: linear scans beat hashing.
  thread_local std::vector<int64_t> viewed;
  thread_local std::vector<CartLine> cart;
  viewed.clear();
  cart.clear();
  int64_t unseen = 0;  // value of lines the session did not see added
  int64_t purchased_cart = 0;
  bool added_since_purchase = false;
  auto cart_value = [&] {
    int64_t v = unseen;
    for (const CartLine& l : cart) v += l.price_cents * l.quantity;
    return v;
  };
  for (const SessionEvent& e : events) {
    if (e.has_customer) {
      row.customer_id = e.customer_id;
      row.has_customer = true;
    }
    switch (e.type) {
      case EventType::kPageView:
        ++row.page_views;
        ++row.pages;
        break;
      case EventType::kSearch:
        ++row.searches;
        ++row.pages;
        break;
      case EventType::kProductView:
        ++row.products_viewed;
        ++row.pages;
        if (e.product_id != 0 &&
            std::find(viewed.begin(), viewed.end(), e.product_id) == viewed.end()) {
          viewed.push_back(e.product_id);
        }
        break;
      case EventType::kAddToCart: {
        ++row.cart_additions;
        added_since_purchase = true;
        auto line = std::find_if(cart.begin(), cart.end(),
                                 [&](const CartLine& l) { return l.product_id == e.product_id; });
        if (line != cart.end()) {
          line->quantity += e.quantity;
        } else {
          cart.push_back({e.product_id, e.has_price ? e.price_cents : 0, e.quantity});
        }
        break;
      }
      case EventType::kRemoveFromCart: {
        ++row.cart_removals;
        ++row.pages;
        auto line = std::find_if(cart.begin(), cart.end(),
                                 [&](const CartLine& l) { return l.product_id == e.product_id; });
        if (line != cart.end()) {
          cart.erase(line);
        } else if (e.has_price) {
          unseen -= e.price_cents * e.quantity;
        }
        break;
      }
      case EventType::kCheckoutInitiated:
        ++row.pages;
        if (e.has_price) unseen += e.price_cents - cart_value();
        break;
      case EventType::kPurchase:
        row.converted = true;
        if (e.has_price) row.purchase_value_cents += e.price_cents;
        purchased_cart = cart_value();
        cart.clear();
        unseen = 0;
        added_since_purchase = false;
        break;
      default: break;
    }
  }
  row.unique_products_viewed = static_cast<int32_t>(viewed.size());
  row.cart_value_cents =
      row.converted && !added_since_purchase ? purchased_cart : std::max<int64_t>(0, cart_value());
  if (row.has_end) row.duration_ms = (row.end_at - row.start_at) / 1000;
  if (row.pages > 0) {
    row.avg_page_ms =
        ((row.has_end ? row.end_at : row.last_event_at) - row.start_at) / 1000 / row.pages;
  }
  row.bounce = row.has_end && row.pages <= 1;
}

}  // namespace ecomsim::sessionize
