#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "model/checkout.h"
#include "model/customer.h"
#include "model/customer_state.h"
#include "model/world.h"
#include "schema/vocabulary.h"

namespace ecomsim {

// Composite keys: they are unique by construction and do not depend on how customers
// are split over threads or shards.
inline constexpr int64_t kSessionsPerCustomer = 1'000'000;  // session_id = visitor_id * this + n
inline constexpr int64_t kEventsPerSession = 10'000;        // event_id = session_id * this + seq

// One event of a session, as produced by the walk. Strings are views into the
// SessionRecord's arena and live as long as the record is not reused.
struct EventRecord {
  Micros ts;
  int64_t product_id;   // 0 when none
  int64_t price_cents;  // valid when has_price
  int32_t quantity;     // valid when > 0
  int32_t duration_ms;  // until the next event of the session
  int16_t category;     // -1 when none
  EventType type;
  bool has_price;
  uint32_t url_offset;
  uint32_t url_length;
  uint32_t query_offset;
  uint32_t query_length;  // a search query is never empty; 0 means none
};

// The aggregates of one session (the sessions table).
struct SessionSummary {
  int64_t session_id;
  int64_t customer_id;  // 0 when nobody is signed in
  int64_t visitor_id;
  bool registers;  // a visitor opening an account at this session's checkout
  Micros start_at;
  Micros end_at;
  Device device;
  Os os;
  Browser browser;
  Channel channel;
  TrafficSource traffic_source;
  int64_t campaign_id;  // 0 when none
  SessionOrigin origin;
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
  // Still in progress when the window ended (session.at_window_end: cut): it has no
  // session_end, and end_at is where the walk would have ended (after the window), not
  // written.
  bool open;
};

// The checkout of a session that reached payment.
struct CheckoutRecord {
  bool attempted = false;  // payment was tried: an order exists
  bool paid = false;
  Micros ordered_at = 0;  // the purchase, or the last failed attempt
  OrderTotals totals;
  std::vector<CartLine> lines;
  std::vector<PaymentAttempt> payments;
  FraudPlan fraud;
  int64_t recovered_cart_id = 0;
};

// A simulated session: its summary, its events in order, its checkout, and the cart it
// ended with. Reused from session to session: clearing keeps the buffers.
struct SessionRecord {
  SessionSummary summary{};
  std::vector<EventRecord> events;
  std::string arena;  // page urls and search queries
  CheckoutRecord checkout;
  std::vector<CartLine> cart;  // at the end of the session (empty after a purchase)
  CartStage stage = CartStage::kCart;
  std::vector<CartLine> sold_out;  // lines refused at checkout: a stock cap was reached

  std::string_view Url(const EventRecord& e) const {
    return std::string_view(arena.data() + e.url_offset, e.url_length);
  }
  std::string_view Query(const EventRecord& e) const {
    return std::string_view(arena.data() + e.query_offset, e.query_length);
  }
  void Clear() {
    events.clear();
    arena.clear();
    checkout.attempted = false;
    checkout.paid = false;
    checkout.lines.clear();
    checkout.payments.clear();
    checkout.fraud = FraudPlan{};
    checkout.recovered_cart_id = 0;
    cart.clear();
    stage = CartStage::kCart;
    sold_out.clear();
  }
};

// Walks the event state machine of one session for a customer: persona transition
// probabilities, dwell times, product choice by popularity and category affinity, a
// cart, and the funnel rules (no cart add before a product view, no removal from an
// empty cart, no purchase without checkout). At its start a session decides whether it
// will buy (the persona's conversion) and how many lines its order will have, or, if it
// will not buy, whether it will leave a cart behind; the walk is steered accordingly
// instead of ending early. A buying session pays at checkout (payments may fail); a
// scheduled session recovers an abandoned cart or carries out a fraud. With order values
// by segment, a session aims at a cart total in its customer's segment's range and
// views products whose prices fit what is left of it. With an inactivity timeout, every
// gap between two events of the session is shorter than it; when the window's end cuts
// sessions, nothing after it is recorded.
//
// Holds scratch state only; one per worker; not thread-safe.
class SessionWalker {
 public:
  explicit SessionWalker(const World& world);

  // Simulates session number `number` of the customer, starting at `start`, into `out`.
  // `plan` is the reason of a scheduled session, or nullptr for an ordinary visit.
  void Walk(const CustomerState& state, int64_t number, Micros start, const ScheduledSession* plan,
            SessionRecord& out);
  // For the first pass of a world with stock caps: where to record capped purchases.
  void set_cap_recorder(std::vector<CapAttempt>* recorder) { recorder_ = recorder; }

 private:
  // One session's walk in progress: the steps Walk takes (model/walk_state.h).
  struct WalkState;

  EventType NextState(size_t persona, EventType from, Rng& rng) const;
  int64_t PickProduct(int focus_category, double affinity, Rng& rng) const;
  // A product for a session that aims at a subtotal of `budget` cents, `lines_left`
  // lines of which are still to fill with `left` cents, at `ts`.
  int64_t PickProductForBudget(int focus_category, double affinity, int64_t left, size_t lines_left,
                               std::span<const CartLine> cart, Micros ts, Rng& rng) const;
  void AppendSearchQuery(int category, Rng& rng, std::string& arena) const;

  const World& world_;
  std::vector<int64_t> viewed_;
  AliasTable lines_per_order_;
  std::vector<CapAttempt>* recorder_ = nullptr;
  // Cumulative transition rows per persona: cdf_[persona][from][to].
  std::vector<std::array<std::array<double, kEventTypeCount>, kEventTypeCount>> cdf_;
  // log-normal mu per event type and persona for the dwell times.
  std::vector<std::array<double, kEventTypeCount>> dwell_mu_;
  // The longest dwell: an hour, or below the inactivity timeout, with a second to spare
  // for the payment that may follow a checkout.
  int32_t max_dwell_ms_;
};

// The sessions of one customer in time order, produced one at a time. The batch engine
// runs each cursor to the end; a time-ordered stream keeps one cursor per customer in a
// heap keyed by the next start and advances the earliest. Either way a customer's
// sessions are the same: arrivals come from the customer's own random stream.
// Copyable and small; not thread-safe.
class SessionCursor {
 public:
  // `state` must outlive the cursor; sessions scheduled in it (recoveries, fraud) are
  // taken in time order with the arrivals.
  SessionCursor(const World& world, CustomerState& state);

  // Simulates the next session into `out` with `walker`; false when the window is over.
  bool Next(SessionWalker& walker, SessionRecord& out);
  // Start of the session the next call will produce, or >= window end if none. Drawing
  // it does not change what Next() produces.
  Micros PeekStart();
  const CustomerState& state() const { return *state_; }

 private:
  Micros NextArrival();

  const World* world_;
  CustomerState* state_;
  Rng arrivals_;
  Micros after_;       // the next arrival comes after this time
  Micros next_start_;  // drawn but not yet simulated, or -1
  int64_t number_ = 0;
};

}  // namespace ecomsim
