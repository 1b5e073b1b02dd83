#include "jobs/detect/rules.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <sstream>

namespace ecomsim::detect {
namespace {

constexpr std::string_view kPatternNames[kRuleCount] = {"velocity_burst", "impossible_travel",
                                                        "amount_outlier", "odd_hour",
                                                        "new_device",     "unusual_category"};
constexpr std::string_view kRuleNames[kRuleCount] = {
    "velocity", "impossible_travel", "amount", "odd_hour", "new_device", "unusual_category"};

constexpr size_t kMaxRulesFileBytes = size_t{1} << 20;

std::string Money(int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

// Reads the YAML tree with the first error recorded as "SOURCE:LINE: key.path: what".
// Later errors are dropped. Not thread-safe; one per parse.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  const Status& status() const { return status_; }
  bool failed() const { return !status_.ok(); }

  void Fail(const YAML::Node& node, const std::string& path, const std::string& what) {
    if (failed()) return;
    std::string where = source_;
    const YAML::Mark mark = node.Mark();
    if (mark.line >= 0) where += ":" + std::to_string(mark.line + 1);
    status_ = Status::Config(where + ": " + (path.empty() ? "" : path + ": ") + what);
  }

  // A mapping whose keys are all in `allowed`; an absent node is an empty mapping.
  bool Map(const YAML::Node& node, const std::string& path,
           std::initializer_list<std::string_view> allowed) {
    if (failed() || !node.IsDefined() || node.IsNull()) return false;
    if (!node.IsMap()) {
      Fail(node, path, "expected a mapping of keys to values");
      return false;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.Scalar();
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

  // Sets `out` from node[key] when present, checking lo <= value <= hi.
  void Real(const YAML::Node& node, const std::string& path, const char* key, double lo, double hi,
            double& out) {
    const YAML::Node v = node[key];
    if (failed() || !v.IsDefined()) return;
    double d = 0;
    if (!v.IsScalar() || !Parse(v.Scalar(), d)) {
      Fail(v, Join(path, key), "expected a number");
      return;
    }
    if (!(d >= lo && d <= hi)) {
      Fail(v, Join(path, key), "must be between " + Number(lo) + " and " + Number(hi));
      return;
    }
    out = d;
  }

  void Integer(const YAML::Node& node, const std::string& path, const char* key, int lo, int hi,
               int& out) {
    double d = out;
    Real(node, path, key, lo, hi, d);
    if (failed() || !node[key].IsDefined()) return;
    if (d != std::floor(d)) {
      Fail(node[key], Join(path, key), "expected a whole number");
      return;
    }
    out = static_cast<int>(d);
  }

  // An amount of money, "5.00" or 5: whole cents.
  void Cents(const YAML::Node& node, const std::string& path, const char* key, int64_t& out) {
    double d = static_cast<double>(out) / 100;
    Real(node, path, key, 0, 1e12, d);
    if (failed() || !node[key].IsDefined()) return;
    const double cents = d * 100;
    if (std::fabs(cents - std::round(cents)) > 1e-6) {
      Fail(node[key], Join(path, key), "more than two digits after the point");
      return;
    }
    out = std::llround(cents);
  }

  void Duration(const YAML::Node& node, const std::string& path, const char* key, Micros& out) {
    const YAML::Node v = node[key];
    if (failed() || !v.IsDefined()) return;
    Result<Micros> d = v.IsScalar() ? ParseDuration(v.Scalar()) : Status::Config("");
    if (!d.ok() || *d <= 0) {
      Fail(v, Join(path, key), "expected a duration like 90s, 10m or 2h");
      return;
    }
    out = *d;
  }

 private:
  static std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  static bool Parse(const std::string& text, double& out) {
    if (text.empty()) return false;
    std::istringstream in(text);
    in.imbue(std::locale::classic());
    in >> out;
    return !in.fail() && in.eof() && std::isfinite(out);
  }

  std::string source_;
  Status status_;
};

}  // namespace

std::string_view PatternName(Rule rule) { return kPatternNames[static_cast<int>(rule)]; }
std::string_view RuleName(Rule rule) { return kRuleNames[static_cast<int>(rule)]; }

std::string RulesYaml(const DetectRules& r) {
  std::string y;
  y += "# ecomsim detect: the fraud rules. Each rule that fires on a payment adds its weight\n";
  y += "# to the payment's score; a score of `threshold` or more is an alert. Every key is\n";
  y += "# optional: a rules file sets what it changes and keeps the rest.\n";
  y += "threshold: " + Number(r.threshold) + "\n";
  y += "velocity:                    # card testing: many attempts in little time\n";
  y += "  window: " + FormatDuration(r.velocity.window) + "\n";
  y += "  max_attempts: " + std::to_string(r.velocity.max_attempts) +
       "             # by the customer within the window, this one too\n";
  y += "  max_device_attempts: " + std::to_string(r.velocity.max_device_attempts) +
       "      # from one device of the customer within the window\n";
  y += "  weight: " + Number(r.velocity.weight) + "\n";
  y += "  small_amount: " + Money(r.velocity.small_amount_cents) +
       "          # a charge below this is a probe, not an order\n";
  y += "  small_weight: " + Number(r.velocity.small_weight) + "\n";
  y += "impossible_travel:           # from the previous payment's place, faster than a plane\n";
  y += "  max_speed_kmh: " + Number(r.travel.max_speed_kmh) + "\n";
  y += "  min_distance_km: " + Number(r.travel.min_distance_km) + "\n";
  y += "  weight: " + Number(r.travel.weight) + "\n";
  y += "  away_from_home_km: " + Number(r.travel.away_from_home_km) +
       "     # and this far from the customer's city\n";
  y += "  away_weight: " + Number(r.travel.away_weight) + "\n";
  y += "amount:                      # against the median of the customer's own payments\n";
  y += "  multiple_of_median: " + Number(r.amount.multiple_of_median) + "\n";
  y += "  min_amount: " + Money(r.amount.min_amount_cents) + "          # smaller never fire\n";
  y += "  min_history: " + std::to_string(r.amount.min_history) +
       "              # successful payments needed to judge\n";
  y += "  weight: " + Number(r.amount.weight) + "\n";
  y += "odd_hour:                    # in the customer's local time: from <= hour < to\n";
  y += "  from: " + std::to_string(r.odd_hour.from) + "\n";
  y += "  to: " + std::to_string(r.odd_hour.to) + "\n";
  y += "  weight: " + Number(r.odd_hour.weight) + "\n";
  y += "new_device:                  # a device the customer never paid from\n";
  y += "  first_known_after_orders: " + std::to_string(r.device.first_known_after_orders) +
       " # the device of the customer's first payment is their own after paying this many orders\n";
  y += "  known_after_orders: " + std::to_string(r.device.known_after_orders) +
       "       # a device added later is the customer's own after paying this many orders\n";
  y += "  weight_changed: " + Number(r.device.weight_changed) +
       "          # the customer's own device of this type is another one\n";
  y += "  weight_unconfirmed: " + Number(r.device.weight_unconfirmed) +
       "    # another device of this type paid once\n";
  y += "  weight_new_type: " + Number(r.device.weight_new_type) +
       "       # the customer never paid from this type (mobile, desktop, tablet)\n";
  y += "  weight_first: " + Number(r.device.weight_first) +
       "          # the customer's first payment\n";
  y += "unusual_category:            # none of the order's categories bought before\n";
  y += "  min_orders: " + std::to_string(r.category.min_orders) +
       "               # past orders needed to judge\n";
  y += "  weight: " + Number(r.category.weight) + "\n";
  return y;
}

Result<DetectRules> ParseRules(std::string_view text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Status::Config(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  DetectRules r;
  Reader in(source);
  if (!root.IsDefined() || root.IsNull()) return r;
  constexpr double kMaxWeight = 1000;
  if (in.Map(root, "",
             {"threshold", "velocity", "impossible_travel", "amount", "odd_hour", "new_device",
              "unusual_category"})) {
    in.Real(root, "", "threshold", 1e-9, kMaxWeight, r.threshold);
    const YAML::Node v = root["velocity"];
    if (in.Map(v, "velocity",
               {"window", "max_attempts", "max_device_attempts", "weight", "small_amount",
                "small_weight"})) {
      in.Duration(v, "velocity", "window", r.velocity.window);
      in.Integer(v, "velocity", "max_attempts", 2, 16, r.velocity.max_attempts);
      in.Integer(v, "velocity", "max_device_attempts", 2, 16, r.velocity.max_device_attempts);
      in.Real(v, "velocity", "weight", 0, kMaxWeight, r.velocity.weight);
      in.Cents(v, "velocity", "small_amount", r.velocity.small_amount_cents);
      in.Real(v, "velocity", "small_weight", 0, kMaxWeight, r.velocity.small_weight);
    }
    const YAML::Node t = root["impossible_travel"];
    if (in.Map(
            t, "impossible_travel",
            {"max_speed_kmh", "min_distance_km", "weight", "away_from_home_km", "away_weight"})) {
      in.Real(t, "impossible_travel", "max_speed_kmh", 1, 1e6, r.travel.max_speed_kmh);
      in.Real(t, "impossible_travel", "min_distance_km", 0, 40000, r.travel.min_distance_km);
      in.Real(t, "impossible_travel", "weight", 0, kMaxWeight, r.travel.weight);
      in.Real(t, "impossible_travel", "away_from_home_km", 0, 40000, r.travel.away_from_home_km);
      in.Real(t, "impossible_travel", "away_weight", 0, kMaxWeight, r.travel.away_weight);
    }
    const YAML::Node a = root["amount"];
    if (in.Map(a, "amount", {"multiple_of_median", "min_amount", "min_history", "weight"})) {
      in.Real(a, "amount", "multiple_of_median", 1, 1e6, r.amount.multiple_of_median);
      in.Cents(a, "amount", "min_amount", r.amount.min_amount_cents);
      in.Integer(a, "amount", "min_history", 1, 15, r.amount.min_history);
      in.Real(a, "amount", "weight", 0, kMaxWeight, r.amount.weight);
    }
    const YAML::Node o = root["odd_hour"];
    if (in.Map(o, "odd_hour", {"from", "to", "weight"})) {
      in.Integer(o, "odd_hour", "from", 0, 23, r.odd_hour.from);
      in.Integer(o, "odd_hour", "to", 1, 24, r.odd_hour.to);
      in.Real(o, "odd_hour", "weight", 0, kMaxWeight, r.odd_hour.weight);
      if (!in.failed() && r.odd_hour.from >= r.odd_hour.to) {
        in.Fail(o, "odd_hour", "from must be before to");
      }
    }
    const YAML::Node d = root["new_device"];
    if (in.Map(d, "new_device",
               {"first_known_after_orders", "known_after_orders", "weight_changed",
                "weight_unconfirmed", "weight_new_type", "weight_first"})) {
      in.Integer(d, "new_device", "first_known_after_orders", 1, 1000,
                 r.device.first_known_after_orders);
      in.Integer(d, "new_device", "known_after_orders", 1, 1000, r.device.known_after_orders);
      in.Real(d, "new_device", "weight_changed", 0, kMaxWeight, r.device.weight_changed);
      in.Real(d, "new_device", "weight_unconfirmed", 0, kMaxWeight, r.device.weight_unconfirmed);
      in.Real(d, "new_device", "weight_new_type", 0, kMaxWeight, r.device.weight_new_type);
      in.Real(d, "new_device", "weight_first", 0, kMaxWeight, r.device.weight_first);
    }
    const YAML::Node c = root["unusual_category"];
    if (in.Map(c, "unusual_category", {"min_orders", "weight"})) {
      in.Integer(c, "unusual_category", "min_orders", 1, 1000, r.category.min_orders);
      in.Real(c, "unusual_category", "weight", 0, kMaxWeight, r.category.weight);
    }
  }
  if (in.failed()) return in.status();
  return r;
}

Result<DetectRules> LoadRules(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io(path + ": cannot read the rules file");
  std::string text;
  char buf[4096];
  while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxRulesFileBytes) return Status::Config(path + ": too large for rules");
  }
  return ParseRules(text, path);
}

}  // namespace ecomsim::detect
