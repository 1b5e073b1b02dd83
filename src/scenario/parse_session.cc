// The profiles and session sections of a scenario: arrival rate by local time, and how
// a session walks (dwell times, transition rows, limits), with the transition tables
// that personas refine.
#include <algorithm>
#include <string>

#include "scenario/parse_support.h"

namespace ecomsim::scenario_parse {
namespace {

// An inactivity timeout must leave room for a page, a payment attempt and a second.
constexpr Micros kMinInactivityTimeout = 10 * kMicrosPerSecond;
constexpr Micros kMaxInactivityTimeout = 24 * kMicrosPerHour;

// Reads a transition row: weights of next event types. `purchase` and `session_start`
// are not allowed as targets.
void ReadTransitionRow(Reader& r, const YAML::Node& node, const std::string& path,
                       std::array<double, kEventTypeCount>& row) {
  if (!node.IsMap()) {
    r.Fail(node, path, "expected a mapping of next event types to weights");
    return;
  }
  row.fill(0);
  double sum = 0;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    int target = -1;
    for (int i = 0; i < kEventTypeCount; ++i) {
      if (kEventTypeNames[i] == key) target = i;
    }
    const std::string key_path = Reader::Join(path, key);
    if (target < 0) {
      r.Fail(it->first, key_path, "not an event type");
      return;
    }
    if (target == static_cast<int>(EventType::kSessionStart) ||
        target == static_cast<int>(EventType::kPurchase)) {
      r.Fail(it->first, key_path,
             "cannot be a transition target (purchase follows checkout_initiated in buying "
             "sessions)");
      return;
    }
    row[static_cast<size_t>(target)] = r.Number(it->second, key_path, 0, 1e6);
    sum += row[static_cast<size_t>(target)];
  }
  if (!r.failed() && sum <= 0) r.Fail(node, path, "weights must not all be zero");
  if (r.failed()) return;
  for (double& w : row) w /= sum;
}

void ReadInactivityTimeout(Reader& r, const YAML::Node& node, SessionConfig& session) {
  session.inactivity_timeout = r.Duration(node, "session.inactivity_timeout");
  if (!r.failed() && (session.inactivity_timeout < kMinInactivityTimeout ||
                      session.inactivity_timeout > kMaxInactivityTimeout)) {
    r.Fail(node, "session.inactivity_timeout", "must be between 10s and 24h");
  }
}

void ReadWindowEnd(Reader& r, const YAML::Node& node, SessionConfig& session) {
  const std::string v = r.Text(node, "session.at_window_end");
  if (v == "cut") {
    session.at_window_end = WindowEnd::kCut;
  } else if (v != "finish" && !r.failed()) {
    r.Fail(node, "session.at_window_end", "expected finish or cut, got '" + v + "'");
  }
}

// session.dwell_seconds: a mean for every event type but session_end.
void ReadDwellSeconds(Reader& r, const YAML::Node& dwell,
                      std::array<double, kEventTypeCount>& seconds) {
  if (!r.failed() && !dwell.IsMap()) {
    r.Fail(dwell, "session.dwell_seconds", "expected a mapping of event types to seconds");
  }
  if (r.failed()) return;
  for (auto it = dwell.begin(); it != dwell.end() && !r.failed(); ++it) {
    const std::string key = it->first.as<std::string>();
    int type = -1;
    for (int i = 0; i < kEventTypeCount; ++i) {
      if (kEventTypeNames[i] == key) type = i;
    }
    if (type < 0 || type == static_cast<int>(EventType::kSessionEnd)) {
      r.Fail(it->first, "session.dwell_seconds." + key, "not an event type with a dwell time");
      break;
    }
    seconds[static_cast<size_t>(type)] =
        r.Number(it->second, "session.dwell_seconds." + key, 0.001, 86400);
  }
  for (int i = 0; i < kEventTypeCount && !r.failed(); ++i) {
    if (static_cast<EventType>(i) == EventType::kSessionEnd) continue;
    if (seconds[static_cast<size_t>(i)] <= 0) {
      r.Fail(dwell, "session.dwell_seconds", "has no value for " + std::string(kEventTypeNames[i]));
    }
  }
}

}  // namespace

