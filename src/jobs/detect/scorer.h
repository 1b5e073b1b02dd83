#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "jobs/detect/facts.h"
#include "jobs/detect/id_index.h"
#include "jobs/detect/rules.h"

namespace ecomsim::detect {

// How the payment's device stands with the customer (the new_device rule).
enum class DeviceStanding : uint8_t {
  kKnown,        // the customer paid from it before
  kChanged,      // the customer's own device of this type is another one
  kUnconfirmed,  // another device of this type paid for one order before
  kNewType,      // the customer never paid from this type of device
  kFirst,        // the customer's first payment
};
// "known", "changed", "unconfirmed", "new_type", "first".
const char* DeviceStandingName(DeviceStanding standing);

// What each rule measured for a payment: the evidence an alert shows.
struct Evidence {
  // velocity
  int attempts = 0;         // by the customer within the window, this one included
  int device_attempts = 0;  // from this device of the customer within the window
  bool small_amount = false;
  // impossible_travel (distance -1: no previous payment; home -1: customer unknown)
  double distance_km = -1;
  double hours = 0;
  double speed_kmh = 0;
  double from_home_km = -1;
  // amount (median -1: not enough history)
  int64_t median_cents = -1;
  // odd_hour (-1: customer unknown)
  int local_minute = -1;
  int32_t utc_offset_minutes = 0;
  // new_device
  DeviceStanding device = DeviceStanding::kFirst;
  DeviceType device_type = DeviceType::kUnknown;
  // unusual_category
  uint64_t categories = 0;
  uint64_t usual_categories = 0;
  int past_orders = 0;
};

// The outcome of scoring one payment.
struct Verdict {
  double score = 0;
  uint8_t fired = 0;  // bit i: Rule i fired
  bool alert = false;
  Evidence evidence;

  bool Fired(Rule r) const { return (fired >> static_cast<int>(r)) & 1; }
};

// The scoring core of the fraud detector: per-customer state of fixed size (the last
// attempts, the devices, the last place, the last successful amounts, the categories
// bought), made at the customer's first payment (a realistic store has many more
// customers than payers: a described customer who never pays costs 32 bytes), and the
// rules applied to each payment against it. It learns from every
// payment after scoring it: devices from all of them (a device becomes the customer's
// own only after paying for several orders, so one fraudster's device never does),
// places, amounts and habits only from payments that raised no alert.
//
// Deterministic: the verdicts depend only on the rules, the customers' facts and each
// customer's payments in the order given. Payments of one customer must come in time
// order (ties in payment_id order); payments of different customers may interleave in
// any way without changing a verdict. Not thread-safe.
class Scorer {
 public:
  explicit Scorer(const DetectRules& rules) : rules_(rules) {}

  // Where the customer lives (the customers table). May come at any time before the
  // customer's payments; a payment of a customer never described scores without the
  // rules that need a home (away from home, odd hour).
  void SetCustomer(int64_t customer_id, const CustomerFacts& facts);

  // Makes room for `customers` customers, and their states, at once.
  void Reserve(size_t customers) {
    index_.Reserve(customers);
    customers_.reserve(customers);
    states_.reserve(customers);
  }

  // Scores `payment` against what its customer did before, then learns from it.
  Verdict Score(const PaymentFacts& payment);

  // Customers described or seen paying.
  size_t customers() const { return customers_.size(); }
  // Customers seen paying: those with a state.
  size_t payers() const { return states_.size(); }
  const DetectRules& rules() const { return rules_; }

  // Bounds of the per-customer state.
  static constexpr int kAttempts = 16;  // attempts remembered for the velocity windows
  static constexpr int kAmounts = 15;   // successful amounts for the median
  static constexpr int kDevices = 6;    // devices remembered
  static constexpr int kMaxAttempts = kAttempts;

 private:
  struct Attempt {
    Micros ts;
    uint64_t device;
  };
  struct KnownDevice {
    uint64_t id;
    int64_t last_order;
    Micros last_seen;
    uint16_t orders;
    DeviceType type;
    DeviceStanding first_standing;  // how it stood when first seen
    bool flagged;                   // only ever seen on payments that raised alerts
  };
  struct CustomerState {
    bool has_last = false;
    uint8_t attempt_count = 0;
    uint8_t attempt_next = 0;
    uint8_t amount_count = 0;
    uint8_t amount_next = 0;
    uint8_t device_count = 0;
    uint16_t orders = 0;  // successful orders that raised no alert
    int64_t last_order = -1;
    uint64_t habits = 0;  // their categories
    Micros last_ts = 0;
    double last_latitude = 0;
    double last_longitude = 0;
    std::array<Attempt, kAttempts> attempts;
    std::array<int64_t, kAmounts> amounts;
    std::array<KnownDevice, kDevices> devices;
  };

  // What is known of a customer before any payment: where they live.
  struct Customer {
    CustomerFacts home;
    bool has_home = false;
    uint32_t state = kNoState;  // position in states_
  };
  static constexpr uint32_t kNoState = UINT32_MAX;

  Customer& CustomerOf(int64_t customer_id) {
    const uint32_t at = index_.Insert(customer_id);
    if (at == customers_.size()) customers_.emplace_back();
    return customers_[at];
  }
  // Orders a device must pay for to be the customer's own.
  int KnownAfter(const KnownDevice& d) const;
  DeviceStanding Stand(const CustomerState& s, const PaymentFacts& p,
                       const KnownDevice* seen) const;
  void Learn(CustomerState& s, const PaymentFacts& p, const Verdict& v, KnownDevice* seen);

  DetectRules rules_;
  IdIndex index_;                      // customer_id -> position in customers_
  std::vector<Customer> customers_;    // contiguous: no node per customer
  std::vector<CustomerState> states_;  // of the customers who paid
};

// Great-circle distance in kilometres (haversine, mean Earth radius).
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace ecomsim::detect
