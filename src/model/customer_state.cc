#include "model/customer_state.h"

#include <algorithm>
#include <cmath>

#include "model/checkout.h"
#include "model/streams.h"
#include "model/world.h"
#include "random/alias_table.h"
#include "random/distributions.h"

namespace ecomsim {
namespace {

// Lifetime spend before the window, by user type: median dollars and log-normal shape.
struct SpendModel {
  double median_dollars;
  double sigma;
};
constexpr SpendModel kSpendBefore[kUserTypeCount] = {{0, 0}, {350, 1.0}, {4000, 0.9}};
// Fraud in the odd-hour pattern happens between 2 and 5 in the morning, local time.
constexpr int kOddHourFirst = 2;
constexpr int kOddHourLast = 4;
// An account is taken over this long after the owner's order: from the first to the
// last, uniformly (cut at the window's end).
constexpr Micros kTakeoverAfterMin = 30 * kMicrosPerMinute;
constexpr Micros kTakeoverAfterMax = 14 * kMicrosPerDay;
// impossible_travel: the attacker pays from far away this soon after the owner paid.
constexpr Micros kTravelAfterMin = 10 * kMicrosPerMinute;
constexpr Micros kTravelAfterMax = 2 * kMicrosPerHour;

// A scenario with initial segments: a customer registered before the window is in the
// segment its activity rank gives, since registration (the history before the window is
// not kept: the first version is the segment at the start), with a lifetime spend
// anywhere in that segment's band (platinum's reaches twice its threshold). One
// registering during the window starts in bronze with no spend.
void StartInInitialSegment(const World& world, const Customer& c, Rng& rng, CustomerState& state) {
  const auto& thresholds = world.scenario().commerce.segment_thresholds_cents;
  if (c.registered_at >= world.scenario().world.start) {
    state.versions.push_back({Segment::kBronze, 0, c.registered_at});
    return;
  }
  const auto k = static_cast<size_t>(c.initial_segment);
  const int64_t low = thresholds[k];
  const int64_t high = k + 1 < thresholds.size() ? thresholds[k + 1] : 2 * thresholds[k];
  state.lifetime_spend_cents = rng.Between(low, std::max(low, high - 1));
  state.versions.push_back({c.initial_segment, low, c.registered_at});
}

}  // namespace

Segment SegmentOf(const World& world, int64_t lifetime_spend_cents) {
  const auto& thresholds = world.scenario().commerce.segment_thresholds_cents;
  Segment s = Segment::kBronze;
  for (int i = 1; i < kSegmentCount; ++i) {
    if (lifetime_spend_cents >= thresholds[static_cast<size_t>(i)]) s = static_cast<Segment>(i);
  }
  return s;
}

CustomerState StartCustomer(const World& world, int64_t id) {
  const Scenario& s = world.scenario();
  CustomerState state;
  state.customer = MakeCustomer(world, id);
  const Customer& c = state.customer;
  Rng rng(world.seed(), StreamId(Stream::kCustomerPlan), static_cast<uint64_t>(id));
  state.preferred_method = PreferredPaymentMethod(s, c, rng);

  // Spend before the window, and the segment versions it went through.
  const SpendModel model = kSpendBefore[static_cast<size_t>(c.user_type)];
  const Micros start = s.world.start;
  if (s.commerce.has_initial_segments) {
    StartInInitialSegment(world, c, rng, state);
  } else if (model.median_dollars > 0 && c.registered_at < start) {
    state.lifetime_spend_cents =
        std::llround(LogNormal(rng, std::log(model.median_dollars), model.sigma) * 100);
  }
  if (state.versions.empty()) state.versions.push_back({Segment::kBronze, 0, c.registered_at});
  const Segment reached = SegmentOf(world, state.lifetime_spend_cents);
  if (!s.commerce.has_initial_segments && reached != Segment::kBronze) {
    // The thresholds were crossed at times between registration and the window.
    std::vector<Micros> times;
    for (int i = 1; i <= static_cast<int>(reached); ++i)
      times.push_back(rng.Between(c.registered_at + 1, start - 1));
    std::sort(times.begin(), times.end());
    for (int i = 1; i <= static_cast<int>(reached); ++i) {
      state.versions.push_back({static_cast<Segment>(i),
                                s.commerce.segment_thresholds_cents[static_cast<size_t>(i)],
                                times[static_cast<size_t>(i - 1)]});
    }
  }

  // Orders come from visits and from carts recovered by reminders.
  const double a = s.commerce.cart_abandonment;
  const double recovered = 1 + a / (1 - a) * s.commerce.cart_recovery;
  // Fraud windows of effects: account takeovers at their rate, within the window (a
  // visitor, with no account, has registered_at past every window).
  for (const EffectBook::FraudWindow& fw : world.effects().fraud_windows()) {
    const Micros from = std::max({fw.start, s.world.start, c.registered_at});
    const Micros to = std::min(fw.end, s.world.end());
    if (from >= to || fw.rate <= 0) continue;
    const IntensityGrid& grid = world.GridFor(c.city, c.generation);
    const double expected_orders = (grid.ExpectedFrom(from) - grid.ExpectedFrom(to)) *
                                   c.sessions_per_day * s.personas[c.persona].conversion *
                                   recovered;
    const auto frauds = Poisson(rng, fw.rate / (1 - fw.rate) * expected_orders);
    const AliasTable patterns(s.commerce.fraud_patterns);
    for (uint64_t k = 0; k < frauds; ++k) {
      ScheduledSession f{};
      f.kind = ScheduledSession::Kind::kFraud;
      f.fraud = static_cast<FraudType>(patterns.Sample(rng));
      f.start = rng.Between(from, to - 1);
      state.scheduled.push_back(f);
    }
  }
  std::sort(state.scheduled.begin(), state.scheduled.end(),
            [](const ScheduledSession& a, const ScheduledSession& b) { return a.start < b.start; });
  return state;
}

void PlanTakeover(const World& world, int64_t order_id, Micros ordered_at, CustomerState& state) {
  const Scenario& s = world.scenario();
  const double rate = s.commerce.fraud_rate;
  if (rate <= 0) return;
  Rng rng(world.seed(), StreamId(Stream::kTakeover), static_cast<uint64_t>(order_id));
  // Fraudulent orders are `rate` of all when each legitimate one is followed by
  // rate / (1 - rate) takeovers.
  if (!rng.Bernoulli(rate / (1 - rate))) return;
  const AliasTable patterns(s.commerce.fraud_patterns);
  ScheduledSession f{};
  f.kind = ScheduledSession::Kind::kFraud;
  f.fraud = static_cast<FraudType>(patterns.Sample(rng));
  const Micros end = s.world.end();
  if (f.fraud == FraudType::kImpossibleTravel) {
    f.start = ordered_at + rng.Between(kTravelAfterMin, kTravelAfterMax);
  } else {
    const Micros from = ordered_at + kTakeoverAfterMin;
    const Micros to = std::min(ordered_at + kTakeoverAfterMax, end);
    if (from >= to) return;
    f.start = rng.Between(from, to - 1);
  }
  if (f.fraud == FraudType::kOddHour) {
    // Moved to the small hours of the owner's local time: that night, or the next.
    const int offset_minutes = reference::Cities()[state.customer.city].utc_offset_minutes;
    const Micros local = f.start + offset_minutes * kMicrosPerMinute;
    const Micros midnight = DayOf(local) * kMicrosPerDay - offset_minutes * kMicrosPerMinute;
    f.start = midnight + rng.Between(kOddHourFirst * kMicrosPerHour,
                                     (kOddHourLast + 1) * kMicrosPerHour - 1);
    if (f.start < ordered_at + kTakeoverAfterMin) f.start += kMicrosPerDay;
  }
  if (f.start >= end) return;
  auto at = std::upper_bound(state.scheduled.begin(), state.scheduled.end(), f.start,
                             [](Micros t, const ScheduledSession& x) { return t < x.start; });
  state.scheduled.insert(at, f);
}

}  // namespace ecomsim
