#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"
#include "reference/reference.h"
#include "scenario/scenario.h"
#include "schema/vocabulary.h"

namespace ecomsim {

struct Product;

// A scenario's effects, resolved against the world (a category's most popular product,
// a supplier's best sellers) and asked by the simulation what holds at a moment: traffic
// and conversion for a customer, payment failure rate, latency, returns, tickets,
// outages, migrations, stock caps. Where no effect applies the answers are the
// scenario's own values (multipliers of 1). Immutable after construction; thread-safe.
class EffectBook {
 public:
  EffectBook() = default;
  // `products` sorted as the world holds them (index = id - 1).
  EffectBook(const Scenario& scenario, const std::vector<Product>& products,
             const std::vector<int64_t>& products_by_rank, int64_t main_supplier);

  bool empty() const { return effects_.empty(); }
  bool targets_cohorts() const { return targets_cohorts_; }

  // x arrivals of customers of this region and cohort (intensity included).
  double Traffic(Micros t, reference::Region region, Generation cohort) const;
  // x the persona's conversion.
  double Conversion(Micros t, reference::Region region, Generation cohort, Channel channel) const;
  double PaymentFailureRate(Micros t, double configured) const;
  double Latency(Micros t) const;
  double ReturnRate(Micros t, int category, int64_t product, int64_t supplier) const;
  double ReturnProcessing(Micros t) const;
  double TicketRate(Micros t) const;
  // Whether the product is in an outage at `t`; `backup` is the share the backup
  // supplier can still deliver.
  bool InOutage(int64_t product, Micros t, double& backup) const;
  // A customer who moved to another channel at `t` (`to`), or whether the customer's
  // visit on `channel` is lost to the new channel (cannibalization), decided by `u` in [0,1).
  bool Migrated(int64_t customer_id, Micros t, Channel& to) const;
  double Cannibalization(Micros t) const;
  // The growth of a cohort among customers registering at `t`: p becomes p x (1 + g).
  bool CohortGrowth(Micros t, Generation& cohort, double& growth) const;
  // Products that draw product views at `t`, and the share of views they draw.
  const std::vector<int64_t>* Focus(Micros t, double& share) const;
  // Discount in percent an effect sets on a product over [start, end), or none.
  struct Discount {
    Micros start;
    Micros end;
    int64_t bp;
  };
  std::vector<Discount> DiscountsOf(int category, int64_t product, int64_t supplier) const;
  struct Cap {
    Micros start;
    Micros end;
    int64_t units;
    std::vector<int64_t> products;  // sorted
  };
  const std::vector<Cap>& caps() const { return caps_; }
  // Fraud windows: [start, end) with the share of orders that are fraud.
  struct FraudWindow {
    Micros start;
    Micros end;
    double rate;
  };
  const std::vector<FraudWindow>& fraud_windows() const { return fraud_; }
  const std::vector<Effect>& effects() const { return effects_; }

 private:
  struct Resolved {
    std::vector<int64_t> products;  // sorted; empty with no item target
    bool all_items = true;
  };
  bool ItemMatches(size_t effect, int category, int64_t product, int64_t supplier) const;

  std::vector<Effect> effects_;
  std::vector<Resolved> items_;               // per effect
  std::vector<std::vector<int64_t>> outage_;  // per effect: sorted product ids
  std::vector<Cap> caps_;
  std::vector<FraudWindow> fraud_;
  double intensity_ = 1;
  bool targets_cohorts_ = false;
  uint64_t migration_key_ = 0;
};

}  // namespace ecomsim
