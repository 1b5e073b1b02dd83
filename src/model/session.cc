#include "model/session.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "model/intensity.h"
#include "model/streams.h"
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
constexpr BrowserShare kAndroidBrowsers[] = {{Browser::kChrome, 0.72},
                                             {Browser::kSamsungInternet, 0.22},
                                             {Browser::kFirefox, 0.06}};
constexpr BrowserShare kWindowsBrowsers[] = {
    {Browser::kChrome, 0.66}, {Browser::kEdge, 0.24}, {Browser::kFirefox, 0.10}};
constexpr BrowserShare kMacBrowsers[] = {
    {Browser::kSafari, 0.52}, {Browser::kChrome, 0.42}, {Browser::kFirefox, 0.06}};
constexpr BrowserShare kLinuxBrowsers[] = {{Browser::kChrome, 0.55}, {Browser::kFirefox, 0.45}};
constexpr BrowserShare kChromeosBrowsers[] = {{Browser::kChrome, 1.0}};

// Share of mobile and tablet sessions that use the native app.
constexpr double kMobileAppShare = 0.40;
constexpr double kTabletAppShare = 0.30;
// Page views that land on the home page or the deals page instead of a category.
constexpr double kHomePageShare = 0.25;
constexpr double kDealsPageShare = 0.08;
// Searches that include a modifier ("cheap", "for kids") besides the noun.
constexpr double kSearchModifierShare = 0.45;
// Product views right after a search stay in the searched category this often.
constexpr double kSearchAffinity = 0.9;
// Sessions whose focus is the customer's favorite category.
constexpr double kFavoriteFocusShare = 0.6;
// Minimum dwell: no two events of a session share a millisecond.
constexpr int32_t kMinDwellMs = 200;
constexpr int32_t kMaxDwellMs = 3'600'000;
// Quantity added to the cart: 1 (82%), 2 (13%), 3 (5%).
constexpr double kQuantityTwo = 0.13;
constexpr double kQuantityThree = 0.05;
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
// Order values by segment: a session aims at a total this far inside its range, and
// views products priced within this factor of what each remaining line should cost.
constexpr double kBudgetMargin = 1.12;
constexpr double kBudgetBand = 1.25;
// Units per cart line on average (1: 82%, 2: 13%, 3: 5%).
constexpr double kMeanQuantity = 1.23;
// Draws of a product priced for a budget until one fits the band (at the time, and not
// in the cart yet), each in a band this much wider.
constexpr int kBudgetDraws = 4;
constexpr double kBudgetWidening = 1.3;
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

void AppendText(std::string& arena, std::string_view s) { arena.append(s); }

void AppendNumber(std::string& arena, int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  arena.append(buf, static_cast<size_t>(r.ptr - buf));
}

}  // namespace

SessionWalker::SessionWalker(const World& world)
    : world_(world), lines_per_order_(world.scenario().commerce.items_per_order), max_dwell_ms_(kMaxDwellMs) {
  const Scenario& s = world.scenario();
  if (s.session.inactivity_timeout > 0) {
    max_dwell_ms_ = static_cast<int32_t>(
        std::min<Micros>(kMaxDwellMs, (s.session.inactivity_timeout - kMicrosPerSecond) / 1000 - 1));
  }
  cdf_.resize(s.personas.size());
  dwell_mu_.resize(s.personas.size());
  const double sigma = s.session.dwell_sigma;
  for (size_t p = 0; p < s.personas.size(); ++p) {
    for (int from = 0; from < kEventTypeCount; ++from) {
      double acc = 0;
      for (int to = 0; to < kEventTypeCount; ++to) {
        acc += s.personas[p].transitions[static_cast<size_t>(from)][static_cast<size_t>(to)];
        cdf_[p][static_cast<size_t>(from)][static_cast<size_t>(to)] = acc;
      }
    }
    for (int t = 0; t < kEventTypeCount; ++t) {
      const double mean = std::max(1e-3, s.session.dwell_seconds[static_cast<size_t>(t)] *
                                             s.personas[p].dwell);
      // A log-normal with this mean: mu = ln(mean) - sigma^2 / 2.
      dwell_mu_[p][static_cast<size_t>(t)] = std::log(mean) - sigma * sigma / 2;
    }
  }
  viewed_.reserve(64);
}

