// The world and cohorts sections of a scenario: sizes, time window, the mixes customers
// are drawn from, and how each generation's mixes differ.
#include <cmath>
#include <string>

#include "scenario/parse_support.h"

namespace ecomsim::scenario_parse {
namespace {

constexpr int64_t kMaxCustomers = 900'000'000;  // keeps composite event ids in int64
constexpr Micros kMaxWindow = 3660 * kMicrosPerDay;

// world.start, and world.end or world.duration (one of them).
void ReadWindow(Reader& r, const YAML::Node& world, WorldConfig& w) {
  w.start = r.Time(world["start"], "world.start");
  if (world["end"].IsDefined() && world["duration"].IsDefined()) {
    r.Fail(world["end"], "world.end", "give either end or duration, not both");
  } else if (world["end"].IsDefined()) {
    const Micros end = r.Time(world["end"], "world.end");
    if (!r.failed() && end <= w.start) {
      r.Fail(world["end"], "world.end", "must be after world.start");
    }
    w.duration = end - w.start;
  } else {
    w.duration = r.Duration(world["duration"], "world.duration");
    if (!r.failed() && w.duration <= 0) {
      r.Fail(world["duration"], "world.duration", "must be longer than zero");
    }
  }
  if (!r.failed() && w.duration > kMaxWindow) {
    r.Fail(world["duration"], "world.duration", "must be at most 10 years");
  }
}

// world.user_types: a share and an activity for each of new, regular and vip.
void ReadUserTypes(Reader& r, const YAML::Node& ut,
                   std::array<UserTypeMix, kUserTypeCount>& user_types) {
  if (r.failed() || !r.ExpectMap(ut, "world.user_types", {"new", "regular", "vip"})) return;
  double sum = 0;
  for (int i = 0; i < kUserTypeCount; ++i) {
    const std::string path = "world.user_types." + std::string(kUserTypeNames[i]);
    const YAML::Node entry = ut[std::string(kUserTypeNames[i])];
    if (!entry.IsDefined()) {
      r.Fail(ut, path, "is required");
      break;
    }
    if (!r.ExpectMap(entry, path, {"share", "activity"})) break;
    user_types[static_cast<size_t>(i)].share = r.Number(entry["share"], path + ".share", 0, 1);
    user_types[static_cast<size_t>(i)].activity =
        r.Number(entry["activity"], path + ".activity", 0, 1000);
    sum += user_types[static_cast<size_t>(i)].share;
  }
  if (!r.failed() && std::fabs(sum - 1) > 1e-6) {
    r.Fail(ut, "world.user_types", "shares must sum to 1, they sum to " + std::to_string(sum));
  }
}

}  // namespace

void ReadWorld(Reader& r, YAML::Node& root, Scenario& s) {
  const YAML::Node world = root["world"];
  if (!world.IsDefined()) {
    r.Fail(root, "world", "is required");
    return;
  }
  if (!r.ExpectMap(
          world, "world",
          {"customers", "products", "suppliers", "start", "duration", "end", "history", "regions",
           "generations", "user_types", "devices", "device_loyalty", "acquisition_channels",
           "traffic_sources", "intensity", "activity_sigma", "exact_mixes", "visitors",
           "logged_in"})) {
    return;
  }
  WorldConfig& w = s.world;
  w.customers = r.Integer(world["customers"], "world.customers", 1, kMaxCustomers);
  w.products = r.Integer(world["products"], "world.products", 1, 100'000'000);
  w.suppliers = r.Integer(world["suppliers"], "world.suppliers", 1, 10'000'000);
  ReadWindow(r, world, w);
  w.history = r.Duration(world["history"], "world.history");
  s.intensity = world["intensity"].IsDefined()
                    ? r.Number(world["intensity"], "world.intensity", 0.001, 1000)
                    : 1.0;
  r.Mix(world["regions"], "world.regions", kRegionNames, w.regions);
  r.Mix(world["generations"], "world.generations", kGenerationNames, w.generations);
  ReadUserTypes(r, world["user_types"], w.user_types);
  r.Mix(world["devices"], "world.devices", kDeviceNames, w.devices);
  w.device_loyalty = r.Number(world["device_loyalty"], "world.device_loyalty", 0, 1);
  if (world["activity_sigma"].IsDefined()) {
    w.activity_sigma = r.Number(world["activity_sigma"], "world.activity_sigma", 0, 4);
  }
  if (world["exact_mixes"].IsDefined())
    w.exact_mixes = r.Flag(world["exact_mixes"], "world.exact_mixes");
  if (const YAML::Node v = world["visitors"]; v.IsDefined() &&
      r.ExpectMap(v, "world.visitors",
                  {"per_customer", "activity", "conversion", "register_at_checkout"})) {
    auto number = [&](const char* key, double low, double high, double& out) {
      if (v[key].IsDefined()) out = r.Number(v[key], std::string("world.visitors.") + key, low, high);
    };
    number("per_customer", 0, 1000, w.visitors.per_customer);
    number("activity", 0, 100, w.visitors.activity);
    number("conversion", 0, 10, w.visitors.conversion);
    number("register_at_checkout", 0, 1, w.visitors.register_at_checkout);
    if (!r.failed() && w.people() > kMaxCustomers) {
      r.Fail(v, "world.visitors.per_customer",
             "customers x (1 + per_customer) must stay within " + std::to_string(kMaxCustomers));
    }
  }
  if (world["logged_in"].IsDefined())
    w.logged_in = r.Number(world["logged_in"], "world.logged_in", 0, 1);
  r.Mix(world["acquisition_channels"], "world.acquisition_channels", kAcquisitionChannelNames,
        w.acquisition_channels);
  r.Mix(world["traffic_sources"], "world.traffic_sources", kTrafficSourceNames, w.traffic_sources);
}

void ReadCohorts(Reader& r, YAML::Node& root, std::array<CohortConfig, kGenerationCount>& configs) {
  const YAML::Node cohorts = root["cohorts"];
  if (!cohorts.IsDefined() || cohorts.IsNull()) return;
  if (!r.ExpectMap(cohorts, "cohorts", {"gen_z", "millennial", "gen_x", "boomer"})) return;
  for (int g = 0; g < kGenerationCount && !r.failed(); ++g) {
    const std::string name(kGenerationNames[g]);
    const YAML::Node c = cohorts[name];
    if (!c.IsDefined()) continue;
    const std::string path = "cohorts." + name;
    if (!r.ExpectMap(c, path,
                     {"acquisition_channels", "channels", "payment_methods", "support_channels"}))
      break;
    CohortConfig& cfg = configs[static_cast<size_t>(g)];
    auto mix = [&]<size_t N>(const char* key, const std::string_view(&names)[N],
                             std::vector<double>& out) {
      if (!c[key].IsDefined() || r.failed()) return;
      std::array<double, N> values{};
      r.Mix(c[key], path + "." + key, names, values);
      out.assign(values.begin(), values.end());
    };
    mix("acquisition_channels", kAcquisitionChannelNames, cfg.acquisition_channels);
    mix("channels", kChannelNames, cfg.channels);
    mix("payment_methods", kPaymentMethodNames, cfg.payment_methods);
    mix("support_channels", kTicketChannelNames, cfg.support_channels);
  }
}

}  // namespace ecomsim::scenario_parse
