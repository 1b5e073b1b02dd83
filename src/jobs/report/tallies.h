#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "jobs/report/counting.h"
#include "scenario/scenario.h"
#include "schema/vocabulary.h"

// What the report's single pass over a dataset keeps: counters per table, small enough
// to hold for any dataset, plus the few id vectors the cross-table figures join on
// (sessions outside effect windows, late shipments, returned items). Filled table by
// table in schema order by ReportTallies::OnBatch; the section builders read it.
namespace ecomsim::report {

// A window of time during which a scenario effect changes a rate.
struct RateWindow {
  Micros start = 0;
  Micros end = 0;
  double value = 0;  // the rate it sets (or the multiplier)
  std::string name;
};

// The dataset's frame: its window, grids and what the scenario says about it.
struct Context {
  Micros start = 0;
  Micros end = 0;
  TimeGrid hours;  // traffic per hour (or a few hours, for long windows)
  TimeGrid days;
  int64_t people_first = 0;  // the person ids the dataset covers, [first, end)
  int64_t people_end = 0;
  // The scenario re-parsed from the manifest; empty when that was not possible.
  std::optional<Scenario> scenario;
  // Effect windows, by what they change.
  std::vector<RateWindow> conversion;  // conversion multipliers
  std::vector<RateWindow> payment;     // payment failure rate replaced
  std::vector<RateWindow> fraud;       // fraud rate in the window
  std::vector<RateWindow> returns;     // return rate multipliers
  static bool InAny(const std::vector<RateWindow>& windows, Micros t) {
    for (const RateWindow& w : windows) {
      if (t >= w.start && t < w.end) return true;
    }
    return false;
  }
};

// Per customer, what the activity tables are looked up by. 12 bytes.
struct CustomerInfo {
  int16_t offset_minutes = 0;
  uint8_t persona = kUnknown;
  uint8_t generation = kUnknown;
  uint8_t known = 0;
  uint8_t own_channels = 0;  // the customer's cohort has its own channel mix
  uint16_t paid_orders = 0;
  uint32_t sessions = 0;
  static constexpr uint8_t kUnknown = 255;
};

struct CustomerTallies {
  int64_t rows = 0;
  Vocab personas;
  Vocab generations{kGenerationNames};
  Vocab devices{kDeviceNames};
  Vocab user_types{kUserTypeNames};
  Vocab regions;
  Vocab segments{kSegmentNames};
  Vocab acquisitions{kAcquisitionChannelNames};
  Counts persona, generation, device, user_type, region, segment, acquisition;
  // Mixes measured on the customers whose cohort has no mix of its own.
  Counts device_plain, acquisition_plain;
  double device_plain_n = 0, acquisition_plain_n = 0;
  TimeCounts registrations;        // per day, inside the window
  std::vector<CustomerInfo> info;  // by customer_id - people_first

