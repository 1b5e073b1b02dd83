// The effects section of a scenario: its timeline of windows, each with a target and
// what changes in it (traffic curves, rates, outages, migrations, campaigns).
#include <algorithm>
#include <cctype>
#include <climits>
#include <span>
#include <string>

#include "scenario/parse_support.h"

namespace ecomsim::scenario_parse {
namespace {

template <size_t N>
int IndexOf(const std::string_view (&names)[N], const std::string& name) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::string NameList(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// A list of names from a vocabulary, as indexes.
template <size_t N>
std::vector<int> ReadNames(Reader& r, const YAML::Node& node, const std::string& path,
                           const std::string_view (&names)[N]) {
  std::vector<int> out;
  if (!node.IsSequence()) {
    r.Fail(node, path, "expected a list of names (" + NameList(names) + ")");
    return out;
  }
  for (size_t i = 0; i < node.size() && !r.failed(); ++i) {
    const std::string name = r.Text(node[i], path);
    const int index = IndexOf(names, name);
    if (index < 0)
      r.Fail(node[i], path,
             "unknown name '" + name + "' (expected one of: " + NameList(names) + ")");
    out.push_back(index);
  }
  return out;
}

std::vector<int64_t> ReadIds(Reader& r, const YAML::Node& node, const std::string& path) {
  std::vector<int64_t> out;
  if (!node.IsSequence()) {
    r.Fail(node, path, "expected a list of ids");
    return out;
  }
  for (size_t i = 0; i < node.size() && !r.failed(); ++i)
    out.push_back(r.Integer(node[i], path, 1, INT64_MAX / 2));
  return out;
}

const std::vector<std::string_view>& CategoryNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& c : reference::Categories()) out.push_back(c.name);
    return out;
  }();
  return names;
}

// An effect's time: a duration is an offset from the window's start ("2h"), anything
// else an absolute timestamp.
Micros EffectTime(Reader& r, const YAML::Node& node, const std::string& path,
                  const WorldConfig& w) {
  const std::string text = r.Text(node, path);
  if (r.failed()) return 0;
  if (!text.empty() && std::isalpha(static_cast<unsigned char>(text.back())) &&
      text.back() != 'Z') {
    Result<Micros> d = ParseDuration(text);
    if (!d.ok()) {
      r.Fail(node, path, d.status().message());
      return 0;
    }
    return w.start + *d;
  }
  Result<Micros> t = ParseTimestamp(text);
  if (!t.ok()) {
    r.Fail(node, path, "expected an offset from the window's start (like 2h) or a timestamp");
    return 0;
  }
  return *t;
}

// start, and end or duration (by default the window's start and end).
void ReadEffectWindow(Reader& r, const YAML::Node& node, const std::string& path,
                      const WorldConfig& w, Effect& e) {
  e.start = node["start"].IsDefined() ? EffectTime(r, node["start"], path + ".start", w) : w.start;
  if (node["end"].IsDefined() && node["duration"].IsDefined()) {
    r.Fail(node["end"], path + ".end", "give either end or duration, not both");
    return;
  }
  if (node["end"].IsDefined()) {
    e.end = EffectTime(r, node["end"], path + ".end", w);
  } else if (node["duration"].IsDefined()) {
    e.end = e.start + r.Duration(node["duration"], path + ".duration");
  } else {
    e.end = w.end();
  }
  if (!r.failed() && e.end <= e.start) r.Fail(node, path, "ends before it starts");
}

void ReadCategories(Reader& r, const YAML::Node& list, const std::string& path,
                    std::vector<int>& out) {
  const std::vector<std::string_view>& categories = CategoryNames();
  if (!list.IsSequence()) r.Fail(list, path, "expected a list of categories");
  for (size_t i = 0; list.IsSequence() && i < list.size() && !r.failed(); ++i) {
    const std::string name = r.Text(list[i], path);
    auto at = std::find(categories.begin(), categories.end(), name);
    if (at == categories.end()) {
      r.Fail(list[i], path,
             "unknown category '" + name + "' (expected one of: " + NameList(categories) + ")");
    }
    out.push_back(static_cast<int>(at - categories.begin()));
  }
}

void ReadTarget(Reader& r, const YAML::Node& t, const std::string& tp, EffectTarget& target) {
  if (!r.ExpectMap(t, tp,
                   {"categories", "products", "top_product_of", "cohorts", "channels", "suppliers",
                    "regions"})) {
    return;
  }
  if (t["categories"].IsDefined())
    ReadCategories(r, t["categories"], tp + ".categories", target.categories);
  if (t["products"].IsDefined()) target.products = ReadIds(r, t["products"], tp + ".products");
  if (t["top_product_of"].IsDefined()) {
    const std::vector<std::string_view>& categories = CategoryNames();
    target.top_product_of = r.Text(t["top_product_of"], tp + ".top_product_of");
    if (!r.failed() && std::find(categories.begin(), categories.end(), target.top_product_of) ==
                           categories.end()) {
      r.Fail(t["top_product_of"], tp + ".top_product_of",
             "unknown category '" + target.top_product_of + "'");
    }
  }
  if (t["cohorts"].IsDefined()) {
    for (int i : ReadNames(r, t["cohorts"], tp + ".cohorts", kGenerationNames)) {
      target.cohorts.push_back(static_cast<Generation>(i));
    }
  }
  if (t["channels"].IsDefined()) {
    for (int i : ReadNames(r, t["channels"], tp + ".channels", kChannelNames)) {
      target.channels.push_back(static_cast<Channel>(i));
    }
  }
  if (t["suppliers"].IsDefined()) target.suppliers = ReadIds(r, t["suppliers"], tp + ".suppliers");
  if (t["regions"].IsDefined()) {
    for (int i : ReadNames(r, t["regions"], tp + ".regions", kRegionNames)) {
      target.regions.push_back(static_cast<reference::Region>(i));
    }
  }
}

