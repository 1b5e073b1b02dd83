#include "scenario/scenario.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/hash.h"
#include "random/distributions.h"

namespace ecomsim {
namespace {

// Reads a YAML tree with a running record of the first error, phrased as
// "SOURCE:LINE: KEY.PATH: what is wrong", or "--set KEY.PATH: what is wrong" for a value
// that came from an override (it has no line in SOURCE). ExpectMap reports any key it
// does not know, so a misspelt key is an error rather than silently ignored.
class Reader {
 public:
  // `overridden`: the key paths set with --set.
  Reader(std::string source, std::vector<std::string> overridden)
      : source_(std::move(source)), overridden_(std::move(overridden)) {}

  bool failed() const { return !status_.ok(); }
  const Status& status() const { return status_; }

  void Fail(const YAML::Node& node, const std::string& path, const std::string& what) {
    if (failed()) return;
    for (const std::string& o : overridden_) {
      if (path == o || path.starts_with(o + ".") || path.starts_with(o + "[")) {
        status_ = Status::Config("--set " + path + ": " + what);
        return;
      }
    }
    std::string where = source_;
    // Nodes copied from the scenario a file extends have no position in it (their mark
    // is the null one, or all zeros).
    const YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
    if (mark.line >= 0 && (mark.pos > 0 || mark.line > 0 || mark.column > 0)) {
      where += ":" + std::to_string(mark.line + 1);
    }
    status_ = Status::Config(where + ": " + (path.empty() ? "" : path + ": ") + what);
  }

  // Checks that `node` is a map whose keys are all in `allowed`.
  bool ExpectMap(const YAML::Node& node, const std::string& path,
                 std::initializer_list<std::string_view> allowed) {
    if (!node.IsMap()) {
      Fail(node, path, "expected a mapping of keys to values");
      return false;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.as<std::string>();
      bool known = false;
      for (std::string_view a : allowed) known = known || a == key;
      if (!known) {
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        Fail(it->first, Join(path, key), "unknown key (expected one of: " + list + ")");
        return false;
      }
    }
    return true;
  }

  double Number(const YAML::Node& node, const std::string& path, double lo, double hi) {
    if (failed()) return 0;
    if (!node.IsDefined() || node.IsNull()) {
      Fail(node, path, "is required");
      return 0;
    }
    double v = 0;
    if (!node.IsScalar() || !YAML::convert<double>::decode(node, v) || !std::isfinite(v)) {
      Fail(node, path, "expected a number, got '" + Describe(node) + "'");
      return 0;
    }
    if (v < lo || v > hi) {
      std::ostringstream msg;
      msg << "must be between " << lo << " and " << hi << ", got " << v;
      Fail(node, path, msg.str());
      return 0;
    }
    return v;
  }

  int64_t Integer(const YAML::Node& node, const std::string& path, int64_t lo, int64_t hi) {
    if (failed()) return 0;
    if (!node.IsDefined() || node.IsNull()) {
      Fail(node, path, "is required");
      return 0;
    }
    int64_t v = 0;
    if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, v)) {
      Fail(node, path, "expected a whole number, got '" + Describe(node) + "'");
      return 0;
    }
    if (v < lo || v > hi) {
      Fail(node, path,
           "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
               std::to_string(v));
      return 0;
    }
    return v;
  }

  bool Flag(const YAML::Node& node, const std::string& path) {
    if (failed()) return false;
    bool v = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v)) {
      Fail(node, path, "expected true or false, got '" + Describe(node) + "'");
      return false;
    }
    return v;
  }

  std::string Text(const YAML::Node& node, const std::string& path) {
    if (failed()) return "";
    if (!node.IsDefined() || !node.IsScalar()) {
      Fail(node, path, node.IsDefined() ? "expected text" : "is required");
      return "";
    }
    return node.Scalar();
  }

  Micros Time(const YAML::Node& node, const std::string& path) {
    const std::string text = Text(node, path);
    if (failed()) return 0;
    Result<Micros> t = ParseTimestamp(text);
    if (!t.ok()) {
      Fail(node, path, t.status().message());
      return 0;
    }
    return *t;
  }

  Micros Duration(const YAML::Node& node, const std::string& path) {
    const std::string text = Text(node, path);
    if (failed()) return 0;
    Result<Micros> d = ParseDuration(text);
    if (!d.ok()) {
      Fail(node, path, d.status().message());
      return 0;
    }
    return *d;
  }

  // A mapping from names in `names` to shares that must sum to 1. Missing names get 0.
  template <size_t N>
  void Mix(const YAML::Node& node, const std::string& path, const std::string_view (&names)[N],
           std::array<double, N>& out) {
    if (failed()) return;
    if (!node.IsDefined()) {
      Fail(node, path, "is required");
      return;
    }
    if (!node.IsMap()) {
      Fail(node, path, "expected a mapping of names to shares");
      return;
    }
    out.fill(0);
    double sum = 0;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.as<std::string>();
      size_t index = N;
      for (size_t i = 0; i < N; ++i) {
        if (names[i] == key) index = i;
      }
      if (index == N) {
        std::string list;
        for (std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
        Fail(it->first, Join(path, key), "unknown name (expected one of: " + list + ")");
        return;
      }
      out[index] = Number(it->second, Join(path, key), 0, 1);
    }
    for (double v : out) sum += v;
    if (!failed() && std::fabs(sum - 1.0) > 1e-6) {
      std::ostringstream msg;
      msg << "shares must sum to 1, they sum to " << sum;
      Fail(node, path, msg.str());
    }
  }

  // A list of exactly N non-negative weights, normalized to mean 1.
  template <size_t N>
  void Profile(const YAML::Node& node, const std::string& path, std::array<double, N>& out) {
    if (failed()) return;
    if (!node.IsSequence() || node.size() != N) {
      Fail(node, path, "expected a list of " + std::to_string(N) + " weights");
      return;
    }
    double sum = 0;
    for (size_t i = 0; i < N; ++i) {
      out[i] = Number(node[i], path + "[" + std::to_string(i) + "]", 0, 1e6);
      sum += out[i];
    }
    if (failed()) return;
    if (sum <= 0) {
      Fail(node, path, "weights must not all be zero");
      return;
    }
    for (double& v : out) v *= static_cast<double>(N) / sum;
  }

  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

 private:
  static std::string Describe(const YAML::Node& node) {
    if (node.IsScalar()) return node.Scalar();
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a mapping";
    return "nothing";
  }

  std::string source_;
  std::vector<std::string> overridden_;
  Status status_;
};

