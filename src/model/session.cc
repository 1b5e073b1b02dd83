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

SessionWalker::SessionWalker(const World& world) : world_(world) {
  const Scenario& s = world.scenario();
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
  cart_.reserve(32);
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

void SessionWalker::AppendSearchQuery(int category, Rng& rng, std::string& arena) const {
  const auto& cat = reference::Categories()[static_cast<size_t>(category)];
  if (rng.Bernoulli(kSearchModifierShare)) {
    const auto mods = reference::SearchModifiers();
    AppendText(arena, mods[rng.Below(mods.size())]);
    arena.push_back(' ');
  }
  AppendText(arena, cat.nouns[rng.Below(cat.nouns.size())]);
}

void SessionWalker::Walk(const Customer& customer, int64_t number, Micros start,
                         SessionRecord& out) {
  const Scenario& s = world_.scenario();
  const size_t persona_index = customer.persona;
  const Persona& persona = s.personas[persona_index];
  const int64_t session_id = customer.id * kSessionsPerCustomer + number;
  Rng rng(world_.seed(), StreamId(Stream::kSession), static_cast<uint64_t>(session_id));
  out.Clear();
  cart_.clear();
  viewed_.clear();

  SessionSummary& sum = out.summary;
  sum = SessionSummary{};
  sum.session_id = session_id;
  sum.customer_id = customer.id;
  sum.start_at = start;

  // Device, software, channel and source.
  sum.device = rng.Bernoulli(s.world.device_loyalty)
                   ? customer.preferred_device
                   : static_cast<Device>(PickMix(rng, s.world.devices));
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
  sum.traffic_source = static_cast<TrafficSource>(PickMix(rng, s.world.traffic_sources));

  const bool buys = rng.Bernoulli(persona.conversion);
  const bool bounces = !buys && rng.Bernoulli(persona.bounce);
  int focus = rng.Bernoulli(kFavoriteFocusShare) ? customer.favorite_category
                                                 : world_.SampleCategory(rng);
  const double sigma = s.session.dwell_sigma;
  const int max_events = s.session.max_events;

  Micros ts = start;
  int64_t current_product = 0;   // the product page the visitor is on, 0 if none
  int64_t last_viewed = 0;       // the last product viewed in the session
  bool after_search = false;
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
    const double seconds = LogNormal(rng, mean_mu, sigma);
    const auto ms = static_cast<int32_t>(
        std::clamp<double>(std::llround(seconds * 1000.0), kMinDwellMs, kMaxDwellMs));
    e.duration_ms = ms;
    ts += static_cast<Micros>(ms) * 1000;
  };
  auto cart_value = [&] {
    int64_t v = 0;
    for (const CartLine& l : cart_) v += l.price_cents * l.quantity;
    return v;
  };
  auto cart_items = [&] {
    int32_t n = 0;
    for (const CartLine& l : cart_) n += l.quantity;
    return n;
  };

  {
    EventRecord& e = emit(EventType::kSessionStart);
    AppendText(out.arena, "/");
    finish_url(e);
    set_page(e);
    advance(e, EventType::kSessionStart);
  }
  EventType state = NextState(persona_index, EventType::kSessionStart, rng);
  bool purchased = false;
  int pages = 0;

  while (true) {
    const int events_so_far = static_cast<int>(out.events.size());
    // Keep room for the rest of the funnel (at most four events) and session_end.
    const bool at_limit = events_so_far >= max_events - kFunnelReserve;
    if (at_limit && !(buys && !purchased)) state = EventType::kSessionEnd;
    if (at_limit && buys && !purchased) {
      if (last_viewed == 0) state = EventType::kProductView;
      else if (cart_.empty()) state = EventType::kAddToCart;
      else state = EventType::kCheckoutInitiated;
    }
    // The funnel rules, applied to the sampled next state.
    if (state == EventType::kAddToCart && last_viewed == 0) state = EventType::kProductView;
    if (state == EventType::kRemoveFromCart && cart_.empty()) state = EventType::kProductView;
    if (state == EventType::kCheckoutInitiated && cart_.empty()) {
      state = last_viewed != 0 ? EventType::kAddToCart : EventType::kProductView;
    }
    if (state == EventType::kSessionEnd && buys && !purchased) {
      if (last_viewed == 0) state = EventType::kProductView;
      else if (cart_.empty()) state = EventType::kAddToCart;
      else state = EventType::kCheckoutInitiated;
    }
    if (state == EventType::kSessionEnd) break;

    EventRecord& e = emit(state);
    switch (state) {
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
        const double affinity = after_search ? kSearchAffinity : s.catalog.category_affinity;
        const int64_t id = PickProduct(focus, affinity, rng);
        const Product& p = world_.product(id);
        e.product_id = id;
        e.category = static_cast<int16_t>(p.category);
        e.price_cents = p.current_price_cents;
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
        ++sum.cart_additions;
        const int64_t id = current_product != 0 ? current_product : last_viewed;
        const Product& p = world_.product(id);
        const double u = rng.NextDouble();
        const int32_t qty = u < kQuantityThree ? 3 : (u < kQuantityThree + kQuantityTwo ? 2 : 1);
        auto line = std::find_if(cart_.begin(), cart_.end(),
                                 [&](const CartLine& l) { return l.product_id == id; });
        if (line != cart_.end()) {
          line->quantity += qty;
        } else {
          cart_.push_back({id, p.current_price_cents, qty});
        }
        e.product_id = id;
        e.category = static_cast<int16_t>(p.category);
        e.quantity = qty;
        e.price_cents = p.current_price_cents;
        e.has_price = true;
        AppendText(out.arena, "/product/");
        AppendNumber(out.arena, id);
        finish_url(e);
        break;
      }
      case EventType::kRemoveFromCart: {
        ++sum.cart_removals;
        const size_t i = rng.Below(cart_.size());
        const CartLine line = cart_[i];
        cart_.erase(cart_.begin() + static_cast<std::ptrdiff_t>(i));
        e.product_id = line.product_id;
        e.category = static_cast<int16_t>(world_.product(line.product_id).category);
        e.quantity = line.quantity;
        e.price_cents = line.price_cents;
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
    advance(e, state);

    if (state == EventType::kCheckoutInitiated && buys && !purchased) {
      EventRecord& p = emit(EventType::kPurchase);
      p.quantity = cart_items();
      p.price_cents = cart_value();
      p.has_price = true;
      AppendText(out.arena, "/checkout/confirmation");
      finish_url(p);
      set_page(p);
      advance(p, EventType::kPurchase);
      purchased = true;
      sum.converted = true;
      sum.purchase_value_cents = p.price_cents;
      sum.cart_value_cents = p.price_cents;
      break;  // a session ends after its purchase
    }
    if (bounces) break;
    state = IsBrowseState(state) ? NextState(persona_index, state, rng) : EventType::kSessionEnd;
  }

  {
    EventRecord& e = emit(EventType::kSessionEnd);
    reuse_page(e);
    e.duration_ms = 0;
  }
  if (!purchased) sum.cart_value_cents = cart_value();
  sum.end_at = ts;
  sum.unique_products_viewed = static_cast<int32_t>(viewed_.size());
  sum.bounce = pages <= 1;
  sum.event_count = static_cast<int32_t>(out.events.size());
}

SessionCursor::SessionCursor(const World& world, const Customer& customer)
    : world_(&world),
      customer_(customer),
      arrivals_(world.seed(), StreamId(Stream::kArrivals), static_cast<uint64_t>(customer.id)),
      after_(std::max(world.scenario().world.start, customer.registered_at)),
      next_start_(-1) {}

Micros SessionCursor::PeekStart() {
  if (next_start_ < 0) {
    const Micros end = world_->scenario().world.end();
    next_start_ = number_ >= kSessionsPerCustomer
                      ? end
                      : world_->GridForCity(customer_.city)
                            .NextArrival(after_, customer_.sessions_per_day, arrivals_);
  }
  return next_start_;
}

bool SessionCursor::Next(SessionWalker& walker, SessionRecord& out) {
  const Micros start = PeekStart();
  if (start >= world_->scenario().world.end()) return false;
  walker.Walk(customer_, number_, start, out);
  ++number_;
  // Sessions of one customer never overlap: the next one starts after this one ends.
  after_ = out.summary.end_at;
  next_start_ = -1;
  return true;
}

}  // namespace ecomsim