// A list of at least two [offset, multiplier] pairs, offsets increasing.
void ReadTrafficPoints(Reader& r, const YAML::Node& points, const std::string& path,
                       TrafficCurve& t) {
  if (!points.IsSequence() || points.size() < 2) {
    r.Fail(points, path, "expected a list of at least two [offset, multiplier] pairs");
    return;
  }
  for (size_t i = 0; i < points.size() && !r.failed(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    if (!points[i].IsSequence() || points[i].size() != 2) {
      r.Fail(points[i], p, "expected [offset, multiplier], like [2h, 3.5]");
      return;
    }
    const Micros at = r.Duration(points[i][0], p);
    const double m = r.Number(points[i][1], p, 0, 10000);
    if (!r.failed() && !t.points.empty() && at <= t.points.back().first) {
      r.Fail(points[i], p, "offsets must increase");
    }
    t.points.emplace_back(at, m);
  }
}

void ReadTraffic(Reader& r, const YAML::Node& node, const std::string& path, TrafficCurve& t) {
  if (node.IsScalar()) {
    t.kind = TrafficCurve::Kind::kConstant;
    t.value = r.Number(node, path, 0, 10000);
    return;
  }
  if (!r.ExpectMap(node, path,
                   {"curve", "value", "from", "to", "peak", "floor", "half_life", "points"}))
    return;
  const std::string curve = r.Text(node["curve"], path + ".curve");
  auto opt = [&](const char* key, double fallback) {
    return node[key].IsDefined() ? r.Number(node[key], path + "." + key, 0, 10000) : fallback;
  };
  if (curve == "constant") {
    t.kind = TrafficCurve::Kind::kConstant;
    t.value = opt("value", 1);
  } else if (curve == "ramp" || curve == "exponential") {
    t.kind = curve == "ramp" ? TrafficCurve::Kind::kRamp : TrafficCurve::Kind::kExponential;
    t.from = opt("from", 1);
    t.to = opt("to", 1);
    if (!r.failed() && t.kind == TrafficCurve::Kind::kExponential && (t.from <= 0 || t.to <= 0)) {
      r.Fail(node, path, "an exponential curve needs from and to above zero");
    }
  } else if (curve == "decay") {
    t.kind = TrafficCurve::Kind::kDecay;
    t.peak = opt("peak", 1);
    t.floor = opt("floor", 1);
    const Micros h = node["half_life"].IsDefined()
                         ? r.Duration(node["half_life"], path + ".half_life")
                         : kMicrosPerHour;
    t.half_life_hours =
        static_cast<double>(std::max<Micros>(h, 1)) / static_cast<double>(kMicrosPerHour);
  } else if (curve == "points") {
    t.kind = TrafficCurve::Kind::kPoints;
    ReadTrafficPoints(r, node["points"], path + ".points", t);
  } else if (!r.failed()) {
    r.Fail(node["curve"], path + ".curve",
           "unknown curve '" + curve + "' (expected constant, ramp, exponential, decay or points)");
  }
}

// The multipliers and rates: a key left out keeps its neutral value.
void ReadModifiers(Reader& r, const YAML::Node& node, const std::string& path, Effect& e) {
  auto num = [&](const char* key, double lo, double hi, double fallback) {
    return node[key].IsDefined() ? r.Number(node[key], path + "." + key, lo, hi) : fallback;
  };
  e.conversion = num("conversion", 0, 100, 1);
  e.discount_pct = num("discount", 0, 99, -1);
  e.payment_failure_rate = num("payment_failure_rate", 0, 1, -1);
  e.latency = num("latency", 0.01, 100, 1);
  e.return_rate = num("return_rate", 0, 100, 1);
  e.return_processing = num("return_processing", 0.01, 100, 1);
  e.ticket_rate = num("ticket_rate", 0, 100, 1);
  e.fraud_rate = num("fraud_rate", 0, 0.9, -1);
  e.product_focus = num("product_focus", 0, 1, 0);
  if (node["stock_cap"].IsDefined())
    e.stock_cap = r.Integer(node["stock_cap"], path + ".stock_cap", 0, INT64_MAX / 4);
}

void ReadOutage(Reader& r, const YAML::Node& o, const std::string& op, Effect& e) {
  if (!r.ExpectMap(o, op, {"supplier", "skus", "backup_capacity"})) return;
  e.has_outage = true;
  e.outage_supplier =
      o["supplier"].IsDefined() ? r.Integer(o["supplier"], op + ".supplier", 0, INT64_MAX / 2) : 0;
  e.outage_skus = static_cast<int>(r.Integer(o["skus"], op + ".skus", 1, 1'000'000));
  e.backup_capacity = o["backup_capacity"].IsDefined()
                          ? r.Number(o["backup_capacity"], op + ".backup_capacity", 0, 1)
                          : 0;
}

void ReadMigration(Reader& r, const YAML::Node& m, const std::string& mp, Effect& e) {
  if (!r.ExpectMap(m, mp, {"to", "share", "cannibalization"})) return;
  e.has_migration = true;
  const std::string to = r.Text(m["to"], mp + ".to");
  const int index = IndexOf(kChannelNames, to);
  if (!r.failed() && index < 0) {
    r.Fail(m["to"], mp + ".to", "unknown channel '" + to + "' (expected web, mobile_web or app)");
  }
  e.migrate_to = static_cast<Channel>(std::max(index, 0));
  e.migrate_share = r.Number(m["share"], mp + ".share", 0, 1);
  e.cannibalization = m["cannibalization"].IsDefined()
                          ? r.Number(m["cannibalization"], mp + ".cannibalization", 0, 1)
                          : 0;
}

void ReadCohortGrowth(Reader& r, const YAML::Node& g, const std::string& gp, Effect& e) {
  if (!r.ExpectMap(g, gp, {"cohort", "growth"})) return;
  e.has_cohort_growth = true;
  const std::string cohort = r.Text(g["cohort"], gp + ".cohort");
  const int index = IndexOf(kGenerationNames, cohort);
  if (!r.failed() && index < 0)
    r.Fail(g["cohort"], gp + ".cohort", "unknown cohort '" + cohort + "'");
  e.growth_cohort = static_cast<Generation>(std::max(index, 0));
  e.growth = r.Number(g["growth"], gp + ".growth", 0, 10);
}

void ReadCampaign(Reader& r, const YAML::Node& c, const std::string& cp, Effect& e) {
  if (!r.ExpectMap(c, cp, {"channel", "discount"})) return;
  e.has_campaign = true;
  const std::string channel = r.Text(c["channel"], cp + ".channel");
  const int index = IndexOf(kCampaignChannelNames, channel);
  if (!r.failed() && index < 0)
    r.Fail(c["channel"], cp + ".channel", "unknown campaign channel '" + channel + "'");
  e.campaign_channel = static_cast<CampaignChannel>(std::max(index, 0));
  e.campaign_discount_pct =
      c["discount"].IsDefined() ? r.Number(c["discount"], cp + ".discount", 0, 99) : 0;
}

void ReadEffect(Reader& r, const YAML::Node& node, const std::string& path, const WorldConfig& w,
                Effect& e) {
  if (!r.ExpectMap(node, path,
                   {"start", "end", "duration", "target", "traffic", "conversion", "discount",
                    "payment_failure_rate", "latency", "return_rate", "return_processing",
                    "ticket_rate", "fraud_rate", "stock_cap", "product_focus", "sku_outage",
                    "channel_migration", "cohort_growth", "campaign"})) {
    return;
  }
  ReadEffectWindow(r, node, path, w, e);
  if (r.failed()) return;
  if (node["target"].IsDefined()) ReadTarget(r, node["target"], path + ".target", e.target);
  if (node["traffic"].IsDefined() && !r.failed()) {
    e.has_traffic = true;
    ReadTraffic(r, node["traffic"], path + ".traffic", e.traffic);
  }
  ReadModifiers(r, node, path, e);
  // The parts with keys of their own: each read only while nothing has failed.
  struct Part {
    const char* key;
    void (*read)(Reader&, const YAML::Node&, const std::string&, Effect&);
  };
  for (const Part& part :
       {Part{"sku_outage", ReadOutage}, Part{"channel_migration", ReadMigration},
        Part{"cohort_growth", ReadCohortGrowth}, Part{"campaign", ReadCampaign}}) {
    if (const YAML::Node n = node[part.key]; n.IsDefined() && !r.failed()) {
      part.read(r, n, path + "." + part.key, e);
    }
  }
}

}  // namespace

void ReadEffects(Reader& r, YAML::Node& root, const WorldConfig& world,
                 std::vector<Effect>& effects) {
  const YAML::Node node = root["effects"];
  if (!node.IsDefined() || node.IsNull() || (node.IsSequence() && node.size() == 0)) return;
  if (!node.IsMap()) {
    r.Fail(node, "effects", "expected a mapping of effect names to effects (or [] for none)");
    return;
  }
  for (auto it = node.begin(); it != node.end() && !r.failed(); ++it) {
    Effect e;
    e.name = it->first.as<std::string>();
    ReadEffect(r, it->second, "effects." + e.name, world, e);
    effects.push_back(std::move(e));
  }
}

}  // namespace ecomsim::scenario_parse
