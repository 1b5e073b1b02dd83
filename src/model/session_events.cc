// What each event type of a session's walk records (its url, product, price and
// quantity, the cart it changes, the page the visitor is on afterwards), and the
// walker's choices of products and search queries.
#include <algorithm>

#include "model/walk_state.h"

namespace ecomsim {
namespace {

// Page views that land on the home page or the deals page instead of a category.
constexpr double kHomePageShare = 0.25;
constexpr double kDealsPageShare = 0.08;
// Product views right after a search stay in the searched category this often.
constexpr double kSearchAffinity = 0.9;
// Quantity added to the cart: 1 (82%), 2 (13%), 3 (5%).
constexpr double kQuantityTwo = 0.13;
constexpr double kQuantityThree = 0.05;
// Searches that include a modifier ("cheap", "for kids") besides the noun.
constexpr double kSearchModifierShare = 0.45;
// Order values by segment: a session views products priced within this factor of what
// each remaining line should cost.
constexpr double kBudgetBand = 1.25;
// Units per cart line on average (1: 82%, 2: 13%, 3: 5%).
constexpr double kMeanQuantity = 1.23;
// Draws of a product priced for a budget until one fits the band (at the time, and not
// in the cart yet), each in a band this much wider.
constexpr int kBudgetDraws = 4;
constexpr double kBudgetWidening = 1.3;

}  // namespace

int64_t SessionWalker::PickProduct(int focus_category, double affinity, Rng& rng) const {
  if (focus_category >= 0 && rng.Bernoulli(affinity)) {
    return world_.SampleProductIn(focus_category, rng);
  }
  return world_.SampleProduct(rng);
}

int64_t SessionWalker::PickProductForBudget(int focus_category, double affinity, int64_t left,
                                            size_t lines_left, std::span<const CartLine> cart,
                                            Micros ts, Rng& rng) const {
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
    const bool in_cart = std::any_of(cart.begin(), cart.end(),
                                     [&](const CartLine& l) { return l.product_id == id; });
    if (price >= low && price <= high && !in_cart) break;
    band *= kBudgetWidening;
  }
  return id;
}

void SessionWalker::AppendSearchQuery(int category, Rng& rng, std::string& arena) const {
  const auto& cat = reference::Categories()[static_cast<size_t>(category)];
  if (rng.Bernoulli(kSearchModifierShare)) {
    const auto mods = reference::SearchModifiers();
    arena.append(mods[rng.Below(mods.size())]);
    arena.push_back(' ');
  }
  arena.append(cat.nouns[rng.Below(cat.nouns.size())]);
}

void SessionWalker::WalkState::Record(EventRecord& e, EventType type) {
  switch (type) {
    case EventType::kPageView: PageView(e); break;
    case EventType::kSearch: Search(e); break;
    case EventType::kProductView: ProductView(e); break;
    case EventType::kScroll: Scroll(e); break;
    case EventType::kAddToCart: AddToCart(e); break;
    case EventType::kRemoveFromCart: RemoveFromCart(e); break;
    case EventType::kCheckoutInitiated: CheckoutInitiated(e); break;
    default: break;
  }
}

void SessionWalker::WalkState::PageView(EventRecord& e) {
  ++sum.page_views;
  const double u = rng.NextDouble();
  if (u < kHomePageShare) {
    Append("/");
  } else if (u < kHomePageShare + kDealsPageShare) {
    Append("/deals");
  } else {
    const int cat = rng.Bernoulli(s.catalog.category_affinity) ? focus : world.SampleCategory(rng);
    focus = cat;
    e.category = static_cast<int16_t>(cat);
    Append("/c/");
    Append(world.category_names()[static_cast<size_t>(cat)]);
  }
  FinishUrl(e);
  SetPage(e);
  current_product = 0;
  after_search = false;
  ++pages;
}

void SessionWalker::WalkState::Search(EventRecord& e) {
  ++sum.searches;
  const int cat = rng.Bernoulli(s.catalog.category_affinity) ? focus : world.SampleCategory(rng);
  focus = cat;
  e.category = static_cast<int16_t>(cat);
  const uint32_t query_start = static_cast<uint32_t>(out.arena.size());
  walker.AppendSearchQuery(cat, rng, out.arena);
  const uint32_t query_end = static_cast<uint32_t>(out.arena.size());
  // The url repeats the query with '+' for spaces.
  e.url_offset = static_cast<uint32_t>(out.arena.size());
  Append("/search?q=");
  for (uint32_t i = query_start; i < query_end; ++i) {
    const char c = out.arena[i];
    out.arena.push_back(c == ' ' ? '+' : c);
  }
  FinishUrl(e);
  e.query_offset = query_start;
  e.query_length = query_end - query_start;
  SetPage(e);
  current_product = 0;
  after_search = true;
  ++pages;
}

