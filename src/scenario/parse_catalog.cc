// The catalog section of a scenario: prices, discounts, popularity and restocking.
#include "scenario/parse_support.h"

namespace ecomsim::scenario_parse {

void ReadCatalog(Reader& r, YAML::Node& root, CatalogConfig& c) {
  const YAML::Node catalog = root["catalog"];
  if (!r.ExpectMap(
          catalog, "catalog",
          {"discounted_share", "popularity_exponent", "category_affinity", "repricings_per_month",
           "promotions_per_month", "promotion_days", "reorder_point", "price_range"})) {
    return;
  }
  if (const YAML::Node range = catalog["price_range"]; range.IsDefined()) {
    if (!range.IsSequence() || range.size() != 2) {
      r.Fail(range, "catalog.price_range",
             "expected [lowest, highest] list price, like [10, 2000]");
    } else {
      c.min_price = r.Number(range[0], "catalog.price_range[0]", 0, 1e9);
      c.max_price = r.Number(range[1], "catalog.price_range[1]", 0, 1e9);
      if (!r.failed() && c.min_price >= c.max_price) {
        r.Fail(range, "catalog.price_range", "the lowest price must be below the highest");
      }
    }
  }
  c.repricings_per_month =
      r.Number(catalog["repricings_per_month"], "catalog.repricings_per_month", 0, 100);
  c.promotions_per_month =
      r.Number(catalog["promotions_per_month"], "catalog.promotions_per_month", 0, 100);
  c.promotion_days = r.Number(catalog["promotion_days"], "catalog.promotion_days", 0.1, 365);
  c.reorder_point = r.Number(catalog["reorder_point"], "catalog.reorder_point", 0, 1);
  c.discounted_share = r.Number(catalog["discounted_share"], "catalog.discounted_share", 0, 1);
  c.popularity_exponent =
      r.Number(catalog["popularity_exponent"], "catalog.popularity_exponent", 0.01, 10);
  c.category_affinity = r.Number(catalog["category_affinity"], "catalog.category_affinity", 0, 1);
}

}  // namespace ecomsim::scenario_parse