constexpr std::string_view kRegionNames[] = {"north_america", "europe", "asia", "other"};
// A visit every second, at most (a customer's sessions never overlap anyway).
constexpr double kMaxSessionsPerDay = 86400;
// An inactivity timeout must leave room for a page, a payment attempt and a second.
constexpr Micros kMinInactivityTimeout = 10 * kMicrosPerSecond;
constexpr Micros kMaxInactivityTimeout = 24 * kMicrosPerHour;

// Reads commerce.orders.value_by_segment: for every segment, [lowest, highest] order
// total in the store currency.
void ReadOrderValues(Reader& r, const YAML::Node& node, const std::string& path, CommerceConfig& m) {
  if (!r.ExpectMap(node, path, {"bronze", "silver", "gold", "platinum"})) return;
  for (int k = 0; k < kSegmentCount && !r.failed(); ++k) {
    const std::string name(kSegmentNames[k]);
    const std::string key_path = path + "." + name;
    const YAML::Node range = node[name];
    if (!range.IsDefined() || !range.IsSequence() || range.size() != 2) {
      r.Fail(range.IsDefined() ? range : node, key_path,
             "expected [lowest, highest] order total, like [20, 150]");
      return;
    }
    const double lo = r.Number(range[0], key_path + "[0]", 1, 1e7);
    const double hi = r.Number(range[1], key_path + "[1]", 1, 1e7);
    if (!r.failed() && hi < 1.5 * lo) {
      r.Fail(range, key_path, "the highest total must be at least 1.5 times the lowest");
    }
    m.order_value_cents[static_cast<size_t>(k)] = {std::llround(lo * 100), std::llround(hi * 100)};
  }
  m.has_order_values = !r.failed();
}

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

void ReadTransitions(Reader& r, const YAML::Node& node, const std::string& path,
                     std::array<std::array<double, kEventTypeCount>, kEventTypeCount>& table,
                     bool require_all) {
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

// A problem of a transition table whose rows lead to an event type without a row, or ""
// when every type a walk can reach has one.
std::string MissingRow(const std::array<std::array<double, kEventTypeCount>, kEventTypeCount>& table) {
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


// Sets `path` (dot-separated) in `root` to the YAML value `value`.
Status ApplyOverride(YAML::Node& root, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    return Status::Usage("--set '" + assignment + "': expected KEY=VALUE, like world.customers=5000");
  }
  const std::string path = assignment.substr(0, eq);
  const std::string value_text = assignment.substr(eq + 1);
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) {
    if (part.empty()) return Status::Usage("--set '" + assignment + "': empty key in path");
    parts.push_back(part);
  }
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    return Status::Usage("--set '" + assignment + "': value is not valid YAML: " + e.msg);
  }
  // Walk with fresh handles: yaml-cpp nodes are references, so assigning through the
  // last handle edits the tree.
  YAML::Node node = root;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!node.IsMap() || !node[parts[i]].IsDefined()) {
      return Status::Config("--set " + path + ": no key '" + parts[i] + "' in the scenario");
    }
    node.reset(node[parts[i]]);
  }
  if (!node.IsMap()) return Status::Config("--set " + path + ": parent is not a mapping");
  node[parts.back()] = value;
  return Status::Ok();
}

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
    if (index < 0) r.Fail(node[i], path, "unknown name '" + name + "' (expected one of: " + NameList(names) + ")");
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
  for (size_t i = 0; i < node.size() && !r.failed(); ++i) out.push_back(r.Integer(node[i], path, 1, INT64_MAX / 2));
  return out;
}

std::vector<std::string_view> CategoryNames() {
  std::vector<std::string_view> names;
  for (const auto& c : reference::Categories()) names.push_back(c.name);
  return names;
}