void SessionWalker::WalkState::ProductView(EventRecord& e) {
  ++sum.products_viewed;
  const double affinity =
      after_search || fraud.active ? kSearchAffinity : s.catalog.category_affinity;
  int64_t id;
  double focus_share = 0;
  const std::vector<int64_t>* focused = world.effects().Focus(ts, focus_share);
  if (focused != nullptr && rng.Bernoulli(focus_share)) {
    id = (*focused)[rng.Below(focused->size())];
  } else if (budget > 0) {
    const size_t lines_left = lines_wanted > cart.size() ? lines_wanted - cart.size() : 1;
    id = walker.PickProductForBudget(focus, affinity, budget - CartValue(), lines_left, cart, ts,
                                     rng);
  } else {
    id = walker.PickProduct(focus, affinity, rng);
  }
  ShowProduct(e, id);
}

void SessionWalker::WalkState::ShowProduct(EventRecord& e, int64_t id) {
  e.product_id = id;
  e.category = static_cast<int16_t>(world.product(id).category);
  e.price_cents = world.prices().PriceAt(id, ts);
  e.has_price = true;
  Append("/product/");
  AppendNumber(id);
  FinishUrl(e);
  SetPage(e);
  std::vector<int64_t>& viewed = walker.viewed_;
  if (std::find(viewed.begin(), viewed.end(), id) == viewed.end()) viewed.push_back(id);
  current_product = id;
  last_viewed = id;
  ++pages;
}

void SessionWalker::WalkState::Scroll(EventRecord& e) {
  ReusePage(e);
  e.product_id = current_product;
}

void SessionWalker::WalkState::AddToCart(EventRecord& e) {
  const int64_t id = current_product != 0 ? current_product : last_viewed;
  double backup = 0;
  if (world.effects().InOutage(id, ts, backup) && !rng.Bernoulli(backup)) {
    // Out of stock and the backup supplier has none: the visitor looks elsewhere.
    e.type = EventType::kProductView;
    ++sum.products_viewed;
    ShowProduct(e, walker.PickProduct(focus, s.catalog.category_affinity, rng));
    return;
  }
  ++sum.cart_additions;
  const Product& p = world.product(id);
  const double u = rng.NextDouble();
  int32_t qty =
      (u < kQuantityThree ? 3 : (u < kQuantityThree + kQuantityTwo ? 2 : 1)) * quantity_factor;
  const int64_t price = world.prices().PriceAt(id, ts);
  // A visitor with a budget takes one less while more would go past it.
  while (budget > 0 && qty > 1 && CartValue() + price * qty > budget_max) --qty;
  auto line =
      std::find_if(cart.begin(), cart.end(), [&](const CartLine& l) { return l.product_id == id; });
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
  Append("/product/");
  AppendNumber(id);
  FinishUrl(e);
  // Move on after adding: a session does not add the same product twice running.
  current_product = 0;
}

void SessionWalker::WalkState::RemoveFromCart(EventRecord& e) {
  ++sum.cart_removals;
  const size_t i = rng.Below(cart.size());
  const CartLine line = cart[i];
  cart.erase(cart.begin() + static_cast<std::ptrdiff_t>(i));
  e.product_id = line.product_id;
  e.category = line.category;
  e.quantity = line.quantity;
  e.price_cents = line.unit_price_cents;
  e.has_price = true;
  Append("/cart");
  FinishUrl(e);
  SetPage(e);
  page_category = -1;
  current_product = 0;
  ++pages;
}

void SessionWalker::WalkState::CheckoutInitiated(EventRecord& e) {
  reached_checkout = true;
  e.quantity = CartItems();
  e.price_cents = CartValue();
  e.has_price = true;
  Append("/checkout");
  FinishUrl(e);
  SetPage(e);
  current_product = 0;
  ++pages;
}

}  // namespace ecomsim