  // The slot of a person (a visitor_id, which is also the customer_id of one with an
  // account), or null beyond the array.
  CustomerInfo* Slot(const Context& ctx, int64_t id) {
    if (id < ctx.people_first) return nullptr;
    const auto i = static_cast<size_t>(id - ctx.people_first);
    return i < info.size() ? &info[i] : nullptr;
  }
  // The slot of a person whose customer row was read (persona, time zone), or null.
  CustomerInfo* Find(const Context& ctx, int64_t id) {
    CustomerInfo* c = Slot(ctx, id);
    return c != nullptr && c->known ? c : nullptr;
  }
};

struct HistoryTallies {
  int64_t rows = 0;
  Vocab segments{kSegmentNames};
  // moves[from][to]: a version followed by the next of the same customer.
  std::vector<std::vector<double>> moves;
  Counts versions_per_customer;  // 1, 2, 3, 4+ (index = versions - 1, capped)
  TimeCounts moves_per_day;      // versions after the first, by valid_from
  int64_t customers = 0;
  int64_t last_customer = -1;
  int last_segment = -1;
  int versions_of_last = 0;
};

struct SessionTallies {
  int64_t rows = 0;
  TimeCounts per_hour, per_day;
  Vocab devices{kDeviceNames};
  Vocab channels{kChannelNames};
  Vocab sources{kTrafficSourceNames};
  Vocab origins{kSessionOriginNames};
  Counts device, channel, source, origin;
  Counts converted_by_device, converted_by_channel;
  Counts persona, converted_by_persona;  // by CustomerTallies::personas index
  std::array<double, 24> local_hour{};
  std::array<double, 7> local_weekday{};
  double local_known = 0;  // sessions whose customer's offset is known
  double bounces = 0, converted = 0, closed = 0;
  // Sums of values read as decimals or doubles are kept as integers (milliseconds, cents,
  // billionths), so that they do not depend on the order rows come in: every layout of a
  // dataset gives the same figures to the last digit.
  int64_t duration_ms = 0;  // sum over closed sessions
  double page_views = 0, events = 0;
  double with_product_view = 0, with_cart = 0;
  double campaign_sessions = 0;
  Counts by_campaign;  // by campaign_id (small ids)
  // Calibration: ordinary visits outside conversion windows, by persona; and the ids of
  // every other session (reminders, takeovers, visits in a window), sorted at the end.
  Counts visits_by_persona;
  std::vector<int64_t> excluded;
};

struct EventTallies {
  int64_t rows = 0;
  Vocab types{kEventTypeNames};
  Counts type;
  TimeCounts per_hour;
  // Sessions with at least one event of each funnel stage: ids appended when they change,
  // sorted and deduplicated at the end.
  std::array<std::vector<int64_t>, 4> stage_sessions;  // product_view, add_to_cart,
                                                       // checkout_initiated, purchase
  std::array<double, 4> stage_count{};
};

struct OrderTallies {
  int64_t rows = 0;
  Vocab statuses{kOrderStatusNames};
  Vocab channels{kChannelNames};
  Vocab methods{kPaymentMethodNames};
  Counts status, channel, method;
  std::vector<int64_t> totals;          // cents, orders not failed (sorted at the end)
  Counts item_count;                    // units per order, 1..10 (index 10: more)
  TimeCounts per_day, revenue_per_day;  // orders not failed; revenue in cents
  std::array<double, 24> local_hour{};
  std::array<double, 7> local_weekday{};  // Monday first
  double local_known = 0;
  double fraud = 0;
  double revenue_cents = 0, discount_cents = 0, shipping_cents = 0;
  double placed = 0;  // not failed
  // Calibration.
  Counts ordered_by_persona, paid_by_persona;   // visits outside conversion windows
  double fraud_outside = 0, n_outside = 0;      // is_fraud among orders outside fraud windows
  std::vector<std::array<double, 2>> fraud_in;  // per fraud window: fraud, orders
  double cancel_n = 0, cancelled = 0;
};

struct ItemTallies {
  int64_t rows = 0;
  Vocab categories;  // shared by products, items and returns (by name)
  Counts units, revenue_cents, lines;
  struct Item {
    int64_t order_item_id;
    int64_t order_id;
    int category;
  };
  std::vector<Item> items;  // sorted by order_item_id at the end
};

struct PaymentTallies {
  int64_t rows = 0;
  Vocab statuses{kPaymentStatusNames};
  Vocab methods{kPaymentMethodNames};
  Vocab reasons{kFailureReasonNames};
  Vocab fraud_types{kFraudTypeNames};
  Counts status, method, reason, fraud_type;
  std::vector<TimeCounts> per_day_by_status;
  TimeCounts attempts_per_day, failed_per_day, fraud_per_day;
  double failed = 0, retries = 0, fraud = 0;
  int64_t fraud_score_sum = 0, legit_score_sum = 0;  // billionths
  std::array<double, 10> fraud_scores{}, legit_scores{};
  // Calibration: first attempts of legitimate payments, outside and inside failure windows.
  double first_n = 0, first_failed = 0;
  std::vector<std::array<double, 2>> first_in;  // per payment window: failed, attempts
  Counts first_fraud_type;                      // first attempts of fraudulent payments
};

struct ShipmentTallies {
  int64_t rows = 0;
  Vocab carriers{kCarrierNames};
  Counts carrier, late_by_carrier, delivered_by_carrier;
  Counts delay;  // delay_days 0..7 (index 8: more)
  double in_transit = 0, delivered = 0, late = 0, late_days = 0;
  TimeCounts late_per_day, delivered_per_day;  // by promised_at
  struct Ship {
    int64_t order_id;
    uint8_t state;  // 0 on time, 1 late, 2 in transit
    // For the return calibration: the chance that a return of an item of this order
    // would be requested before the window's end (returns are requested uniformly over
    // the return window after delivery); 0 for shipments it leaves out (late, in
    // transit, delivered in an effect window that changes return rates).
    float observable;
  };
  std::vector<Ship> ships;  // sorted by order_id at the end
};

struct ReturnTallies {
  int64_t rows = 0;
  Vocab reasons{kReturnReasonNames};
  Vocab statuses{kReturnStatusNames};
  Counts reason, status;
  double refund_cents = 0;
  std::vector<int64_t> items;  // order_item_id, sorted at the end
  TimeCounts per_day;
};

struct TicketTallies {
  int64_t rows = 0;
  Vocab categories{kTicketCategoryNames};
  Vocab channels{kTicketChannelNames};
  Vocab priorities{kTicketPriorityNames};
  Counts category, channel, priority, satisfaction;  // satisfaction 1..5 at index 0..4
  TimeCounts per_day;
  double delivery_on_late = 0, delivery_on_time = 0;  // delivery tickets by shipment state
  double resolved = 0;
  int64_t resolution_us = 0;
};

struct CartTallies {
  int64_t rows = 0;
  Vocab stages{kCartStageNames};
  Vocab reasons{kAbandonReasonNames};
  Counts stage, reason, recovered_by_stage;
  std::vector<int64_t> values;  // cents, sorted at the end
  TimeCounts per_day;
  double recovered = 0;
  Counts abandoned_by_persona;            // calibration: visits outside conversion windows
  double recovery_n = 0, recovery_k = 0;  // calibration: carts old enough to be recovered
};

struct ProductTallies {
  int64_t rows = 0;
  Counts category;              // by ItemTallies::categories
  std::vector<int64_t> prices;  // current_price cents, sorted at the end
  double discounted = 0, stock = 0;
  std::vector<int> category_of;  // by product_id - 1; -1 unknown
};

struct UpdateTallies {
  int64_t rows = 0;
  Vocab changes{kUpdateChangeNames};
  Vocab causes{kUpdateCauseNames};
  Counts change, cause;
  std::vector<TimeCounts> per_day_by_change;
  Counts price_change;  // percent change of price updates in 5-point bins, -50..+50
  double price_up = 0, price_down = 0;
};

struct MetricTallies {
  int64_t rows = 0;
  TimeCounts requests, p95_sum, error_sum, minutes;  // per hour grid
  struct Minute {
    float requests;
    float p50;
    float p95;
    float error_rate;
  };
  std::vector<Minute> minutes_seen;
  double peak_requests = 0, p95_total = 0;
};

struct SmallTallies {
  int64_t suppliers = 0;
  int64_t campaigns = 0;
  struct Campaign {
    int64_t id;
    std::string name, channel, target;
    Micros start, end;
    double discount_pct;
  };
  std::vector<Campaign> campaign_rows;  // at most kMaxCampaignRows
  static constexpr size_t kMaxCampaignRows = 50;
};

// Which tables the dataset has and which were read in full.
struct TableTally {
  bool listed = false;
  bool read = false;
  int64_t rows = 0;
};

// The whole pass. Not thread-safe.
class ReportTallies {
 public:
  explicit ReportTallies(Context ctx);

