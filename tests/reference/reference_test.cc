#include "reference/reference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace ecomsim::reference {
namespace {

// Minimum pool sizes this module promises (at or above those in reference.h).
constexpr size_t kMinCities = 160;
constexpr size_t kMinCitiesPerMajorRegion = 45;  // north_america, europe, asia
constexpr size_t kMinCitiesOther = 20;
constexpr size_t kMinNames = 1000;
constexpr size_t kMinEmailDomains = 12;
constexpr size_t kMinCategories = 10;
constexpr size_t kMinSubcategories = 4;
constexpr size_t kMinNouns = 12;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return IsUpper(c) || IsLower(c); }

// A capitalized name: an upper-case first letter, then letters with single apostrophes
// or hyphens between letters ("O'Brien", "Min-jun").
bool IsValidName(std::string_view s) {
  if (s.size() < 2 || !IsUpper(s.front()) || !IsLetter(s.back())) return false;
  for (size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (IsLetter(c)) continue;
    if ((c == '\'' || c == '-') && IsLetter(s[i - 1])) continue;
    return false;
  }
  return true;
}

// "snake_case": lower-case words joined by single underscores.
bool IsSnakeCase(std::string_view s) {
  if (s.empty() || !IsLower(s.front()) || !IsLower(s.back())) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (IsLower(c)) continue;
    if (c == '_' && s[i - 1] != '_') continue;
    return false;
  }
  return true;
}

// Lower-case words separated by single spaces or hyphens ("t-shirt", "dash cam",
// "under 50"); digits allowed when allow_digits.
bool IsLowerPhrase(std::string_view s, bool allow_digits) {
  if (s.empty()) return false;
  auto word_char = [&](char c) { return IsLower(c) || (allow_digits && IsDigit(c)); };
  if (!word_char(s.front()) || !word_char(s.back())) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (word_char(c)) continue;
    if ((c == ' ' || c == '-') && word_char(s[i - 1])) continue;
    return false;
  }
  return true;
}

// Returns the first duplicated entry of `pool`, or "" if all entries are distinct.
std::string FirstDuplicate(std::span<const std::string_view> pool) {
  std::set<std::string_view> seen;
  for (std::string_view s : pool) {
    if (!seen.insert(s).second) return std::string(s);
  }
  return "";
}

const City* FindCity(std::string_view name, std::string_view country) {
  for (const City& c : Cities()) {
    if (c.name == name && c.country == country) return &c;
  }
  return nullptr;
}

// ---------------------------------------------------------------- regions

TEST(RegionTest, NamesAreTheDocumentedSnakeCaseStrings) {
  EXPECT_EQ(RegionName(Region::kNorthAmerica), "north_america");
  EXPECT_EQ(RegionName(Region::kEurope), "europe");
  EXPECT_EQ(RegionName(Region::kAsia), "asia");
  EXPECT_EQ(RegionName(Region::kOther), "other");
}

// ---------------------------------------------------------------- cities

TEST(CitiesTest, MeetsMinimumSizeOverallAndPerRegion) {
  EXPECT_GE(Cities().size(), kMinCities);
  std::array<size_t, kRegionCount> per_region{};
  for (const City& c : Cities()) {
    const int r = static_cast<int>(c.region);
    ASSERT_GE(r, 0);
    ASSERT_LT(r, kRegionCount) << c.name;
    ++per_region[r];
  }
  EXPECT_GE(per_region[static_cast<int>(Region::kNorthAmerica)], kMinCitiesPerMajorRegion);
  EXPECT_GE(per_region[static_cast<int>(Region::kEurope)], kMinCitiesPerMajorRegion);
  EXPECT_GE(per_region[static_cast<int>(Region::kAsia)], kMinCitiesPerMajorRegion);
  EXPECT_GE(per_region[static_cast<int>(Region::kOther)], kMinCitiesOther);
}

TEST(CitiesTest, CityCountryPairsAreUnique) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const City& c : Cities()) {
    EXPECT_TRUE(seen.insert({c.name, c.country}).second) << c.name << ", " << c.country;
  }
}