// An effect's time: a duration is an offset from the window's start ("2h"), anything
// else an absolute timestamp.
Micros EffectTime(Reader& r, const YAML::Node& node, const std::string& path, const WorldConfig& w) {
  const std::string text = r.Text(node, path);
  if (r.failed()) return 0;
  if (!text.empty() && std::isalpha(static_cast<unsigned char>(text.back())) && text.back() != 'Z') {
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

void ReadTraffic(Reader& r, const YAML::Node& node, const std::string& path, TrafficCurve& t) {
  if (node.IsScalar()) {
    t.kind = TrafficCurve::Kind::kConstant;
    t.value = r.Number(node, path, 0, 10000);
    return;
  }
  if (!r.ExpectMap(node, path, {"curve", "value", "from", "to", "peak", "floor", "half_life", "points"})) return;
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
    const Micros h = node["half_life"].IsDefined() ? r.Duration(node["half_life"], path + ".half_life") : kMicrosPerHour;
    t.half_life_hours = static_cast<double>(std::max<Micros>(h, 1)) / static_cast<double>(kMicrosPerHour);
  } else if (curve == "points") {
    t.kind = TrafficCurve::Kind::kPoints;
    const YAML::Node points = node["points"];
    if (!points.IsSequence() || points.size() < 2) {
      r.Fail(points, path + ".points", "expected a list of at least two [offset, multiplier] pairs");
      return;
    }
    for (size_t i = 0; i < points.size() && !r.failed(); ++i) {
      const std::string p = path + ".points[" + std::to_string(i) + "]";
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
  } else if (!r.failed()) {
    r.Fail(node["curve"], path + ".curve",
           "unknown curve '" + curve + "' (expected constant, ramp, exponential, decay or points)");
  }
}

void ReadEffect(Reader& r, const YAML::Node& node, const std::string& path, const WorldConfig& w, Effect& e) {
  if (!r.ExpectMap(node, path,
                   {"start", "end", "duration", "target", "traffic", "conversion", "discount",
                    "payment_failure_rate", "latency", "return_rate", "return_processing", "ticket_rate",
                    "fraud_rate", "stock_cap", "product_focus", "sku_outage", "channel_migration",
                    "cohort_growth", "campaign"})) {
    return;
  }
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
  if (const YAML::Node t = node["target"]; t.IsDefined() && !r.failed()) {
    const std::string tp = path + ".target";
    if (r.ExpectMap(t, tp, {"categories", "products", "top_product_of", "cohorts", "channels", "suppliers", "regions"})) {
      static const std::vector<std::string_view> categories = CategoryNames();
      if (t["categories"].IsDefined()) {
        const YAML::Node list = t["categories"];
        if (!list.IsSequence()) r.Fail(list, tp + ".categories", "expected a list of categories");
        for (size_t i = 0; list.IsSequence() && i < list.size() && !r.failed(); ++i) {
          const std::string name = r.Text(list[i], tp + ".categories");
          auto at = std::find(categories.begin(), categories.end(), name);
          if (at == categories.end()) {
            r.Fail(list[i], tp + ".categories", "unknown category '" + name + "' (expected one of: " + NameList(categories) + ")");
          }
          e.target.categories.push_back(static_cast<int>(at - categories.begin()));
        }
      }
      if (t["products"].IsDefined()) e.target.products = ReadIds(r, t["products"], tp + ".products");
      if (t["top_product_of"].IsDefined()) {
        e.target.top_product_of = r.Text(t["top_product_of"], tp + ".top_product_of");
        if (!r.failed() && std::find(categories.begin(), categories.end(), e.target.top_product_of) == categories.end()) {
          r.Fail(t["top_product_of"], tp + ".top_product_of", "unknown category '" + e.target.top_product_of + "'");
        }
      }
      if (t["cohorts"].IsDefined()) {
        for (int i : ReadNames(r, t["cohorts"], tp + ".cohorts", kGenerationNames)) e.target.cohorts.push_back(static_cast<Generation>(i));
      }
      if (t["channels"].IsDefined()) {
        for (int i : ReadNames(r, t["channels"], tp + ".channels", kChannelNames)) e.target.channels.push_back(static_cast<Channel>(i));
      }
      if (t["suppliers"].IsDefined()) e.target.suppliers = ReadIds(r, t["suppliers"], tp + ".suppliers");
      if (t["regions"].IsDefined()) {
        for (int i : ReadNames(r, t["regions"], tp + ".regions", kRegionNames)) e.target.regions.push_back(static_cast<reference::Region>(i));
      }
    }
  }
  if (node["traffic"].IsDefined() && !r.failed()) {
    e.has_traffic = true;
    ReadTraffic(r, node["traffic"], path + ".traffic", e.traffic);
  }
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
  if (node["stock_cap"].IsDefined()) e.stock_cap = r.Integer(node["stock_cap"], path + ".stock_cap", 0, INT64_MAX / 4);
  if (const YAML::Node o = node["sku_outage"]; o.IsDefined() && !r.failed()) {
    const std::string op = path + ".sku_outage";
    if (r.ExpectMap(o, op, {"supplier", "skus", "backup_capacity"})) {
      e.has_outage = true;
      e.outage_supplier = o["supplier"].IsDefined() ? r.Integer(o["supplier"], op + ".supplier", 0, INT64_MAX / 2) : 0;
      e.outage_skus = static_cast<int>(r.Integer(o["skus"], op + ".skus", 1, 1'000'000));
      e.backup_capacity = o["backup_capacity"].IsDefined() ? r.Number(o["backup_capacity"], op + ".backup_capacity", 0, 1) : 0;
    }
  }
  if (const YAML::Node m = node["channel_migration"]; m.IsDefined() && !r.failed()) {
    const std::string mp = path + ".channel_migration";
    if (r.ExpectMap(m, mp, {"to", "share", "cannibalization"})) {
      e.has_migration = true;
      const std::string to = r.Text(m["to"], mp + ".to");
      const int index = IndexOf(kChannelNames, to);
      if (!r.failed() && index < 0) r.Fail(m["to"], mp + ".to", "unknown channel '" + to + "' (expected web, mobile_web or app)");
      e.migrate_to = static_cast<Channel>(std::max(index, 0));
      e.migrate_share = r.Number(m["share"], mp + ".share", 0, 1);
      e.cannibalization = m["cannibalization"].IsDefined() ? r.Number(m["cannibalization"], mp + ".cannibalization", 0, 1) : 0;
    }
  }
  if (const YAML::Node g = node["cohort_growth"]; g.IsDefined() && !r.failed()) {
    const std::string gp = path + ".cohort_growth";
    if (r.ExpectMap(g, gp, {"cohort", "growth"})) {
      e.has_cohort_growth = true;
      const std::string cohort = r.Text(g["cohort"], gp + ".cohort");
      const int index = IndexOf(kGenerationNames, cohort);
      if (!r.failed() && index < 0) r.Fail(g["cohort"], gp + ".cohort", "unknown cohort '" + cohort + "'");
      e.growth_cohort = static_cast<Generation>(std::max(index, 0));
      e.growth = r.Number(g["growth"], gp + ".growth", 0, 10);
    }
  }
  if (const YAML::Node c = node["campaign"]; c.IsDefined() && !r.failed()) {
    const std::string cp = path + ".campaign";
    if (r.ExpectMap(c, cp, {"channel", "discount"})) {
      e.has_campaign = true;
      const std::string channel = r.Text(c["channel"], cp + ".channel");
      const int index = IndexOf(kCampaignChannelNames, channel);
      if (!r.failed() && index < 0) r.Fail(c["channel"], cp + ".channel", "unknown campaign channel '" + channel + "'");
      e.campaign_channel = static_cast<CampaignChannel>(std::max(index, 0));
      e.campaign_discount_pct = c["discount"].IsDefined() ? r.Number(c["discount"], cp + ".discount", 0, 99) : 0;
    }
  }
}

// The tag that makes a mapping of an extending file replace the base's instead of
// merging into it: `personas: !replace {...}` defines a new set of personas.
constexpr std::string_view kReplaceTag = "!replace";

// Lays `over` onto `base`: mappings merge key by key, anything else (and a mapping
// tagged !replace) replaces. The result shares the nodes of `over`, so that they keep
// their line numbers for error messages; what comes from `base` is a copy.
YAML::Node Merge(const YAML::Node& base, YAML::Node over) {
  if (over.Tag() == kReplaceTag) {
    over.SetTag("");
    return over;
  }
  if (!base.IsMap() || !over.IsMap()) return over;
  YAML::Node out = YAML::Clone(base);
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    out[key] = out[key].IsDefined() ? Merge(out[key], it->second) : it->second;
  }
  return out;
}

// Clears the !replace tags that no merge consumed (on a key the base does not have, or
// in a file that extends nothing): the resolved scenario shows plain values.
void ClearReplaceTags(YAML::Node node) {
  if (node.Tag() == kReplaceTag) node.SetTag("");
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) ClearReplaceTags(it->second);
  } else if (node.IsSequence()) {
    for (YAML::Node child : node) ClearReplaceTags(child);
  }
}

