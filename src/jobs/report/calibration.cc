#include "jobs/report/calibration.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "reference/reference.h"

namespace ecomsim::report {
namespace {

// Known slack of the model beyond sampling error, per rate (see CalibrationRow::tolerance).
// Failed payments leave a cart behind on top of the configured abandonment (about 0.3
// points in the baseline), and a persona's carts vary with its basket sizes.
constexpr double kCartAbandonmentSlack = 0.008;
// Fraud sessions are scheduled from each customer's expected orders, not the realized
// ones, and odd-hour ones that would fall outside the window are dropped.
constexpr double kFraudRateSlack = 0.002;
constexpr double kFraudPatternSlack = 0.01;

double Normalized(std::span<const double> values, size_t i) {
  const double sum = std::accumulate(values.begin(), values.end(), 0.0);
  return sum > 0 ? values[i] / sum : 0;
}

void AddMix(std::vector<CalibrationRow>& rows, const std::string& group, const std::string& key,
            std::span<const double> configured, const std::vector<std::string>& names,
            const Counts& counts, double n, const std::string& measured_on) {
  for (size_t i = 0; i < configured.size() && i < names.size(); ++i) {
    rows.push_back(Proportion(key + "." + names[i], group, names[i], Normalized(configured, i),
                              counts.at(i), n, 0, measured_on));
  }
}

std::string WindowText(const RateWindow& w, const Context& ctx) {
  const auto hours = [&](Micros t) {
    return FormatDuration(std::max<Micros>(t - ctx.start, 0) / kMicrosPerHour * kMicrosPerHour);
  };
  return "effect " + w.name + " (" + hours(w.start) + " to " + hours(w.end) + " after the start)";
}

}  // namespace

CalibrationRow Proportion(std::string id, std::string group, std::string name, double configured,
                          double k, double n, double tolerance, std::string measured_on) {
  CalibrationRow r;
  r.id = std::move(id);
  r.group = std::move(group);
  r.name = std::move(name);
  r.configured = configured;
  r.n = n;
  r.tolerance = tolerance;
  r.measured_on = std::move(measured_on);
  if (n <= 0) {
    r.realized = kNaN;
    r.low = kNaN;
    r.high = kNaN;
    r.verdict = Verdict::kNoData;
    return r;
  }
  r.realized = k / n;
  const Interval i95 = Wilson(k, n, kZ95);
  const Interval i999 = Wilson(k, n, kZ999);
  r.low = i95.low;
  r.high = i95.high;
  const auto inside = [&](const Interval& i) {
    return configured >= i.low - tolerance && configured <= i.high + tolerance;
  };
  r.verdict = inside(i95)    ? Verdict::kAgrees
              : inside(i999) ? Verdict::kBorderline
                             : Verdict::kDisagrees;
  return r;
}

std::vector<CalibrationRow> Calibrate(const ReportTallies& t) {
  std::vector<CalibrationRow> rows;
  const Context& ctx = t.ctx();
  const Scenario& s = *ctx.scenario;
  const WorldConfig& w = s.world;
  const CustomerTallies& c = t.customers;
  const auto customers = static_cast<double>(c.rows);

  if (t.has(TableId::kCustomers)) {
    std::vector<double> persona_shares;
    std::vector<std::string> persona_names;
    for (const Persona& p : s.personas) {
      persona_shares.push_back(p.share);
      persona_names.push_back(p.name);
    }
    AddMix(rows, "persona mix", "persona_share", persona_shares, persona_names, c.persona,
           customers, "customers");
    AddMix(rows, "generation mix", "generation_share", w.generations, c.generations.names(),
           c.generation, customers, "customers");
    std::vector<double> types;
    for (const UserTypeMix& u : w.user_types) types.push_back(u.share);
    AddMix(rows, "user type mix", "user_type_share", types, c.user_types.names(), c.user_type,
           customers, "customers");
    AddMix(rows, "region mix", "region_share", w.regions, c.regions.names(), c.region, customers,
           "customers");
    AddMix(rows, "device mix", "device_share", w.devices, c.devices.names(), c.device_plain,
           c.device_plain_n,
           "preferred_device of customers whose cohort has no channel mix of its own");
    AddMix(rows, "acquisition mix", "acquisition_share", w.acquisition_channels,
           c.acquisitions.names(), c.acquisition_plain, c.acquisition_plain_n,
           "customers whose cohort has no acquisition mix of its own");
  }

  const bool people = t.has(TableId::kCustomers) && t.has(TableId::kSessions);
  const std::string outside_conversion =
      ctx.conversion.empty() ? "" : ", outside the effects that change conversion";
  if (people && t.has(TableId::kOrders)) {
    for (size_t p = 0; p < s.personas.size(); ++p) {
      rows.push_back(Proportion(
          "conversion." + s.personas[p].name, "conversion", s.personas[p].name,
          std::min(0.98, s.personas[p].conversion), t.orders.ordered_by_persona.at(p),
          t.sessions.visits_by_persona.at(p), 0,
          "ordinary visits (origin visit" + outside_conversion + ") that placed an order"));
    }
  }
  if (people && t.has(TableId::kOrders) && t.has(TableId::kAbandonedCarts)) {
    const std::string on = "carts of ordinary visits" + outside_conversion +
                           ": abandoned / (abandoned + orders not failed)";
    bool alike = true;
    for (const Persona& p : s.personas) {
      alike = alike && p.cart_abandonment == s.personas.front().cart_abandonment;
    }
    if (alike && !s.personas.empty()) {
      const double k = t.carts.abandoned_by_persona.total();
      rows.push_back(Proportion("cart_abandonment", "cart abandonment", "all personas",
                                s.personas.front().cart_abandonment, k,
                                k + t.orders.paid_by_persona.total(), kCartAbandonmentSlack, on));
    } else {
      for (size_t p = 0; p < s.personas.size(); ++p) {
        const double k = t.carts.abandoned_by_persona.at(p);
        rows.push_back(Proportion("cart_abandonment." + s.personas[p].name, "cart abandonment",
                                  s.personas[p].name, s.personas[p].cart_abandonment, k,
                                  k + t.orders.paid_by_persona.at(p), kCartAbandonmentSlack, on));
      }
    }
  }
  if (t.has(TableId::kPayments)) {
    const PaymentTallies& p = t.payments;
    rows.push_back(Proportion(
        "payment_failure", "payment failure", "configured rate", s.commerce.payment_failure_rate,
        p.first_failed, p.first_n, 0,
        "first attempts of legitimate payments declined or failed" +
            std::string(ctx.payment.empty() ? "" : ", outside the effects that replace the rate")));
    for (size_t i = 0; i < ctx.payment.size(); ++i) {
      rows.push_back(Proportion(
          "payment_failure." + ctx.payment[i].name, "payment failure", ctx.payment[i].name,
          std::min(0.99, ctx.payment[i].value), p.first_in[i][0], p.first_in[i][1], 0,
          "first attempts of legitimate payments in the " + WindowText(ctx.payment[i], ctx)));
    }
    std::vector<std::string> types(kFraudTypeNames, kFraudTypeNames + kFraudTypeCount);
    if (s.commerce.fraud_rate > 0 || !ctx.fraud.empty()) {
      const double n = p.first_fraud_type.total();
      for (size_t i = 0; i < types.size(); ++i) {
        rows.push_back(Proportion("fraud_pattern." + types[i], "fraud patterns", types[i],
                                  Normalized(s.commerce.fraud_patterns, i),
                                  p.first_fraud_type.at(i), n, kFraudPatternSlack,
                                  "first attempts of fraudulent payments, by fraud_type"));
      }
    }
  }
  if (t.has(TableId::kOrders)) {
    const OrderTallies& o = t.orders;
    rows.push_back(Proportion(
        "fraud_rate", "fraud", "configured rate", s.commerce.fraud_rate, o.fraud_outside,
        o.n_outside, kFraudRateSlack,
        "orders with is_fraud" +
            std::string(ctx.fraud.empty() ? "" : ", outside the effects that set a fraud rate")));
    for (size_t i = 0; i < ctx.fraud.size(); ++i) {
      rows.push_back(Proportion("fraud_rate." + ctx.fraud[i].name, "fraud", ctx.fraud[i].name,
                                ctx.fraud[i].value, o.fraud_in[i][0], o.fraud_in[i][1],
                                kFraudRateSlack,
                                "orders with is_fraud in the " + WindowText(ctx.fraud[i], ctx)));
    }
    rows.push_back(Proportion("cancellation", "cancellation", "configured rate",
                              s.commerce.cancellation_rate, o.cancelled, o.cancel_n, 0,
                              "legitimate orders not failed, placed early enough that a "
                              "cancellation falls in the window"));
  }
  if (t.has(TableId::kAbandonedCarts)) {
    const CartTallies& k = t.carts;
    rows.push_back(Proportion(
        "cart_recovery", "cart recovery", "configured rate", s.commerce.cart_recovery, k.recovery_k,
        k.recovery_n, s.commerce.cart_recovery * s.commerce.payment_failure_rate,
        "carts abandoned at least 10 mean reminder delays before the end; a reminder visit "
        "whose payment fails recovers nothing"));
  }
  if (t.has(TableId::kOrderItems) && t.has(TableId::kShipments) && t.has(TableId::kReturns)) {
    const auto& items = t.items.items;
    const auto& ships = t.shipments.ships;
    const auto& returned = t.returns.items;
    // Per category: eligible items, returned ones, and the sum of their chances of being
    // seen returned within the window (the configured rate applies to each).
    Counts k, n, seen;
    for (const ItemTallies::Item& item : items) {
      auto sh = std::lower_bound(
          ships.begin(), ships.end(), item.order_id,
          [](const ShipmentTallies::Ship& x, int64_t id) { return x.order_id < id; });
      if (sh == ships.end() || sh->order_id != item.order_id || sh->observable <= 0) continue;
      n.Add(item.category);
      seen.Add(item.category, sh->observable);
      if (std::binary_search(returned.begin(), returned.end(), item.order_item_id)) {
        k.Add(item.category);
      }
    }
    const auto categories = reference::Categories();
    const std::vector<std::string>& names = t.items.categories.names();
    for (size_t i = 0; i < names.size(); ++i) {
      for (const reference::Category& rc : categories) {
        if (rc.name != names[i]) continue;
        const double rate = std::min(0.95, rc.return_rate * s.commerce.return_rate_multiplier);
        const double share_seen = n.at(i) > 0 ? seen.at(i) / n.at(i) : 0;
        rows.push_back(Proportion(
            "return_rate." + names[i], "returns", names[i], rate * share_seen, k.at(i), n.at(i), 0,
            "items delivered on time; configured: the category's rate x the chance its return "
            "request falls in the window (" +
                std::to_string(static_cast<int>(std::lround(share_seen * 100))) + "%)" +
                std::string(ctx.returns.empty() ? ""
                                                : ", outside effects that change return rates")));
      }
    }
  }
  return rows;
}

}  // namespace ecomsim::report
