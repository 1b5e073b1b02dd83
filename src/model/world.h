#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/campaigns.h"
#include "model/effect_book.h"
#include "model/intensity.h"
#include "model/pricing.h"
#include "model/stock.h"
#include "random/alias_table.h"
#include "reference/reference.h"
#include "scenario/scenario.h"

namespace ecomsim {

struct Supplier {
  int64_t id;
  uint16_t word;  // SupplierWords index
  uint16_t kind;  // SupplierKinds index
  uint32_t city;  // Cities index: the warehouse location
  double reliability;
  int32_t lead_time_days;
};

struct Product {
  int64_t id;
  int64_t supplier_id;
  int64_t base_price_cents;
  int64_t discount_bp;  // discount in hundredths of a percent (2500 = 25.00%)
  int64_t current_price_cents;
  int64_t cost_cents;
  Micros created_at;
  int32_t stock;
  int32_t popularity_rank;  // 1 = most popular
  uint16_t category;        // Categories index
  uint16_t subcategory;     // index into the category's subcategories
  uint16_t brand_prefix;
  uint16_t brand_suffix;
  uint16_t adjective;
  uint16_t noun;  // index into the category's nouns
};

// The customer mixes that world.exact_mixes draws from low-discrepancy sequences.
enum class MixAttribute : uint8_t {
  kGeneration,
  kPersona,
  kUserType,
  kDevice,
  kAcquisition,
  kActivity
};
inline constexpr int kMixAttributeCount = 6;

// Everything about the world that does not depend on a customer: the catalog, the
// sampling tables, the arrival-rate grids. Built once from a scenario and a seed
// (deterministically: the same inputs give the same world), then shared read-only by
// every worker. Thread-safe after construction.
class World {
 public:
  World(const Scenario& scenario, uint64_t seed);
  // Views into the world point at its members: it never moves.
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const Scenario& scenario() const { return scenario_; }
  uint64_t seed() const { return seed_; }

  const std::vector<Supplier>& suppliers() const { return suppliers_; }
  const std::vector<Product>& products() const { return products_; }
  const Product& product(int64_t id) const { return products_[static_cast<size_t>(id - 1)]; }

  const PriceBook& prices() const { return prices_; }
  const CampaignBook& campaigns() const { return campaigns_; }
  const std::vector<double>& category_weights() const { return category_weights_; }

  // Product ids by popularity: the global law and one law per category.
  int64_t SampleProduct(Rng& rng) const;
  // Falls back to the global law for a category without products.
  int64_t SampleProductIn(int category, Rng& rng) const;
  int SampleCategory(Rng& rng) const { return static_cast<int>(category_law_.Sample(rng)); }
  // A product whose price at the window's start lies in [low, high] cents, by popularity:
  // with probability `affinity` one of `category` if it has any in the range. When no
  // product is in the range, the one nearest to it. REQUIRES: the scenario has order
  // values by segment (commerce.orders.value_by_segment).
  int64_t SampleProductPriced(int category, double affinity, int64_t low, int64_t high,
                              Rng& rng) const;

  uint32_t SampleCity(Rng& rng) const;
  uint32_t SampleFirstName(Rng& rng) const { return first_name_law_.Sample(rng); }
  uint32_t SampleLastName(Rng& rng) const { return last_name_law_.Sample(rng); }
  uint32_t SampleEmailDomain(Rng& rng) const { return email_domain_law_.Sample(rng); }

  // The point of customer `id` in the sequence of one mix: uniform in (0, 1), and the
  // points of customers 1..n (or any run of ids) spread evenly. A Kronecker sequence,
  // id x an irrational step per mix plus an offset from the seed.
  double MixPoint(MixAttribute mix, int64_t id) const;

  // Email local parts are made unique by a number: a bijection of the customer id onto
  // 1..people, so no two customers share one and no retry is ever needed.
  int64_t EmailNumber(int64_t customer_id) const;

  // The arrival grid for customers in a city (and, when effects target cohorts, of a
  // generation).
  const IntensityGrid& GridFor(uint32_t city, Generation cohort) const {
    const size_t g = effects_.targets_cohorts() ? static_cast<size_t>(cohort) : 0;
    return *grids_[city_grid_[city] * kGenerationCount + g];
  }
  const EffectBook& effects() const { return effects_; }
  // Which purchases of stock-capped products got stock: null until the first pass has
  // resolved them (then purchases are recorded instead). Set before any worker starts.
  const StockAllocation* stock() const { return stock_.get(); }
  void set_stock(std::unique_ptr<StockAllocation> stock) { stock_ = std::move(stock); }
  // The supplier with the most products.
  int64_t main_supplier() const { return main_supplier_; }

  const std::vector<std::string_view>& persona_names() const { return persona_names_; }
  const std::vector<double>& persona_shares() const { return persona_shares_; }
  const std::vector<std::string_view>& category_names() const { return category_names_; }

  // Lower-case ASCII forms of the name pools, for emails ("o'brien" -> "obrien").
  std::string_view FirstNameEmailForm(uint32_t i) const { return first_email_[i]; }
  std::string_view LastNameEmailForm(uint32_t i) const { return last_email_[i]; }

 private:
  void BuildSuppliers();
  void BuildProducts();
  void BuildGeography();
  void BuildNames();
  void BuildPrices();
  void BuildGrids();
  void BuildPriceLadders(const std::vector<double>& weight);
  void OverlayEffectDiscounts(const Product& p, std::vector<PriceChange>& changes) const;

  Scenario scenario_;
  uint64_t seed_;
  std::vector<Supplier> suppliers_;
  std::vector<Product> products_;
  PriceBook prices_;
  CampaignBook campaigns_;
  EffectBook effects_;
  std::unique_ptr<StockAllocation> stock_;
  int64_t main_supplier_ = 1;
  std::vector<double> category_weights_;

  AliasTable category_law_;
  AliasTable product_law_;  // outcome = product index
  std::vector<AliasTable> category_product_law_;
  std::vector<std::vector<int64_t>> category_products_;  // outcome -> product id
  std::vector<int64_t> products_by_rank_;
  // Products by price at the start with their cumulative popularity (cumulative[i]: the
  // weight of the products before i), for sampling within a price range.
  struct PriceLadder {
    std::vector<int64_t> price;
    std::vector<int64_t> id;
    std::vector<double> cumulative;  // one longer than price
    int64_t Sample(int64_t low, int64_t high, Rng& rng) const;
  };
  PriceLadder price_ladder_;
  std::vector<PriceLadder> category_price_ladder_;

  std::array<AliasTable, reference::kRegionCount> city_law_;
  std::array<std::vector<uint32_t>, reference::kRegionCount> region_cities_;
  AliasTable region_law_;

  AliasTable first_name_law_;
  AliasTable last_name_law_;
  AliasTable email_domain_law_;
  std::vector<std::string> first_email_;
  std::vector<std::string> last_email_;

  std::vector<std::unique_ptr<IntensityGrid>> grids_;
  std::vector<uint32_t> city_grid_;  // city index -> grids_ index

  std::vector<std::string_view> persona_names_;
  std::vector<double> persona_shares_;
  std::vector<std::string_view> category_names_;

  std::array<double, kMixAttributeCount> mix_offsets_{};
  uint64_t email_mult_ = 1;
  uint64_t email_add_ = 0;
};

}  // namespace ecomsim