void ScaleCount(YAML::Node world, const char* key, double scale) {
  if (!world.IsMap() || !world[key].IsDefined() || !world[key].IsScalar()) return;
  int64_t v = 0;
  if (!YAML::convert<int64_t>::decode(world[key], v)) return;  // reported by validation
  world[key] = std::max<int64_t>(1, std::llround(static_cast<double>(v) * scale));
}

}  // namespace

Result<Scenario> ParseScenario(std::string_view yaml_text, std::string_view source,
                               const std::vector<std::string>& overrides, double scale) {
  const std::string src(source);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::ParserException& e) {
    return Status::Config(src + ":" + std::to_string(e.mark.line + 1) + ": malformed YAML: " +
                          e.msg);
  }
  if (!root.IsMap()) return Status::Config(src + ": expected a YAML mapping at the top level");
  // `extends: NAME` starts from another scenario (a built-in, or a file beside this one).
  for (int depth = 0; root["extends"].IsDefined(); ++depth) {
    const YAML::Node ext = root["extends"];
    const std::string where = src + ":" + std::to_string(ext.Mark().line + 1) + ": extends";
    if (depth >= 8) return Status::Config(where + ": too deep (a cycle?)");
    if (!ext.IsScalar()) return Status::Config(where + ": expected the name or path of a scenario");
    std::string base_text;
    if (const BuiltinScenario* b = FindBuiltinScenario(ext.Scalar())) {
      base_text = std::string(b->yaml);
    } else {
      std::filesystem::path path(ext.Scalar());
      if (path.is_relative() && !src.starts_with("builtin:")) path = std::filesystem::path(src).parent_path() / path;
      std::ifstream in(path, std::ios::binary);
      if (!in) return Status::Config(where + ": no built-in scenario or file '" + ext.Scalar() + "'");
      std::stringstream buf;
      buf << in.rdbuf();
      base_text = buf.str();
    }
    YAML::Node base;
    try {
      base = YAML::Load(base_text);
    } catch (const YAML::ParserException& e) {
      return Status::Config(where + ": '" + ext.Scalar() + "' is malformed YAML: " + e.msg);
    }
    YAML::Node child = root;
    child.remove("extends");
    // The base's effects are kept unless the child gives its own (an empty list drops them).
    root.reset(Merge(base, child));  // rebinds root: assigning would overwrite child too
    // A window given one way in the child replaces the base's given the other way.
    const YAML::Node cw = child["world"];
    if (cw.IsMap() && root["world"].IsMap()) {
      if (cw["end"].IsDefined() && !cw["duration"].IsDefined()) root["world"].remove("duration");
      if (cw["duration"].IsDefined() && !cw["end"].IsDefined()) root["world"].remove("end");
    }
  }
  ClearReplaceTags(root);
  for (const std::string& o : overrides) ECOMSIM_RETURN_IF_ERROR(ApplyOverride(root, o));
  if (!(scale > 0) || !std::isfinite(scale)) {
    return Status::Usage("--scale must be a positive number");
  }
  if (scale != 1) {
    YAML::Node world = root["world"];
    ScaleCount(world, "customers", scale);
    ScaleCount(world, "products", scale);
    ScaleCount(world, "suppliers", scale);
  }

  std::vector<std::string> overridden;
  for (const std::string& o : overrides) overridden.push_back(o.substr(0, o.find('=')));
  Reader r(src, std::move(overridden));
  Scenario s;
  s.source = src;
  s.scale = scale;
  if (!r.ExpectMap(root, "",
                   {"name", "description", "extends", "world", "cohorts", "catalog", "commerce",
                    "profiles", "session", "personas", "effects"})) {
    return r.status();
  }
  s.name = r.Text(root["name"], "name");
  s.description = root["description"].IsDefined() ? r.Text(root["description"], "description") : "";

  // world
  const YAML::Node world = root["world"];
  if (!world.IsDefined()) {
    r.Fail(root, "world", "is required");
    return r.status();
  }
  if (!r.ExpectMap(world, "world",
                   {"customers", "products", "suppliers", "start", "duration", "end", "history",
                    "regions", "generations", "user_types", "devices", "device_loyalty",
                    "acquisition_channels", "traffic_sources", "intensity", "activity_sigma",
                    "exact_mixes"})) {
    return r.status();
  }
  WorldConfig& w = s.world;
  constexpr int64_t kMaxCustomers = 900'000'000;  // keeps composite event ids in int64
  w.customers = r.Integer(world["customers"], "world.customers", 1, kMaxCustomers);
  w.products = r.Integer(world["products"], "world.products", 1, 100'000'000);
  w.suppliers = r.Integer(world["suppliers"], "world.suppliers", 1, 10'000'000);
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
  if (!r.failed() && w.duration > 3660 * kMicrosPerDay) {
    r.Fail(world["duration"], "world.duration", "must be at most 10 years");
  }
  w.history = r.Duration(world["history"], "world.history");
  s.intensity = world["intensity"].IsDefined() ? r.Number(world["intensity"], "world.intensity", 0.001, 1000) : 1.0;
  r.Mix(world["regions"], "world.regions", kRegionNames, w.regions);
  r.Mix(world["generations"], "world.generations", kGenerationNames, w.generations);
  {
    const YAML::Node ut = world["user_types"];
    if (!r.failed() && r.ExpectMap(ut, "world.user_types", {"new", "regular", "vip"})) {
      double sum = 0;
      for (int i = 0; i < kUserTypeCount; ++i) {
        const std::string path = "world.user_types." + std::string(kUserTypeNames[i]);
        const YAML::Node entry = ut[std::string(kUserTypeNames[i])];
        if (!entry.IsDefined()) {
          r.Fail(ut, path, "is required");
          break;
        }
        if (!r.ExpectMap(entry, path, {"share", "activity"})) break;
        w.user_types[static_cast<size_t>(i)].share = r.Number(entry["share"], path + ".share", 0, 1);
        w.user_types[static_cast<size_t>(i)].activity =
            r.Number(entry["activity"], path + ".activity", 0, 1000);
        sum += w.user_types[static_cast<size_t>(i)].share;
      }
      if (!r.failed() && std::fabs(sum - 1) > 1e-6) {
        r.Fail(ut, "world.user_types", "shares must sum to 1, they sum to " + std::to_string(sum));
      }
    }
  }
  r.Mix(world["devices"], "world.devices", kDeviceNames, w.devices);
  w.device_loyalty = r.Number(world["device_loyalty"], "world.device_loyalty", 0, 1);
  if (world["activity_sigma"].IsDefined()) {
    w.activity_sigma = r.Number(world["activity_sigma"], "world.activity_sigma", 0, 4);
  }
  if (world["exact_mixes"].IsDefined()) w.exact_mixes = r.Flag(world["exact_mixes"], "world.exact_mixes");
  r.Mix(world["acquisition_channels"], "world.acquisition_channels", kAcquisitionChannelNames,
        w.acquisition_channels);
  r.Mix(world["traffic_sources"], "world.traffic_sources", kTrafficSourceNames, w.traffic_sources);
  if (r.failed()) return r.status();

  // cohorts
  if (const YAML::Node cohorts = root["cohorts"]; cohorts.IsDefined() && !cohorts.IsNull()) {
    if (!r.ExpectMap(cohorts, "cohorts", {"gen_z", "millennial", "gen_x", "boomer"})) return r.status();
    for (int g = 0; g < kGenerationCount && !r.failed(); ++g) {
      const std::string name(kGenerationNames[g]);
      const YAML::Node c = cohorts[name];
      if (!c.IsDefined()) continue;
      const std::string path = "cohorts." + name;
      if (!r.ExpectMap(c, path, {"acquisition_channels", "channels", "payment_methods", "support_channels"})) break;
      CohortConfig& cfg = s.cohorts[static_cast<size_t>(g)];
      auto mix = [&]<size_t N>(const char* key, const std::string_view (&names)[N], std::vector<double>& out) {
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
    if (r.failed()) return r.status();
  }

  // catalog
  const YAML::Node catalog = root["catalog"];
  if (!r.ExpectMap(catalog, "catalog",
                   {"discounted_share", "popularity_exponent", "category_affinity",
                    "repricings_per_month", "promotions_per_month", "promotion_days",
                    "reorder_point", "price_range"})) {
    return r.status();
  }
  if (const YAML::Node range = catalog["price_range"]; range.IsDefined()) {
    if (!range.IsSequence() || range.size() != 2) {
      r.Fail(range, "catalog.price_range", "expected [lowest, highest] list price, like [10, 2000]");
    } else {
      s.catalog.min_price = r.Number(range[0], "catalog.price_range[0]", 0, 1e9);
      s.catalog.max_price = r.Number(range[1], "catalog.price_range[1]", 0, 1e9);
      if (!r.failed() && s.catalog.min_price >= s.catalog.max_price) {
        r.Fail(range, "catalog.price_range", "the lowest price must be below the highest");
      }
    }
  }
  s.catalog.repricings_per_month =
      r.Number(catalog["repricings_per_month"], "catalog.repricings_per_month", 0, 100);
  s.catalog.promotions_per_month =
      r.Number(catalog["promotions_per_month"], "catalog.promotions_per_month", 0, 100);
  s.catalog.promotion_days = r.Number(catalog["promotion_days"], "catalog.promotion_days", 0.1, 365);
  s.catalog.reorder_point = r.Number(catalog["reorder_point"], "catalog.reorder_point", 0, 1);
  s.catalog.discounted_share = r.Number(catalog["discounted_share"], "catalog.discounted_share", 0, 1);
  s.catalog.popularity_exponent =
      r.Number(catalog["popularity_exponent"], "catalog.popularity_exponent", 0.01, 10);
  s.catalog.category_affinity =
      r.Number(catalog["category_affinity"], "catalog.category_affinity", 0, 1);

  // commerce
  {
    const YAML::Node c = root["commerce"];
    if (!r.ExpectMap(c, "commerce",
                     {"currency", "carts", "orders", "payments", "fraud", "fulfillment", "returns",
                      "support", "segments", "campaigns"})) {
      return r.status();
    }
    CommerceConfig& m = s.commerce;
    m.currency = r.Text(c["currency"], "commerce.currency");
    if (!r.failed() && (m.currency.size() != 3)) {
      r.Fail(c["currency"], "commerce.currency", "expected a three-letter ISO 4217 code like USD");
    }
    auto section = [&](const char* key, std::initializer_list<std::string_view> keys) {
      const YAML::Node n = c[key];
      if (!r.failed()) r.ExpectMap(n, std::string("commerce.") + key, keys);
      return n;
    };
    auto money = [&](const YAML::Node& n, const std::string& path) {
      return static_cast<int64_t>(std::llround(r.Number(n, path, 0, 1e9) * 100));
    };
    const YAML::Node carts = section("carts", {"abandonment", "recovery", "recovery_hours"});
    if (r.failed()) return r.status();
    m.cart_abandonment = r.Number(carts["abandonment"], "commerce.carts.abandonment", 0, 0.99);
    m.cart_recovery = r.Number(carts["recovery"], "commerce.carts.recovery", 0, 1);
    m.recovery_hours = r.Number(carts["recovery_hours"], "commerce.carts.recovery_hours", 0.01, 24 * 60);
    const YAML::Node orders = section("orders", {"items_per_order", "free_shipping_over", "shipping_fee",
                                                 "tax_rate", "cancellation_rate", "value_by_segment"});
    if (r.failed()) return r.status();
    {
      const YAML::Node items = orders["items_per_order"];
      if (!items.IsSequence() || items.size() == 0 || items.size() > 30) {
        r.Fail(items, "commerce.orders.items_per_order",
               "expected a list of probabilities of 1, 2, 3, ... lines per order");
      } else {
        double sum = 0;
        for (size_t i = 0; i < items.size(); ++i) {
          m.items_per_order.push_back(
              r.Number(items[i], "commerce.orders.items_per_order[" + std::to_string(i) + "]", 0, 1));
          sum += m.items_per_order.back();
        }
        if (!r.failed() && std::fabs(sum - 1) > 1e-6) {
          r.Fail(items, "commerce.orders.items_per_order",
                 "probabilities must sum to 1, they sum to " + std::to_string(sum));
        }
      }
    }
    m.free_shipping_over_cents = money(orders["free_shipping_over"], "commerce.orders.free_shipping_over");
    m.shipping_fee_cents = money(orders["shipping_fee"], "commerce.orders.shipping_fee");
    {
      const YAML::Node tax = orders["tax_rate"];
      if (!r.failed() && r.ExpectMap(tax, "commerce.orders.tax_rate",
                                     {"north_america", "europe", "asia", "other"})) {
        for (int i = 0; i < reference::kRegionCount; ++i) {
          const std::string name(kRegionNames[i]);
          m.tax_rate[static_cast<size_t>(i)] =
              r.Number(tax[name], "commerce.orders.tax_rate." + name, 0, 1);
        }
      }
    }
    m.cancellation_rate = r.Number(orders["cancellation_rate"], "commerce.orders.cancellation_rate", 0, 1);
    if (const YAML::Node values = orders["value_by_segment"]; values.IsDefined() && !r.failed()) {
      ReadOrderValues(r, values, "commerce.orders.value_by_segment", m);
    }
    const YAML::Node pay = section("payments", {"failure_rate", "retry_rate"});
    if (r.failed()) return r.status();
    m.payment_failure_rate = r.Number(pay["failure_rate"], "commerce.payments.failure_rate", 0, 1);
    m.payment_retry_rate = r.Number(pay["retry_rate"], "commerce.payments.retry_rate", 0, 1);
    const YAML::Node fraud = section("fraud", {"rate", "patterns"});
    if (r.failed()) return r.status();
    m.fraud_rate = r.Number(fraud["rate"], "commerce.fraud.rate", 0, 0.5);
    {
      const YAML::Node pat = fraud["patterns"];
      if (!pat.IsMap()) {
        r.Fail(pat, "commerce.fraud.patterns", "expected a mapping of fraud patterns to weights");
      } else {
        double sum = 0;
        for (auto it = pat.begin(); it != pat.end() && !r.failed(); ++it) {
          const std::string key = it->first.as<std::string>();
          int index = -1;
          for (int i = 0; i < kFraudTypeCount; ++i) {
            if (kFraudTypeNames[i] == key) index = i;
          }
          if (index < 0) {
            r.Fail(it->first, "commerce.fraud.patterns." + key, "not a fraud pattern");
            break;
          }
          m.fraud_patterns[static_cast<size_t>(index)] =
              r.Number(it->second, "commerce.fraud.patterns." + key, 0, 1e6);
          sum += m.fraud_patterns[static_cast<size_t>(index)];
        }
        if (!r.failed() && sum <= 0) r.Fail(pat, "commerce.fraud.patterns", "weights must not all be zero");
      }
    }
    const YAML::Node ful = section("fulfillment", {"processing_hours", "transit_days", "late_share"});
    if (r.failed()) return r.status();
    m.processing_hours = r.Number(ful["processing_hours"], "commerce.fulfillment.processing_hours", 0.1, 24 * 60);
    m.transit_days = r.Number(ful["transit_days"], "commerce.fulfillment.transit_days", 0.1, 120);
    m.late_share = r.Number(ful["late_share"], "commerce.fulfillment.late_share", 0, 1);
    const YAML::Node ret = section("returns", {"rate_multiplier", "window_days", "processing_days"});
    if (r.failed()) return r.status();
    m.return_rate_multiplier = r.Number(ret["rate_multiplier"], "commerce.returns.rate_multiplier", 0, 10);
    m.return_window_days = r.Number(ret["window_days"], "commerce.returns.window_days", 1, 365);
    m.return_processing_days = r.Number(ret["processing_days"], "commerce.returns.processing_days", 0.1, 120);
    const YAML::Node sup = section("support", {"base_rate", "late_delivery", "payment_failure", "return",
                                               "resolution_hours"});
    if (r.failed()) return r.status();
    m.ticket_base_rate = r.Number(sup["base_rate"], "commerce.support.base_rate", 0, 1);
    m.ticket_late_delivery = r.Number(sup["late_delivery"], "commerce.support.late_delivery", 0, 1);
    m.ticket_payment_failure = r.Number(sup["payment_failure"], "commerce.support.payment_failure", 0, 1);
    m.ticket_return = r.Number(sup["return"], "commerce.support.return", 0, 1);
    m.ticket_resolution_hours = r.Number(sup["resolution_hours"], "commerce.support.resolution_hours", 0.1, 24 * 90);
    const YAML::Node seg = section("segments", {"silver", "gold", "platinum", "initial"});
    if (r.failed()) return r.status();
    m.segment_thresholds_cents[1] = money(seg["silver"], "commerce.segments.silver");
    m.segment_thresholds_cents[2] = money(seg["gold"], "commerce.segments.gold");
    m.segment_thresholds_cents[3] = money(seg["platinum"], "commerce.segments.platinum");
    if (!r.failed() && !(m.segment_thresholds_cents[1] < m.segment_thresholds_cents[2] &&
                         m.segment_thresholds_cents[2] < m.segment_thresholds_cents[3])) {
      r.Fail(seg, "commerce.segments", "thresholds must increase: silver < gold < platinum");
    }
    if (seg["initial"].IsDefined() && !r.failed()) {
      r.Mix(seg["initial"], "commerce.segments.initial", kSegmentNames, m.initial_segments);
      m.has_initial_segments = true;
      // Cut points of a standard normal activity score: segment k takes the scores
      // between cut k-1 and cut k, so the lowest scores are bronze.
      double cumulative = 0;
      for (int k = 0; k + 1 < kSegmentCount; ++k) {
        cumulative += m.initial_segments[static_cast<size_t>(k)];
        m.initial_segment_cuts[static_cast<size_t>(k)] =
            cumulative <= 0 ? -1e9 : (cumulative >= 1 - 1e-12 ? 1e9 : NormalQuantile(cumulative));
      }
    }
    const YAML::Node camp = section("campaigns", {"per_month"});
    if (r.failed()) return r.status();
    m.campaigns_per_month = r.Number(camp["per_month"], "commerce.campaigns.per_month", 0, 1000);
    if (r.failed()) return r.status();
  }

  // profiles
  const YAML::Node profiles = root["profiles"];
  if (!r.ExpectMap(profiles, "profiles", {"hour_of_day", "day_of_week", "month_of_year"})) {
    return r.status();
  }
  r.Profile(profiles["hour_of_day"], "profiles.hour_of_day", s.profiles.hour_of_day);
  r.Profile(profiles["day_of_week"], "profiles.day_of_week", s.profiles.day_of_week);
  r.Profile(profiles["month_of_year"], "profiles.month_of_year", s.profiles.month_of_year);
  if (r.failed()) return r.status();

  // session
  const YAML::Node session = root["session"];
  if (!r.ExpectMap(session, "session",
                   {"max_events", "dwell_sigma", "dwell_seconds", "transitions", "inactivity_timeout",
                    "at_window_end"})) {
    return r.status();
  }
  if (session["inactivity_timeout"].IsDefined()) {
    s.session.inactivity_timeout = r.Duration(session["inactivity_timeout"], "session.inactivity_timeout");
    if (!r.failed() && (s.session.inactivity_timeout < kMinInactivityTimeout ||
                        s.session.inactivity_timeout > kMaxInactivityTimeout)) {
      r.Fail(session["inactivity_timeout"], "session.inactivity_timeout", "must be between 10s and 24h");
    }
  }
  if (session["at_window_end"].IsDefined()) {
    const std::string v = r.Text(session["at_window_end"], "session.at_window_end");
    if (v == "cut") {
      s.session.at_window_end = WindowEnd::kCut;
    } else if (v != "finish" && !r.failed()) {
      r.Fail(session["at_window_end"], "session.at_window_end", "expected finish or cut, got '" + v + "'");
    }
  }
  s.session.max_events = static_cast<int>(r.Integer(session["max_events"], "session.max_events", 10, 5000));
  s.session.dwell_sigma = r.Number(session["dwell_sigma"], "session.dwell_sigma", 0, 3);
  {
    const YAML::Node dwell = session["dwell_seconds"];
    if (!r.failed() && !dwell.IsMap()) r.Fail(dwell, "session.dwell_seconds", "expected a mapping of event types to seconds");
    if (!r.failed()) {
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
        s.session.dwell_seconds[static_cast<size_t>(type)] =
            r.Number(it->second, "session.dwell_seconds." + key, 0.001, 86400);
      }
      for (int i = 0; i < kEventTypeCount && !r.failed(); ++i) {
        if (static_cast<EventType>(i) == EventType::kSessionEnd) continue;
        if (s.session.dwell_seconds[static_cast<size_t>(i)] <= 0) {
          r.Fail(dwell, "session.dwell_seconds", "has no value for " + std::string(kEventTypeNames[i]));
        }
      }
    }
  }
  std::array<std::array<double, kEventTypeCount>, kEventTypeCount> transitions{};
  if (!r.failed()) {
    ReadTransitions(r, session["transitions"], "session.transitions", transitions, true);
  }
  if (!r.failed()) {
    if (const std::string problem = MissingRow(transitions); !problem.empty()) {
      r.Fail(session["transitions"], "session.transitions", problem);
    }
  }
  if (r.failed()) return r.status();

  // personas
  const YAML::Node personas = root["personas"];
  if (!personas.IsMap() || personas.size() == 0) {
    r.Fail(personas, "personas", "expected a mapping of persona names to their behaviour");
    return r.status();
  }
  double share_sum = 0;
  for (auto it = personas.begin(); it != personas.end() && !r.failed(); ++it) {
    Persona p;
    p.name = it->first.as<std::string>();
    const std::string path = "personas." + p.name;
    const YAML::Node node = it->second;
    if (!r.ExpectMap(node, path,
                     {"share", "sessions_per_day", "conversion", "bounce", "dwell", "cart_abandonment",
                      "transitions"})) {
      break;
    }
    p.share = r.Number(node["share"], path + ".share", 0, 1);
    p.sessions_per_day = r.Number(node["sessions_per_day"], path + ".sessions_per_day", 0, kMaxSessionsPerDay);
    p.conversion = r.Number(node["conversion"], path + ".conversion", 0, 1);
    p.bounce = r.Number(node["bounce"], path + ".bounce", 0, 1);
    p.dwell = node["dwell"].IsDefined() ? r.Number(node["dwell"], path + ".dwell", 0.01, 100) : 1.0;
    p.cart_abandonment = s.commerce.cart_abandonment;
    if (node["cart_abandonment"].IsDefined()) {
      p.cart_abandonment = r.Number(node["cart_abandonment"], path + ".cart_abandonment", 0, 0.99);
      // Buying sessions fill carts too: the share left behind cannot pass what is left.
      if (!r.failed() && p.cart_abandonment > 1 - p.conversion + 1e-9) {
        std::ostringstream msg;
        msg << "at most 1 - conversion (" << 1 - p.conversion
            << "): even if every session that does not buy left a cart";
        r.Fail(node["cart_abandonment"], path + ".cart_abandonment", msg.str());
      }
    }
    p.transitions = transitions;
    if (node["transitions"].IsDefined()) {
      ReadTransitions(r, node["transitions"], path + ".transitions", p.transitions, false);
      if (const std::string problem = MissingRow(p.transitions); !problem.empty() && !r.failed()) {
        r.Fail(node["transitions"], path + ".transitions", problem + " (and session.transitions has none)");
      }
    }
    share_sum += p.share;
    s.personas.push_back(std::move(p));
  }
  if (!r.failed() && std::fabs(share_sum - 1) > 1e-6) {
    r.Fail(personas, "personas", "shares must sum to 1, they sum to " + std::to_string(share_sum));
  }
  if (!r.failed() && s.personas.size() > 250) r.Fail(personas, "personas", "at most 250 personas");
  // Carts: a session that buys always has one; one that does not gets one with the
  // probability that makes abandoned / all carts equal the persona's abandonment.
  for (Persona& p : s.personas) {
    const double a = p.cart_abandonment;
    p.cart_rate = p.conversion >= 1 ? 0 : std::min(1.0, a / (1 - a) * p.conversion / (1 - p.conversion));
  }

  // effects
  const YAML::Node effects = root["effects"];
  if (!r.failed() && effects.IsDefined() && !effects.IsNull() &&
      !(effects.IsSequence() && effects.size() == 0)) {
    if (!effects.IsMap()) {
      r.Fail(effects, "effects", "expected a mapping of effect names to effects (or [] for none)");
    } else {
      for (auto it = effects.begin(); it != effects.end() && !r.failed(); ++it) {
        Effect e;
        e.name = it->first.as<std::string>();
        ReadEffect(r, it->second, "effects." + e.name, s.world, e);
        s.effects.push_back(std::move(e));
      }
    }
  }
  if (r.failed()) return r.status();

  YAML::Emitter out;
  out << root;
  s.resolved_yaml = std::string(out.c_str()) + "\n";
  s.hash = Hash64(s.resolved_yaml);
  return s;
}

