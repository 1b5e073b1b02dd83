#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

#include "scenario/scenario.h"

namespace ecomsim {

double TrafficCurve::At(Micros since, Micros length) const {
  const double f =
      length > 0 ? std::clamp(static_cast<double>(since) / static_cast<double>(length), 0.0, 1.0)
                 : 0;
  switch (kind) {
    case Kind::kConstant: return value;
    case Kind::kRamp: return from + (to - from) * f;
    case Kind::kExponential: return from * std::pow(to / from, f);
    case Kind::kDecay: {
      const double hours = static_cast<double>(since) / static_cast<double>(kMicrosPerHour);
      return floor + (peak - floor) * std::exp2(-hours / half_life_hours);
    }
    case Kind::kPoints: {
      if (since <= points.front().first) return points.front().second;
      for (size_t i = 1; i < points.size(); ++i) {
        if (since <= points[i].first) {
          const auto [t0, m0] = points[i - 1];
          const auto [t1, m1] = points[i];
          return m0 + (m1 - m0) * static_cast<double>(since - t0) / static_cast<double>(t1 - t0);
        }
      }
      return points.back().second;
    }
  }
  return 1;
}

bool EffectTarget::MatchesCustomer(reference::Region region, Generation cohort) const {
  const bool region_ok =
      regions.empty() || std::find(regions.begin(), regions.end(), region) != regions.end();
  const bool cohort_ok =
      cohorts.empty() || std::find(cohorts.begin(), cohorts.end(), cohort) != cohorts.end();
  return region_ok && cohort_ok;
}

double Scenario::MeanTraffic() const {
  // Sample the window minute by minute (or coarser for long windows).
  const Micros step = std::max<Micros>(kMicrosPerMinute, world.duration / 20000);
  double sum = 0;
  int64_t n = 0;
  for (Micros t = world.start; t < world.end(); t += step, ++n) {
    double m = intensity;
    for (const Effect& e : effects) {
      if (!e.has_traffic || !e.Active(t) || !e.target.cohorts.empty() || !e.target.regions.empty())
        continue;
      m *= e.traffic.At(t - e.start, e.end - e.start);
    }
    sum += m;
  }
  return n > 0 ? sum / static_cast<double>(n) : intensity;
}

Result<std::vector<std::string>> ShorthandOverridesOf(std::string_view yaml_text,
                                                      const std::string& duration,
                                                      const std::string& start,
                                                      const std::string& intensity,
                                                      const std::string& discount) {
  std::vector<std::string> out;
  if (!duration.empty()) {
    Result<Micros> d = ParseDuration(duration);
    if (!d.ok()) return Status::Usage("--duration: " + d.status().message());
    out.push_back("world.duration=" + duration);
  }
  if (!start.empty()) {
    Result<Micros> t = ParseTimestamp(start);
    if (!t.ok()) return Status::Usage("--start: " + t.status().message());
    out.push_back("world.start=" + start);
  }
  if (!intensity.empty()) {
    char* end = nullptr;
    const double v = std::strtod(intensity.c_str(), &end);
    if (end == intensity.c_str() || *end != '\0' || !(v > 0)) {
      return Status::Usage("--intensity '" + intensity + "': expected a positive number, like 10");
    }
    out.push_back("world.intensity=" + intensity);
  }
  if (!discount.empty()) {
    char* end = nullptr;
    const double v = std::strtod(discount.c_str(), &end);
    if (end == discount.c_str() || *end != '\0' || v < 0 || v >= 100) {
      return Status::Usage("--discount '" + discount + "': expected a percentage from 0 to 99");
    }
    // Every effect that discounts gets the new percentage; without any, a storewide
    // discount for the whole window.
    YAML::Node root;
    try {
      root = YAML::Load(std::string(yaml_text));
    } catch (const YAML::Exception&) {
      root = YAML::Node();
    }
    bool any = false;
    // A text that is not a mapping has no effects (ParseScenario says what is wrong).
    const YAML::Node effects = root.IsMap() ? root["effects"] : YAML::Node();
    if (effects.IsMap()) {
      for (auto it = effects.begin(); it != effects.end(); ++it) {
        if (it->first.IsScalar() && it->second.IsMap() && it->second["discount"].IsDefined()) {
          out.push_back("effects." + it->first.as<std::string>() + ".discount=" + discount);
          any = true;
        }
      }
    }
    if (!any) {
      out.push_back(effects.IsMap() ? "effects.storewide_discount={discount: " + discount + "}"
                                    : "effects={storewide_discount: {discount: " + discount + "}}");
    }
  }
  return out;
}

}  // namespace ecomsim
