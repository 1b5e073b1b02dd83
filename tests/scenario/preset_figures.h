#pragma once

// The figures a preset promises, measured on its simulated rows the way a user would
// measure them on the tables (shared by the preset tests).
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "schema/vocabulary.h"
#include "simulated.h"

namespace ecomsim::preset_figures {

inline int64_t Int(const Batch& b, int column, size_t row) { return b.column(column).ints[row]; }
inline bool Null(const Batch& b, int column, size_t row) { return b.column(column).IsNull(row); }

// realtime_sessions: a live stream cut by an inactivity rule.
struct Realtime {
  double events = 0;
  double events_per_second = 0;
  double sessions = 0;
  double open_sessions = 0;  // end_at null: still open when the window ended
  std::array<double, kEventTypeCount> event_count{};
  std::array<double, kEventTypeCount> event_share{};
  double converted_sessions = 0;
  double converted = 0;         // share of sessions with a purchase
  double cart_abandonment = 0;  // abandoned carts / (abandoned carts + paid orders)
  std::array<double, kDeviceCount> device_share{};  // of sessions
  std::vector<double> persona_share;                // of customers, in scenario order
  Micros max_gap_in_session = 0;                    // between consecutive events of a session
  Micros min_gap_between_sessions = 0;  // a customer's session_start after the previous session_end
  bool open_sessions_lack_session_end = true;
  bool nothing_after_the_window = true;
};

inline Realtime MeasureRealtime(SimulatedWorld& w) {
  Realtime f;
  const WorldConfig& world = w.scenario.world;
  const Batch& e = w[TableId::kEvents];
  const Batch& s = w[TableId::kSessions];
  f.events = static_cast<double>(e.rows());
  f.events_per_second = f.events / (static_cast<double>(world.duration) / kMicrosPerSecond);
  f.sessions = static_cast<double>(s.rows());
  std::array<double, kEventTypeCount>& counts = f.event_count;
  std::unordered_map<int64_t, int64_t> last_type;  // session -> type of its last event
  for (size_t r = 0; r < e.rows(); ++r) {
    using namespace events_col;
    const auto type = static_cast<size_t>(Int(e, k_event_type, r));
    counts[type] += 1;
    if (r > 0 && Int(e, k_session_id, r) == Int(e, k_session_id, r - 1)) {
      f.max_gap_in_session = std::max(f.max_gap_in_session, Int(e, k_ts, r) - Int(e, k_ts, r - 1));
    }
    last_type[Int(e, k_session_id, r)] = static_cast<int64_t>(type);
    if (Int(e, k_ts, r) >= world.end()) f.nothing_after_the_window = false;
  }
  for (size_t t = 0; t < counts.size(); ++t) f.event_share[t] = counts[t] / f.events;

  double converted = 0;
  std::array<double, kDeviceCount> devices{};
  f.min_gap_between_sessions = world.duration;
  std::map<int64_t, std::vector<std::pair<Micros, Micros>>> by_customer;  // (start, end or -1)
  for (size_t r = 0; r < s.rows(); ++r) {
    using namespace sessions_col;
    converted += static_cast<double>(Int(s, k_converted, r));
    devices[static_cast<size_t>(Int(s, k_device_type, r))] += 1;
    const bool open = Null(s, k_end_at, r);
    f.open_sessions += open;
    if (open &&
        last_type[Int(s, k_session_id, r)] == static_cast<int64_t>(EventType::kSessionEnd)) {
      f.open_sessions_lack_session_end = false;
    }
    by_customer[Int(s, k_customer_id, r)].emplace_back(Int(s, k_start_at, r),
                                                       open ? -1 : Int(s, k_end_at, r));
  }
  for (auto& [customer, spans] : by_customer) {
    std::sort(spans.begin(), spans.end());
    for (size_t i = 1; i < spans.size(); ++i) {
      if (spans[i - 1].second < 0) continue;
      f.min_gap_between_sessions =
          std::min(f.min_gap_between_sessions, spans[i].first - spans[i - 1].second);
    }
  }
  f.converted_sessions = converted;
  f.converted = converted / f.sessions;
  for (size_t d = 0; d < devices.size(); ++d) f.device_share[d] = devices[d] / f.sessions;

  double paid = 0;
  const Batch& orders = w[TableId::kOrders];
  for (size_t r = 0; r < orders.rows(); ++r) {
    paid += Int(orders, orders_col::k_status, r) != static_cast<int64_t>(OrderStatus::kFailed);
  }
  const double abandoned = static_cast<double>(w[TableId::kAbandonedCarts].rows());
  f.cart_abandonment = abandoned / (abandoned + paid);

  const Batch& c = w[TableId::kCustomers];
  f.persona_share.assign(w.scenario.personas.size(), 0);
  for (size_t r = 0; r < c.rows(); ++r)
    f.persona_share[static_cast<size_t>(Int(c, customers_col::k_persona, r))] += 1;
  for (double& p : f.persona_share) p /= static_cast<double>(c.rows());
  return f;
}

// analytics_platform: two years of a store for BI.
struct Analytics {
  double customers = 0;
  double orders = 0;
  double items_per_order = 0;  // order_items rows per order
  double events = 0;
  std::array<double, kSegmentCount>
      start_segment_share{};  // of customers registered before the window
  std::array<double, kSegmentCount> end_segment_share{};  // customers.segment
  double with_history = 0;               // customers with more than one segment version
  double top20_order_share = 0;          // orders of the 20% of customers who ordered most
  std::array<double, 24> order_hours{};  // orders by hour of the customer's local time
  std::array<double, kSegmentCount>
      value_in_range{};  // orders whose total is in their segment's range
  std::array<double, kSegmentCount> orders_by_segment{};
  double value_in_range_all = 0;
};

inline Analytics MeasureAnalytics(SimulatedWorld& w) {
  Analytics f;
  const Scenario& sc = w.scenario;
  const Batch& c = w[TableId::kCustomers];
  const Batch& h = w[TableId::kCustomerHistory];
  const Batch& o = w[TableId::kOrders];
  f.customers = static_cast<double>(c.rows());
  f.orders = static_cast<double>(o.rows());
  f.items_per_order = static_cast<double>(w[TableId::kOrderItems].rows()) / f.orders;
  f.events = static_cast<double>(w[TableId::kEvents].rows());

  std::unordered_map<int64_t, int64_t> offset_minutes;
  double before = 0;
  std::unordered_map<int64_t, bool> registered_before;
  for (size_t r = 0; r < c.rows(); ++r) {
    using namespace customers_col;
    offset_minutes[Int(c, k_customer_id, r)] = Int(c, k_utc_offset_minutes, r);
    const bool b = Int(c, k_registered_at, r) < sc.world.start;
    registered_before[Int(c, k_customer_id, r)] = b;
    before += b;
    f.end_segment_share[static_cast<size_t>(Int(c, k_segment, r))] += 1 / f.customers;
  }
  // Versions by customer, in order: (valid_from, segment).
  std::unordered_map<int64_t, std::vector<std::pair<Micros, int64_t>>> versions;
  for (size_t r = 0; r < h.rows(); ++r) {
    using namespace customer_history_col;
    versions[Int(h, k_customer_id, r)].emplace_back(Int(h, k_valid_from, r), Int(h, k_segment, r));
  }
  for (auto& [id, v] : versions) {
    std::sort(v.begin(), v.end());
    f.with_history += v.size() > 1;
    if (registered_before[id])
      f.start_segment_share[static_cast<size_t>(v.front().second)] += 1 / before;
  }
  f.with_history /= f.customers;

  std::unordered_map<int64_t, double> per_customer;
  for (size_t r = 0; r < c.rows(); ++r) per_customer[Int(c, customers_col::k_customer_id, r)] = 0;
  for (size_t r = 0; r < o.rows(); ++r) {
    using namespace orders_col;
    const int64_t customer = Int(o, k_customer_id, r);
    const Micros at = Int(o, k_ordered_at, r);
    per_customer[customer] += 1;
    const Micros local = at + offset_minutes[customer] * kMicrosPerMinute;
    const Micros in_day = ((local % kMicrosPerDay) + kMicrosPerDay) % kMicrosPerDay;
    f.order_hours[static_cast<size_t>(in_day / kMicrosPerHour)] += 1;
    if (Int(o, k_is_fraud, r) != 0) continue;
    // The segment the customer was in when ordering (an order that lifts the customer
    // to the next segment was aimed at the one before).
    int64_t segment = 0;
    for (const auto& [from, seg] : versions[customer]) {
      if (from < at) segment = seg;
    }
    const auto& range = sc.commerce.order_value_cents[static_cast<size_t>(segment)];
    const int64_t total = Int(o, k_total, r);
    const bool inside = total >= range[0] && total <= range[1];
    f.orders_by_segment[static_cast<size_t>(segment)] += 1;
    f.value_in_range[static_cast<size_t>(segment)] += inside;
    f.value_in_range_all += inside;
  }
  double not_fraud = 0;
  for (size_t k = 0; k < kSegmentCount; ++k) {
    not_fraud += f.orders_by_segment[k];
    if (f.orders_by_segment[k] > 0) f.value_in_range[k] /= f.orders_by_segment[k];
  }
  f.value_in_range_all /= not_fraud;
  std::vector<double> counts;
  for (const auto& [id, n] : per_customer) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  double top = 0;
  const size_t top_n = counts.size() / 5;
  for (size_t i = 0; i < top_n; ++i) top += counts[i];
  f.top20_order_share = top / f.orders;
  return f;
}

}  // namespace ecomsim::preset_figures
