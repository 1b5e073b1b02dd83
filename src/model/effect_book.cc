#include "model/effect_book.h"

#include <algorithm>
#include <cmath>

#include "model/world.h"
#include "random/rng.h"

namespace ecomsim {

EffectBook::EffectBook(const Scenario& scenario, const std::vector<Product>& products,
                       const std::vector<int64_t>& products_by_rank, int64_t main_supplier)
    : effects_(scenario.effects),
      intensity_(scenario.intensity),
      migration_key_(Mix64(scenario.hash)) {
  const auto categories = reference::Categories();
  for (const Effect& e : effects_) {
    Resolved r;
    r.all_items = !e.target.has_item_target();
    if (!r.all_items) {
      for (int64_t id : e.target.products) {
        if (id >= 1 && id <= static_cast<int64_t>(products.size())) r.products.push_back(id);
      }
      if (!e.target.top_product_of.empty()) {
        for (int64_t id : products_by_rank) {
          if (categories[products[static_cast<size_t>(id - 1)].category].name ==
              e.target.top_product_of) {
            r.products.push_back(id);
            break;
          }
        }
      }
      std::sort(r.products.begin(), r.products.end());
    }
    items_.push_back(std::move(r));
    std::vector<int64_t> outage;
    if (e.has_outage) {
      const int64_t supplier = e.outage_supplier > 0 ? e.outage_supplier : main_supplier;
      for (int64_t id : products_by_rank) {
        if (static_cast<int>(outage.size()) >= e.outage_skus) break;
        if (products[static_cast<size_t>(id - 1)].supplier_id == supplier) outage.push_back(id);
      }
      std::sort(outage.begin(), outage.end());
    }
    outage_.push_back(std::move(outage));
    if (!e.target.cohorts.empty() && e.has_traffic) targets_cohorts_ = true;
    if (e.fraud_rate >= 0) fraud_.push_back({e.start, e.end, e.fraud_rate});
  }
  for (size_t i = 0; i < effects_.size(); ++i) {
    const Effect& e = effects_[i];
    if (e.stock_cap < 0) continue;
    Cap cap{e.start, e.end, e.stock_cap, items_[i].products};
    if (items_[i].all_items) {
      // A cap on whole categories or suppliers: every product that matches.
      for (const Product& p : products) {
        if (ItemMatches(i, p.category, p.id, p.supplier_id)) cap.products.push_back(p.id);
      }
    }
    caps_.push_back(std::move(cap));
  }
}

bool EffectBook::ItemMatches(size_t i, int category, int64_t product, int64_t supplier) const {
  const Effect& e = effects_[i];
  if (!e.target.has_item_target()) return true;
  const auto& cats = e.target.categories;
  if (std::find(cats.begin(), cats.end(), category) != cats.end()) return true;
  const auto& sups = e.target.suppliers;
  if (std::find(sups.begin(), sups.end(), supplier) != sups.end()) return true;
  return std::binary_search(items_[i].products.begin(), items_[i].products.end(), product);
}

double EffectBook::Traffic(Micros t, reference::Region region, Generation cohort) const {
  double m = intensity_;
  for (const Effect& e : effects_) {
    if (e.has_traffic && e.Active(t) && e.target.MatchesCustomer(region, cohort)) {
      m *= e.traffic.At(t - e.start, e.end - e.start);
    }
  }
  return m;
}

double EffectBook::Conversion(Micros t, reference::Region region, Generation cohort,
                              Channel channel) const {
  double m = 1;
  for (const Effect& e : effects_) {
    if (e.conversion == 1 || !e.Active(t) || !e.target.MatchesCustomer(region, cohort)) continue;
    const auto& ch = e.target.channels;
    if (!ch.empty() && std::find(ch.begin(), ch.end(), channel) == ch.end()) continue;
    m *= e.conversion;
  }
  return m;
}

double EffectBook::PaymentFailureRate(Micros t, double configured) const {
  double rate = configured;
  for (const Effect& e : effects_) {
    if (e.payment_failure_rate >= 0 && e.Active(t)) rate = e.payment_failure_rate;
  }
  return rate;
}

double EffectBook::Latency(Micros t) const {
  double m = 1;
  for (const Effect& e : effects_) {
    if (e.Active(t)) m *= e.latency;
  }
  return m;
}

double EffectBook::ReturnRate(Micros t, int category, int64_t product, int64_t supplier) const {
  double m = 1;
  for (size_t i = 0; i < effects_.size(); ++i) {
    const Effect& e = effects_[i];
    if (e.return_rate != 1 && e.Active(t) && ItemMatches(i, category, product, supplier))
      m *= e.return_rate;
  }
  return m;
}

double EffectBook::ReturnProcessing(Micros t) const {
  double m = 1;
  for (const Effect& e : effects_) {
    if (e.Active(t)) m *= e.return_processing;
  }
  return m;
}

double EffectBook::TicketRate(Micros t) const {
  double m = 1;
  for (const Effect& e : effects_) {
    if (e.Active(t)) m *= e.ticket_rate;
  }
  return m;
}

bool EffectBook::InOutage(int64_t product, Micros t, double& backup) const {
  for (size_t i = 0; i < effects_.size(); ++i) {
    if (!effects_[i].has_outage || !effects_[i].Active(t)) continue;
    if (std::binary_search(outage_[i].begin(), outage_[i].end(), product)) {
      backup = effects_[i].backup_capacity;
      return true;
    }
  }
  return false;
}

bool EffectBook::Migrated(int64_t customer_id, Micros t, Channel& to) const {
  for (const Effect& e : effects_) {
    if (!e.has_migration || t < e.start || t >= e.end) continue;
    // Customers move one after another through the window: the share grows to its end.
    const double progress = static_cast<double>(t - e.start) / static_cast<double>(e.end - e.start);
    const double u =
        static_cast<double>(Mix64(migration_key_ ^ static_cast<uint64_t>(customer_id)) >> 11) *
        0x1.0p-53;
    if (u < e.migrate_share * std::min(1.0, 2 * progress)) {
      to = e.migrate_to;
      return true;
    }
  }
  return false;
}

double EffectBook::Cannibalization(Micros t) const {
  double kept = 1;
  for (const Effect& e : effects_) {
    if (e.has_migration && e.Active(t)) kept *= 1 - e.cannibalization;
  }
  return 1 - kept;
}

bool EffectBook::CohortGrowth(Micros t, Generation& cohort, double& growth) const {
  for (const Effect& e : effects_) {
    if (e.has_cohort_growth && e.Active(t)) {
      cohort = e.growth_cohort;
      growth = e.growth;
      return true;
    }
  }
  return false;
}

const std::vector<int64_t>* EffectBook::Focus(Micros t, double& share) const {
  for (size_t i = 0; i < effects_.size(); ++i) {
    const Effect& e = effects_[i];
    if (e.product_focus > 0 && e.Active(t) && !items_[i].products.empty()) {
      share = e.product_focus;
      return &items_[i].products;
    }
  }
  return nullptr;
}

std::vector<EffectBook::Discount> EffectBook::DiscountsOf(int category, int64_t product,
                                                          int64_t supplier) const {
  std::vector<Discount> out;
  for (size_t i = 0; i < effects_.size(); ++i) {
    const Effect& e = effects_[i];
    if (e.discount_pct < 0 || !ItemMatches(i, category, product, supplier)) continue;
    out.push_back({e.start, e.end, std::llround(e.discount_pct * 100)});
  }
  std::sort(out.begin(), out.end(),
            [](const Discount& a, const Discount& b) { return a.start < b.start; });
  return out;
}

}  // namespace ecomsim
