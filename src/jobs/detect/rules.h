#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.h"
#include "ecomsim/status.h"

// The thresholds and weights of the fraud detector's rules, as data: built-in defaults,
// which a YAML file (`ecomsim detect --rules FILE`) may change key by key.
namespace ecomsim::detect {

// The rules, in the order alerts and reports list them. Each is named after the fraud
// pattern it looks for (the generator's fraud_type), which is how the evaluation pairs a
// rule with the payments it should catch.
enum class Rule : uint8_t {
  kVelocityBurst,
  kImpossibleTravel,
  kAmountOutlier,
  kOddHour,
  kNewDevice,
  kUnusualCategory,
};
inline constexpr int kRuleCount = 6;
// "velocity_burst", ...: the fraud_type each rule is after.
std::string_view PatternName(Rule rule);
// "velocity", "impossible_travel", "amount", "odd_hour", "new_device", "unusual_category":
// the rule's key in a rules file, in alerts and in reports.
std::string_view RuleName(Rule rule);

// Every number the rules use. A payment's score is the sum of the weights of the rules
// that fire on it; it is an alert when the score reaches `threshold`. Plain values;
// defaults are the built-in rules.
struct DetectRules {
  double threshold = 1.0;

  // Velocity: attempts per customer, and per device of the customer, in a sliding
  // window; and card-testing probes, charges too small to be an order.
  struct Velocity {
    Micros window = 10 * kMicrosPerMinute;
    int max_attempts = 4;         // attempts by the customer within the window, this one too
    int max_device_attempts = 4;  // attempts from this device of the customer within it
    double weight = 1.0;
    int64_t small_amount_cents = 500;  // a charge below this is a probe
    double small_weight = 0.8;
  } velocity;

  // Impossible travel: great-circle distance from the customer's previous payment over
  // the time since it, against a speed no traveller beats; and distance from home.
  struct Travel {
    double max_speed_kmh = 900;
    double min_distance_km = 500;
    double weight = 0.3;
    double away_from_home_km = 1000;
    double away_weight = 0.1;
  } travel;

  // Amount against the customer's own history: a multiple of the median of their last
  // `history` successful payments (at least `min_history` of them).
  struct Amount {
    double multiple_of_median = 4;
    int64_t min_amount_cents = 10000;  // smaller amounts never fire
    int min_history = 2;
    double weight = 0.3;
  } amount;

  // The hour in the customer's local time (their city's UTC offset): [from, to).
  struct OddHour {
    int from = 1;
    int to = 5;
    double weight = 0.3;
  } odd_hour;

  // A device the customer has not paid from. The weight depends on what else is known:
  // the device of the customer's first payment becomes their own once it has paid for
  // `first_known_after_orders` orders, a device added later once it has paid for
  // `known_after_orders` (a device that first came beside another one may be an
  // attacker's that no alert caught); a new one of a type (mobile, desktop, tablet)
  // whose own device the customer has is the strongest sign.
  struct Device {
    int first_known_after_orders = 1;
    int known_after_orders = 2;
    double weight_changed = 1.0;      // the customer's own device of this type is another
    double weight_unconfirmed = 0.5;  // another device of this type paid once before
    double weight_new_type = 0.3;     // the customer never paid from this type of device
    double weight_first = 0.2;        // the customer's first payment
  } device;

  // None of the order's categories among those of the customer's past orders (at
  // least `min_orders` of them).
  struct Category {
    int min_orders = 2;
    double weight = 0.25;
  } category;
};

// The rules as a YAML document that ParseRules reads back to the same values: what
// `ecomsim detect --print-rules` prints, with a comment on every key.
std::string RulesYaml(const DetectRules& rules);

// Reads a rules file's text. Every key is optional (a missing one keeps its default);
// an unknown key, a value of the wrong type or out of range is Status::Config naming
// "SOURCE:LINE: key.path: what is wrong".
Result<DetectRules> ParseRules(std::string_view text, const std::string& source);
// Reads and parses the file at `path` (Status::Io if it cannot be read).
Result<DetectRules> LoadRules(const std::string& path);

}  // namespace ecomsim::detect
