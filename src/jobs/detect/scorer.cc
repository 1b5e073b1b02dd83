#include "jobs/detect/scorer.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

namespace ecomsim::detect {
namespace {

constexpr double kEarthRadiusKm = 6371.0;
constexpr double kPi = 3.14159265358979323846;
// Two payments this close in time are as far apart in time as this, for the speed.
constexpr Micros kMinTravelTime = kMicrosPerMinute;
// A score this close below the threshold counts as reaching it (sums of weights).
constexpr double kScoreTolerance = 1e-9;

double Radians(double degrees) { return degrees * kPi / 180.0; }

}  // namespace

const char* DeviceStandingName(DeviceStanding standing) {
  switch (standing) {
    case DeviceStanding::kKnown: return "known";
    case DeviceStanding::kChanged: return "changed";
    case DeviceStanding::kUnconfirmed: return "unconfirmed";
    case DeviceStanding::kNewType: return "new_type";
    case DeviceStanding::kFirst: return "first";
  }
  return "unknown";
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  const double dlat = Radians(lat2 - lat1);
  const double dlon = Radians(lon2 - lon1);
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(Radians(lat1)) * std::cos(Radians(lat2)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

void Scorer::SetCustomer(int64_t customer_id, const CustomerFacts& facts) {
  Person& c = PersonOf(customer_id);
  c.home = facts;
  c.has_home = true;
}

const CustomerFacts* Scorer::HomeOf(const PaymentFacts& p, const Person& payer) const {
  if (!p.has_customer) return nullptr;
  // The account is the payer's own (customer_id == visitor_id) but for a message that says
  // otherwise, whose account is looked up apart.
  const Person* account = &payer;
  if (p.customer_id != p.visitor_id) {
    const uint32_t at = index_.Find(p.customer_id);
    account = at == IdIndex::kAbsent ? nullptr : &people_[at];
  }
  return account != nullptr && account->has_home ? &account->home : nullptr;
}

int Scorer::KnownAfter(const KnownDevice& d) const {
  return d.first_standing == DeviceStanding::kFirst ? rules_.device.first_known_after_orders
                                                    : rules_.device.known_after_orders;
}

DeviceStanding Scorer::Stand(const PayerState& s, const PaymentFacts& p,
                             const KnownDevice* seen) const {
  if (seen != nullptr) {
    // A device first seen on an alert stays as suspect as it was while it pays for
    // that one order (retries of a fraudulent checkout, the probes of a card test) and
    // until it has paid for as many orders as make a device the customer's own.
    if (seen->flagged && (seen->orders < KnownAfter(*seen) || seen->last_order == p.order_id)) {
      return seen->first_standing;
    }
    return DeviceStanding::kKnown;
  }
  if (s.device_count == 0) return DeviceStanding::kFirst;
  bool same_type = false;
  for (int i = 0; i < s.device_count; ++i) {
    const KnownDevice& d = s.devices[static_cast<size_t>(i)];
    if (d.type != p.device_type || p.device_type == DeviceType::kUnknown) continue;
    if (d.orders >= KnownAfter(d) && !d.flagged) return DeviceStanding::kChanged;
    same_type = true;
  }
  return same_type ? DeviceStanding::kUnconfirmed : DeviceStanding::kNewType;
}

Verdict Scorer::Score(const PaymentFacts& p) {
  Person& payer = PersonOf(p.visitor_id);
  if (payer.state == kNoState) {
    payer.state = static_cast<uint32_t>(states_.size());
    states_.emplace_back();
  }
  PayerState& s = states_[payer.state];
  const CustomerFacts* home = HomeOf(p, payer);
  const DetectRules& r = rules_;
  Verdict v;
  Evidence& e = v.evidence;
  auto fire = [&](Rule rule, double weight) {
    v.fired |= static_cast<uint8_t>(1u << static_cast<int>(rule));
    v.score += weight;
  };

  // Velocity: the remembered attempts within the window, and this one.
  e.attempts = 1;
  e.device_attempts = 1;
  const Micros since = p.ts - r.velocity.window;
  for (int i = 0; i < s.attempt_count; ++i) {
    const Attempt& a = s.attempts[static_cast<size_t>(i)];
    if (a.ts <= since || a.ts > p.ts) continue;
    ++e.attempts;
    if (a.device == p.device) ++e.device_attempts;
  }
  e.small_amount = p.amount_cents < r.velocity.small_amount_cents;
  double velocity = 0;
  if (e.attempts >= r.velocity.max_attempts ||
      e.device_attempts >= r.velocity.max_device_attempts) {
    velocity += r.velocity.weight;
  }
  if (e.small_amount) velocity += r.velocity.small_weight;
  if (velocity > 0) fire(Rule::kVelocityBurst, velocity);

  // Impossible travel, and distance from home.
  double travel = 0;
  if (s.has_last) {
    e.distance_km = DistanceKm(s.last_latitude, s.last_longitude, p.latitude, p.longitude);
    const Micros dt = std::max(p.ts - s.last_ts, kMinTravelTime);
    e.hours = static_cast<double>(dt) / static_cast<double>(kMicrosPerHour);
    e.speed_kmh = e.distance_km / e.hours;
    if (e.distance_km >= r.travel.min_distance_km && e.speed_kmh > r.travel.max_speed_kmh) {
      travel += r.travel.weight;
    }
  }
  if (home != nullptr) {
    e.from_home_km = DistanceKm(home->latitude, home->longitude, p.latitude, p.longitude);
    if (e.from_home_km > r.travel.away_from_home_km) travel += r.travel.away_weight;
  }
  if (travel > 0) fire(Rule::kImpossibleTravel, travel);

  // Amount against the median of the customer's last successful amounts.
  if (s.amount_count >= r.amount.min_history) {
    std::array<int64_t, kAmounts> sorted;
    std::copy(s.amounts.begin(), s.amounts.begin() + s.amount_count, sorted.begin());
    const auto n = static_cast<size_t>(s.amount_count);
    std::sort(sorted.begin(), sorted.begin() + static_cast<ptrdiff_t>(n));
    // std::midpoint: the sum of two amounts may not fit (a hostile message's amount).
    e.median_cents = n % 2 == 1 ? sorted[n / 2] : std::midpoint(sorted[n / 2 - 1], sorted[n / 2]);
    if (p.amount_cents >= r.amount.min_amount_cents &&
        static_cast<double>(p.amount_cents) >=
            r.amount.multiple_of_median * static_cast<double>(e.median_cents)) {
      fire(Rule::kAmountOutlier, r.amount.weight);
    }
  }

  // The hour in the customer's local time.
  if (home != nullptr) {
    e.utc_offset_minutes = home->utc_offset_minutes;
    const Micros local = p.ts + home->utc_offset_minutes * kMicrosPerMinute;
    const Micros in_day = ((local % kMicrosPerDay) + kMicrosPerDay) % kMicrosPerDay;
    e.local_minute = static_cast<int>(in_day / kMicrosPerMinute);
    const int hour = e.local_minute / 60;
    if (hour >= r.odd_hour.from && hour < r.odd_hour.to) fire(Rule::kOddHour, r.odd_hour.weight);
  }

  // The device.
  KnownDevice* seen = nullptr;
  for (int i = 0; i < s.device_count; ++i) {
    if (s.devices[static_cast<size_t>(i)].id == p.device) seen = &s.devices[static_cast<size_t>(i)];
  }
  e.device_type = p.device_type;
  e.device = Stand(s, p, seen);
  switch (e.device) {
    case DeviceStanding::kKnown: break;
    case DeviceStanding::kChanged: fire(Rule::kNewDevice, r.device.weight_changed); break;
    case DeviceStanding::kUnconfirmed: fire(Rule::kNewDevice, r.device.weight_unconfirmed); break;
    case DeviceStanding::kNewType: fire(Rule::kNewDevice, r.device.weight_new_type); break;
    case DeviceStanding::kFirst: fire(Rule::kNewDevice, r.device.weight_first); break;
  }

  // Categories outside the customer's habits.
  e.categories = p.categories;
  e.usual_categories = s.habits;
  e.past_orders = s.orders;
  if (p.categories != 0 && s.orders >= r.category.min_orders && (p.categories & s.habits) == 0) {
    fire(Rule::kUnusualCategory, r.category.weight);
  }

  v.alert = v.score >= r.threshold - kScoreTolerance;
  Learn(s, p, v, seen);
  return v;
}

void Scorer::Learn(PayerState& s, const PaymentFacts& p, const Verdict& v, KnownDevice* seen) {
  s.attempts[s.attempt_next] = Attempt{p.ts, p.device};
  s.attempt_next = static_cast<uint8_t>((s.attempt_next + 1) % kAttempts);
  s.attempt_count = static_cast<uint8_t>(std::min<int>(s.attempt_count + 1, kAttempts));

  if (seen != nullptr) {
    if (seen->last_order != p.order_id) {
      seen->orders = static_cast<uint16_t>(std::min<int>(seen->orders + 1, UINT16_MAX));
      seen->last_order = p.order_id;
    }
    seen->last_seen = p.ts;
    if (!v.alert) seen->flagged = false;
  } else {
    KnownDevice d{p.device, p.order_id, p.ts, 1, p.device_type, v.evidence.device, v.alert};
    if (s.device_count < kDevices) {
      s.devices[s.device_count++] = d;
    } else {
      // Forget a device only ever seen on alerts first, then the one of fewest orders,
      // then the one seen longest ago.
      size_t worst = 0;
      auto rank = [](const KnownDevice& k) {
        return std::tuple(!k.flagged, k.orders, k.last_seen);
      };
      for (size_t i = 1; i < kDevices; ++i) {
        if (rank(s.devices[i]) < rank(s.devices[worst])) worst = i;
      }
      s.devices[worst] = d;
    }
  }
  if (v.alert) return;

  s.has_last = true;
  s.last_ts = p.ts;
  s.last_latitude = p.latitude;
  s.last_longitude = p.longitude;
  if (!p.succeeded) return;
  s.amounts[s.amount_next] = p.amount_cents;
  s.amount_next = static_cast<uint8_t>((s.amount_next + 1) % kAmounts);
  s.amount_count = static_cast<uint8_t>(std::min<int>(s.amount_count + 1, kAmounts));
  if (p.order_id != s.last_order) {
    s.last_order = p.order_id;
    s.orders = static_cast<uint16_t>(std::min<int>(s.orders + 1, UINT16_MAX));
    s.habits |= p.categories;
  }
}

}  // namespace ecomsim::detect
