#include "jobs/detect/alert.h"

#include <charconv>
#include <cstdio>

#include "core/json.h"

namespace ecomsim::detect {
namespace {

void AppendInt(int64_t v, std::string& out) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof(buf), v).ptr);
}

void AppendMoney(int64_t cents, std::string& out) {
  // The magnitude as unsigned: the most negative amount has no positive int64.
  uint64_t magnitude = static_cast<uint64_t>(cents);
  if (cents < 0) {
    out += '-';
    magnitude = 0 - magnitude;
  }
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof(buf), magnitude / 100).ptr);
  char frac[4];
  std::snprintf(frac, sizeof(frac), ".%02d", static_cast<int>(magnitude % 100));
  out += frac;
}

// Rounded to `digits` after the point (a number for people, not for computing).
void AppendFixed(double v, int digits, std::string& out) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
  out += buf;
}

// A weight sum: shortest form with up to 4 significant digits ("1.3", "0.55").
void AppendScore(double v, std::string& out) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.4g", v);
  out += buf;
}

void AppendKey(std::string_view key, std::string& out) {
  out += '"';
  out += key;
  out += "\":";
}

void AppendCategories(uint64_t set, const CategoryBits& bits, std::string& out) {
  out += '[';
  bool first = true;
  for (std::string_view n : bits.NameList(set)) {
    if (!first) out += ',';
    first = false;
    out += JsonQuote(n);
  }
  out += ']';
}

}  // namespace

Alert MakeAlert(const PaymentFacts& p, const Verdict& v) {
  Alert a;
  a.payment_id = p.payment_id;
  a.order_id = p.order_id;
  a.customer_id = p.customer_id;
  a.has_customer = p.has_customer;
  a.visitor_id = p.visitor_id;
  a.ts = p.ts;
  a.amount_cents = p.amount_cents;
  a.verdict = v;
  return a;
}

std::string FiredRules(const Verdict& v) {
  std::string out;
  for (int i = 0; i < kRuleCount; ++i) {
    if (!v.Fired(static_cast<Rule>(i))) continue;
    if (!out.empty()) out += ',';
    out += RuleName(static_cast<Rule>(i));
  }
  return out;
}

void AppendEvidenceJson(const Verdict& v, int64_t amount_cents, const CategoryBits& categories,
                        std::string& out) {
  const Evidence& e = v.evidence;
  out += '{';
  bool first = true;
  auto open = [&](Rule r) {
    if (!first) out += ',';
    first = false;
    AppendKey(RuleName(r), out);
    out += '{';
  };
  if (v.Fired(Rule::kVelocityBurst)) {
    open(Rule::kVelocityBurst);
    AppendKey("attempts", out);
    AppendInt(e.attempts, out);
    out += ',';
    AppendKey("device_attempts", out);
    AppendInt(e.device_attempts, out);
    out += ',';
    AppendKey("small_amount", out);
    out += e.small_amount ? "true" : "false";
    out += '}';
  }
  if (v.Fired(Rule::kImpossibleTravel)) {
    open(Rule::kImpossibleTravel);
    AppendKey("distance_km", out);
    if (e.distance_km < 0) {
      out += "null";
    } else {
      AppendFixed(e.distance_km, 0, out);
      out += ',';
      AppendKey("hours", out);
      AppendFixed(e.hours, 2, out);
      out += ',';
      AppendKey("speed_kmh", out);
      AppendFixed(e.speed_kmh, 0, out);
    }
    out += ',';
    AppendKey("from_home_km", out);
    if (e.from_home_km < 0) {
      out += "null";
    } else {
      AppendFixed(e.from_home_km, 0, out);
    }
    out += '}';
  }
  if (v.Fired(Rule::kAmountOutlier)) {
    open(Rule::kAmountOutlier);
    AppendKey("median", out);
    AppendMoney(e.median_cents, out);
    out += ',';
    AppendKey("multiple", out);
    AppendFixed(e.median_cents > 0
                    ? static_cast<double>(amount_cents) / static_cast<double>(e.median_cents)
                    : 0,
                1, out);
    out += '}';
  }
  if (v.Fired(Rule::kOddHour)) {
    open(Rule::kOddHour);
    AppendKey("local_time", out);
    char hhmm[32];
    std::snprintf(hhmm, sizeof(hhmm), "\"%02d:%02d\"", e.local_minute / 60, e.local_minute % 60);
    out += hhmm;
    out += ',';
    AppendKey("utc_offset_minutes", out);
    AppendInt(e.utc_offset_minutes, out);
    out += '}';
  }
  if (v.Fired(Rule::kNewDevice)) {
    open(Rule::kNewDevice);
    AppendKey("standing", out);
    out += '"';
    out += DeviceStandingName(e.device);
    out += "\",";
    AppendKey("device_type", out);
    out += '"';
    out += DeviceTypeName(e.device_type);
    out += "\"}";
  }
  if (v.Fired(Rule::kUnusualCategory)) {
    open(Rule::kUnusualCategory);
    AppendKey("categories", out);
    AppendCategories(e.categories, categories, out);
    out += ',';
    AppendKey("usual", out);
    AppendCategories(e.usual_categories, categories, out);
    out += ',';
    AppendKey("past_orders", out);
    AppendInt(e.past_orders, out);
    out += '}';
  }
  out += '}';
}

void AppendAlertJson(const Alert& a, const CategoryBits& categories, std::string& out) {
  out += '{';
  AppendKey("payment_id", out);
  AppendInt(a.payment_id, out);
  out += ',';
  AppendKey("order_id", out);
  AppendInt(a.order_id, out);
  out += ',';
  AppendKey("customer_id", out);
  if (a.has_customer) {
    AppendInt(a.customer_id, out);
  } else {
    out += "null";
  }
  out += ',';
  AppendKey("visitor_id", out);
  AppendInt(a.visitor_id, out);
  out += ',';
  AppendKey("ts", out);
  char ts[kTimestampTextLength + 2];
  ts[0] = '"';
  FormatTimestamp(a.ts, ts + 1);
  ts[kTimestampTextLength + 1] = '"';
  out.append(ts, sizeof(ts));
  out += ',';
  AppendKey("amount", out);
  AppendMoney(a.amount_cents, out);
  out += ',';
  AppendKey("score", out);
  AppendScore(a.verdict.score, out);
  out += ',';
  AppendKey("rules", out);
  out += '[';
  bool first = true;
  for (int i = 0; i < kRuleCount; ++i) {
    if (!a.verdict.Fired(static_cast<Rule>(i))) continue;
    if (!first) out += ',';
    first = false;
    out += '"';
    out += RuleName(static_cast<Rule>(i));
    out += '"';
  }
  out += "],";
  AppendKey("evidence", out);
  AppendEvidenceJson(a.verdict, a.amount_cents, categories, out);
  out += '}';
}

}  // namespace ecomsim::detect