TEST(CitiesTest, FieldsAreWellFormed) {
  for (const City& c : Cities()) {
    SCOPED_TRACE(std::string(c.name) + ", " + std::string(c.country));
    EXPECT_FALSE(c.name.empty());
    EXPECT_FALSE(c.country.empty());
    ASSERT_EQ(c.country_code.size(), 2u);
    EXPECT_TRUE(IsUpper(c.country_code[0]) && IsUpper(c.country_code[1]));
    EXPECT_GE(c.latitude, -90.0);
    EXPECT_LE(c.latitude, 90.0);
    EXPECT_GE(c.longitude, -180.0);
    EXPECT_LE(c.longitude, 180.0);
    EXPECT_EQ(c.utc_offset_minutes % 15, 0);
    EXPECT_GE(c.utc_offset_minutes, -720);
    EXPECT_LE(c.utc_offset_minutes, 840);
    EXPECT_GT(c.population_thousands, 0u);
    for (char ch : c.name) EXPECT_TRUE(static_cast<unsigned char>(ch) < 0x80) << "non-ASCII";
  }
}

TEST(CitiesTest, CountryNamesAndCodesCorrespondOneToOne) {
  std::map<std::string_view, std::string_view> code_of;
  std::map<std::string_view, std::string_view> country_of;
  for (const City& c : Cities()) {
    auto [it, inserted] = code_of.emplace(c.country, c.country_code);
    EXPECT_EQ(it->second, c.country_code) << c.name << " in " << c.country;
    auto [jt, inserted2] = country_of.emplace(c.country_code, c.country);
    EXPECT_EQ(jt->second, c.country) << c.name << " coded " << c.country_code;
  }
}

TEST(CitiesTest, OffsetRoughlyMatchesLongitude) {
  // Mean solar time: 15 degrees of longitude per hour. Real zones stray from it (Spain,
  // western China) but never by more than ~30 degrees in this table; a larger gap means
  // a sign error or a swapped coordinate.
  for (const City& c : Cities()) {
    const double solar_longitude = c.utc_offset_minutes / 60.0 * 15.0;
    EXPECT_LT(std::abs(c.longitude - solar_longitude), 30.0)
        << c.name << ": longitude " << c.longitude << ", offset " << c.utc_offset_minutes;
  }
}

TEST(CitiesTest, CoordinatesLieInTheirRegion) {
  for (const City& c : Cities()) {
    SCOPED_TRACE(std::string(c.name));
    switch (c.region) {
      case Region::kNorthAmerica:
        EXPECT_GT(c.latitude, 5.0);
        EXPECT_LT(c.longitude, -50.0);
        break;
      case Region::kEurope:
        EXPECT_GT(c.latitude, 35.0);
        EXPECT_GT(c.longitude, -25.0);
        EXPECT_LT(c.longitude, 45.0);
        break;
      case Region::kAsia:
        EXPECT_GT(c.longitude, 60.0);
        EXPECT_LT(c.longitude, 150.0);
        break;
      case Region::kOther: break;
    }
  }
}

