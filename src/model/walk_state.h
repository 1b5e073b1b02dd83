#pragma once

// Private to src/model: the state of one session's walk, shared by the walk's steps in
// session_walk.cc (setting, intent, the loop, checkout, end) and session_events.cc (what
// each event type records). Nothing outside src/model includes this header.

#include <charconv>
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/session.h"
#include "random/rng.h"

namespace ecomsim {

// One session's walk in progress. Walk builds it on its stack, runs its steps in order
// (ChooseSetting, ChooseIntent, Open, Browse, Close) and drops it: it borrows the
// walker's scratch and the record `out`, and allocates nothing itself. Every random
// draw comes from `rng`, in the order the steps take them. Not thread-safe.
struct SessionWalker::WalkState {
  WalkState(SessionWalker& walker, const CustomerState& state, int64_t number, Micros start,
            const ScheduledSession* plan, SessionRecord& out);

  // The steps, in the order Walk takes them.
  void ChooseSetting();  // device, os, channel, browser, traffic source, campaign
  void ChooseIntent();   // buy or not, lines, cart, budget, bounce, focus category
  void Open();           // session_start, and the cart page of a recovery visit
  void Browse();         // the events, until the session leaves or checks out
  void Close();          // session_end and the summary's totals

  // ChooseSetting's and ChooseIntent's parts.
  void ChooseDevice();
  void ChooseBrowser();
  void ChooseSource();
  void ChooseBudget();
  void ChooseSignIn(bool account);

  // Browse's steps: the intent and the funnel rules applied to a sampled next state,
  // then what each event type records (session_events.cc), then the checkout of a
  // buying session.
  EventType Steer(EventType next);
  void Record(EventRecord& e, EventType type);
  void PageView(EventRecord& e);
  void Search(EventRecord& e);
  void ProductView(EventRecord& e);
  void Scroll(EventRecord& e);
  void AddToCart(EventRecord& e);
  void RemoveFromCart(EventRecord& e);
  void CheckoutInitiated(EventRecord& e);
  void ShowProduct(EventRecord& e, int64_t id);  // a product page: url, price, viewed
  void Checkout();                               // stock caps, payment, purchase
  void ApplyStockCaps();

  // The dwell after `e` (of `type`): sets its duration and moves the clock on.
  void Advance(EventRecord& e, EventType type);

  // A new event at the current time, its url starting at the end of the arena.
  EventRecord& Emit(EventType type) {
    EventRecord& e = out.events.emplace_back();
    e.ts = ts;
    e.type = type;
    e.product_id = 0;
    e.price_cents = 0;
    e.has_price = false;
    e.quantity = 0;
    e.category = -1;
    e.url_offset = static_cast<uint32_t>(out.arena.size());
    e.url_length = 0;
    e.query_offset = 0;
    e.query_length = 0;
    return e;
  }
  void Append(std::string_view text) { out.arena.append(text); }
  void AppendNumber(int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof(buf), v);
    out.arena.append(buf, static_cast<size_t>(r.ptr - buf));
  }
  void FinishUrl(EventRecord& e) const {
    e.url_length = static_cast<uint32_t>(out.arena.size()) - e.url_offset;
  }
  // The page the visitor is on, for scroll and session_end.
  void ReusePage(EventRecord& e) const {
    e.url_offset = page_offset;
    e.url_length = page_length;
    e.category = page_category;
  }
  void SetPage(const EventRecord& e) {
    page_offset = e.url_offset;
    page_length = e.url_length;
    page_category = e.category;
  }
  int64_t CartValue() const {
    int64_t v = 0;
    for (const CartLine& l : cart) v += l.unit_price_cents * l.quantity;
    return v;
  }
  int32_t CartItems() const {
    int32_t n = 0;
    for (const CartLine& l : cart) n += l.quantity;
    return n;
  }
  // The next step of the funnel for a session that must still fill its cart or buy.
  EventType FunnelStep() const {
    if (buys && cart.size() >= lines_wanted) return EventType::kCheckoutInitiated;
    if (last_viewed == 0 || current_product == 0) return EventType::kProductView;
    return EventType::kAddToCart;
  }

  // Fixed for the session.
  SessionWalker& walker;
  const World& world;
  const Scenario& s;
  const CustomerState& state;
  const Customer& customer;
  const size_t persona_index;
  const Persona& persona;
  const int64_t session_id;
  const Micros start;
  const ScheduledSession* const plan;  // nullptr for an ordinary visit
  SessionRecord& out;
  SessionSummary& sum;
  std::vector<CartLine>& cart;
  Rng rng;
  const bool recovery;  // a reminder brings the visitor back to an abandoned cart
  FraudPlan fraud;
  const double sigma;  // of the log-normal dwell times
  const double speed;  // x every dwell: fraudsters click fast
  const int max_events;
  const Micros timeout;  // inactivity timeout, 0 if none
  const bool cut;  // with the window's end cutting sessions, nothing at or after it is recorded
  const Micros window_end;

  // The intent (ChooseIntent): buy, with an order of `lines_wanted` lines; leave a cart
  // behind; or only browse.
  reference::Region region{};
  bool buys = false;
  bool carts = false;
  size_t lines_wanted = 1;
  int32_t quantity_factor = 1;
  // The subtotal the cart aims at, and the most it may reach (0: no aim).
  int64_t budget = 0;
  int64_t budget_max = 0;
  bool bounces = false;
  int focus = -1;  // the category the session browses

  // Where the walk is.
  Micros ts;
  int64_t current_product = 0;  // the product page the visitor is on, 0 if none
  int64_t last_viewed = 0;      // the last product viewed in the session
  bool after_search = false;
  bool reached_checkout = false;
  bool purchased = false;
  int pages;
  uint32_t page_offset = 0;  // the current page, for scroll and session_end
  uint32_t page_length = 0;
  int16_t page_category = -1;
};

}  // namespace ecomsim
