#include "model/checkout.h"

#include <algorithm>
#include <cmath>

#include "random/alias_table.h"
#include "random/distributions.h"

namespace ecomsim {
namespace {

// Payment methods by generation, in PaymentMethod order: card, paypal, apple_pay,
// google_pay, bnpl, upi, bank_transfer, cod.
constexpr double kMethodMix[kGenerationCount][kPaymentMethodCount] = {
    {0.40, 0.08, 0.14, 0.08, 0.22, 0.00, 0.02, 0.06},  // gen_z
    {0.50, 0.14, 0.12, 0.08, 0.10, 0.00, 0.03, 0.03},  // millennial
    {0.62, 0.18, 0.05, 0.04, 0.04, 0.00, 0.04, 0.03},  // gen_x
    {0.65, 0.20, 0.02, 0.02, 0.01, 0.00, 0.06, 0.04},  // boomer
};
// In India most people pay with UPI.
constexpr double kUpiShareInIndia = 0.45;
// Customers pay with their usual method this often.
constexpr double kMethodLoyalty = 0.85;

// Failure reasons of declined and failed attempts, in FailureReason order (without
// fraud_suspected, which only the fraud check gives).
constexpr double kFailureMix[] = {0.30, 0.26, 0.08, 0.10, 0.11, 0.15};
constexpr int kMaxAttempts = 3;
// Later attempts fail a little more often: the card that failed is often retried.
constexpr double kRetryFailureFactor = 1.4;
// Legitimate payments from a place other than home (travel): share of payments.
constexpr double kTravelShare = 0.015;
constexpr double kGeoJitterDegrees = 0.05;
// The store's fraud check stops this share of fraudulent payments.
constexpr double kFraudCaught = 0.3;
// Card testing: this many small attempts before the real one.
constexpr int kBurstMin = 5;
constexpr int kBurstMax = 15;

double Jitter(Rng& rng) { return rng.Uniform(-kGeoJitterDegrees, kGeoJitterDegrees); }

// The model's risk score. Fraud mostly scores high and legitimate payments mostly low,
// with overlap both ways, as real scores have.
double RiskScore(bool fraud, bool unusual, Rng& rng) {
  constexpr double kMissedFraud = 0.2;  // fraud that looks ordinary
  constexpr double kFalseAlarm = 0.03;  // ordinary payments that look risky
  if (fraud) return rng.Bernoulli(kMissedFraud) ? Beta(rng, 1.5, 6.0) : Beta(rng, 6.0, 2.2);
  if (unusual || rng.Bernoulli(kFalseAlarm)) return Beta(rng, 3.0, 4.0);
  return Beta(rng, 1.3, 9.0);
}

uint32_t FarAwayCity(uint32_t home, Rng& rng) {
  const auto cities = reference::Cities();
  const reference::Region region = cities[home].region;
  for (int tries = 0; tries < 64; ++tries) {
    const auto c = static_cast<uint32_t>(rng.Below(cities.size()));
    if (cities[c].region != region) return c;
  }
  return home;
}

}  // namespace

OrderTotals PriceOrder(const World& world, std::span<const CartLine> lines, int64_t campaign_id,
                       reference::Region region) {
  const CommerceConfig& c = world.scenario().commerce;
  OrderTotals t;
  for (const CartLine& l : lines) {
    const int64_t line_total = l.unit_price_cents * l.quantity;
    t.subtotal += line_total;
    t.discount += LineDiscount(line_total, world.campaigns().DiscountFor(campaign_id, l.category));
    t.units += l.quantity;
  }
  t.shipping = t.subtotal - t.discount >= c.free_shipping_over_cents ? 0 : c.shipping_fee_cents;
  const double rate = c.tax_rate[static_cast<size_t>(region)];
  t.tax = std::llround(static_cast<double>(t.subtotal - t.discount + t.shipping) * rate);
  t.total = t.subtotal - t.discount + t.shipping + t.tax;
  return t;
}

uint64_t DeviceFingerprint(uint64_t seed, int64_t customer_id, Device device) {
  return Mix64(seed ^
               Mix64(static_cast<uint64_t>(customer_id) * 8 + static_cast<uint64_t>(device) + 1));
}

PaymentMethod PreferredPaymentMethod(const Scenario& scenario, const Customer& c, Rng& rng) {
  const auto& city = reference::Cities()[c.city];
  if (city.country_code == "IN" && rng.Bernoulli(kUpiShareInIndia)) return PaymentMethod::kUpi;
  const auto& configured = scenario.cohorts[static_cast<size_t>(c.generation)].payment_methods;
  const double* mix =
      configured.empty() ? kMethodMix[static_cast<int>(c.generation)] : configured.data();
  double u = rng.NextDouble();
  for (int i = 0; i < kPaymentMethodCount - 1; ++i) {
    if (u < mix[i]) return static_cast<PaymentMethod>(i);
    u -= mix[i];
  }
  return static_cast<PaymentMethod>(kPaymentMethodCount - 1);
}

bool SimulatePayments(const World& world, const CustomerState& state, Device device, Micros t,
                      int64_t amount_cents, const FraudPlan& fraud, Rng& rng,
                      std::vector<PaymentAttempt>& out, Micros deadline) {
  const CommerceConfig& cfg = world.scenario().commerce;
  const Customer& c = state.customer;
  const auto cities = reference::Cities();
  const AliasTable failures(kFailureMix);

  PaymentMethod method = state.preferred_method;
  if (!rng.Bernoulli(kMethodLoyalty)) method = PreferredPaymentMethod(world.scenario(), c, rng);
  uint64_t device_id = DeviceFingerprint(world.seed(), c.id, device);
  uint32_t city = c.city;
  bool unusual = false;
  if (fraud.active) {
    // A fraudster uses their own device and, often, their own location.
    device_id = rng.Next();
    if (fraud.type == FraudType::kImpossibleTravel || rng.Bernoulli(0.3))
      city = FarAwayCity(c.city, rng);
    method = PaymentMethod::kCard;
  } else if (rng.Bernoulli(kTravelShare)) {
    city = FarAwayCity(c.city, rng);
    unusual = true;
  }
  auto attempt = [&](Micros ts, int64_t amount, PaymentStatus status, bool has_reason,
                     FailureReason reason) {
    PaymentAttempt a{};
    a.ts = ts;
    a.amount_cents = amount;
    a.method = method;
    a.status = status;
    a.has_failure_reason = has_reason;
    a.failure_reason = reason;
    a.device_id = device_id;
    a.ip_city = city;
    a.latitude = cities[city].latitude + Jitter(rng);
    a.longitude = cities[city].longitude + Jitter(rng);
    a.is_fraud = fraud.active;
    a.has_fraud_type = fraud.active;
    a.fraud_type = fraud.type;
    a.fraud_score = RiskScore(fraud.active, unusual || amount > 4 * state.usual_order_cents(), rng);
    out.push_back(a);
  };

  Micros ts = t;
  if (fraud.active && fraud.type == FraudType::kVelocityBurst) {
    // Card testing: a burst of small charges within minutes, most declined.
    const int burst = static_cast<int>(rng.Between(kBurstMin, kBurstMax));
    for (int i = 0; i < burst; ++i) {
      const int64_t small = rng.Between(50, 500);
      const bool ok = rng.Bernoulli(0.35);
      attempt(ts, small, ok ? PaymentStatus::kSucceeded : PaymentStatus::kDeclined, !ok,
              FailureReason::kCardDeclined);
      const Micros wait = rng.Between(5, 35) * kMicrosPerSecond;
      if (deadline >= 0 && ts + wait > deadline) {
        ts = std::max(ts, deadline);  // out of time: the real attempt comes now
        break;
      }
      ts += wait;
    }
  }
  for (int n = 1; n <= kMaxAttempts; ++n) {
    if (fraud.active && rng.Bernoulli(kFraudCaught)) {
      attempt(ts, amount_cents, PaymentStatus::kDeclined, true, FailureReason::kFraudSuspected);
      return false;  // the fraudster gives up
    }
    const double rate = world.effects().PaymentFailureRate(ts, cfg.payment_failure_rate);
    const double p = std::min(0.99, rate * (n == 1 ? 1.0 : kRetryFailureFactor));
    if (!rng.Bernoulli(p)) {
      attempt(ts, amount_cents, PaymentStatus::kSucceeded, false, FailureReason::kCardDeclined);
      return true;
    }
    const auto reason = static_cast<FailureReason>(failures.Sample(rng));
    const PaymentStatus status = reason == FailureReason::kGatewayTimeout
                                     ? PaymentStatus::kFailed
                                     : PaymentStatus::kDeclined;
    attempt(ts, amount_cents, status, true, reason);
    if (n == kMaxAttempts || !rng.Bernoulli(cfg.payment_retry_rate)) return false;
    ts += rng.Between(20, 240) * kMicrosPerSecond;
    if (deadline >= 0 && ts > deadline) return false;  // too long a wait: the visitor gives up
    if (rng.Bernoulli(0.4))
      method = PreferredPaymentMethod(world.scenario(), c, rng);  // try another way to pay
  }
  return false;
}

}  // namespace ecomsim