Result<std::string> ScenarioText(const std::string& name_or_path) {
  if (const BuiltinScenario* builtin = FindBuiltinScenario(name_or_path)) return std::string(builtin->yaml);
  std::ifstream in(name_or_path, std::ios::binary);
  if (!in) return Status::Config(name_or_path + ": cannot open scenario file");
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Result<Scenario> LoadScenario(const ScenarioRequest& request) {
  if (const BuiltinScenario* builtin = FindBuiltinScenario(request.name_or_path)) {
    return ParseScenario(builtin->yaml, "builtin:" + std::string(builtin->name), request.overrides,
                         request.scale);
  }
  const bool looks_like_path = request.name_or_path.find('/') != std::string::npos ||
                               request.name_or_path.ends_with(".yaml") ||
                               request.name_or_path.ends_with(".yml") ||
                               request.name_or_path.ends_with(".json");
  std::ifstream in(request.name_or_path, std::ios::binary);
  if (!in) {
    if (!looks_like_path) {
      std::string names;
      for (const BuiltinScenario& b : BuiltinScenarios()) {
        names += (names.empty() ? "" : ", ") + std::string(b.name);
      }
      return Status::Usage("unknown scenario '" + request.name_or_path +
                           "' (built in: " + names + "; or give a path to a YAML file)");
    }
    return Status::Config(request.name_or_path + ": cannot open scenario file");
  }
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseScenario(buf.str(), request.name_or_path, request.overrides, request.scale);
}

const BuiltinScenario* FindBuiltinScenario(std::string_view name) {
  for (const BuiltinScenario& b : BuiltinScenarios()) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

}  // namespace ecomsim