EventType SessionWalker::NextState(size_t persona, EventType from, Rng& rng) const {
  const auto& row = cdf_[persona][static_cast<size_t>(from)];
  const double u = rng.NextDouble() * row[kEventTypeCount - 1];
  for (int to = 0; to < kEventTypeCount; ++to) {
    if (u < row[static_cast<size_t>(to)]) return static_cast<EventType>(to);
  }
  return EventType::kSessionEnd;
}

int64_t SessionWalker::PickProduct(int focus_category, double affinity, Rng& rng) const {
  if (focus_category >= 0 && rng.Bernoulli(affinity)) {
    return world_.SampleProductIn(focus_category, rng);
  }
  return world_.SampleProduct(rng);
}

int64_t SessionWalker::PickProductForBudget(int focus_category, double affinity, int64_t left,
                                            size_t lines_left, std::span<const CartLine> cart, Micros ts,
                                            Rng& rng) const {
  const double per_line = static_cast<double>(std::max<int64_t>(left, 100)) /
                          static_cast<double>(std::max<size_t>(lines_left, 1)) / kMeanQuantity;
  double band = kBudgetBand;
  int64_t id = 0;
  for (int i = 0; i < kBudgetDraws; ++i) {
    const auto low = static_cast<int64_t>(per_line / band);
    const auto high = static_cast<int64_t>(per_line * band);
    id = world_.SampleProductPriced(focus_category, affinity, low, high, rng);
    // The ranges are built from prices at the window's start: a product repriced or on
    // promotion since may no longer fit; and one already in the cart adds no line.
    const int64_t price = world_.prices().PriceAt(id, ts);
    const bool in_cart = std::any_of(cart.begin(), cart.end(), [&](const CartLine& l) { return l.product_id == id; });
    if (price >= low && price <= high && !in_cart) break;
    band *= kBudgetWidening;
  }
  return id;
}

void SessionWalker::AppendSearchQuery(int category, Rng& rng, std::string& arena) const {
  const auto& cat = reference::Categories()[static_cast<size_t>(category)];
  if (rng.Bernoulli(kSearchModifierShare)) {
    const auto mods = reference::SearchModifiers();
    AppendText(arena, mods[rng.Below(mods.size())]);
    arena.push_back(' ');
  }
  AppendText(arena, cat.nouns[rng.Below(cat.nouns.size())]);
}

