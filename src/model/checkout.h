#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "model/customer_state.h"
#include "model/world.h"
#include "random/rng.h"
#include "schema/vocabulary.h"

namespace ecomsim {

// A line of a cart or an order.
struct CartLine {
  int64_t product_id;
  int64_t unit_price_cents;  // the product's price when it was put in the cart
  int32_t quantity;
  int16_t category;
};

// The money of an order, all in cents. total = subtotal - discount + shipping + tax.
struct OrderTotals {
  int64_t subtotal = 0;
  int64_t discount = 0;
  int64_t shipping = 0;
  int64_t tax = 0;
  int64_t total = 0;
  int32_t units = 0;
};

// Campaign discount of one line: line total x discount, rounded half up to the cent.
inline int64_t LineDiscount(int64_t line_total_cents, int64_t discount_bp) {
  return (line_total_cents * discount_bp + 5000) / 10000;
}

// Prices an order: line totals, the campaign's discount on the lines it targets,
// shipping (free above the threshold) and the tax of the customer's region.
OrderTotals PriceOrder(const World& world, std::span<const CartLine> lines, int64_t campaign_id,
                       reference::Region region);

// One payment attempt.
struct PaymentAttempt {
  Micros ts;
  int64_t amount_cents;
  PaymentMethod method;
  PaymentStatus status;
  bool has_failure_reason;
  FailureReason failure_reason;
  uint64_t device_id;
  uint32_t ip_city;  // Cities() index the request geolocates to
  double latitude;
  double longitude;
  bool is_fraud;
  bool has_fraud_type;
  FraudType fraud_type;
  double fraud_score;
};

// The fraud a session carries out, if any.
struct FraudPlan {
  bool active = false;
  FraudType type = FraudType::kNewDevice;
};

// Payment attempts for a checkout of `amount_cents` at `t`: failures (at the scenario's
// rate, with reasons) and retries; for a fraudulent session its pattern (card-testing
// bursts, a far-away location, a new device) and a fraud check that sometimes stops it;
// a risk score that is informative but imperfect. Appends to `out` (attempts at `t` or
// later, in time order); returns whether the order was paid, by the last attempt. With
// a `deadline` (>= 0), no attempt comes after it: a visitor who would have to wait past
// it gives up (a card-testing burst stops short). Pure: draws only from `rng`.
bool SimulatePayments(const World& world, const CustomerState& state, Device device, Micros t,
                      int64_t amount_cents, const FraudPlan& fraud, Rng& rng,
                      std::vector<PaymentAttempt>& out, Micros deadline = -1);

// The customer's device fingerprint for a device type, stable across sessions.
uint64_t DeviceFingerprint(uint64_t seed, int64_t customer_id, Device device);

// A customer's usual payment method, from the cohort's mix (or generation defaults) and
// country.
PaymentMethod PreferredPaymentMethod(const Scenario& scenario, const Customer& c, Rng& rng);

}  // namespace ecomsim
