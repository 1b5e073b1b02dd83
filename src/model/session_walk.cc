// SessionWalker::Walk and the steps of a session around its events: the setting
// (device, channel, source), the intent (buy, cart, budget), the loop of the state
// machine with its funnel rules, the checkout, and the end. What each event type
// records is in session_events.cc.
#include <algorithm>
#include <cmath>

#include "model/intensity.h"
#include "model/streams.h"
#include "model/walk_state.h"
#include "random/distributions.h"

namespace ecomsim {
namespace {

// How sessions look on each device. Shares, not laws of nature: they follow public
// market-share figures closely enough for realistic mixes.
struct OsShare {
  Os os;
  double share;
};
constexpr OsShare kMobileOs[] = {{Os::kIos, 0.55}, {Os::kAndroid, 0.45}};
constexpr OsShare kDesktopOs[] = {
    {Os::kWindows, 0.68}, {Os::kMacos, 0.26}, {Os::kLinux, 0.03}, {Os::kChromeos, 0.03}};
constexpr OsShare kTabletOs[] = {{Os::kIpados, 0.62}, {Os::kAndroid, 0.38}};

struct BrowserShare {
  Browser browser;
  double share;
};
constexpr BrowserShare kIosBrowsers[] = {{Browser::kSafari, 0.85}, {Browser::kChrome, 0.15}};
constexpr BrowserShare kAndroidBrowsers[] = {
    {Browser::kChrome, 0.72}, {Browser::kSamsungInternet, 0.22}, {Browser::kFirefox, 0.06}};
constexpr BrowserShare kWindowsBrowsers[] = {
    {Browser::kChrome, 0.66}, {Browser::kEdge, 0.24}, {Browser::kFirefox, 0.10}};
constexpr BrowserShare kMacBrowsers[] = {
    {Browser::kSafari, 0.52}, {Browser::kChrome, 0.42}, {Browser::kFirefox, 0.06}};
constexpr BrowserShare kLinuxBrowsers[] = {{Browser::kChrome, 0.55}, {Browser::kFirefox, 0.45}};
constexpr BrowserShare kChromeosBrowsers[] = {{Browser::kChrome, 1.0}};

// Share of mobile and tablet sessions that use the native app.
constexpr double kMobileAppShare = 0.40;
constexpr double kTabletAppShare = 0.30;
// Sessions whose focus is the customer's favorite category.
constexpr double kFavoriteFocusShare = 0.6;
// Minimum dwell: no two events of a session share a millisecond.
constexpr int32_t kMinDwellMs = 200;
// Events kept free at the end of a session for the funnel and session_end.
constexpr int kFunnelReserve = 5;
// Visits from a running campaign's channel that are attributed to it.
constexpr double kCampaignAttribution = 0.8;
// Gold and platinum customers add one more line to this share of their orders.
constexpr double kBigBasketShare = 0.35;
// Fraudsters move through the site this much faster than the persona.
constexpr double kFraudsterSpeed = 0.35;
// Categories an account takeover shops in: resellable goods.
constexpr int kUnusualCategories[] = {0, 9};  // electronics, jewelry
// Dwell times drawn at or above the cap are drawn again this many times, then clamped.
constexpr int kDwellRedraws = 8;
// Order values by segment: a session aims at a total this far inside its range.
constexpr double kBudgetMargin = 1.12;
// A budget is spent when the cart holds this share of it.
constexpr double kBudgetSpent = 0.9;

template <typename T, size_t N>
auto PickShare(Rng& rng, const T (&table)[N]) {
  double u = rng.NextDouble();
  for (size_t i = 0; i + 1 < N; ++i) {
    if (u < table[i].share) return table[i];
    u -= table[i].share;
  }
  return table[N - 1];
}

size_t PickMix(Rng& rng, std::span<const double> shares) {
  double u = rng.NextDouble();
  size_t last = 0;
  for (size_t i = 0; i < shares.size(); ++i) {
    if (shares[i] <= 0) continue;
    last = i;
    if (u < shares[i]) return i;
    u -= shares[i];
  }
  return last;
}

bool IsBrowseState(EventType t) {
  return t != EventType::kSessionStart && t != EventType::kPurchase && t != EventType::kSessionEnd;
}

FraudPlan FraudOf(const ScheduledSession* plan) {
  FraudPlan fraud;
  if (plan != nullptr && plan->kind == ScheduledSession::Kind::kFraud) {
    fraud.active = true;
    fraud.type = plan->fraud;
  }
  return fraud;
}

}  // namespace

EventType SessionWalker::NextState(size_t persona, EventType from, Rng& rng) const {
  const auto& row = cdf_[persona][static_cast<size_t>(from)];
  const double u = rng.NextDouble() * row[kEventTypeCount - 1];
  for (int to = 0; to < kEventTypeCount; ++to) {
    if (u < row[static_cast<size_t>(to)]) return static_cast<EventType>(to);
  }
  return EventType::kSessionEnd;
}

void SessionWalker::Walk(const CustomerState& state, int64_t number, Micros start,
                         const ScheduledSession* plan, SessionRecord& out) {
  out.Clear();
  viewed_.clear();
  WalkState walk(*this, state, number, start, plan, out);
  walk.ChooseSetting();
  walk.ChooseIntent();
  walk.Open();
  walk.Browse();
  walk.Close();
}

SessionWalker::WalkState::WalkState(SessionWalker& walker, const CustomerState& state,
                                    int64_t number, Micros start, const ScheduledSession* plan,
                                    SessionRecord& out)
    : walker(walker),
      world(walker.world_),
      s(world.scenario()),
      state(state),
      customer(state.customer),
      persona_index(customer.persona),
      persona(s.personas[persona_index]),
      session_id(customer.id * kSessionsPerCustomer + number),
      start(start),
      plan(plan),
      out(out),
      sum(out.summary),
      cart(out.cart),
      rng(world.seed(), StreamId(Stream::kSession), static_cast<uint64_t>(session_id)),
      recovery(plan != nullptr && plan->kind == ScheduledSession::Kind::kRecovery),
      fraud(FraudOf(plan)),
      sigma(s.session.dwell_sigma),
      speed(fraud.active ? kFraudsterSpeed : 1.0),
      max_events(s.session.max_events),
      timeout(s.session.inactivity_timeout),
      cut(s.session.at_window_end == WindowEnd::kCut),
      window_end(s.world.end()),
      ts(start),
      pages(recovery ? 1 : 0) {
  sum = SessionSummary{};
  sum.session_id = session_id;
  sum.visitor_id = customer.id;
  sum.start_at = start;
  sum.origin = recovery       ? SessionOrigin::kCartReminder
               : fraud.active ? SessionOrigin::kAccountTakeover
                              : SessionOrigin::kVisit;
}

// Whether the session is signed in to an account: a customer who buys (or comes back
// for a cart, or is a fraudster in the account) always is, otherwise for a share of
// visits; a visitor who buys opens an account at the checkout, or checks out as a guest.
// The whole session then carries the customer_id.
void SessionWalker::WalkState::ChooseSignIn(bool account) {
  const auto& w = s.world;
  bool signed_in;
  if (account) {
    signed_in = buys || w.logged_in >= 1 || rng.Bernoulli(w.logged_in);
  } else {
    sum.registers = buys && (w.visitors.register_at_checkout >= 1 ||
                             rng.Bernoulli(w.visitors.register_at_checkout));
    signed_in = sum.registers;
  }
  sum.customer_id = signed_in ? customer.id : 0;
}

void SessionWalker::WalkState::ChooseSetting() {
  ChooseDevice();
  ChooseBrowser();
  ChooseSource();
}

// The device (usually the customer's own), its os, and the channel it visits through.
void SessionWalker::WalkState::ChooseDevice() {
  const bool usual = rng.Bernoulli(s.world.device_loyalty);
  sum.device =
      usual ? customer.preferred_device : static_cast<Device>(PickMix(rng, s.world.devices));
  if (fraud.active && fraud.type == FraudType::kNewDevice) {
    sum.device = static_cast<Device>(PickMix(rng, s.world.devices));
  }
  switch (sum.device) {
    case Device::kMobile: sum.os = PickShare(rng, kMobileOs).os; break;
    case Device::kDesktop: sum.os = PickShare(rng, kDesktopOs).os; break;
    case Device::kTablet: sum.os = PickShare(rng, kTabletOs).os; break;
  }
  if (sum.device == Device::kDesktop) {
    sum.channel = Channel::kWeb;
  } else {
    const double app = sum.device == Device::kMobile ? kMobileAppShare : kTabletAppShare;
    sum.channel = rng.Bernoulli(app)
                      ? Channel::kApp
                      : (sum.device == Device::kMobile ? Channel::kMobileWeb : Channel::kWeb);
  }
  // A cohort's usual channel, on the usual device.
  if (usual && customer.has_preferred_channel) sum.channel = customer.preferred_channel;
  // Customers who moved to a new channel visit through it.
  Channel migrated_to;
  if (world.effects().Migrated(customer.id, start, migrated_to)) {
    sum.channel = migrated_to;
    if (migrated_to != Channel::kWeb && sum.device == Device::kDesktop) {
      sum.device = Device::kMobile;
      sum.os = PickShare(rng, kMobileOs).os;
    }
  }
}

void SessionWalker::WalkState::ChooseBrowser() {
  if (sum.channel == Channel::kApp) {
    sum.browser = Browser::kApp;
    return;
  }
  switch (sum.os) {
    case Os::kIos:
    case Os::kIpados: sum.browser = PickShare(rng, kIosBrowsers).browser; break;
    case Os::kAndroid: sum.browser = PickShare(rng, kAndroidBrowsers).browser; break;
    case Os::kWindows: sum.browser = PickShare(rng, kWindowsBrowsers).browser; break;
    case Os::kMacos: sum.browser = PickShare(rng, kMacBrowsers).browser; break;
    case Os::kLinux: sum.browser = PickShare(rng, kLinuxBrowsers).browser; break;
    case Os::kChromeos: sum.browser = PickShare(rng, kChromeosBrowsers).browser; break;
  }
}

// The traffic source, and the campaign a visit from a campaign's channel is attributed to.
void SessionWalker::WalkState::ChooseSource() {
  sum.traffic_source = recovery ? TrafficSource::kEmail
                       : fraud.active
                           ? TrafficSource::kDirect
                           : static_cast<TrafficSource>(PickMix(rng, s.world.traffic_sources));
  CampaignChannel channel;
  if (!recovery && ChannelOfSource(sum.traffic_source, rng, channel) &&
      rng.Bernoulli(kCampaignAttribution)) {
    if (const Campaign* c = world.campaigns().Active(channel, start, rng.Next()))
      sum.campaign_id = c->id;
  }
}

void SessionWalker::WalkState::ChooseIntent() {
  region = reference::Cities()[customer.city].region;
  // Someone without an account (yet) browses anonymously and buys less often.
  const bool account = customer.registered_at <= start;
  const double conversion = std::min(
      0.98, persona.conversion * (account ? 1.0 : s.world.visitors.conversion) *
                world.effects().Conversion(start, region, customer.generation, sum.channel));
  buys = recovery || fraud.active || rng.Bernoulli(conversion);
  ChooseSignIn(account);
  carts = buys || rng.Bernoulli(persona.cart_rate);
  lines_wanted = buys ? walker.lines_per_order_.Sample(rng) + 1 : 1;
  if (buys && state.segment() >= Segment::kGold && rng.Bernoulli(kBigBasketShare)) ++lines_wanted;
  if (fraud.active && fraud.type == FraudType::kAmountOutlier) {
    quantity_factor = static_cast<int32_t>(rng.Between(5, 20));
  }
  ChooseBudget();
  bounces = !carts && rng.Bernoulli(persona.bounce);
  focus =
      rng.Bernoulli(kFavoriteFocusShare) ? customer.favorite_category : world.SampleCategory(rng);
  if (fraud.active && fraud.type == FraudType::kUnusualCategory) {
    focus = static_cast<int>(kUnusualCategories[rng.Below(std::size(kUnusualCategories))]);
  }
}

// The total the session's cart aims at, from the customer's segment's range, and the
// subtotal that makes it after shipping and tax. Sessions that will not buy aim too: a
// cart they leave behind may be bought later.
void SessionWalker::WalkState::ChooseBudget() {
  if (recovery || fraud.active || !s.commerce.has_order_values) return;
  const auto& range = s.commerce.order_value_cents[static_cast<size_t>(state.segment())];
  const double tax = 1 + s.commerce.tax_rate[static_cast<size_t>(region)];
  auto subtotal_of = [&](double total) {
    const double subtotal = total / tax;
    return std::llround(subtotal - static_cast<double>(s.commerce.shipping_fee_cents) <
                                static_cast<double>(s.commerce.free_shipping_over_cents)
                            ? subtotal - static_cast<double>(s.commerce.shipping_fee_cents)
                            : subtotal);
  };
  const double low = std::log(static_cast<double>(range[0]) * kBudgetMargin);
  const double high = std::log(static_cast<double>(range[1]) / kBudgetMargin);
  budget = std::max<int64_t>(100, subtotal_of(std::exp(rng.Uniform(low, std::max(low, high)))));
  budget_max = std::max<int64_t>(budget, subtotal_of(static_cast<double>(range[1])));
}

void SessionWalker::WalkState::Open() {
  {
    EventRecord& e = Emit(EventType::kSessionStart);
    Append("/");
    FinishUrl(e);
    SetPage(e);
    Advance(e, EventType::kSessionStart);
  }
  if (!recovery) return;
  // A recovery visit lands on the cart it left, restored.
  for (const AbandonedCart& c : state.carts) {
    if (c.cart_id != plan->cart_id) continue;
    for (const AbandonedCart::Line& l : c.lines) {
      const Product& p = world.product(l.product_id);
      cart.push_back({l.product_id, world.prices().PriceAt(l.product_id, ts), l.quantity,
                      static_cast<int16_t>(p.category)});
    }
  }
  out.checkout.recovered_cart_id = plan->cart_id;
  lines_wanted = std::max<size_t>(cart.size(), 1);
  if (!(cut && ts >= window_end)) {
    EventRecord& e = Emit(EventType::kPageView);
    ++sum.page_views;
    Append("/cart");
    FinishUrl(e);
    SetPage(e);
    Advance(e, EventType::kPageView);
  }
}

void SessionWalker::WalkState::Browse() {
  EventType next =
      recovery ? FunnelStep() : walker.NextState(persona_index, EventType::kSessionStart, rng);
  // With the window's end cutting sessions, the next event would come after the window.
  while (!(cut && ts >= window_end)) {
    next = Steer(next);
    if (next == EventType::kSessionEnd) break;
    EventRecord& e = Emit(next);
    Record(e, next);
    Advance(e, next);
    if (next == EventType::kCheckoutInitiated && buys && !purchased) {
      Checkout();
      break;  // a session ends after its checkout: bought, refused, or sold out
    }
    if (bounces) break;
    next =
        IsBrowseState(next) ? walker.NextState(persona_index, next, rng) : EventType::kSessionEnd;
  }
}

EventType SessionWalker::WalkState::Steer(EventType next) {
  const int events_so_far = static_cast<int>(out.events.size());
  const bool must_buy = buys && !purchased;
  const bool must_cart = carts && !buys && cart.empty();
  // Keep room for the rest of the funnel (at most four events) and session_end.
  const bool at_limit = events_so_far >= max_events - kFunnelReserve;
  // Past the limit with lines still missing (the same products came up again and
  // again): the order is what the cart holds.
  if (events_so_far >= max_events && buys && !cart.empty())
    lines_wanted = std::min(lines_wanted, cart.size());
  // A visitor with a budget who has spent most of it checks out.
  if (budget > 0 && !cart.empty() &&
      static_cast<double>(CartValue()) >= kBudgetSpent * static_cast<double>(budget)) {
    lines_wanted = std::min(lines_wanted, cart.size());
  }
  if (at_limit) next = (must_buy || must_cart) ? FunnelStep() : EventType::kSessionEnd;
  if (at_limit && must_cart && next == EventType::kCheckoutInitiated) next = EventType::kSessionEnd;
  // The session's intent, applied to the sampled next state.
  if (next == EventType::kAddToCart && (!carts || (buys && cart.size() >= lines_wanted))) {
    next = buys ? EventType::kCheckoutInitiated : EventType::kProductView;
  }
  if (next == EventType::kCheckoutInitiated && buys && cart.size() < lines_wanted)
    next = FunnelStep();
  // The funnel rules.
  if (next == EventType::kAddToCart && last_viewed == 0) next = EventType::kProductView;
  if (next == EventType::kRemoveFromCart && (cart.empty() || buys)) next = EventType::kProductView;
  if (next == EventType::kCheckoutInitiated && cart.empty()) {
    next = last_viewed != 0 ? EventType::kAddToCart : EventType::kProductView;
    if (!carts) next = EventType::kProductView;
  }
  if (next == EventType::kSessionEnd && (must_buy || must_cart)) next = FunnelStep();
  return next;
}

void SessionWalker::WalkState::Advance(EventRecord& e, EventType type) {
  const double mean_mu = walker.dwell_mu_[persona_index][static_cast<size_t>(type)];
  double seconds = LogNormal(rng, mean_mu, sigma) * speed;
  // Under an inactivity timeout a visitor never idles that long within a session: the
  // dwell is drawn from the law cut below the cap.
  for (int i = 0; timeout > 0 && i < kDwellRedraws && seconds * 1000.0 >= walker.max_dwell_ms_;
       ++i) {
    seconds = LogNormal(rng, mean_mu, sigma) * speed;
  }
  const auto ms = static_cast<int32_t>(
      std::clamp<double>(std::llround(seconds * 1000.0), kMinDwellMs, walker.max_dwell_ms_));
  e.duration_ms = ms;
  ts += static_cast<Micros>(ms) * 1000;
}

// Stock caps are shared by all customers: the cart's lines get stock only if the
// allocation served this order (or, in the first pass, are recorded). Lines refused
// move to out.sold_out.
void SessionWalker::WalkState::ApplyStockCaps() {
  const auto& caps = world.effects().caps();
  for (size_t i = cart.size(); i-- > 0 && !caps.empty();) {
    for (uint32_t c = 0; c < caps.size(); ++c) {
      const auto& cap = caps[c];
      // The stock does not come back when the window ends: sales after it count too.
      if (ts < cap.start ||
          !std::binary_search(cap.products.begin(), cap.products.end(), cart[i].product_id)) {
        continue;
      }
      if (world.stock() == nullptr) {
        if (walker.recorder_ != nullptr) {
          walker.recorder_->push_back({ts, session_id, cart[i].product_id, c, cart[i].quantity});
        }
      } else if (!world.stock()->Served(c, session_id, cart[i].product_id, cart[i].quantity)) {
        out.sold_out.push_back(cart[i]);
        cart.erase(cart.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
  }
}

void SessionWalker::WalkState::Checkout() {
  ApplyStockCaps();
  if (cart.empty()) {
    out.stage = CartStage::kCheckout;
    return;  // everything was sold out
  }
  // Payment: the order exists from the first attempt on. Under an inactivity timeout the
  // purchase (or the visitor's leaving) comes within it of the checkout.
  const Micros checkout_ts = out.events.back().ts;
  const Micros deadline = timeout > 0 ? checkout_ts + timeout - kMicrosPerSecond - 1 : -1;
  CheckoutRecord& co = out.checkout;
  co.attempted = true;
  co.lines = cart;
  co.fraud = fraud;
  co.totals = PriceOrder(world, co.lines, sum.campaign_id, region);
  co.paid = SimulatePayments(world, state, sum.device, ts, co.totals.total, fraud, rng, co.payments,
                             deadline);
  co.ordered_at = co.payments.back().ts;
  ts = std::max(ts, co.ordered_at + kMicrosPerSecond);
  if (cut && (co.ordered_at >= window_end || (co.paid && ts >= window_end))) {
    // Still paying when the window ends: the checkout is not recorded.
    co.attempted = false;
    co.paid = false;
    co.lines.clear();
    co.payments.clear();
    out.stage = CartStage::kCheckout;
    return;
  }
  if (!co.paid) {
    out.stage = CartStage::kPayment;
    return;  // the payment did not go through: the visitor leaves
  }
  EventRecord& p = Emit(EventType::kPurchase);
  p.quantity = co.totals.units;
  p.price_cents = co.totals.total;
  p.has_price = true;
  Append("/checkout/confirmation");
  FinishUrl(p);
  SetPage(p);
  Advance(p, EventType::kPurchase);
  purchased = true;
  sum.converted = true;
  sum.purchase_value_cents = co.totals.total;
  sum.cart_value_cents = CartValue();
  cart.clear();
}

void SessionWalker::WalkState::Close() {
  sum.open = cut && ts >= window_end;
  if (!sum.open) {
    EventRecord& e = Emit(EventType::kSessionEnd);
    ReusePage(e);
    e.duration_ms = 0;
  } else if (!out.events.empty()) {
    out.events.back().duration_ms = 0;  // what follows it is not recorded
  }
  if (!purchased) {
    sum.cart_value_cents = CartValue();
    if (out.stage != CartStage::kPayment)
      out.stage = reached_checkout ? CartStage::kCheckout : CartStage::kCart;
  }
  sum.end_at = ts;
  sum.unique_products_viewed = static_cast<int32_t>(walker.viewed_.size());
  sum.bounce = pages <= 1 && !sum.open;
  sum.event_count = static_cast<int32_t>(out.events.size());
}

}  // namespace ecomsim