void SessionWalker::Walk(const CustomerState& state, int64_t number, Micros start,
                         const ScheduledSession* plan, SessionRecord& out) {
  const Scenario& s = world_.scenario();
  const Customer& customer = state.customer;
  const size_t persona_index = customer.persona;
  const Persona& persona = s.personas[persona_index];
  const int64_t session_id = customer.id * kSessionsPerCustomer + number;
  Rng rng(world_.seed(), StreamId(Stream::kSession), static_cast<uint64_t>(session_id));
  out.Clear();
  viewed_.clear();
  std::vector<CartLine>& cart = out.cart;

  const bool recovery = plan != nullptr && plan->kind == ScheduledSession::Kind::kRecovery;
  FraudPlan fraud;
  if (plan != nullptr && plan->kind == ScheduledSession::Kind::kFraud) {
    fraud.active = true;
    fraud.type = plan->fraud;
  }

  SessionSummary& sum = out.summary;
  sum = SessionSummary{};
  sum.session_id = session_id;
  sum.customer_id = customer.id;
  sum.start_at = start;
  sum.origin = recovery ? SessionOrigin::kCartReminder
               : fraud.active ? SessionOrigin::kAccountTakeover : SessionOrigin::kVisit;

  // Device, software, channel and source.
  const bool usual = rng.Bernoulli(s.world.device_loyalty);
  sum.device = usual ? customer.preferred_device : static_cast<Device>(PickMix(rng, s.world.devices));
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
    sum.channel = rng.Bernoulli(app) ? Channel::kApp
                                     : (sum.device == Device::kMobile ? Channel::kMobileWeb : Channel::kWeb);
  }
  // A cohort's usual channel, on the usual device.
  if (usual && customer.has_preferred_channel) sum.channel = customer.preferred_channel;
  // Customers who moved to a new channel visit through it.
  Channel migrated_to;
  if (world_.effects().Migrated(customer.id, start, migrated_to)) {
    sum.channel = migrated_to;
    if (migrated_to != Channel::kWeb && sum.device == Device::kDesktop) {
      sum.device = Device::kMobile;
      sum.os = PickShare(rng, kMobileOs).os;
    }
  }
  if (sum.channel == Channel::kApp) {
    sum.browser = Browser::kApp;
  } else {
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
  sum.traffic_source = recovery ? TrafficSource::kEmail
                       : fraud.active ? TrafficSource::kDirect
                                      : static_cast<TrafficSource>(PickMix(rng, s.world.traffic_sources));
  // Visits from a campaign's channel while it runs are attributed to it.
  CampaignChannel channel;
  if (!recovery && ChannelOfSource(sum.traffic_source, rng, channel) && rng.Bernoulli(kCampaignAttribution)) {
    if (const Campaign* c = world_.campaigns().Active(channel, start, rng.Next())) sum.campaign_id = c->id;
  }

  // The session's intent: buy (with an order of `lines_wanted` lines), leave a cart
  // behind, or only browse.
  const reference::Region region = reference::Cities()[customer.city].region;
  const double conversion = std::min(
      0.98, persona.conversion * world_.effects().Conversion(start, region, customer.generation, sum.channel));
  const bool buys = recovery || fraud.active || rng.Bernoulli(conversion);
  const bool carts = buys || rng.Bernoulli(persona.cart_rate);
  size_t lines_wanted = buys ? lines_per_order_.Sample(rng) + 1 : 1;
  if (buys && state.segment() >= Segment::kGold && rng.Bernoulli(kBigBasketShare)) ++lines_wanted;
  int32_t quantity_factor = 1;
  if (fraud.active && fraud.type == FraudType::kAmountOutlier) {
    quantity_factor = static_cast<int32_t>(rng.Between(5, 20));
  }
  // The total the session's cart aims at, from the customer's segment's range, and the
  // subtotal that makes it after shipping and tax (0: no aim). Sessions that will not
  // buy aim too: a cart they leave behind may be bought later.
  int64_t budget = 0, budget_max = 0;
  if (!recovery && !fraud.active && s.commerce.has_order_values) {
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
  const bool bounces = !carts && rng.Bernoulli(persona.bounce);
  int focus = rng.Bernoulli(kFavoriteFocusShare) ? customer.favorite_category
                                                 : world_.SampleCategory(rng);
  if (fraud.active && fraud.type == FraudType::kUnusualCategory) {
    focus = static_cast<int>(kUnusualCategories[rng.Below(std::size(kUnusualCategories))]);
  }
  const double sigma = s.session.dwell_sigma;
  const double speed = fraud.active ? kFraudsterSpeed : 1.0;  // fraudsters click fast
  const int max_events = s.session.max_events;
  const Micros timeout = s.session.inactivity_timeout;
  // With the window's end cutting sessions, nothing at or after it is recorded.
  const bool cut = s.session.at_window_end == WindowEnd::kCut;
  const Micros window_end = s.world.end();

  Micros ts = start;
  int64_t current_product = 0;   // the product page the visitor is on, 0 if none
  int64_t last_viewed = 0;       // the last product viewed in the session
  bool after_search = false;
  bool reached_checkout = false;
  uint32_t page_offset = 0, page_length = 0;  // the current page, for scroll and session_end
  int16_t page_category = -1;

  auto emit = [&](EventType type) -> EventRecord& {
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
  };
  auto finish_url = [&](EventRecord& e) {
    e.url_length = static_cast<uint32_t>(out.arena.size()) - e.url_offset;
  };
  auto reuse_page = [&](EventRecord& e) {
    e.url_offset = page_offset;
    e.url_length = page_length;
    e.category = page_category;
  };
  auto set_page = [&](const EventRecord& e) {
    page_offset = e.url_offset;
    page_length = e.url_length;
    page_category = e.category;
  };
  auto advance = [&](EventRecord& e, EventType type) {
    const double mean_mu = dwell_mu_[persona_index][static_cast<size_t>(type)];
    double seconds = LogNormal(rng, mean_mu, sigma) * speed;
    // Under an inactivity timeout a visitor never idles that long within a session:
    // the dwell is drawn from the law cut below the cap.
    for (int i = 0; timeout > 0 && i < kDwellRedraws && seconds * 1000.0 >= max_dwell_ms_; ++i) {
      seconds = LogNormal(rng, mean_mu, sigma) * speed;
    }
    const auto ms = static_cast<int32_t>(
        std::clamp<double>(std::llround(seconds * 1000.0), kMinDwellMs, max_dwell_ms_));
    e.duration_ms = ms;
    ts += static_cast<Micros>(ms) * 1000;
  };
  auto cart_value = [&] {
    int64_t v = 0;
    for (const CartLine& l : cart) v += l.unit_price_cents * l.quantity;
    return v;
  };
  auto cart_items = [&] {
    int32_t n = 0;
    for (const CartLine& l : cart) n += l.quantity;
    return n;
  };
  // The next step of the funnel for a session that must still fill its cart or buy.
  auto funnel_step = [&]() {
    if (buys && cart.size() >= lines_wanted) return EventType::kCheckoutInitiated;
    if (last_viewed == 0 || current_product == 0) return EventType::kProductView;
    return EventType::kAddToCart;
  };

  {
    EventRecord& e = emit(EventType::kSessionStart);
    AppendText(out.arena, "/");
    finish_url(e);
    set_page(e);
    advance(e, EventType::kSessionStart);
  }
  // A recovery visit lands on the cart it left, restored.
  if (recovery) {
    for (const AbandonedCart& c : state.carts) {
      if (c.cart_id != plan->cart_id) continue;
      for (const AbandonedCart::Line& l : c.lines) {
        const Product& p = world_.product(l.product_id);
        cart.push_back({l.product_id, world_.prices().PriceAt(l.product_id, ts), l.quantity,
                        static_cast<int16_t>(p.category)});
      }
    }
    out.checkout.recovered_cart_id = plan->cart_id;
    lines_wanted = std::max<size_t>(cart.size(), 1);
    if (!(cut && ts >= window_end)) {
      EventRecord& e = emit(EventType::kPageView);
      ++sum.page_views;
      AppendText(out.arena, "/cart");
      finish_url(e);
      set_page(e);
      advance(e, EventType::kPageView);
    }
  }
  EventType state_now = recovery ? funnel_step() : NextState(persona_index, EventType::kSessionStart, rng);
  bool purchased = false;
  int pages = recovery ? 1 : 0;

  while (true) {
    if (cut && ts >= window_end) break;  // the next event would come after the window
    const int events_so_far = static_cast<int>(out.events.size());
    const bool must_buy = buys && !purchased;
    const bool must_cart = carts && !buys && cart.empty();
    // Keep room for the rest of the funnel (at most four events) and session_end.
    const bool at_limit = events_so_far >= max_events - kFunnelReserve;
    // Past the limit with lines still missing (the same products came up again and
    // again): the order is what the cart holds.
    if (events_so_far >= max_events && buys && !cart.empty()) lines_wanted = std::min(lines_wanted, cart.size());
    // A visitor with a budget who has spent most of it checks out.
    if (budget > 0 && !cart.empty() && static_cast<double>(cart_value()) >= kBudgetSpent * static_cast<double>(budget)) {
      lines_wanted = std::min(lines_wanted, cart.size());
    }
    if (at_limit) state_now = (must_buy || must_cart) ? funnel_step() : EventType::kSessionEnd;
    if (at_limit && must_cart && state_now == EventType::kCheckoutInitiated) state_now = EventType::kSessionEnd;
    // The session's intent, applied to the sampled next state.
    if (state_now == EventType::kAddToCart && (!carts || (buys && cart.size() >= lines_wanted))) {
      state_now = buys ? EventType::kCheckoutInitiated : EventType::kProductView;
    }
    if (state_now == EventType::kCheckoutInitiated && buys && cart.size() < lines_wanted) {
      state_now = funnel_step();
    }
    // The funnel rules.
    if (state_now == EventType::kAddToCart && last_viewed == 0) state_now = EventType::kProductView;
    if (state_now == EventType::kRemoveFromCart && (cart.empty() || buys)) state_now = EventType::kProductView;
    if (state_now == EventType::kCheckoutInitiated && cart.empty()) {
      state_now = last_viewed != 0 ? EventType::kAddToCart : EventType::kProductView;
      if (!carts) state_now = EventType::kProductView;
    }
    if (state_now == EventType::kSessionEnd && (must_buy || must_cart)) state_now = funnel_step();
    if (state_now == EventType::kSessionEnd) break;

    EventRecord& e = emit(state_now);
    switch (state_now) {
      case EventType::kPageView: {
        ++sum.page_views;
        const double u = rng.NextDouble();
        if (u < kHomePageShare) {
          AppendText(out.arena, "/");
        } else if (u < kHomePageShare + kDealsPageShare) {
          AppendText(out.arena, "/deals");
        } else {
          const int cat = rng.Bernoulli(s.catalog.category_affinity) ? focus : world_.SampleCategory(rng);
          focus = cat;
          e.category = static_cast<int16_t>(cat);
          AppendText(out.arena, "/c/");
          AppendText(out.arena, world_.category_names()[static_cast<size_t>(cat)]);
        }
        finish_url(e);
        set_page(e);
        current_product = 0;
        after_search = false;
        ++pages;
        break;
      }
      case EventType::kSearch: {
        ++sum.searches;
        const int cat = rng.Bernoulli(s.catalog.category_affinity) ? focus : world_.SampleCategory(rng);
        focus = cat;
        e.category = static_cast<int16_t>(cat);
        const uint32_t query_start = static_cast<uint32_t>(out.arena.size());
        AppendSearchQuery(cat, rng, out.arena);
        const uint32_t query_end = static_cast<uint32_t>(out.arena.size());
        // The url repeats the query with '+' for spaces.
        e.url_offset = static_cast<uint32_t>(out.arena.size());
        AppendText(out.arena, "/search?q=");
        for (uint32_t i = query_start; i < query_end; ++i) {
          const char c = out.arena[i];
          out.arena.push_back(c == ' ' ? '+' : c);
        }
        finish_url(e);
        e.query_offset = query_start;
        e.query_length = query_end - query_start;
        set_page(e);
        current_product = 0;
        after_search = true;
        ++pages;
        break;
      }
      case EventType::kProductView: {
        ++sum.products_viewed;
        const double affinity = after_search || fraud.active ? kSearchAffinity : s.catalog.category_affinity;
        int64_t id;
        double focus_share = 0;
        const std::vector<int64_t>* focused = world_.effects().Focus(ts, focus_share);
        if (focused != nullptr && rng.Bernoulli(focus_share)) {
          id = (*focused)[rng.Below(focused->size())];
        } else if (budget > 0) {
          const size_t lines_left = lines_wanted > cart.size() ? lines_wanted - cart.size() : 1;
          id = PickProductForBudget(focus, affinity, budget - cart_value(), lines_left, cart, ts, rng);
        } else {
          id = PickProduct(focus, affinity, rng);
        }
        const Product& p = world_.product(id);
        e.product_id = id;
        e.category = static_cast<int16_t>(p.category);
        e.price_cents = world_.prices().PriceAt(id, ts);
        e.has_price = true;
        AppendText(out.arena, "/product/");
        AppendNumber(out.arena, id);
        finish_url(e);
        set_page(e);
        if (std::find(viewed_.begin(), viewed_.end(), id) == viewed_.end()) viewed_.push_back(id);
        current_product = id;
        last_viewed = id;
        ++pages;
        break;
      }
      case EventType::kScroll:
        reuse_page(e);
        e.product_id = current_product;
        break;
      case EventType::kAddToCart: {
        const int64_t id = current_product != 0 ? current_product : last_viewed;
        double backup = 0;
        if (world_.effects().InOutage(id, ts, backup) && !rng.Bernoulli(backup)) {
          // Out of stock and the backup supplier has none: the visitor looks elsewhere.
          e.type = EventType::kProductView;
          ++sum.products_viewed;
          const int64_t other = PickProduct(focus, s.catalog.category_affinity, rng);
          e.product_id = other;
          e.category = static_cast<int16_t>(world_.product(other).category);
          e.price_cents = world_.prices().PriceAt(other, ts);
          e.has_price = true;
          AppendText(out.arena, "/product/");
          AppendNumber(out.arena, other);
          finish_url(e);
          set_page(e);
          if (std::find(viewed_.begin(), viewed_.end(), other) == viewed_.end()) viewed_.push_back(other);
          current_product = other;
          last_viewed = other;
          ++pages;
          break;
        }
        ++sum.cart_additions;
        const Product& p = world_.product(id);
        const double u = rng.NextDouble();
        int32_t qty =
            (u < kQuantityThree ? 3 : (u < kQuantityThree + kQuantityTwo ? 2 : 1)) * quantity_factor;
        const int64_t price = world_.prices().PriceAt(id, ts);
        // A visitor with a budget takes one less while more would go past it.
        while (budget > 0 && qty > 1 && cart_value() + price * qty > budget_max) --qty;
        auto line = std::find_if(cart.begin(), cart.end(),
                                 [&](const CartLine& l) { return l.product_id == id; });
        if (line != cart.end()) {
          line->quantity += qty;
        } else {
          cart.push_back({id, price, qty, static_cast<int16_t>(p.category)});
        }
        e.product_id = id;
        e.category = static_cast<int16_t>(p.category);
        e.quantity = qty;
        e.price_cents = price;
        e.has_price = true;
        AppendText(out.arena, "/product/");
        AppendNumber(out.arena, id);
        finish_url(e);
        // Move on after adding: a session does not add the same product twice running.
        current_product = 0;
        break;
      }
      case EventType::kRemoveFromCart: {
        ++sum.cart_removals;
        const size_t i = rng.Below(cart.size());
        const CartLine line = cart[i];
        cart.erase(cart.begin() + static_cast<std::ptrdiff_t>(i));
        e.product_id = line.product_id;
        e.category = line.category;
        e.quantity = line.quantity;
        e.price_cents = line.unit_price_cents;
        e.has_price = true;
        AppendText(out.arena, "/cart");
        finish_url(e);
        set_page(e);
        page_category = -1;
        current_product = 0;
        ++pages;
        break;
      }
      case EventType::kCheckoutInitiated: {
        reached_checkout = true;
        e.quantity = cart_items();
        e.price_cents = cart_value();
        e.has_price = true;
        AppendText(out.arena, "/checkout");
        finish_url(e);
        set_page(e);
        current_product = 0;
        ++pages;
        break;
      }
      default:
        break;
    }
    advance(e, state_now);

    if (state_now == EventType::kCheckoutInitiated && buys && !purchased) {
      // Stock caps are shared by all customers: their lines get stock only if the
      // allocation served this order (or, in the first pass, are recorded).
      const auto& caps = world_.effects().caps();
      for (size_t i = cart.size(); i-- > 0 && !caps.empty();) {
        for (uint32_t c = 0; c < caps.size(); ++c) {
          const auto& cap = caps[c];
          // The stock does not come back when the window ends: sales after it count too.
          if (ts < cap.start ||
              !std::binary_search(cap.products.begin(), cap.products.end(), cart[i].product_id)) {
            continue;
          }
          if (world_.stock() == nullptr) {
            if (recorder_ != nullptr) recorder_->push_back({ts, session_id, cart[i].product_id, c, cart[i].quantity});
          } else if (!world_.stock()->Served(c, session_id, cart[i].product_id, cart[i].quantity)) {
            out.sold_out.push_back(cart[i]);
            cart.erase(cart.begin() + static_cast<std::ptrdiff_t>(i));
            break;
          }
        }
      }
      if (cart.empty()) {
        out.stage = CartStage::kCheckout;
        break;  // everything was sold out
      }
      // Payment: the order exists from the first attempt on. Under an inactivity timeout
      // the purchase (or the visitor's leaving) comes within it of the checkout.
      const Micros checkout_ts = out.events.back().ts;
      const Micros deadline = timeout > 0 ? checkout_ts + timeout - kMicrosPerSecond - 1 : -1;
      CheckoutRecord& co = out.checkout;
      co.attempted = true;
      co.lines = cart;
      co.fraud = fraud;
      co.totals = PriceOrder(world_, co.lines, sum.campaign_id, region);
      co.paid = SimulatePayments(world_, state, sum.device, ts, co.totals.total, fraud, rng, co.payments,
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
        break;
      }
      if (!co.paid) {
        out.stage = CartStage::kPayment;
        break;  // the payment did not go through: the visitor leaves
      }
      EventRecord& p = emit(EventType::kPurchase);
      p.quantity = co.totals.units;
      p.price_cents = co.totals.total;
      p.has_price = true;
      AppendText(out.arena, "/checkout/confirmation");
      finish_url(p);
      set_page(p);
      advance(p, EventType::kPurchase);
      purchased = true;
      sum.converted = true;
      sum.purchase_value_cents = co.totals.total;
      sum.cart_value_cents = cart_value();
      cart.clear();
      break;  // a session ends after its purchase
    }
    if (bounces) break;
    state_now = IsBrowseState(state_now) ? NextState(persona_index, state_now, rng) : EventType::kSessionEnd;
  }

  sum.open = cut && ts >= window_end;
  if (!sum.open) {
    EventRecord& e = emit(EventType::kSessionEnd);
    reuse_page(e);
    e.duration_ms = 0;
  } else if (!out.events.empty()) {
    out.events.back().duration_ms = 0;  // what follows it is not recorded
  }
  if (!purchased) {
    sum.cart_value_cents = cart_value();
    if (out.stage != CartStage::kPayment) out.stage = reached_checkout ? CartStage::kCheckout : CartStage::kCart;
  }
  sum.end_at = ts;
  sum.unique_products_viewed = static_cast<int32_t>(viewed_.size());
  sum.bounce = pages <= 1 && !sum.open;
  sum.event_count = static_cast<int32_t>(out.events.size());
}

SessionCursor::SessionCursor(const World& world, CustomerState& state)
    : world_(&world),
      state_(&state),
      arrivals_(world.seed(), StreamId(Stream::kArrivals), static_cast<uint64_t>(state.customer.id)),
      after_(std::max(world.scenario().world.start, state.customer.registered_at)),
      next_start_(-1) {}

Micros SessionCursor::NextArrival() {
  const Micros end = world_->scenario().world.end();
  const EffectBook& effects = world_->effects();
  while (next_start_ < 0) {
    next_start_ = number_ >= kSessionsPerCustomer - 1
                      ? end
                      : world_->GridFor(state_->customer.city, state_->customer.generation)
                            .NextArrival(after_, state_->customer.sessions_per_day, arrivals_);
    // A new channel takes visits from the old ones: customers who did not move lose some.
    const double lost = next_start_ < end ? effects.Cannibalization(next_start_) : 0;
    Channel to;
    if (lost > 0 && !effects.Migrated(state_->customer.id, next_start_, to) && arrivals_.Bernoulli(lost)) {
      after_ = next_start_;
      next_start_ = -1;
    }
  }
  return next_start_;
}

Micros SessionCursor::PeekStart() {
  const Micros arrival = NextArrival();
  const auto& scheduled = state_->scheduled;
  if (!scheduled.empty() && scheduled.front().start < arrival) {
    return std::max(scheduled.front().start, after_);
  }
  return arrival;
}

bool SessionCursor::Next(SessionWalker& walker, SessionRecord& out) {
  const Micros end = world_->scenario().world.end();
  const Micros arrival = NextArrival();
  auto& scheduled = state_->scheduled;
  const bool take_scheduled = !scheduled.empty() && scheduled.front().start < arrival;
  if (take_scheduled) {
    const ScheduledSession plan = scheduled.front();
    scheduled.erase(scheduled.begin());
    const Micros start = std::max(plan.start, after_);
    if (start >= end || number_ >= kSessionsPerCustomer - 1) return Next(walker, out);
    walker.Walk(*state_, number_, start, &plan, out);
  } else {
    if (arrival >= end) return false;
    walker.Walk(*state_, number_, arrival, nullptr, out);
    next_start_ = -1;
  }
  ++number_;
  // Sessions of one customer never overlap: the next one starts after this one ends (and
  // after the inactivity timeout, so that it is a new session by that rule too).
  after_ = out.summary.end_at + world_->scenario().session.inactivity_timeout;
  if (next_start_ >= 0 && next_start_ < after_) next_start_ = -1;
  return true;
}

}  // namespace ecomsim