  void BeginTable(TableId id);
  void OnBatch(TableId id, const Batch& batch);
  void EndTable(TableId id);

  const Context& ctx() const { return ctx_; }
  bool has(TableId id) const { return table_[static_cast<size_t>(id)].read; }
  TableTally& table(TableId id) { return table_[static_cast<size_t>(id)]; }
  const TableTally& table(TableId id) const { return table_[static_cast<size_t>(id)]; }

  CustomerTallies customers;
  HistoryTallies history;
  SessionTallies sessions;
  EventTallies events;
  OrderTallies orders;
  ItemTallies items;
  PaymentTallies payments;
  ShipmentTallies shipments;
  ReturnTallies returns;
  TicketTallies tickets;
  CartTallies carts;
  ProductTallies products;
  UpdateTallies updates;
  MetricTallies metrics;
  SmallTallies small;

 private:
  void OnCustomers(const Batch& b);
  void OnHistory(const Batch& b);
  void OnSessions(const Batch& b);
  void OnEvents(const Batch& b);
  void OnOrders(const Batch& b);
  void OnItems(const Batch& b);
  void OnPayments(const Batch& b);
  void OnShipments(const Batch& b);
  void OnReturns(const Batch& b);
  void OnTickets(const Batch& b);
  void OnCarts(const Batch& b);
  void OnProducts(const Batch& b);
  void OnUpdates(const Batch& b);
  void OnMetrics(const Batch& b);
  void OnCampaigns(const Batch& b);

  // Whether the session is one the calibration leaves out (sorted `excluded`).
  bool Excluded(int64_t session_id) const;

  Context ctx_;
  std::array<TableTally, kTableCount> table_{};
  // One map per enum column in use, reset at each table's start.
  std::deque<EnumMap> maps_;
  EnumMap& Map(size_t slot, Vocab& vocab);
};

}  // namespace ecomsim::report
