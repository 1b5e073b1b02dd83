#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "ecomsim/status.h"
#include "reference/reference.h"
#include "schema/vocabulary.h"

namespace ecomsim {

// How a generation cohort differs from the world's mixes. An empty mix means the
// world's (or, for payments and support, the built-in per-generation defaults).
struct CohortConfig {
  std::vector<double> acquisition_channels;  // by AcquisitionChannel
  std::vector<double> channels;              // by Channel: the customer's usual channel
  std::vector<double> payment_methods;       // by PaymentMethod
  std::vector<double> support_channels;      // by TicketChannel
};

// How one persona behaves. Personas are scenario data: a scenario may define any set.
struct Persona {
  std::string name;
  double share = 0;             // of customers
  double sessions_per_day = 0;  // base arrival rate before profiles and effects
  double conversion = 0;        // probability that a session ends in a purchase
  double bounce = 0;            // probability that a non-buying session leaves after one page
  double dwell = 1;             // multiplies every dwell time
  double cart_abandonment = 0;  // share of its carts left without an order (default: the world's)
  // Probability that a session that will not buy puts something in its cart: derived
  // from conversion and cart_abandonment, so that the share of the persona's carts left
  // behind is cart_abandonment.
  double cart_rate = 0;
  // transitions[from][to]: weight of moving from event type `from` to `to`. Rows are
  // normalized; purchase is never a target (it follows checkout in buying sessions).
  std::array<std::array<double, kEventTypeCount>, kEventTypeCount> transitions{};
};

struct UserTypeMix {
  double share = 0;
  double activity = 1;  // multiplies the persona's sessions_per_day
};

// The world: sizes, time window and the mixes customers are drawn from.
struct WorldConfig {
  int64_t customers = 0;
  int64_t products = 0;
  int64_t suppliers = 0;
  Micros start = 0;
  Micros duration = 0;
  Micros history = 0;  // registrations reach this far before start
  std::array<double, reference::kRegionCount> regions{};
  std::array<double, kGenerationCount> generations{};
  std::array<UserTypeMix, kUserTypeCount> user_types{};
  std::array<double, kDeviceCount> devices{};
  std::array<double, kAcquisitionChannelCount> acquisition_channels{};
  std::array<double, kTrafficSourceCount> traffic_sources{};
  double device_loyalty = 0;  // probability that a session uses the preferred device
  // Each customer's arrival rate is multiplied by an activity weight, log-normal with
  // mean 1 and this shape: 0 makes every customer of a persona and user type alike; 1.7
  // has the most active 20% of customers make about 80% of the visits.
  double activity_sigma = 0;
  // Customers' personas, generations, user types, preferred devices, acquisition
  // channels and activity ranks follow low-discrepancy sequences over customer ids
  // instead of independent draws: every mix is met as closely as the number of
  // customers allows (for small worlds whose shares must show), still independently of
  // one another.
  bool exact_mixes = false;
  // The people who are not customers yet: known to the store only by a cookie (their
  // visitor_id). They browse with their own activity and conversion multipliers; each
  // purchase before they have an account opens one with probability register_at_checkout,
  // or is a guest checkout. Customers are signed in for a share `logged_in` of their visits (always
  // when they buy, or come back for a cart or as a fraudster).
  struct Visitors {
    double per_customer = 0;  // anonymous visitors per customer at the window's start
    double activity = 1;      // x the persona's sessions per day
    double conversion = 1;    // x the persona's conversion
    double register_at_checkout = 1;
  } visitors;
  double logged_in = 1;