TEST(CitiesTest, KnownFacts) {
  struct Fact {
    std::string_view name;
    std::string_view country;
    std::string_view code;
    Region region;
    double latitude;
    double longitude;
    int offset;
  };
  constexpr Fact kFacts[] = {
      {"Tokyo", "Japan", "JP", Region::kAsia, 35.68, 139.65, 540},
      {"Mumbai", "India", "IN", Region::kAsia, 19.08, 72.88, 330},
      {"Kolkata", "India", "IN", Region::kAsia, 22.57, 88.36, 330},
      {"Kathmandu", "Nepal", "NP", Region::kAsia, 27.72, 85.32, 345},
      {"Shanghai", "China", "CN", Region::kAsia, 31.23, 121.47, 480},
      {"Chicago", "United States", "US", Region::kNorthAmerica, 41.88, -87.63, -360},
      {"New York", "United States", "US", Region::kNorthAmerica, 40.71, -74.01, -300},
      {"Los Angeles", "United States", "US", Region::kNorthAmerica, 34.05, -118.24, -480},
      {"St. John's", "Canada", "CA", Region::kNorthAmerica, 47.56, -52.71, -210},
      {"Mexico City", "Mexico", "MX", Region::kNorthAmerica, 19.43, -99.13, -360},
      {"London", "United Kingdom", "GB", Region::kEurope, 51.51, -0.13, 0},
      {"Berlin", "Germany", "DE", Region::kEurope, 52.52, 13.41, 60},
      {"Moscow", "Russia", "RU", Region::kEurope, 55.76, 37.62, 180},
      {"Adelaide", "Australia", "AU", Region::kOther, -34.93, 138.60, 570},
      {"Sydney", "Australia", "AU", Region::kOther, -33.87, 151.21, 600},
      {"Sao Paulo", "Brazil", "BR", Region::kOther, -23.55, -46.63, -180},
      {"Tehran", "Iran", "IR", Region::kOther, 35.69, 51.39, 210},
  };
  for (const Fact& f : kFacts) {
    SCOPED_TRACE(std::string(f.name));
    const City* c = FindCity(f.name, f.country);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->country_code, f.code);
    EXPECT_EQ(c->region, f.region);
    EXPECT_NEAR(c->latitude, f.latitude, 0.1);
    EXPECT_NEAR(c->longitude, f.longitude, 0.1);
    EXPECT_EQ(c->utc_offset_minutes, f.offset);
  }
  // Population weights: the largest metros outweigh small ones.
  ASSERT_NE(FindCity("Tokyo", "Japan"), nullptr);
  ASSERT_NE(FindCity("Reykjavik", "Iceland"), nullptr);
  EXPECT_GT(FindCity("Tokyo", "Japan")->population_thousands, 30000u);
  EXPECT_LT(FindCity("Reykjavik", "Iceland")->population_thousands, 500u);
}

// ---------------------------------------------------------------- names

TEST(NamesTest, PoolsMeetMinimumSize) {
  EXPECT_GE(FirstNames().size(), kMinNames);
  EXPECT_GE(LastNames().size(), kMinNames);
}

TEST(NamesTest, NoDuplicatesWithinAPool) {
  EXPECT_EQ(FirstDuplicate(FirstNames()), "");
  EXPECT_EQ(FirstDuplicate(LastNames()), "");
}

TEST(NamesTest, NamesAreCapitalizedAsciiLettersApostrophesOrHyphens) {
  for (std::string_view s : FirstNames()) EXPECT_TRUE(IsValidName(s)) << '"' << s << '"';
  for (std::string_view s : LastNames()) EXPECT_TRUE(IsValidName(s)) << '"' << s << '"';
}

TEST(NamesTest, ValidatorRejectsMalformedNames) {
  // Guards the check above against passing everything.
  EXPECT_TRUE(IsValidName("O'Brien"));
  EXPECT_TRUE(IsValidName("Min-jun"));
  EXPECT_FALSE(IsValidName("smith"));
  EXPECT_FALSE(IsValidName("Van Dyke"));
  EXPECT_FALSE(IsValidName("Jos\xc3\xa9"));
  EXPECT_FALSE(IsValidName("Anne-"));
  EXPECT_FALSE(IsValidName("O''Brien"));
  EXPECT_FALSE(IsValidName("J"));
}

TEST(NamesTest, PoolsSpanManyCultures) {
  auto contains = [](std::span<const std::string_view> pool, std::string_view s) {
    return std::find(pool.begin(), pool.end(), s) != pool.end();
  };
  for (std::string_view s :
       {"James", "Maria", "Hans", "Giuseppe", "Piotr", "Priya", "Wei", "Hiroshi", "Min-jun", "Minh",
        "Fatima", "Oluwaseun", "Kwame", "Astrid", "Joao"}) {
    EXPECT_TRUE(contains(FirstNames(), s)) << s;
  }
  for (std::string_view s :
       {"Smith", "O'Brien", "Garcia", "Muller", "Rossi", "Kowalski", "Sharma", "Wang", "Tanaka",
        "Kim", "Nguyen", "Haddad", "Okafor", "Johansson", "Oliveira"}) {
    EXPECT_TRUE(contains(LastNames(), s)) << s;
  }
}