void ReadTransitions(Reader& r, const YAML::Node& node, const std::string& path,
                     TransitionTable& table, bool require_all) {
  if (!node.IsMap()) {
    r.Fail(node, path, "expected a mapping of event types to rows of weights");
    return;
  }
  std::array<bool, kEventTypeCount> seen{};
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    int from = -1;
    for (int i = 0; i < kEventTypeCount; ++i) {
      if (kEventTypeNames[i] == key) from = i;
    }
    const std::string key_path = Reader::Join(path, key);
    if (from < 0 || from == static_cast<int>(EventType::kPurchase) ||
        from == static_cast<int>(EventType::kSessionEnd)) {
      r.Fail(it->first, key_path,
             "not an event type with a next step (expected session_start, page_view, search, "
             "product_view, scroll, add_to_cart, remove_from_cart or checkout_initiated)");
      return;
    }
    ReadTransitionRow(r, it->second, key_path, table[static_cast<size_t>(from)]);
    seen[static_cast<size_t>(from)] = true;
  }
  if (require_all && !r.failed()) {
    // The funnel may steer a walk to these whatever the weights say; the other types
    // (search, scroll, remove_from_cart) need a row only if some row leads to them.
    for (EventType type : {EventType::kSessionStart, EventType::kPageView, EventType::kProductView,
                           EventType::kAddToCart, EventType::kCheckoutInitiated}) {
      if (!seen[static_cast<size_t>(type)]) {
        r.Fail(node, path, "has no row for " + std::string(Name(type)));
        return;
      }
    }
  }
}

std::string MissingRow(const TransitionTable& table) {
  for (int to = 0; to < kEventTypeCount; ++to) {
    const auto& row = table[static_cast<size_t>(to)];
    if (std::any_of(row.begin(), row.end(), [](double w) { return w > 0; })) continue;
    for (int from = 0; from < kEventTypeCount; ++from) {
      if (table[static_cast<size_t>(from)][static_cast<size_t>(to)] > 0 &&
          static_cast<EventType>(to) != EventType::kSessionEnd) {
        return "has no row for " + std::string(kEventTypeNames[to]) + ", which " +
               std::string(kEventTypeNames[from]) + " leads to";
      }
    }
  }
  return "";
}

void ReadProfiles(Reader& r, YAML::Node& root, Profiles& profiles) {
  const YAML::Node node = root["profiles"];
  if (!r.ExpectMap(node, "profiles", {"hour_of_day", "day_of_week", "month_of_year"})) return;
  r.Profile(node["hour_of_day"], "profiles.hour_of_day", profiles.hour_of_day);
  r.Profile(node["day_of_week"], "profiles.day_of_week", profiles.day_of_week);
  r.Profile(node["month_of_year"], "profiles.month_of_year", profiles.month_of_year);
}

void ReadSession(Reader& r, YAML::Node& root, SessionConfig& session,
                 TransitionTable& transitions) {
  const YAML::Node node = root["session"];
  if (!r.ExpectMap(node, "session",
                   {"max_events", "dwell_sigma", "dwell_seconds", "transitions",
                    "inactivity_timeout", "at_window_end"})) {
    return;
  }
  if (node["inactivity_timeout"].IsDefined())
    ReadInactivityTimeout(r, node["inactivity_timeout"], session);
  if (node["at_window_end"].IsDefined()) ReadWindowEnd(r, node["at_window_end"], session);
  session.max_events =
      static_cast<int>(r.Integer(node["max_events"], "session.max_events", 10, 5000));
  session.dwell_sigma = r.Number(node["dwell_sigma"], "session.dwell_sigma", 0, 3);
  ReadDwellSeconds(r, node["dwell_seconds"], session.dwell_seconds);
  if (!r.failed())
    ReadTransitions(r, node["transitions"], "session.transitions", transitions, true);
  if (!r.failed()) {
    if (const std::string problem = MissingRow(transitions); !problem.empty()) {
      r.Fail(node["transitions"], "session.transitions", problem);
    }
  }
}

}  // namespace ecomsim::scenario_parse
