#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"
#include "model/customer.h"
#include "schema/vocabulary.h"

namespace ecomsim {

// A session the customer will have for a reason other than the arrival process.
struct ScheduledSession {
  enum class Kind : uint8_t { kRecovery, kFraud };
  Micros start;
  Kind kind;
  FraudType fraud;  // kFraud
  int64_t cart_id;  // kRecovery: the abandoned cart it buys
};

// One version of the customer's value segment (SCD Type 2).
struct SegmentVersion {
  Segment segment;
  int64_t lifetime_spend_cents;  // when the version began
  Micros valid_from;
};

// A cart left behind, kept until the customer is done so that a later order can be
// linked to it.
struct AbandonedCart {
  int64_t cart_id;
  int64_t customer_id;  // 0 when the session was anonymous
  Micros abandoned_at;
  CartStage stage;
  int32_t items;
  int64_t value_cents;
  AbandonReason reason;
  int64_t recovered_order_id;  // 0 if none
  struct Line {
    int64_t product_id;
    int32_t quantity;
  };
  std::vector<Line> lines;
};

// What the simulation remembers about one customer from session to session: spend and
// segment history, carts waiting for recovery, sessions scheduled by earlier ones, the
// usual order value. Owned by the worker simulating the customer; not thread-safe.
struct CustomerState {
  Customer customer;
  int64_t lifetime_spend_cents = 0;
  std::vector<SegmentVersion> versions;     // in time order; the last is current
  std::vector<ScheduledSession> scheduled;  // sorted by start
  std::vector<AbandonedCart> carts;
  int64_t orders = 0;
  int64_t spend_in_window_cents = 0;
  PaymentMethod preferred_method = PaymentMethod::kCard;

  Segment segment() const { return versions.back().segment; }
  int64_t usual_order_cents() const {
    constexpr int64_t kTypicalOrderCents = 6000;
    return orders > 0 ? spend_in_window_cents / orders : kTypicalOrderCents;
  }
};

}  // namespace ecomsim

namespace ecomsim {

class World;

// The state of customer `id` at its registration or the window's start, whichever is
// later: lifetime spend and segment versions before the window (drawn by user type),
// the usual payment method, and the fraud sessions of the scenario's fraud windows
// (effects with a fraud_rate). A pure function of (world, id).
CustomerState StartCustomer(const World& world, int64_t id);

// After a legitimate order of the customer (`order_id`, placed at `ordered_at`): with
// probability rate / (1 - rate) for the scenario's fraud rate, schedules the session of
// an attacker who has taken the account over, later in the window, so that fraudulent
// orders are that share of all orders. An attacker goes for an account that has been
// used to pay: the takeover follows the owner's own activity, usually by days (within
// two hours for impossible_travel, in the small hours of the owner's local time for
// odd_hour). A pure function of (world, customer, order_id, ordered_at).
void PlanTakeover(const World& world, int64_t order_id, Micros ordered_at, CustomerState& state);

// The segment a lifetime spend puts a customer in.
Segment SegmentOf(const World& world, int64_t lifetime_spend_cents);

}  // namespace ecomsim