TEST(EmailDomainsTest, RealProvidersWithGmailHeaviest) {
  const auto domains = EmailDomains();
  ASSERT_GE(domains.size(), kMinEmailDomains);
  std::set<std::string_view> seen;
  const EmailDomain* heaviest = &domains[0];
  for (const EmailDomain& d : domains) {
    EXPECT_TRUE(seen.insert(d.domain).second) << d.domain;
    EXPECT_GT(d.weight, 0.0) << d.domain;
    EXPECT_NE(d.domain.find('.'), std::string_view::npos) << d.domain;
    for (char c : d.domain) {
      EXPECT_TRUE(IsLower(c) || IsDigit(c) || c == '.' || c == '-') << d.domain;
    }
    if (d.weight > heaviest->weight) heaviest = &d;
  }
  EXPECT_EQ(heaviest->domain, "gmail.com");
  for (std::string_view must : {"yahoo.com", "outlook.com", "hotmail.com", "icloud.com"}) {
    EXPECT_TRUE(seen.count(must)) << must;
  }
}

// ---------------------------------------------------------------- catalog

TEST(CategoriesTest, HasTheRequiredCategoriesOnce) {
  const auto categories = Categories();
  EXPECT_GE(categories.size(), kMinCategories);
  std::set<std::string_view> names;
  for (const Category& c : categories) {
    EXPECT_TRUE(IsSnakeCase(c.name)) << c.name;
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate " << c.name;
  }
  for (std::string_view must :
       {"electronics", "clothing", "home_kitchen", "beauty", "sports_outdoors", "books",
        "toys_games", "grocery", "health", "jewelry"}) {
    EXPECT_TRUE(names.count(must)) << must;
  }
}

TEST(CategoriesTest, PriceModelsAreSane) {
  for (const Category& c : Categories()) {
    SCOPED_TRACE(std::string(c.name));
    const double median = std::exp(c.price_mu);
    EXPECT_GT(c.price_sigma, 0.0);
    EXPECT_LT(c.price_sigma, 2.0);
    EXPECT_GT(c.min_price, 0.0);
    EXPECT_LT(c.min_price, c.max_price);
    EXPECT_GT(median, c.min_price);
    EXPECT_LT(median, c.max_price);
    EXPECT_GE(c.discount_min_pct, 0.0);
    EXPECT_LE(c.discount_min_pct, c.discount_max_pct);
    EXPECT_LE(c.discount_max_pct, 90.0);
    EXPECT_GE(c.cost_ratio, 0.3);
    EXPECT_LE(c.cost_ratio, 0.85);
    EXPECT_GT(c.return_rate, 0.0);
    EXPECT_LT(c.return_rate, 0.5);
    EXPECT_GT(c.popularity, 0.0);
  }
}

TEST(CategoriesTest, PriceAndReturnFactsHold) {
  auto find = [](std::string_view name) -> const Category* {
    for (const Category& c : Categories()) {
      if (c.name == name) return &c;
    }
    return nullptr;
  };
  const Category* electronics = find("electronics");
  const Category* clothing = find("clothing");
  const Category* books = find("books");
  const Category* grocery = find("grocery");
  ASSERT_NE(electronics, nullptr);
  ASSERT_NE(clothing, nullptr);
  ASSERT_NE(books, nullptr);
  ASSERT_NE(grocery, nullptr);
  EXPECT_NEAR(std::exp(electronics->price_mu), 90.0, 10.0);
  EXPECT_NEAR(std::exp(books->price_mu), 15.0, 3.0);
  EXPECT_NEAR(std::exp(grocery->price_mu), 8.0, 2.0);
  EXPECT_GT(electronics->price_sigma, books->price_sigma);
  EXPECT_GT(clothing->return_rate, electronics->return_rate);
  EXPECT_GT(electronics->return_rate, books->return_rate);
  EXPECT_GT(books->return_rate, grocery->return_rate);
  EXPECT_GE(clothing->return_rate, 0.25);
  EXPECT_LE(grocery->return_rate, 0.04);
  EXPECT_GT(clothing->discount_max_pct, electronics->discount_max_pct);
}

