#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "jobs/detect/facts.h"
#include "jobs/detect/id_index.h"
#include "jobs/detect/rules.h"

namespace ecomsim::detect {

// How the payment's device stands with the payer (the new_device rule).
enum class DeviceStanding : uint8_t {
  kKnown,        // the payer paid from it before
  kChanged,      // the payer's own device of this type is another one
  kUnconfirmed,  // another device of this type paid for one order before
  kNewType,      // the payer never paid from this type of device
  kFirst,        // the payer's first payment
};
// "known", "changed", "unconfirmed", "new_type", "first".
const char* DeviceStandingName(DeviceStanding standing);

// What each rule measured for a payment: the evidence an alert shows.
struct Evidence {
  // velocity
  int attempts = 0;         // by the payer within the window, this one included
  int device_attempts = 0;  // from this device of the payer within the window
  bool small_amount = false;
  // impossible_travel (distance -1: no previous payment; home -1: no home known, a guest)
  double distance_km = -1;
  double hours = 0;
  double speed_kmh = 0;
  double from_home_km = -1;
  // amount (median -1: not enough history)
  int64_t median_cents = -1;
  // odd_hour (-1: no home known, a guest)
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

// The scoring core of the fraud detector: per-payer state of fixed size (the last
// attempts, the devices, the last place, the last successful amounts, the categories
// bought), keyed by visitor_id, the person (a customer's visitor_id is their customer_id,
// so a visitor who checks out as a guest and opens an account later keeps one history),
// and made at the person's first payment (a realistic store has many more customers than
// payers: a described customer who never pays costs 32 bytes). A payment is scored
// against its payer's state, and, when it is signed in to an account, against where that
// customer lives; a guest payment has no home to be far from or local time to be odd in,
// and a first-time guest no history: the rules that need them do not fire. It learns from
// every payment after scoring it: devices from all of them (a device becomes the payer's
// own only after paying for several orders, so one fraudster's device never does),
// places, amounts and habits only from payments that raised no alert.
//
// Deterministic: the verdicts depend only on the rules, the customers' facts and each
// payer's payments in the order given. Payments of one payer must come in time order
// (ties in payment_id order); payments of different payers may interleave in any way
// without changing a verdict. Not thread-safe.
class Scorer {
 public:
  explicit Scorer(const DetectRules& rules) : rules_(rules) {}

  // Where customer `customer_id` lives (the customers table). May come at any time before
  // the customer's signed-in payments; a payment of an account never described, or of a
  // guest, scores without the rules that need a home (away from home, odd hour).
  void SetCustomer(int64_t customer_id, const CustomerFacts& facts);

  // Makes room for `people` people (customers described and payers), and their states.
  void Reserve(size_t people) {
    index_.Reserve(people);
    people_.reserve(people);
    states_.reserve(people);
  }

  // Scores `payment` against what its payer (payment.visitor_id) did before, then learns
  // from it.
  Verdict Score(const PaymentFacts& payment);

  // People described (customers) or seen paying.
  size_t people() const { return people_.size(); }
  // People seen paying, customers and guests: those with a state.
  size_t payers() const { return states_.size(); }
  const DetectRules& rules() const { return rules_; }

  // Bounds of the per-payer state.
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
  struct PayerState {
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

  // What is known of a person before any payment: where they live, if they are a
  // customer described by the customers table.
  struct Person {
    CustomerFacts home;
    bool has_home = false;
    uint32_t state = kNoState;  // position in states_
  };
  static constexpr uint32_t kNoState = UINT32_MAX;

  // REQUIRES: no reference into people_ is held (it may grow).
  Person& PersonOf(int64_t id) {
    const uint32_t at = index_.Insert(id);
    if (at == people_.size()) people_.emplace_back();
    return people_[at];
  }
  // The home of the account `payment` is signed in to; nullptr for a guest or an account
  // not described.
  const CustomerFacts* HomeOf(const PaymentFacts& payment, const Person& payer) const;
  // Orders a device must pay for to be the payer's own.
  int KnownAfter(const KnownDevice& d) const;
  DeviceStanding Stand(const PayerState& s, const PaymentFacts& p,
                       const KnownDevice* seen) const;
  void Learn(PayerState& s, const PaymentFacts& p, const Verdict& v, KnownDevice* seen);

  DetectRules rules_;
  IdIndex index_;                      // visitor_id (= customer_id) -> position in people_
  std::vector<Person> people_;         // contiguous: no node per person
  std::vector<PayerState> states_;  // of the people who paid
};

// Great-circle distance in kilometres (haversine, mean Earth radius).
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace ecomsim::detect
