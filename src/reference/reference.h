#pragma once

#include <cstdint>
#include <span>
#include <string_view>

// Reference data compiled into the binary: real places, name pools, the category tree
// with its price models, and word pools. Everything here is immutable static data;
// all functions are thread-safe and return views into storage that lives for the
// whole program.
namespace ecomsim::reference {

enum class Region : uint8_t { kNorthAmerica = 0, kEurope = 1, kAsia = 2, kOther = 3 };
inline constexpr int kRegionCount = 4;
std::string_view RegionName(Region r);  // "north_america", "europe", "asia", "other"

struct City {
  std::string_view name;          // "Chicago"
  std::string_view country;       // "United States"
  std::string_view country_code;  // ISO 3166-1 alpha-2, "US"
  Region region;
  double latitude;                // degrees, WGS84
  double longitude;               // degrees, WGS84
  int16_t utc_offset_minutes;     // standard (non-DST) offset: -360 for Chicago
  uint32_t population_thousands;  // metro population, used as the weight within a region
};

// At least 150 real cities; at least 40 per region for north_america, europe and asia.
std::span<const City> Cities();

// Given names and family names from many cultures, each pool with at least 1,000
// distinct ASCII entries (letters, apostrophes or hyphens only; emails are derived from
// them). No duplicates within a pool.
std::span<const std::string_view> FirstNames();
std::span<const std::string_view> LastNames();
// Mail domains ("gmail.com", ...), at least 12, with a popularity weight each.
struct EmailDomain {
  std::string_view domain;
  double weight;
};
std::span<const EmailDomain> EmailDomains();

struct Category {
  std::string_view name;  // snake_case, "electronics"
  // Base price in dollars is log-normal: exp(N(price_mu, price_sigma^2)), then clamped
  // to [min_price, max_price].
  double price_mu;
  double price_sigma;
  double min_price;
  double max_price;
  // When a product is discounted, its discount percent is uniform in this range.
  double discount_min_pct;
  double discount_max_pct;
  double cost_ratio;                                // typical unit cost / base price (0.35..0.8)
  double return_rate;                               // typical share of items returned (0.02..0.30)
  double popularity;                                // relative share of catalog and traffic
  std::span<const std::string_view> subcategories;  // at least 4, snake_case
  std::span<const std::string_view> nouns;          // at least 12 product nouns, lower case
};

// At least 10 categories: electronics, clothing, home_kitchen, beauty, sports_outdoors,
// books, toys_games, grocery, health, jewelry (and more if wanted).
std::span<const Category> Categories();

// Word pools for product names ("Compact", "Wireless", ...), brands (built from a
// prefix and a suffix), supplier names, and search query modifiers.
std::span<const std::string_view> ProductAdjectives();  // >= 60
std::span<const std::string_view> BrandPrefixes();      // >= 40
std::span<const std::string_view> BrandSuffixes();      // >= 20
std::span<const std::string_view> SupplierWords();      // >= 30 ("Global", "Pacific", ...)
std::span<const std::string_view> SupplierKinds();      // >= 8 ("Trading", "Logistics", ...)
std::span<const std::string_view> SearchModifiers();    // >= 30 ("cheap", "best", "for kids", ...)

}  // namespace ecomsim::reference
