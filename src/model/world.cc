#include "model/world.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>

#include "model/streams.h"
#include "random/distributions.h"

namespace ecomsim {
namespace {

using reference::Categories;
using reference::Cities;

// Where suppliers keep their warehouses, by region (north_america, europe, asia, other).
constexpr double kSupplierRegionMix[reference::kRegionCount] = {0.22, 0.25, 0.48, 0.05};
// Brands per category; which one a product carries follows Zipf(1) over these slots.
constexpr int kBrandsPerCategory = 14;
constexpr double kSupplierZipfExponent = 0.8;
constexpr double kStockMedian = 150;
constexpr double kStockSigma = 0.9;
constexpr int32_t kMaxStock = 100'000;
// How strongly a product's popularity score falls with its price, in standard deviations
// of the score per standard deviation of log price within its category.
constexpr double kPriceElasticity = 1.0;

std::string EmailForm(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalpha(u)) out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

__extension__ typedef unsigned __int128 Uint128;

uint64_t Gcd(uint64_t a, uint64_t b) { return b == 0 ? a : Gcd(b, a % b); }

}  // namespace

World::World(const Scenario& scenario, uint64_t seed) : scenario_(scenario), seed_(seed) {
  for (const Persona& p : scenario_.personas) {
    persona_names_.push_back(p.name);
    persona_shares_.push_back(p.share);
  }
  for (const reference::Category& c : Categories()) category_names_.push_back(c.name);
  BuildGeography();
  BuildNames();
  BuildSuppliers();
  BuildProducts();
  std::vector<int64_t> per_supplier(suppliers_.size() + 1, 0);
  for (const Product& p : products_) ++per_supplier[static_cast<size_t>(p.supplier_id)];
  main_supplier_ =
      std::max_element(per_supplier.begin() + 1, per_supplier.end()) - per_supplier.begin();
  effects_ = EffectBook(scenario_, products_, products_by_rank_, main_supplier_);
  BuildGrids();
  BuildPrices();
  campaigns_ = CampaignBook(seed_, scenario_.world.start, scenario_.world.end(),
                            scenario_.commerce.campaigns_per_month, category_weights_);
  // Campaigns that effects run, after the drawn ones.
  for (const Effect& e : scenario_.effects) {
    if (!e.has_campaign) continue;
    const int category = e.target.categories.empty() ? -1 : e.target.categories.front();
    campaigns_.Add(e.name, e.campaign_channel, e.start, e.end,
                   std::llround(e.campaign_discount_pct * 100), category);
  }
}

void World::BuildGrids() {
  // One arrival grid per distinct (UTC offset, region), and per cohort when effects
  // target cohorts.
  const auto cities = Cities();
  const Micros bin = ChooseBinWidth(scenario_.world.duration);
  std::map<std::pair<int, int>, uint32_t> grid_of;
  city_grid_.resize(cities.size());
  for (uint32_t i = 0; i < cities.size(); ++i) {
    const int offset = cities[i].utc_offset_minutes;
    const auto region = cities[i].region;
    auto [it, inserted] =
        grid_of.try_emplace({offset, static_cast<int>(region)},
                            static_cast<uint32_t>(grids_.size() / kGenerationCount));
    if (inserted) {
      for (int g = 0; g < kGenerationCount; ++g) {
        const auto cohort = static_cast<Generation>(g);
        if (g > 0 && !effects_.targets_cohorts()) {
          grids_.push_back(nullptr);
          continue;
        }
        grids_.push_back(std::make_unique<IntensityGrid>(
            scenario_, offset, bin, [&](Micros t) { return effects_.Traffic(t, region, cohort); }));
      }
    }
    city_grid_[i] = it->second;
  }
}

void World::OverlayEffectDiscounts(const Product& p, std::vector<PriceChange>& changes) const {
  // An effect's discount replaces the product's own for its window: the product's own
  // discount changes inside the window are dropped, and two changes mark its edges.
  for (const EffectBook::Discount& d : effects_.DiscountsOf(p.category, p.id, p.supplier_id)) {
    auto own_at = [&](Micros t) {
      int64_t base = p.base_price_cents, bp = p.discount_bp;
      for (const PriceChange& c : changes) {
        if (c.ts > t) break;
        base = c.base_price_cents;
        bp = c.discount_bp;
      }
      return std::pair{base, bp};
    };
    const auto [base_start, bp_start] = own_at(d.start - 1);
    const auto [base_end, bp_end] = own_at(d.end - 1);
    std::vector<PriceChange> kept;
    for (const PriceChange& c : changes) {
      if (c.ts >= d.start && c.ts < d.end && c.change == UpdateChange::kDiscount) continue;
      kept.push_back(c);
    }
    const Micros start = std::max(d.start, scenario_.world.start - 1);
    kept.push_back({start, base_start, d.bp, UpdateChange::kDiscount, UpdateCause::kPromotionStart,
                    bp_start, d.bp});
    if (d.end < scenario_.world.end()) {
      kept.push_back({d.end, base_end, bp_end, UpdateChange::kDiscount, UpdateCause::kPromotionEnd,
                      d.bp, bp_end});
    }
    std::stable_sort(kept.begin(), kept.end(),
                     [](const PriceChange& a, const PriceChange& b) { return a.ts < b.ts; });
    // Price changes inside the window keep the effect's discount.
    for (PriceChange& c : kept) {
      if (c.ts > start && c.ts < d.end) c.discount_bp = d.bp;
    }
    changes = std::move(kept);
  }
}

void World::BuildPrices() {
  const CatalogConfig& cat = scenario_.catalog;
  const Micros start = scenario_.world.start, end = scenario_.world.end();
  const double per_day_reprice = cat.repricings_per_month / 30.0;
  const double per_day_promo = cat.promotions_per_month / 30.0;
  constexpr double kRepriceSigma = 0.06;
  constexpr double kRepriceClamp = 0.15;
  std::vector<std::vector<PriceChange>> changes(products_.size());
  std::vector<int64_t> base(products_.size()), discount(products_.size());
  for (size_t i = 0; i < products_.size(); ++i) {
    const Product& p = products_[i];
    base[i] = p.base_price_cents;
    discount[i] = p.discount_bp;
    Rng rng(seed_, StreamId(Stream::kPrices), static_cast<uint64_t>(p.id));
    const auto& category = reference::Categories()[p.category];
    // Two Poisson processes over the window: repricings and promotion starts.
    struct Pending {
      Micros ts;
      bool promotion;
    };
    std::vector<Pending> starts;
    auto draw = [&](double per_day, bool promotion) {
      if (per_day <= 0) return;
      for (Micros t = start;;) {
        t += static_cast<Micros>(Exponential(rng, per_day) * static_cast<double>(kMicrosPerDay));
        if (t >= end) break;
        starts.push_back({t / kMicrosPerSecond * kMicrosPerSecond, promotion});
      }
    };
    draw(per_day_reprice, false);
    draw(per_day_promo, true);
    std::sort(starts.begin(), starts.end(), [](const Pending& a, const Pending& b) {
      return a.ts < b.ts || (a.ts == b.ts && a.promotion < b.promotion);
    });
    int64_t cur_base = p.base_price_cents, cur_discount = p.discount_bp;
    const int64_t standing_discount = p.discount_bp;
    Micros promotion_end = -1;
    auto& out = changes[i];
    auto end_promotion_before = [&](Micros t) {
      if (promotion_end >= 0 && promotion_end <= t) {
        out.push_back({promotion_end, cur_base, standing_discount, UpdateChange::kDiscount,
                       UpdateCause::kPromotionEnd, cur_discount, standing_discount});
        cur_discount = standing_discount;
        promotion_end = -1;
      }
    };
    for (const Pending& e : starts) {
      end_promotion_before(e.ts);
      if (e.promotion) {
        if (promotion_end >= 0) continue;  // one promotion at a time
        const int64_t pct =
            rng.Between(static_cast<int64_t>(std::ceil(category.discount_min_pct)),
                        static_cast<int64_t>(std::floor(category.discount_max_pct)));
        const int64_t bp = std::max(pct * 100, standing_discount + 500);
        out.push_back({e.ts, cur_base, bp, UpdateChange::kDiscount, UpdateCause::kPromotionStart,
                       cur_discount, bp});
        cur_discount = bp;
        promotion_end =
            e.ts + std::max<Micros>(kMicrosPerHour,
                                    static_cast<Micros>(Exponential(rng, 1.0 / cat.promotion_days) *
                                                        static_cast<double>(kMicrosPerDay)) /
                                        kMicrosPerSecond * kMicrosPerSecond);
      } else {
        const double factor =
            std::clamp(1.0 + Normal(rng, 0.0, kRepriceSigma), 1 - kRepriceClamp, 1 + kRepriceClamp);
        const int64_t next = std::max<int64_t>(
            99, std::llround(static_cast<double>(cur_base) * factor / 100.0) * 100 - 1);
        if (next == cur_base) continue;
        out.push_back({e.ts, next, cur_discount, UpdateChange::kPrice, UpdateCause::kRepricing,
                       cur_base, next});
        cur_base = next;
      }
    }
    end_promotion_before(end - 1);
    OverlayEffectDiscounts(p, out);
  }
  prices_ = PriceBook(std::move(changes), std::move(base), std::move(discount));
}

void World::BuildGeography() {
  const auto cities = Cities();
  std::array<std::vector<double>, reference::kRegionCount> weights;
  for (uint32_t i = 0; i < cities.size(); ++i) {
    const auto r = static_cast<size_t>(cities[i].region);
    region_cities_[r].push_back(i);
    weights[r].push_back(
        static_cast<double>(std::max<uint32_t>(cities[i].population_thousands, 1)));
  }
  std::array<double, reference::kRegionCount> region_weights = scenario_.world.regions;
  for (size_t r = 0; r < reference::kRegionCount; ++r) {
    if (region_cities_[r].empty()) {
      region_weights[r] = 0;
      continue;
    }
    city_law_[r] = AliasTable(weights[r]);
  }
  region_law_ = AliasTable(region_weights);
}

void World::BuildNames() {
  Rng rng(seed_, StreamId(Stream::kWorldKeys), 1);
  auto skewed_weights = [&](size_t n) {
    std::vector<double> w(n);
    for (double& x : w) x = LogNormal(rng, 0.0, 1.0);
    return w;
  };
  const auto first = reference::FirstNames();
  const auto last = reference::LastNames();
  first_name_law_ = AliasTable(skewed_weights(first.size()));
  last_name_law_ = AliasTable(skewed_weights(last.size()));
  std::vector<double> domain_weights;
  for (const auto& d : reference::EmailDomains()) domain_weights.push_back(d.weight);
  email_domain_law_ = AliasTable(domain_weights);
  for (std::string_view n : first) first_email_.push_back(EmailForm(n));
  for (std::string_view n : last) last_email_.push_back(EmailForm(n));

  // Offsets of the exact mixes' sequences.
  Rng mixes(seed_, StreamId(Stream::kWorldKeys), 2);
  for (double& offset : mix_offsets_) offset = mixes.NextDouble();

  // An affine bijection of 0..N-1 for the email numbers.
  const uint64_t n = static_cast<uint64_t>(scenario_.world.people());
  email_mult_ = n <= 2 ? 1 : 1 + rng.Below(n - 1);
  while (Gcd(email_mult_, n) != 1) ++email_mult_;
  email_add_ = rng.Below(n);
}

double World::MixPoint(MixAttribute mix, int64_t id) const {
  // Fractional parts of square roots of primes: irrational, with bounded continued
  // fraction terms (evenly spread points), and rationally independent of one another
  // (the mixes do not line up).
  static constexpr double kSteps[kMixAttributeCount] = {0.41421356237309505, 0.7320508075688772,
                                                        0.2360679774997898,  0.6457513110645907,
                                                        0.3166247903554,     0.6055512754639891};
  const auto k = static_cast<size_t>(mix);
  const double x = mix_offsets_[k] + static_cast<double>(id) * kSteps[k];
  return std::clamp(x - std::floor(x), 1e-12, 1 - 1e-12);
}

int64_t World::EmailNumber(int64_t customer_id) const {
  const uint64_t n = static_cast<uint64_t>(scenario_.world.people());
  const Uint128 x =
      static_cast<Uint128>(email_mult_) * static_cast<uint64_t>(customer_id - 1) + email_add_;
  return static_cast<int64_t>(static_cast<uint64_t>(x % n)) + 1;
}

void World::BuildSuppliers() {
  const int64_t count = scenario_.world.suppliers;
  const auto words = reference::SupplierWords();
  const auto kinds = reference::SupplierKinds();
  AliasTable supplier_region(kSupplierRegionMix);
  suppliers_.reserve(static_cast<size_t>(count));
  for (int64_t id = 1; id <= count; ++id) {
    Rng rng(seed_, StreamId(Stream::kSupplier), static_cast<uint64_t>(id));
    Supplier s{};
    s.id = id;
    s.word = static_cast<uint16_t>(rng.Below(words.size()));
    s.kind = static_cast<uint16_t>(rng.Below(kinds.size()));
    size_t region = supplier_region.Sample(rng);
    if (region_cities_[region].empty()) region = static_cast<size_t>(reference::Region::kAsia);
    s.city = region_cities_[region][city_law_[region].Sample(rng)];
    s.reliability = std::clamp(Beta(rng, 18.0, 2.0), 0.5, 0.999);
    s.lead_time_days = 2 + static_cast<int32_t>(Poisson(rng, 6.0));
    suppliers_.push_back(s);
  }
}

void World::BuildProducts() {
  const auto categories = Categories();
  for (const auto& c : categories) category_weights_.push_back(c.popularity);
  category_law_ = AliasTable(category_weights_);

  const int64_t count = scenario_.world.products;
  const Zipf supplier_law(static_cast<uint64_t>(scenario_.world.suppliers), kSupplierZipfExponent);
  const Zipf brand_law(kBrandsPerCategory, 1.0);
  const auto adjectives = reference::ProductAdjectives();
  const auto prefixes = reference::BrandPrefixes();
  const auto suffixes = reference::BrandSuffixes();
  const WorldConfig& w = scenario_.world;
  products_.reserve(static_cast<size_t>(count));
  for (int64_t id = 1; id <= count; ++id) {
    Rng rng(seed_, StreamId(Stream::kProduct), static_cast<uint64_t>(id));
    Product p{};
    p.id = id;
    p.category = static_cast<uint16_t>(category_law_.Sample(rng));
    const reference::Category& cat = categories[p.category];
    p.subcategory = static_cast<uint16_t>(rng.Below(cat.subcategories.size()));
    p.noun = static_cast<uint16_t>(rng.Below(cat.nouns.size()));
    p.adjective = static_cast<uint16_t>(rng.Below(adjectives.size()));
    const uint64_t brand_slot = brand_law.Sample(rng);
    const uint64_t brand_key =
        Mix64(seed_ ^ Mix64((static_cast<uint64_t>(p.category) << 8) | brand_slot));
    p.brand_prefix = static_cast<uint16_t>(brand_key % prefixes.size());
    p.brand_suffix = static_cast<uint16_t>((brand_key >> 32) % suffixes.size());
    p.supplier_id = static_cast<int64_t>(supplier_law.Sample(rng));

    const double dollars = std::clamp(
        std::clamp(LogNormal(rng, cat.price_mu, cat.price_sigma), cat.min_price, cat.max_price),
        scenario_.catalog.min_price + 1, scenario_.catalog.max_price);
    p.base_price_cents = std::max<int64_t>(99, std::llround(dollars) * 100 - 1);
    if (rng.Bernoulli(scenario_.catalog.discounted_share)) {
      const int64_t pct = rng.Between(static_cast<int64_t>(std::ceil(cat.discount_min_pct)),
                                      static_cast<int64_t>(std::floor(cat.discount_max_pct)));
      p.discount_bp = pct * 100;
    }
    p.current_price_cents =
        p.base_price_cents - (p.base_price_cents * p.discount_bp + 5000) / 10000;
    p.cost_cents = std::llround(static_cast<double>(p.base_price_cents) * cat.cost_ratio *
                                rng.Uniform(0.85, 1.15));
    p.stock = static_cast<int32_t>(std::min<double>(
        kMaxStock, std::floor(LogNormal(rng, std::log(kStockMedian), kStockSigma))));
    const Micros age = rng.Between(kMicrosPerDay, std::max(w.history, 2 * kMicrosPerDay));
    p.created_at = (w.start - age) / kMicrosPerSecond * kMicrosPerSecond;
    products_.push_back(p);
  }

  // Popularity: a latent score per product, ranked. Views follow Zipf over the rank. The
  // score leans towards the products that are cheap for their category, as demand does:
  // best sellers are rarely a category's most expensive items.
  std::vector<double> score(static_cast<size_t>(count));
  for (int64_t id = 1; id <= count; ++id) {
    Rng rng(seed_, StreamId(Stream::kPopularity), static_cast<uint64_t>(id));
    const Product& p = products_[static_cast<size_t>(id - 1)];
    const reference::Category& cat = categories[p.category];
    const double z = (std::log(static_cast<double>(p.base_price_cents) / 100) - cat.price_mu) /
                     std::max(cat.price_sigma, 0.01);
    score[static_cast<size_t>(id - 1)] =
        NormalQuantile(std::clamp(rng.NextDouble(), 1e-12, 1 - 1e-12)) - kPriceElasticity * z;
  }
  products_by_rank_.resize(static_cast<size_t>(count));
  std::iota(products_by_rank_.begin(), products_by_rank_.end(), int64_t{1});
  std::sort(products_by_rank_.begin(), products_by_rank_.end(), [&](int64_t a, int64_t b) {
    const double sa = score[static_cast<size_t>(a - 1)], sb = score[static_cast<size_t>(b - 1)];
    return sa != sb ? sa > sb : a < b;
  });
  const double s = scenario_.catalog.popularity_exponent;
  std::vector<double> weight(static_cast<size_t>(count));
  for (size_t r = 0; r < products_by_rank_.size(); ++r) {
    Product& p = products_[static_cast<size_t>(products_by_rank_[r] - 1)];
    p.popularity_rank = static_cast<int32_t>(r + 1);
    weight[static_cast<size_t>(p.id - 1)] = std::pow(static_cast<double>(r + 1), -s);
  }
  product_law_ = AliasTable(weight);

  category_products_.assign(categories.size(), {});
  std::vector<std::vector<double>> category_weights_of(categories.size());
  for (int64_t id : products_by_rank_) {
    const Product& p = products_[static_cast<size_t>(id - 1)];
    category_products_[p.category].push_back(id);
    category_weights_of[p.category].push_back(weight[static_cast<size_t>(id - 1)]);
  }
  category_product_law_.resize(categories.size());
  for (size_t c = 0; c < categories.size(); ++c) {
    if (!category_products_[c].empty())
      category_product_law_[c] = AliasTable(category_weights_of[c]);
  }
  if (scenario_.commerce.has_order_values) BuildPriceLadders(weight);
}

void World::BuildPriceLadders(const std::vector<double>& weight) {
  std::vector<int64_t> by_price(products_.size());
  std::iota(by_price.begin(), by_price.end(), int64_t{1});
  std::sort(by_price.begin(), by_price.end(), [&](int64_t a, int64_t b) {
    const int64_t pa = product(a).current_price_cents, pb = product(b).current_price_cents;
    return pa != pb ? pa < pb : a < b;
  });
  category_price_ladder_.assign(category_products_.size(), {});
  auto add = [&](PriceLadder& ladder, int64_t id) {
    if (ladder.cumulative.empty()) ladder.cumulative.push_back(0);
    ladder.price.push_back(product(id).current_price_cents);
    ladder.id.push_back(id);
    ladder.cumulative.push_back(ladder.cumulative.back() + weight[static_cast<size_t>(id - 1)]);
  };
  for (int64_t id : by_price) {
    add(price_ladder_, id);
    add(category_price_ladder_[product(id).category], id);
  }
}

int64_t World::PriceLadder::Sample(int64_t low, int64_t high, Rng& rng) const {
  const auto first =
      static_cast<size_t>(std::lower_bound(price.begin(), price.end(), low) - price.begin());
  const auto end =
      static_cast<size_t>(std::upper_bound(price.begin(), price.end(), high) - price.begin());
  if (first >= end) {
    // Nothing in the range: the nearest price below or above it.
    if (first == 0) return id.front();
    if (first == price.size()) return id.back();
    return low - price[first - 1] <= price[first] - high ? id[first - 1] : id[first];
  }
  const double u = cumulative[first] + rng.NextDouble() * (cumulative[end] - cumulative[first]);
  const auto at = std::upper_bound(cumulative.begin() + static_cast<std::ptrdiff_t>(first) + 1,
                                   cumulative.begin() + static_cast<std::ptrdiff_t>(end) + 1, u);
  return id[std::min(static_cast<size_t>(at - cumulative.begin()) - 1, end - 1)];
}

int64_t World::SampleProductPriced(int category, double affinity, int64_t low, int64_t high,
                                   Rng& rng) const {
  if (category >= 0 && rng.Bernoulli(affinity)) {
    const PriceLadder& ladder = category_price_ladder_[static_cast<size_t>(category)];
    if (!ladder.price.empty()) {
      const auto first = std::lower_bound(ladder.price.begin(), ladder.price.end(), low);
      if (first != ladder.price.end() && *first <= high) return ladder.Sample(low, high, rng);
    }
  }
  return price_ladder_.Sample(low, high, rng);
}

int64_t World::SampleProduct(Rng& rng) const {
  return static_cast<int64_t>(product_law_.Sample(rng)) + 1;
}

int64_t World::SampleProductIn(int category, Rng& rng) const {
  const auto c = static_cast<size_t>(category);
  if (category_products_[c].empty()) return SampleProduct(rng);
  return category_products_[c][category_product_law_[c].Sample(rng)];
}

uint32_t World::SampleCity(Rng& rng) const {
  const uint32_t region = region_law_.Sample(rng);
  return region_cities_[region][city_law_[region].Sample(rng)];
}

}  // namespace ecomsim
