#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/time.h"
#include "schema/vocabulary.h"

// What the sessionizer reads of an event and what it writes of a session.
namespace ecomsim::sessionize {

// One event of the events topic, the fields a session's metrics need. 40 bytes: a session
// keeps its events until it is forgotten (a late event may land between two of them).
struct SessionEvent {
  Micros ts = 0;
  int64_t customer_id = 0;  // valid when has_customer
  int64_t product_id = 0;   // 0: none
  int64_t price_cents = 0;  // valid when has_price
  int32_t quantity = 0;     // 0: none
  EventType type = EventType::kPageView;
  Device device = Device::kMobile;
  bool has_customer = false;
  bool has_price = false;
};

// A session as user_sessions holds it, computed from its events in time order.
struct SessionRow {
  int64_t session_id = 0;  // SessionId(key, start_at)
  int64_t customer_id = 0;
  bool has_customer = false;
  Micros start_at = 0;       // the first event
  Micros last_event_at = 0;  // the last event
  Micros end_at = 0;         // the last event when it is a session_end; see has_end
  bool has_end = false;
  Device device = Device::kMobile;  // of the first event
  int32_t page_views = 0;
  int32_t products_viewed = 0;
  int32_t unique_products_viewed = 0;
  int32_t searches = 0;
  int32_t cart_additions = 0;
  int32_t cart_removals = 0;
  int64_t cart_value_cents = 0;
  bool converted = false;
  int64_t purchase_value_cents = 0;
  int64_t duration_ms = 0;  // end_at - start_at, valid when has_end
  int64_t avg_page_ms = 0;  // (end_at or last event - start_at) / pages, valid when pages > 0
  int32_t pages = 0;        // pages seen: views, searches, products, the cart, checkout
  bool bounce = false;
  int32_t event_count = 0;
  int32_t late_events = 0;  // events that came after the watermark had passed them
};

// A session's key in user_sessions: a 63-bit hash of the person's key and the start, so
// that the same session gets the same row in every run and on every instance.
int64_t SessionId(std::string_view key, Micros start_at);

// The metrics of the session made of `events` (in time order, at least one):
//   page_views, products_viewed, searches, cart_additions, cart_removals: events of
//     those types; unique_products_viewed: distinct products of product_view events;
//   cart_value: what the cart held at the session's end, or at its last purchase when
//     nothing was added after it. The cart is followed line by line: an add_to_cart
//     adds its quantity to the product's line (at the line's first price) or opens one;
//     a remove_from_cart takes the product's line out (or, for a line added before the
//     session, its quantity at its price); a checkout_initiated states the cart's value,
//     which then counts for the lines it saw that the session did not;
//   converted and purchase_value: purchase events and the sum of their values;
//   end_at: the last event's time when it is a session_end, else none (the visitor left
//     without one, or the window closed on an unfinished session), and so duration;
//   bounce: a session_end after at most one page (pages: page_view, search,
//     product_view, remove_from_cart and checkout_initiated events).
// These are the definitions of the generator's sessions table, so that with the
// generator's inactivity gap the rows are equal.
void ComputeRow(std::span<const SessionEvent> events, std::string_view key, SessionRow& row);

}  // namespace ecomsim::sessionize