TEST(CategoriesTest, SubcategoriesAndNounsAreWellFormed) {
  for (const Category& c : Categories()) {
    SCOPED_TRACE(std::string(c.name));
    EXPECT_GE(c.subcategories.size(), kMinSubcategories);
    EXPECT_GE(c.nouns.size(), kMinNouns);
    EXPECT_EQ(FirstDuplicate(c.subcategories), "");
    EXPECT_EQ(FirstDuplicate(c.nouns), "");
    for (std::string_view s : c.subcategories) EXPECT_TRUE(IsSnakeCase(s)) << s;
    for (std::string_view s : c.nouns) {
      EXPECT_TRUE(IsLowerPhrase(s, /*allow_digits=*/false)) << '"' << s << '"';
    }
  }
}

TEST(CategoriesTest, ValidatorsRejectMalformedStrings) {
  EXPECT_TRUE(IsSnakeCase("home_kitchen"));
  EXPECT_FALSE(IsSnakeCase("Home_kitchen"));
  EXPECT_FALSE(IsSnakeCase("home kitchen"));
  EXPECT_FALSE(IsSnakeCase("home__kitchen"));
  EXPECT_FALSE(IsSnakeCase("_home"));
  EXPECT_TRUE(IsLowerPhrase("t-shirt", false));
  EXPECT_TRUE(IsLowerPhrase("under 50", true));
  EXPECT_FALSE(IsLowerPhrase("under 50", false));
  EXPECT_FALSE(IsLowerPhrase("Headphones", false));
  EXPECT_FALSE(IsLowerPhrase("dash  cam", false));
  EXPECT_FALSE(IsLowerPhrase(" cam", false));
}

// ---------------------------------------------------------------- word pools

TEST(WordPoolsTest, MeetMinimumSizesWithoutDuplicates) {
  struct Pool {
    std::string_view name;
    std::span<const std::string_view> words;
    size_t min_size;
  };
  const Pool pools[] = {
      {"ProductAdjectives", ProductAdjectives(), 60}, {"BrandPrefixes", BrandPrefixes(), 40},
      {"BrandSuffixes", BrandSuffixes(), 20},         {"SupplierWords", SupplierWords(), 30},
      {"SupplierKinds", SupplierKinds(), 8},          {"SearchModifiers", SearchModifiers(), 30},
  };
  for (const Pool& p : pools) {
    EXPECT_GE(p.words.size(), p.min_size) << p.name;
    EXPECT_EQ(FirstDuplicate(p.words), "") << p.name;
  }
}

TEST(WordPoolsTest, CaseConventions) {
  for (std::string_view s : ProductAdjectives()) EXPECT_TRUE(IsValidName(s)) << s;
  for (std::string_view s : SupplierWords()) EXPECT_TRUE(IsValidName(s)) << s;
  for (std::string_view s : SupplierKinds()) EXPECT_TRUE(IsValidName(s)) << s;
  // Brands are prefix + suffix concatenated, so a prefix is a capitalized run of letters
  // and a suffix a lower-case run of letters ("Nova" + "tek" = "Novatek").
  for (std::string_view s : BrandPrefixes()) {
    EXPECT_TRUE(IsUpper(s.front()) && std::all_of(s.begin() + 1, s.end(), IsLower)) << s;
  }
  for (std::string_view s : BrandSuffixes()) {
    EXPECT_TRUE(!s.empty() && std::all_of(s.begin(), s.end(), IsLower)) << s;
  }
  for (std::string_view s : SearchModifiers()) {
    EXPECT_TRUE(IsLowerPhrase(s, /*allow_digits=*/true)) << '"' << s << '"';
  }
}

TEST(WordPoolsTest, BrandCombinationsAreMostlyDistinct) {
  // Different (prefix, suffix) pairs should rarely spell the same brand.
  std::set<std::string> brands;
  size_t pairs = 0;
  for (std::string_view p : BrandPrefixes()) {
    for (std::string_view s : BrandSuffixes()) {
      brands.insert(std::string(p) + std::string(s));
      ++pairs;
    }
  }
  EXPECT_GE(brands.size(), pairs * 99 / 100);
}

}  // namespace
}  // namespace ecomsim::reference