  // Everyone simulated: customers 1..customers, then the anonymous visitors.
  int64_t people() const {
    return customers + static_cast<int64_t>(static_cast<double>(customers) * visitors.per_customer + 0.5);
  }
  Micros end() const { return start + duration; }
};

struct CatalogConfig {
  double discounted_share = 0;     // share of products on discount at the start
  double popularity_exponent = 1;  // Zipf exponent of product views over popularity rank
  double category_affinity =
      0;  // probability that a product view stays in the session's focus category
  double repricings_per_month = 0;  // base price changes per product per 30 days
  double promotions_per_month = 0;  // temporary discounts started per product per 30 days
  double promotion_days = 0;        // mean length of a promotion
  double reorder_point = 0;  // restock when stock falls below this share of the starting stock
  double min_price = 0;      // every list price is clamped to [min_price, max_price]
  double max_price = 1e9;
};

// What happens after the clickstream: orders, payments, fraud, fulfilment, returns,
// support, segments, campaigns. Rates are probabilities unless named otherwise.
struct CommerceConfig {
  std::string currency;
  double cart_abandonment = 0;          // share of carts left without an order
  double cart_recovery = 0;             // share of abandoned carts bought later after a reminder
  double recovery_hours = 0;            // mean delay of that reminder-driven purchase
  std::vector<double> items_per_order;  // P(1 line), P(2 lines), ...
  int64_t free_shipping_over_cents = 0;
  int64_t shipping_fee_cents = 0;
  std::array<double, reference::kRegionCount> tax_rate{};
  double cancellation_rate = 0;
  double payment_failure_rate = 0;  // share of payment attempts declined or failed
  double payment_retry_rate = 0;    // probability of trying again after a failure
  double fraud_rate = 0;            // share of orders placed by fraudsters
  std::array<double, kFraudTypeCount> fraud_patterns{};
  double processing_hours = 0;  // mean time from order to shipment
  double transit_days = 0;      // promised transit time
  double late_share = 0;        // share of shipments late at a reliability of 0.9 and normal load
  double return_rate_multiplier = 0;  // x each category's return rate
  double return_window_days = 0;
  double return_processing_days = 0;
  double ticket_base_rate = 0;      // tickets per order
  double ticket_late_delivery = 0;  // added when delivery is late
  double ticket_payment_failure = 0;
  double ticket_return = 0;
  double ticket_resolution_hours = 0;
  std::array<int64_t, kSegmentCount> segment_thresholds_cents{};  // lifetime spend to enter
  // The segments of customers at the window's start, when given (otherwise the spend a
  // customer had before the window decides): customers are ranked by activity weight and
  // the mix cuts the ranking (platinum: the most active). Customers who register during
  // the window start in bronze.
  bool has_initial_segments = false;
  std::array<double, kSegmentCount> initial_segments{};
  // initial_segment_cuts[k]: the standard normal quantile below which an activity score
  // falls in a segment at most k (derived from initial_segments).
  std::array<double, kSegmentCount - 1> initial_segment_cuts{};
  // Order values by the customer's segment, when given: a buying session aims at a total
  // in its segment's range and picks products that fit.
  bool has_order_values = false;
  std::array<std::array<int64_t, 2>, kSegmentCount> order_value_cents{};  // [lowest, highest]
  double campaigns_per_month = 0;
};

// Multipliers of the arrival rate by local time. Each is normalized to mean 1 when the
// scenario is built, so sessions_per_day keeps its meaning.
struct Profiles {
  std::array<double, 24> hour_of_day{};
  std::array<double, 7> day_of_week{};  // Monday first
  std::array<double, 12> month_of_year{};
};

// What becomes of sessions still in progress when the window ends.
enum class WindowEnd : uint8_t {
  kFinish,  // they run to their end: their last events may come after the window's end
  kCut,     // nothing after the window's end is recorded: they stay open, without session_end
};

struct SessionConfig {
  int max_events = 0;
  double dwell_sigma = 0;                               // log-normal shape of dwell times
  std::array<double, kEventTypeCount> dwell_seconds{};  // mean seconds after each event type
  // When positive: no two consecutive events of a session are this far apart, and a
  // customer's next session starts at least this long after the previous session_end,
  // so sessionizing the events by this inactivity gap gives back exactly the sessions.
  // session_end stays the moment the visitor left (the last page's dwell after the last
  // action), not the moment the timeout expires.
  Micros inactivity_timeout = 0;
  WindowEnd at_window_end = WindowEnd::kFinish;
};

// What an effect applies to. Empty lists match everything.
struct EffectTarget {
  std::vector<int> categories;    // Categories() indexes
  std::vector<int64_t> products;  // product ids
  std::string top_product_of;     // a category: its most popular product
  std::vector<Generation> cohorts;
  std::vector<Channel> channels;
  std::vector<int64_t> suppliers;
  std::vector<reference::Region> regions;

  bool MatchesCustomer(reference::Region region, Generation cohort) const;
  bool has_item_target() const {
    return !categories.empty() || !products.empty() || !top_product_of.empty() ||
           !suppliers.empty();
  }
};

// The shape of a traffic multiplier over an effect's window.
struct TrafficCurve {
  enum class Kind : uint8_t { kConstant, kRamp, kExponential, kDecay, kPoints };
  Kind kind = Kind::kConstant;
  double value = 1;  // constant
  double from = 1;   // ramp, exponential: at the start
  double to = 1;     // ramp, exponential: at the end
  double peak = 1;   // decay: at the start
  double floor = 1;  // decay: what it decays to
  double half_life_hours = 1;
  std::vector<std::pair<Micros, double>> points;  // points: (offset from start, multiplier)

