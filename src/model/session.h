#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "model/customer.h"
#include "model/enums.h"
#include "model/world.h"

namespace ecomsim {

// Composite keys: they are unique by construction and do not depend on how customers
// are split over threads or shards.
inline constexpr int64_t kSessionsPerCustomer = 1'000'000;  // session_id = customer_id * this + n
inline constexpr int64_t kEventsPerSession = 10'000;        // event_id = session_id * this + seq

// One event of a session, as produced by the walk. Strings are views into the
// SessionRecord's arena and live as long as the record is not reused.
struct EventRecord {
  Micros ts;
  int64_t product_id;      // 0 when none
  int64_t price_cents;     // valid when has_price
  int32_t quantity;        // valid when > 0
  int32_t duration_ms;     // until the next event of the session
  int16_t category;        // -1 when none
  EventType type;
  bool has_price;
  uint32_t url_offset;
  uint32_t url_length;
  uint32_t query_offset;
  uint32_t query_length;   // a search query is never empty; 0 means none
};

// The aggregates of one session (the sessions table).
struct SessionSummary {
  int64_t session_id;
  int64_t customer_id;
  Micros start_at;
  Micros end_at;
  Device device;
  Os os;
  Browser browser;
  Channel channel;
  TrafficSource traffic_source;
  int32_t page_views;
  int32_t products_viewed;
  int32_t unique_products_viewed;
  int32_t searches;
  int32_t cart_additions;
  int32_t cart_removals;
  int64_t cart_value_cents;
  bool converted;
  int64_t purchase_value_cents;
  bool bounce;
  int32_t event_count;
};

// A simulated session: its summary and its events in order. Reused from session to
// session: clearing keeps the buffers.
struct SessionRecord {
  SessionSummary summary{};
  std::vector<EventRecord> events;
  std::string arena;  // page urls and search queries

  std::string_view Url(const EventRecord& e) const {
    return std::string_view(arena.data() + e.url_offset, e.url_length);
  }
  std::string_view Query(const EventRecord& e) const {
    return std::string_view(arena.data() + e.query_offset, e.query_length);
  }
  void Clear() {
    events.clear();
    arena.clear();
  }
};

// Walks the event state machine of one session for a customer: persona transition
// probabilities, dwell times, product choice by popularity and category affinity, a
// cart, and the funnel rules (no cart add before a product view, no removal from an
// empty cart, no purchase without checkout). Whether the session buys is decided at its
// start with the persona's conversion probability; a buying session is steered through
// the funnel instead of ending early.
//
// Holds scratch state only; one per worker; not thread-safe.
class SessionWalker {
 public:
  explicit SessionWalker(const World& world);

  // Simulates session number `number` of `customer`, starting at `start`, into `out`.
  void Walk(const Customer& customer, int64_t number, Micros start, SessionRecord& out);

 private:
  struct CartLine {
    int64_t product_id;
    int64_t price_cents;
    int32_t quantity;
  };

  EventType NextState(size_t persona, EventType from, Rng& rng) const;
  int64_t PickProduct(int focus_category, double affinity, Rng& rng) const;
  void AppendSearchQuery(int category, Rng& rng, std::string& arena) const;

  const World& world_;
  std::vector<CartLine> cart_;
  std::vector<int64_t> viewed_;
  // Cumulative transition rows per persona: cdf_[persona][from][to].
  std::vector<std::array<std::array<double, kEventTypeCount>, kEventTypeCount>> cdf_;
  // log-normal mu per event type and persona for the dwell times.
  std::vector<std::array<double, kEventTypeCount>> dwell_mu_;
};

// The sessions of one customer in time order, produced one at a time. The batch engine
// runs each cursor to the end; a time-ordered stream keeps one cursor per customer in a
// heap keyed by the next start and advances the earliest. Either way a customer's
// sessions are the same: arrivals come from the customer's own random stream.
// Copyable and small; not thread-safe.
class SessionCursor {
 public:
  SessionCursor(const World& world, const Customer& customer);

  // Simulates the next session into `out` with `walker`; false when the window is over.
  bool Next(SessionWalker& walker, SessionRecord& out);
  // Start of the session the next call will produce, or >= window end if none. Drawing
  // it does not change what Next() produces.
  Micros PeekStart();
  const Customer& customer() const { return customer_; }

 private:
  const World* world_;
  Customer customer_;
  Rng arrivals_;
  Micros after_;       // the next arrival comes after this time
  Micros next_start_;  // drawn but not yet simulated, or -1
  int64_t number_ = 0;
};

}  // namespace ecomsim
