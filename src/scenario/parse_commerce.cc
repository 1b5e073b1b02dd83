// The commerce section of a scenario: what happens after the clickstream (carts, orders,
// payments, fraud, fulfilment, returns, support, segments, campaigns), one subsection
// after the other.
#include <cmath>
#include <string>

#include "random/distributions.h"
#include "scenario/parse_support.h"

namespace ecomsim::scenario_parse {
namespace {

// The subsection commerce.KEY, its keys checked (unless a problem is already recorded).
YAML::Node Section(Reader& r, const YAML::Node& commerce, const char* key,
                   std::initializer_list<std::string_view> keys) {
  const YAML::Node n = commerce[key];
  if (!r.failed()) r.ExpectMap(n, std::string("commerce.") + key, keys);
  return n;
}

// An amount in the store currency, as cents.
int64_t Money(Reader& r, const YAML::Node& n, const std::string& path) {
  return static_cast<int64_t>(std::llround(r.Number(n, path, 0, 1e9) * 100));
}

void ReadCarts(Reader& r, const YAML::Node& c, CommerceConfig& m) {
  const YAML::Node carts = Section(r, c, "carts", {"abandonment", "recovery", "recovery_hours"});
  if (r.failed()) return;
  m.cart_abandonment = r.Number(carts["abandonment"], "commerce.carts.abandonment", 0, 0.99);
  m.cart_recovery = r.Number(carts["recovery"], "commerce.carts.recovery", 0, 1);
  m.recovery_hours =
      r.Number(carts["recovery_hours"], "commerce.carts.recovery_hours", 0.01, 24 * 60);
}

// commerce.orders.items_per_order: P(1 line), P(2 lines), ..., summing to 1.
void ReadItemsPerOrder(Reader& r, const YAML::Node& items, std::vector<double>& out) {
  if (!items.IsSequence() || items.size() == 0 || items.size() > 30) {
    r.Fail(items, "commerce.orders.items_per_order",
           "expected a list of probabilities of 1, 2, 3, ... lines per order");
    return;
  }
  double sum = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    out.push_back(
        r.Number(items[i], "commerce.orders.items_per_order[" + std::to_string(i) + "]", 0, 1));
    sum += out.back();
  }
  if (!r.failed() && std::fabs(sum - 1) > 1e-6) {
    r.Fail(items, "commerce.orders.items_per_order",
           "probabilities must sum to 1, they sum to " + std::to_string(sum));
  }
}

// commerce.orders.value_by_segment: for every segment, [lowest, highest] order total in
// the store currency.
void ReadOrderValues(Reader& r, const YAML::Node& node, const std::string& path,
                     CommerceConfig& m) {
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

void ReadOrders(Reader& r, const YAML::Node& c, CommerceConfig& m) {
  const YAML::Node orders = Section(r, c, "orders",
                                    {"items_per_order", "free_shipping_over", "shipping_fee",
                                     "tax_rate", "cancellation_rate", "value_by_segment"});
  if (r.failed()) return;
  ReadItemsPerOrder(r, orders["items_per_order"], m.items_per_order);
  m.free_shipping_over_cents =
      Money(r, orders["free_shipping_over"], "commerce.orders.free_shipping_over");
  m.shipping_fee_cents = Money(r, orders["shipping_fee"], "commerce.orders.shipping_fee");
  const YAML::Node tax = orders["tax_rate"];
  if (!r.failed() &&
      r.ExpectMap(tax, "commerce.orders.tax_rate", {"north_america", "europe", "asia", "other"})) {
    for (int i = 0; i < reference::kRegionCount; ++i) {
      const std::string name(kRegionNames[i]);
      m.tax_rate[static_cast<size_t>(i)] =
          r.Number(tax[name], "commerce.orders.tax_rate." + name, 0, 1);
    }
  }
  m.cancellation_rate =
      r.Number(orders["cancellation_rate"], "commerce.orders.cancellation_rate", 0, 1);
  if (const YAML::Node values = orders["value_by_segment"]; values.IsDefined() && !r.failed()) {
    ReadOrderValues(r, values, "commerce.orders.value_by_segment", m);
  }
}

void ReadPayments(Reader& r, const YAML::Node& c, CommerceConfig& m) {
  const YAML::Node pay = Section(r, c, "payments", {"failure_rate", "retry_rate"});
  if (r.failed()) return;
  m.payment_failure_rate = r.Number(pay["failure_rate"], "commerce.payments.failure_rate", 0, 1);
  m.payment_retry_rate = r.Number(pay["retry_rate"], "commerce.payments.retry_rate", 0, 1);
}

void ReadFraud(Reader& r, const YAML::Node& c, CommerceConfig& m) {
  const YAML::Node fraud = Section(r, c, "fraud", {"rate", "patterns"});
  if (r.failed()) return;
  m.fraud_rate = r.Number(fraud["rate"], "commerce.fraud.rate", 0, 0.5);
  const YAML::Node pat = fraud["patterns"];
  if (!pat.IsMap()) {
    r.Fail(pat, "commerce.fraud.patterns", "expected a mapping of fraud patterns to weights");
    return;
  }
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
  if (!r.failed() && sum <= 0)
    r.Fail(pat, "commerce.fraud.patterns", "weights must not all be zero");
}

void ReadFulfillment(Reader& r, const YAML::Node& c, CommerceConfig& m) {
  const YAML::Node ful =
      Section(r, c, "fulfillment", {"processing_hours", "transit_days", "late_share"});
  if (r.failed()) return;
  m.processing_hours =
      r.Number(ful["processing_hours"], "commerce.fulfillment.processing_hours", 0.1, 24 * 60);
  m.transit_days = r.Number(ful["transit_days"], "commerce.fulfillment.transit_days", 0.1, 120);
  m.late_share = r.Number(ful["late_share"], "commerce.fulfillment.late_share", 0, 1);
}

void ReadReturns(Reader& r, const YAML::Node& c, CommerceConfig& m) {
  const YAML::Node ret =
      Section(r, c, "returns", {"rate_multiplier", "window_days", "processing_days"});
  if (r.failed()) return;
  m.return_rate_multiplier =
      r.Number(ret["rate_multiplier"], "commerce.returns.rate_multiplier", 0, 10);
  m.return_window_days = r.Number(ret["window_days"], "commerce.returns.window_days", 1, 365);
  m.return_processing_days =
      r.Number(ret["processing_days"], "commerce.returns.processing_days", 0.1, 120);
}

void ReadSupport(Reader& r, const YAML::Node& c, CommerceConfig& m) {
  const YAML::Node sup =
      Section(r, c, "support",
              {"base_rate", "late_delivery", "payment_failure", "return", "resolution_hours"});
  if (r.failed()) return;
  m.ticket_base_rate = r.Number(sup["base_rate"], "commerce.support.base_rate", 0, 1);
  m.ticket_late_delivery = r.Number(sup["late_delivery"], "commerce.support.late_delivery", 0, 1);
  m.ticket_payment_failure =
      r.Number(sup["payment_failure"], "commerce.support.payment_failure", 0, 1);
  m.ticket_return = r.Number(sup["return"], "commerce.support.return", 0, 1);
  m.ticket_resolution_hours =
      r.Number(sup["resolution_hours"], "commerce.support.resolution_hours", 0.1, 24 * 90);
}

// commerce.segments: the spend thresholds, and the segment mix at the start if given.
void ReadSegments(Reader& r, const YAML::Node& c, CommerceConfig& m) {
  const YAML::Node seg = Section(r, c, "segments", {"silver", "gold", "platinum", "initial"});
  if (r.failed()) return;
  m.segment_thresholds_cents[1] = Money(r, seg["silver"], "commerce.segments.silver");
  m.segment_thresholds_cents[2] = Money(r, seg["gold"], "commerce.segments.gold");
  m.segment_thresholds_cents[3] = Money(r, seg["platinum"], "commerce.segments.platinum");
  if (!r.failed() && !(m.segment_thresholds_cents[1] < m.segment_thresholds_cents[2] &&
                       m.segment_thresholds_cents[2] < m.segment_thresholds_cents[3])) {
    r.Fail(seg, "commerce.segments", "thresholds must increase: silver < gold < platinum");
  }
  if (!seg["initial"].IsDefined() || r.failed()) return;
  r.Mix(seg["initial"], "commerce.segments.initial", kSegmentNames, m.initial_segments);
  m.has_initial_segments = true;
  // Cut points of a standard normal activity score: segment k takes the scores between
  // cut k-1 and cut k, so the lowest scores are bronze.
  double cumulative = 0;
  for (int k = 0; k + 1 < kSegmentCount; ++k) {
    cumulative += m.initial_segments[static_cast<size_t>(k)];
    m.initial_segment_cuts[static_cast<size_t>(k)] =
        cumulative <= 0 ? -1e9 : (cumulative >= 1 - 1e-12 ? 1e9 : NormalQuantile(cumulative));
  }
}

void ReadCampaigns(Reader& r, const YAML::Node& c, CommerceConfig& m) {
  const YAML::Node camp = Section(r, c, "campaigns", {"per_month"});
  if (r.failed()) return;
  m.campaigns_per_month = r.Number(camp["per_month"], "commerce.campaigns.per_month", 0, 1000);
}

}  // namespace

void ReadCommerce(Reader& r, YAML::Node& root, CommerceConfig& m) {
  const YAML::Node c = root["commerce"];
  if (!r.ExpectMap(c, "commerce",
                   {"currency", "carts", "orders", "payments", "fraud", "fulfillment", "returns",
                    "support", "segments", "campaigns"})) {
    return;
  }
  m.currency = r.Text(c["currency"], "commerce.currency");
  if (!r.failed() && (m.currency.size() != 3)) {
    r.Fail(c["currency"], "commerce.currency", "expected a three-letter ISO 4217 code like USD");
  }
  // In this order; the first subsection with a problem ends the section.
  for (auto read : {ReadCarts, ReadOrders, ReadPayments, ReadFraud, ReadFulfillment, ReadReturns,
                    ReadSupport, ReadSegments, ReadCampaigns}) {
    read(r, c, m);
    if (r.failed()) return;
  }
}

}  // namespace ecomsim::scenario_parse