  // The multiplier `since` after the effect starts, of an effect lasting `length`.
  double At(Micros since, Micros length) const;
};

// One entry of a scenario's timeline: a window, a target and what changes in it.
// A modifier left at its neutral value (multiplier 1, rate -1) changes nothing.
struct Effect {
  std::string name;
  Micros start = 0;
  Micros end = 0;  // exclusive
  EffectTarget target;
  bool has_traffic = false;
  TrafficCurve traffic;
  double conversion = 1;             // x the persona's conversion
  double discount_pct = -1;          // on targeted items, replacing their discount
  double payment_failure_rate = -1;  // replaces the configured rate
  double latency = 1;                // x response times (system metrics)
  double return_rate = 1;            // x return probability of targeted items
  double return_processing = 1;      // x return processing time
  double ticket_rate = 1;            // x ticket probabilities
  double fraud_rate = -1;            // share of orders placed by fraudsters in the window
  int64_t stock_cap = -1;            // units of targeted products sold from the window's start on
  double product_focus = 0;          // share of product views drawn to the targeted products
  // SKU outage: the `skus` most popular products of `supplier` (0: the supplier with the
  // most products) are out of stock; a backup supplier covers `backup_capacity` of them.
  bool has_outage = false;
  int64_t outage_supplier = 0;
  int outage_skus = 0;
  double backup_capacity = 0;
  // Channel migration: `share` of customers move their visits to `to`; the other
  // channels lose `cannibalization` of their visits.
  bool has_migration = false;
  Channel migrate_to = Channel::kApp;
  double migrate_share = 0;
  double cannibalization = 0;
  // Cohort growth: new customers registering in the window are `growth` more often of
  // this cohort (a share p becomes p x (1 + growth)).
  bool has_cohort_growth = false;
  Generation growth_cohort = Generation::kGenZ;
  double growth = 0;
  // A campaign that runs for the effect's window on the targeted category.
  bool has_campaign = false;
  CampaignChannel campaign_channel = CampaignChannel::kInfluencer;
  double campaign_discount_pct = 0;

  bool Active(Micros t) const { return t >= start && t < end; }
};

// An immutable, validated scenario: everything the simulation needs besides the seed.
// Built only by LoadScenario; safe to share between threads.
struct Scenario {
  std::string name;
  std::string description;
  std::string source;         // file path, or "builtin:NAME"
  std::string resolved_yaml;  // the scenario after overrides and scaling
  uint64_t hash = 0;          // of resolved_yaml
  WorldConfig world;
  CatalogConfig catalog;
  CommerceConfig commerce;
  Profiles profiles;
  SessionConfig session;
  std::vector<Persona> personas;
  std::vector<Effect> effects;
  std::array<CohortConfig, kGenerationCount> cohorts;
  double scale = 1;
  double intensity = 1;  // x every arrival rate

  // The mean traffic multiplier over the window (intensity and traffic effects on all
  // customers): what `ecomsim scenarios` lists as intensity.
  double MeanTraffic() const;
};

// What to load and how to change it.
struct ScenarioRequest {
  std::string name_or_path;            // a built-in name, or a path to a YAML file
  std::vector<std::string> overrides;  // "world.customers=5000", applied in order
  double scale = 1;                    // multiplies customers, products and suppliers
};

// The YAML text of a built-in scenario or a scenario file.
Result<std::string> ScenarioText(const std::string& name_or_path);

// The command-line shorthands, turned into overrides: --duration 8h (world.duration),
// --start 2024-11-29 (world.start), --intensity 10 (world.intensity), --discount 60 (the
// discount of every effect that has one). Empty strings are not set. `yaml_text` is the
// scenario the shorthands apply to (to find its effects).
Result<std::vector<std::string>> ShorthandOverridesOf(std::string_view yaml_text,
                                                      const std::string& duration,
                                                      const std::string& start,
                                                      const std::string& intensity,
                                                      const std::string& discount);

// Loads, overrides, validates and resolves a scenario. Errors name the file, the line
// and the key ("scenarios/x.yaml:12: world.customers: must be a positive integer").
Result<Scenario> LoadScenario(const ScenarioRequest& request);

// Parses YAML text as if read from `source` (used by LoadScenario and by tests).
Result<Scenario> ParseScenario(std::string_view yaml_text, std::string_view source,
                               const std::vector<std::string>& overrides, double scale);

struct BuiltinScenario {
  std::string_view name;
  std::string_view yaml;
};
// The scenario files under scenarios/, compiled in.
std::span<const BuiltinScenario> BuiltinScenarios();
const BuiltinScenario* FindBuiltinScenario(std::string_view name);

}  // namespace ecomsim
