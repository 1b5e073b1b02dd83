#include "jobs/report/tallies.h"

#include <algorithm>
#include <cmath>

namespace ecomsim::report {
namespace {

// Indexes into the fixed vocabularies (Vocabs seeded with the names, in enum order).
constexpr int kVisit = static_cast<int>(SessionOrigin::kVisit);
constexpr int kOrderFailed = static_cast<int>(OrderStatus::kFailed);
constexpr int kOrderCancelled = static_cast<int>(OrderStatus::kCancelled);
constexpr int kPaymentDeclined = static_cast<int>(PaymentStatus::kDeclined);
constexpr int kPaymentFailed = static_cast<int>(PaymentStatus::kFailed);
constexpr int kChangePrice = static_cast<int>(UpdateChange::kPrice);
constexpr int kTicketDelivery = static_cast<int>(TicketCategory::kDelivery);

// The funnel stage of an event type, or -1.
constexpr int StageOf(int type) {
  switch (static_cast<EventType>(type)) {
    case EventType::kProductView: return 0;
    case EventType::kAddToCart: return 1;
    case EventType::kCheckoutInitiated: return 2;
    case EventType::kPurchase: return 3;
    default: return -1;
  }
}

// Most customer ids a dataset's per-customer array grows to (16 bytes each): beyond it,
// ids are not looked up (the figures that need a customer's persona or offset lose them).
constexpr int64_t kMaxCustomerSlots = int64_t{1} << 28;
// Units per order and delay days shown one by one before the last, open bin.
constexpr int kMaxUnitsBin = 10;
constexpr int kMaxDelayBin = 8;
// Price changes in bins of 5 points from -50% to +50%.
constexpr int kPriceChangeBins = 20;
constexpr double kPriceChangeBinPct = 5;
// A reminder comes after an exponential delay: 10 means leave out the carts whose
// reminder could fall after the window's end with probability above e^-10.
constexpr double kRecoveryMeans = 10;
// Fraud scores are summed in billionths.
constexpr double kScoreUnits = 1e9;
// The earliest a return is requested after delivery, hours.
constexpr double kReturnFirstHours = 2;

void SortUnique(std::vector<int64_t>& v) {
  if (!std::is_sorted(v.begin(), v.end())) std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

double Cents(const Column& c, size_t row) { return static_cast<double>(c.ints[row]); }

}  // namespace

ReportTallies::ReportTallies(Context ctx) : ctx_(std::move(ctx)) {
  if (ctx_.scenario) {
    for (const Persona& p : ctx_.scenario->personas) customers.personas.Index(p.name);
  }
  for (std::string_view r : {"north_america", "europe", "asia", "other"})
    customers.regions.Index(r);
  customers.registrations.Init(ctx_.days);
  history.moves_per_day.Init(ctx_.days);
  sessions.per_hour.Init(ctx_.hours);
  sessions.per_day.Init(ctx_.days);
  events.per_hour.Init(ctx_.hours);
  orders.per_day.Init(ctx_.days);
  orders.revenue_per_day.Init(ctx_.days);
  orders.fraud_in.assign(ctx_.fraud.size(), {0, 0});
  payments.attempts_per_day.Init(ctx_.days);
  payments.failed_per_day.Init(ctx_.days);
  payments.fraud_per_day.Init(ctx_.days);
  payments.first_in.assign(ctx_.payment.size(), {0, 0});
  shipments.late_per_day.Init(ctx_.days);
  shipments.delivered_per_day.Init(ctx_.days);
  returns.per_day.Init(ctx_.days);
  tickets.per_day.Init(ctx_.days);
  carts.per_day.Init(ctx_.days);
  metrics.requests.Init(ctx_.hours);
  metrics.p95_sum.Init(ctx_.hours);
  metrics.error_sum.Init(ctx_.hours);
  metrics.minutes.Init(ctx_.hours);
  if (ctx_.people_end > ctx_.people_first) {
    customers.info.resize(static_cast<size_t>(
        std::min(ctx_.people_end - ctx_.people_first, kMaxCustomerSlots)));
  }
}

EnumMap& ReportTallies::Map(size_t slot, Vocab& vocab) {
  while (maps_.size() <= slot) maps_.emplace_back(vocab);
  return maps_[slot];
}

void ReportTallies::BeginTable(TableId) { maps_.clear(); }

void ReportTallies::OnBatch(TableId id, const Batch& b) {
  table(id).rows += static_cast<int64_t>(b.rows());
  switch (id) {
    case TableId::kSuppliers: small.suppliers += static_cast<int64_t>(b.rows()); break;
    case TableId::kProducts: OnProducts(b); break;
    case TableId::kCampaigns: OnCampaigns(b); break;
    case TableId::kCustomers: OnCustomers(b); break;
    case TableId::kCustomerHistory: OnHistory(b); break;
    case TableId::kSessions: OnSessions(b); break;
    case TableId::kEvents: OnEvents(b); break;
    case TableId::kOrders: OnOrders(b); break;
    case TableId::kOrderItems: OnItems(b); break;
    case TableId::kPayments: OnPayments(b); break;
    case TableId::kShipments: OnShipments(b); break;
    case TableId::kReturns: OnReturns(b); break;
    case TableId::kSupportTickets: OnTickets(b); break;
    case TableId::kAbandonedCarts: OnCarts(b); break;
    case TableId::kProductUpdates: OnUpdates(b); break;
    case TableId::kSystemMetrics: OnMetrics(b); break;
  }
}

void ReportTallies::EndTable(TableId id) {
  table(id).read = true;
  switch (id) {
    case TableId::kCustomerHistory:
      if (history.last_customer >= 0) {
        history.versions_per_customer.Add(std::min(history.versions_of_last, 4) - 1);
      }
      break;
    case TableId::kSessions: SortUnique(sessions.excluded); break;
    case TableId::kEvents:
      for (size_t s = 0; s < events.stage_sessions.size(); ++s) {
        SortUnique(events.stage_sessions[s]);
        events.stage_count[s] = static_cast<double>(events.stage_sessions[s].size());
        std::vector<int64_t>().swap(events.stage_sessions[s]);
      }
      break;
    case TableId::kOrders: std::sort(orders.totals.begin(), orders.totals.end()); break;
    case TableId::kOrderItems: {
      auto by_id = [](const ItemTallies::Item& a, const ItemTallies::Item& b) {
        return a.order_item_id < b.order_item_id;
      };
      if (!std::is_sorted(items.items.begin(), items.items.end(), by_id)) {
        std::sort(items.items.begin(), items.items.end(), by_id);
      }
      break;
    }
    case TableId::kShipments: {
      auto by_order = [](const ShipmentTallies::Ship& a, const ShipmentTallies::Ship& b) {
        return a.order_id < b.order_id;
      };
      if (!std::is_sorted(shipments.ships.begin(), shipments.ships.end(), by_order)) {
        std::sort(shipments.ships.begin(), shipments.ships.end(), by_order);
      }
      break;
    }
    case TableId::kReturns: SortUnique(returns.items); break;
    case TableId::kAbandonedCarts: std::sort(carts.values.begin(), carts.values.end()); break;
    case TableId::kProducts: std::sort(products.prices.begin(), products.prices.end()); break;
    default: break;
  }
}

bool ReportTallies::Excluded(int64_t session_id) const {
  return std::binary_search(sessions.excluded.begin(), sessions.excluded.end(), session_id);
}

void ReportTallies::OnCustomers(const Batch& b) {
  using namespace customers_col;
  CustomerTallies& t = customers;
  const Column& id = b.column(k_customer_id);
  const Column& offset = b.column(k_utc_offset_minutes);
  const Column& registered = b.column(k_registered_at);
  const Column& generation = b.column(k_generation);
  const Column& region = b.column(k_region);
  const Column& acquisition = b.column(k_acquisition_channel);
  const Column& device = b.column(k_preferred_device);
  const Column& persona = b.column(k_persona);
  const Column& user_type = b.column(k_user_type);
  const Column& segment = b.column(k_segment);
  EnumMap& m_generation = Map(0, t.generations);
  EnumMap& m_region = Map(1, t.regions);
  EnumMap& m_acquisition = Map(2, t.acquisitions);
  EnumMap& m_device = Map(3, t.devices);
  EnumMap& m_persona = Map(4, t.personas);
  EnumMap& m_user_type = Map(5, t.user_types);
  EnumMap& m_segment = Map(6, t.segments);
  m_generation.Sync(generation);
  m_region.Sync(region);
  m_acquisition.Sync(acquisition);
  m_device.Sync(device);
  m_persona.Sync(persona);
  m_user_type.Sync(user_type);
  m_segment.Sync(segment);
  const Scenario* s = ctx_.scenario ? &*ctx_.scenario : nullptr;
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const int g = m_generation.At(generation, r);
    const int p = m_persona.At(persona, r);
    const int d = m_device.At(device, r);
    const int a = m_acquisition.At(acquisition, r);
    t.generation.Add(g);
    t.region.Add(m_region.At(region, r));
    t.acquisition.Add(a);
    t.device.Add(d);
    t.persona.Add(p);
    t.user_type.Add(m_user_type.At(user_type, r));
    t.segment.Add(m_segment.At(segment, r));
    t.registrations.Add(ctx_.days, registered.ints[r]);
    const bool known_cohort = s != nullptr && g >= 0 && g < kGenerationCount;
    const bool own_channels = known_cohort && !s->cohorts[static_cast<size_t>(g)].channels.empty();
    if (known_cohort && !own_channels) {
      t.device_plain.Add(d);
      t.device_plain_n += 1;
    }
    if (known_cohort && s->cohorts[static_cast<size_t>(g)].acquisition_channels.empty()) {
      t.acquisition_plain.Add(a);
      t.acquisition_plain_n += 1;
    }
    const int64_t cid = id.ints[r];
    if (cid < ctx_.people_first || cid - ctx_.people_first >= kMaxCustomerSlots) continue;
    const auto slot = static_cast<size_t>(cid - ctx_.people_first);
    if (slot >= t.info.size()) t.info.resize(slot + 1);
    CustomerInfo& info = t.info[slot];
    info.known = 1;
    info.offset_minutes = static_cast<int16_t>(offset.ints[r]);
    info.persona = static_cast<uint8_t>(std::min(p, 254));
    info.generation = static_cast<uint8_t>(std::min(g, 254));
    info.own_channels = own_channels ? 1 : 0;
  }
}

void ReportTallies::OnHistory(const Batch& b) {
  using namespace customer_history_col;
  HistoryTallies& t = history;
  const Column& customer = b.column(k_customer_id);
  const Column& segment = b.column(k_segment);
  const Column& valid_from = b.column(k_valid_from);
  EnumMap& m_segment = Map(0, t.segments);
  m_segment.Sync(segment);
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const int seg = m_segment.At(segment, r);
    const int64_t c = customer.ints[r];
    if (c == t.last_customer) {
      ++t.versions_of_last;
      const size_t n = std::max<size_t>(t.segments.size(), 1);
      if (t.moves.size() < n) t.moves.resize(n);
      for (auto& row : t.moves) row.resize(n, 0);
      t.moves[static_cast<size_t>(t.last_segment)][static_cast<size_t>(seg)] += 1;
      t.moves_per_day.Add(ctx_.days, valid_from.ints[r]);
    } else {
      if (t.last_customer >= 0) t.versions_per_customer.Add(std::min(t.versions_of_last, 4) - 1);
      ++t.customers;
      t.versions_of_last = 1;
      t.last_customer = c;
    }
    t.last_segment = seg;
  }
}

void ReportTallies::OnSessions(const Batch& b) {
  using namespace sessions_col;
  SessionTallies& t = sessions;
  const Column& id = b.column(k_session_id);
  const Column& visitor = b.column(k_visitor_id);
  const Column& start = b.column(k_start_at);
  const Column& end = b.column(k_end_at);
  const Column& device = b.column(k_device_type);
  const Column& channel = b.column(k_channel);
  const Column& source = b.column(k_traffic_source);
  const Column& campaign = b.column(k_campaign_id);
  const Column& origin = b.column(k_origin);
  const Column& page_views = b.column(k_page_views);
  const Column& products_viewed = b.column(k_products_viewed);
  const Column& cart_additions = b.column(k_cart_additions);
  const Column& converted = b.column(k_converted);
  const Column& duration = b.column(k_duration_s);
  const Column& bounce = b.column(k_bounce);
  const Column& event_count = b.column(k_event_count);
  EnumMap& m_device = Map(0, t.devices);
  EnumMap& m_channel = Map(1, t.channels);
  EnumMap& m_source = Map(2, t.sources);
  EnumMap& m_origin = Map(3, t.origins);
  m_device.Sync(device);
  m_channel.Sync(channel);
  m_source.Sync(source);
  m_origin.Sync(origin);
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const Micros at = start.ints[r];
    t.per_hour.Add(ctx_.hours, at);
    t.per_day.Add(ctx_.days, at);
    const int d = m_device.At(device, r);
    const int ch = m_channel.At(channel, r);
    const int o = m_origin.At(origin, r);
    const double conv = converted.ints[r] != 0 ? 1 : 0;
    t.device.Add(d);
    t.channel.Add(ch);
    t.source.Add(m_source.At(source, r));
    t.origin.Add(o);
    t.converted_by_device.Add(d, conv);
    t.converted_by_channel.Add(ch, conv);
    t.converted += conv;
    t.bounces += bounce.ints[r] != 0 ? 1 : 0;
    t.page_views += static_cast<double>(page_views.ints[r]);
    t.events += static_cast<double>(event_count.ints[r]);
    t.with_product_view += products_viewed.ints[r] > 0 ? 1 : 0;
    t.with_cart += cart_additions.ints[r] > 0 ? 1 : 0;
    if (!end.IsNull(r)) {
      t.closed += 1;
      t.duration_ms += duration.ints[r];
    }
    if (!campaign.IsNull(r)) {
      t.campaign_sessions += 1;
      if (campaign.ints[r] > 0 && campaign.ints[r] < 100000) {
        t.by_campaign.Add(static_cast<int>(campaign.ints[r]));
      }
    }
    int persona = -1;
    CustomerInfo* c = customers.Slot(ctx_, visitor.ints[r]);
    if (c != nullptr) ++c->sessions;
    if (c != nullptr && c->known) {
      persona = c->persona == CustomerInfo::kUnknown ? -1 : c->persona;
      t.persona.Add(persona);
      t.converted_by_persona.Add(persona, conv);
      t.local_hour[static_cast<size_t>(LocalHour(at, c->offset_minutes))] += 1;
      t.local_weekday[static_cast<size_t>(LocalWeekday(at, c->offset_minutes))] += 1;
      t.local_known += 1;
    }
    if (o == kVisit && !Context::InAny(ctx_.conversion, at)) {
      t.visits_by_persona.Add(persona);
    } else {
      t.excluded.push_back(id.ints[r]);
    }
  }
}

void ReportTallies::OnEvents(const Batch& b) {
  using namespace events_col;
  EventTallies& t = events;
  const Column& session = b.column(k_session_id);
  const Column& ts = b.column(k_ts);
  const Column& type = b.column(k_event_type);
  EnumMap& m_type = Map(0, t.types);
  m_type.Sync(type);
  t.rows += static_cast<int64_t>(b.rows());
  for (size_t r = 0; r < b.rows(); ++r) {
    t.per_hour.Add(ctx_.hours, ts.ints[r]);
    const int e = m_type.At(type, r);
    t.type.Add(e);
    const int stage = StageOf(e);
    if (stage < 0) continue;
    std::vector<int64_t>& v = t.stage_sessions[static_cast<size_t>(stage)];
    if (v.empty() || v.back() != session.ints[r]) v.push_back(session.ints[r]);
  }
}

void ReportTallies::OnOrders(const Batch& b) {
  using namespace orders_col;
  OrderTallies& t = orders;
  const Column& visitor = b.column(k_visitor_id);
  const Column& session = b.column(k_session_id);
  const Column& at = b.column(k_ordered_at);
  const Column& status = b.column(k_status);
  const Column& channel = b.column(k_channel);
  const Column& method = b.column(k_payment_method);
  const Column& units = b.column(k_item_count);
  const Column& discount = b.column(k_discount);
  const Column& shipping = b.column(k_shipping);
  const Column& total = b.column(k_total);
  const Column& is_fraud = b.column(k_is_fraud);
  EnumMap& m_status = Map(0, t.statuses);
  EnumMap& m_channel = Map(1, t.channels);
  EnumMap& m_method = Map(2, t.methods);
  m_status.Sync(status);
  m_channel.Sync(channel);
  m_method.Sync(method);
  const Scenario* s = ctx_.scenario ? &*ctx_.scenario : nullptr;
  const Micros cancel_deadline =
      s != nullptr ? ctx_.end - static_cast<Micros>(s->commerce.processing_hours *
                                                    static_cast<double>(kMicrosPerHour))
                   : ctx_.start;
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const int st = m_status.At(status, r);
    const bool failed = st == kOrderFailed;
    const bool fraud = is_fraud.ints[r] != 0;
    const Micros when = at.ints[r];
    t.status.Add(st);
    t.channel.Add(m_channel.At(channel, r));
    t.method.Add(m_method.At(method, r));
    t.fraud += fraud ? 1 : 0;
    CustomerInfo* c = customers.Slot(ctx_, visitor.ints[r]);
    if (!failed) {
      t.placed += 1;
      t.totals.push_back(total.ints[r]);
      t.revenue_cents += Cents(total, r);
      t.discount_cents += Cents(discount, r);
      t.shipping_cents += Cents(shipping, r);
      t.per_day.Add(ctx_.days, when);
      t.revenue_per_day.Add(ctx_.days, when, Cents(total, r));
      t.item_count.Add(static_cast<int>(std::clamp<int64_t>(units.ints[r], 1, kMaxUnitsBin + 1)) -
                       1);
      if (c != nullptr && c->paid_orders < UINT16_MAX) ++c->paid_orders;
      if (c != nullptr && c->known) {
        t.local_hour[static_cast<size_t>(LocalHour(when, c->offset_minutes))] += 1;
        t.local_weekday[static_cast<size_t>(LocalWeekday(when, c->offset_minutes))] += 1;
        t.local_known += 1;
      }
    }
    if (c != nullptr && c->persona != CustomerInfo::kUnknown && !Excluded(session.ints[r])) {
      t.ordered_by_persona.Add(c->persona);
      if (!failed) t.paid_by_persona.Add(c->persona);
    }
    bool in_window = false;
    for (size_t w = 0; w < ctx_.fraud.size(); ++w) {
      if (when >= ctx_.fraud[w].start && when < ctx_.fraud[w].end) {
        t.fraud_in[w][0] += fraud ? 1 : 0;
        t.fraud_in[w][1] += 1;
        in_window = true;
      }
    }
    if (!in_window) {
      t.fraud_outside += fraud ? 1 : 0;
      t.n_outside += 1;
    }
    if (!failed && !fraud && when < cancel_deadline) {
      t.cancel_n += 1;
      t.cancelled += st == kOrderCancelled ? 1 : 0;
    }
  }
}

void ReportTallies::OnItems(const Batch& b) {
  using namespace order_items_col;
  ItemTallies& t = items;
  const Column& id = b.column(k_order_item_id);
  const Column& order = b.column(k_order_id);
  const Column& category = b.column(k_category);
  const Column& quantity = b.column(k_quantity);
  const Column& line_total = b.column(k_line_total);
  EnumMap& m_category = Map(0, t.categories);
  m_category.Sync(category);
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const int c = m_category.At(category, r);
    t.units.Add(c, static_cast<double>(quantity.ints[r]));
    t.revenue_cents.Add(c, Cents(line_total, r));
    t.lines.Add(c);
    t.items.push_back({id.ints[r], order.ints[r], c});
  }
}

void ReportTallies::OnPayments(const Batch& b) {
  using namespace payments_col;
  PaymentTallies& t = payments;
  const Column& ts = b.column(k_ts);
  const Column& attempt = b.column(k_attempt);
  const Column& method = b.column(k_method);
  const Column& status = b.column(k_status);
  const Column& reason = b.column(k_failure_reason);
  const Column& is_fraud = b.column(k_is_fraud);
  const Column& fraud_type = b.column(k_fraud_type);
  const Column& score = b.column(k_fraud_score);
  EnumMap& m_status = Map(0, t.statuses);
  EnumMap& m_method = Map(1, t.methods);
  EnumMap& m_reason = Map(2, t.reasons);
  EnumMap& m_type = Map(3, t.fraud_types);
  m_status.Sync(status);
  m_method.Sync(method);
  m_reason.Sync(reason);
  m_type.Sync(fraud_type);
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const Micros when = ts.ints[r];
    const int st = m_status.At(status, r);
    const bool failed = st == kPaymentDeclined || st == kPaymentFailed;
    const bool fraud = is_fraud.ints[r] != 0;
    const bool first = attempt.ints[r] == 1;
    t.status.Add(st);
    while (t.per_day_by_status.size() < t.statuses.size()) {
      t.per_day_by_status.emplace_back().Init(ctx_.days);
    }
    t.per_day_by_status[static_cast<size_t>(st)].Add(ctx_.days, when);
    t.method.Add(m_method.At(method, r));
    t.attempts_per_day.Add(ctx_.days, when);
    if (failed) {
      t.failed += 1;
      t.failed_per_day.Add(ctx_.days, when);
    }
    if (!first) t.retries += 1;
    if (!reason.IsNull(r)) t.reason.Add(m_reason.At(reason, r));
    const double sc = score.doubles[r];
    const auto bin = static_cast<size_t>(std::clamp(sc * 10, 0.0, 9.0));
    if (fraud) {
      t.fraud += 1;
      t.fraud_per_day.Add(ctx_.days, when);
      t.fraud_score_sum += std::llround(sc * kScoreUnits);
      t.fraud_scores[bin] += 1;
      if (!fraud_type.IsNull(r)) {
        const int ft = m_type.At(fraud_type, r);
        t.fraud_type.Add(ft);
        if (first) t.first_fraud_type.Add(ft);
      }
    } else {
      t.legit_score_sum += std::llround(sc * kScoreUnits);
      t.legit_scores[bin] += 1;
    }
    if (first && !fraud) {
      bool in_window = false;
      for (size_t w = 0; w < ctx_.payment.size(); ++w) {
        if (when >= ctx_.payment[w].start && when < ctx_.payment[w].end) {
          t.first_in[w][0] += failed ? 1 : 0;
          t.first_in[w][1] += 1;
          in_window = true;
        }
      }
      if (!in_window) {
        t.first_n += 1;
        t.first_failed += failed ? 1 : 0;
      }
    }
  }
}

void ReportTallies::OnShipments(const Batch& b) {
  using namespace shipments_col;
  ShipmentTallies& t = shipments;
  const Column& order = b.column(k_order_id);
  const Column& carrier = b.column(k_carrier);
  const Column& promised = b.column(k_promised_at);
  const Column& delivered = b.column(k_delivered_at);
  const Column& delay = b.column(k_delay_days);
  EnumMap& m_carrier = Map(0, t.carriers);
  m_carrier.Sync(carrier);
  const Scenario* s = ctx_.scenario ? &*ctx_.scenario : nullptr;
  // A return is requested 2 hours to return_window_days after delivery, uniformly.
  const double first_request = static_cast<double>(kMicrosPerHour) * kReturnFirstHours;
  const double last_request =
      s != nullptr ? s->commerce.return_window_days * static_cast<double>(kMicrosPerDay) : 0;
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const int c = m_carrier.At(carrier, r);
    t.carrier.Add(c);
    ShipmentTallies::Ship ship{order.ints[r], 2, 0};
    if (delivered.IsNull(r) || delay.IsNull(r)) {
      t.in_transit += 1;
    } else {
      const int64_t days = delay.ints[r];
      const bool late = days > 0;
      t.delivered += 1;
      t.delivered_by_carrier.Add(c);
      t.delay.Add(static_cast<int>(std::clamp<int64_t>(days, 0, kMaxDelayBin)));
      t.delivered_per_day.Add(ctx_.days, promised.ints[r]);
      if (late) {
        t.late += 1;
        t.late_days += static_cast<double>(days);
        t.late_by_carrier.Add(c);
        t.late_per_day.Add(ctx_.days, promised.ints[r]);
      }
      ship.state = late ? 1 : 0;
      const Micros at = delivered.ints[r];
      if (s != nullptr && !late && last_request > first_request &&
          !Context::InAny(ctx_.returns, at)) {
        const double left = static_cast<double>(ctx_.end - at) - first_request;
        ship.observable =
            static_cast<float>(std::clamp(left / (last_request - first_request), 0.0, 1.0));
      }
    }
    t.ships.push_back(ship);
  }
}

void ReportTallies::OnReturns(const Batch& b) {
  using namespace returns_col;
  ReturnTallies& t = returns;
  const Column& item = b.column(k_order_item_id);
  const Column& requested = b.column(k_requested_at);
  const Column& reason = b.column(k_reason);
  const Column& status = b.column(k_status);
  const Column& refund = b.column(k_refund_amount);
  EnumMap& m_reason = Map(0, t.reasons);
  EnumMap& m_status = Map(1, t.statuses);
  m_reason.Sync(reason);
  m_status.Sync(status);
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    t.reason.Add(m_reason.At(reason, r));
    t.status.Add(m_status.At(status, r));
    t.refund_cents += Cents(refund, r);
    t.items.push_back(item.ints[r]);
    t.per_day.Add(ctx_.days, requested.ints[r]);
  }
}

void ReportTallies::OnTickets(const Batch& b) {
  using namespace support_tickets_col;
  TicketTallies& t = tickets;
  const Column& order = b.column(k_order_id);
  const Column& created = b.column(k_created_at);
  const Column& channel = b.column(k_channel);
  const Column& category = b.column(k_category);
  const Column& priority = b.column(k_priority);
  const Column& resolved = b.column(k_resolved_at);
  const Column& satisfaction = b.column(k_satisfaction);
  EnumMap& m_channel = Map(0, t.channels);
  EnumMap& m_category = Map(1, t.categories);
  EnumMap& m_priority = Map(2, t.priorities);
  m_channel.Sync(channel);
  m_category.Sync(category);
  m_priority.Sync(priority);
  const auto& ships = shipments.ships;
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const int cat = m_category.At(category, r);
    t.category.Add(cat);
    t.channel.Add(m_channel.At(channel, r));
    t.priority.Add(m_priority.At(priority, r));
    t.per_day.Add(ctx_.days, created.ints[r]);
    if (!resolved.IsNull(r)) {
      t.resolved += 1;
      t.resolution_us += resolved.ints[r] - created.ints[r];
    }
    if (!satisfaction.IsNull(r)) {
      t.satisfaction.Add(static_cast<int>(std::clamp<int64_t>(satisfaction.ints[r], 1, 5)) - 1);
    }
    if (cat == kTicketDelivery && !order.IsNull(r)) {
      auto it = std::lower_bound(
          ships.begin(), ships.end(), order.ints[r],
          [](const ShipmentTallies::Ship& s, int64_t id) { return s.order_id < id; });
      if (it != ships.end() && it->order_id == order.ints[r]) {
        if (it->state == 1) t.delivery_on_late += 1;
        if (it->state == 0) t.delivery_on_time += 1;
      }
    }
  }
}

void ReportTallies::OnCarts(const Batch& b) {
  using namespace abandoned_carts_col;
  CartTallies& t = carts;
  const Column& session = b.column(k_session_id);
  const Column& visitor = b.column(k_visitor_id);
  const Column& at = b.column(k_abandoned_at);
  const Column& stage = b.column(k_stage);
  const Column& value = b.column(k_cart_value);
  const Column& reason = b.column(k_reason);
  const Column& recovered = b.column(k_recovered_order_id);
  EnumMap& m_stage = Map(0, t.stages);
  EnumMap& m_reason = Map(1, t.reasons);
  m_stage.Sync(stage);
  m_reason.Sync(reason);
  const Scenario* s = ctx_.scenario ? &*ctx_.scenario : nullptr;
  const Micros recovery_deadline =
      s != nullptr ? ctx_.end - static_cast<Micros>(kRecoveryMeans * s->commerce.recovery_hours *
                                                    static_cast<double>(kMicrosPerHour))
                   : ctx_.start;
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const int st = m_stage.At(stage, r);
    const bool rec = !recovered.IsNull(r);
    t.stage.Add(st);
    t.reason.Add(m_reason.At(reason, r));
    t.values.push_back(value.ints[r]);
    t.per_day.Add(ctx_.days, at.ints[r]);
    if (rec) {
      t.recovered += 1;
      t.recovered_by_stage.Add(st);
    }
    if (at.ints[r] < recovery_deadline) {
      t.recovery_n += 1;
      t.recovery_k += rec ? 1 : 0;
    }
    const CustomerInfo* c = customers.Find(ctx_, visitor.ints[r]);
    if (c != nullptr && c->persona != CustomerInfo::kUnknown && !Excluded(session.ints[r])) {
      t.abandoned_by_persona.Add(c->persona);
    }
  }
}

void ReportTallies::OnProducts(const Batch& b) {
  using namespace products_col;
  ProductTallies& t = products;
  const Column& id = b.column(k_product_id);
  const Column& category = b.column(k_category);
  const Column& price = b.column(k_current_price);
  const Column& discount = b.column(k_discount_pct);
  const Column& stock = b.column(k_stock);
  EnumMap& m_category = Map(0, items.categories);
  m_category.Sync(category);
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const int c = m_category.At(category, r);
    t.category.Add(c);
    t.prices.push_back(price.ints[r]);
    t.discounted += discount.ints[r] > 0 ? 1 : 0;
    t.stock += static_cast<double>(stock.ints[r]);
    const int64_t pid = id.ints[r];
    if (pid >= 1 && pid <= kMaxCustomerSlots) {
      if (static_cast<size_t>(pid) > t.category_of.size()) {
        t.category_of.resize(static_cast<size_t>(pid), -1);
      }
      t.category_of[static_cast<size_t>(pid - 1)] = c;
    }
  }
}

void ReportTallies::OnUpdates(const Batch& b) {
  using namespace product_updates_col;
  UpdateTallies& t = updates;
  const Column& ts = b.column(k_ts);
  const Column& change = b.column(k_change);
  const Column& old_value = b.column(k_old_value);
  const Column& new_value = b.column(k_new_value);
  const Column& cause = b.column(k_cause);
  EnumMap& m_change = Map(0, t.changes);
  EnumMap& m_cause = Map(1, t.causes);
  m_change.Sync(change);
  m_cause.Sync(cause);
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const int ch = m_change.At(change, r);
    t.change.Add(ch);
    t.cause.Add(m_cause.At(cause, r));
    while (t.per_day_by_change.size() < t.changes.size()) {
      t.per_day_by_change.emplace_back().Init(ctx_.days);
    }
    t.per_day_by_change[static_cast<size_t>(ch)].Add(ctx_.days, ts.ints[r]);
    if (ch == kChangePrice && old_value.ints[r] > 0) {
      const double pct = 100.0 * static_cast<double>(new_value.ints[r] - old_value.ints[r]) /
                         static_cast<double>(old_value.ints[r]);
      const double bin = std::floor(pct / kPriceChangeBinPct) + kPriceChangeBins / 2.0;
      t.price_change.Add(static_cast<int>(std::clamp(bin, 0.0, kPriceChangeBins - 1.0)));
      t.price_up += pct > 0 ? 1 : 0;
      t.price_down += pct < 0 ? 1 : 0;
    }
  }
}

void ReportTallies::OnMetrics(const Batch& b) {
  using namespace system_metrics_col;
  MetricTallies& t = metrics;
  const Column& minute = b.column(k_minute);
  const Column& requests = b.column(k_requests);
  const Column& p50 = b.column(k_p50_latency_ms);
  const Column& p95 = b.column(k_p95_latency_ms);
  const Column& error = b.column(k_error_rate);
  for (size_t r = 0; r < b.rows(); ++r) {
    ++t.rows;
    const Micros m = minute.ints[r];
    const auto req = static_cast<double>(requests.ints[r]);
    t.requests.Add(ctx_.hours, m, req);
    t.p95_sum.Add(ctx_.hours, m, p95.doubles[r]);
    t.error_sum.Add(ctx_.hours, m, error.doubles[r]);
    t.minutes.Add(ctx_.hours, m);
    t.minutes_seen.push_back({static_cast<float>(req), static_cast<float>(p50.doubles[r]),
                              static_cast<float>(p95.doubles[r]),
                              static_cast<float>(error.doubles[r])});
    t.peak_requests = std::max(t.peak_requests, req);
    t.p95_total += p95.doubles[r];
  }
}

void ReportTallies::OnCampaigns(const Batch& b) {
  using namespace campaigns_col;
  for (size_t r = 0; r < b.rows(); ++r) {
    ++small.campaigns;
    if (small.campaign_rows.size() >= SmallTallies::kMaxCampaignRows) continue;
    SmallTallies::Campaign c;
    c.id = b.column(k_campaign_id).ints[r];
    c.name = std::string(b.column(k_name).StringAt(r));
    c.channel = std::string(b.column(k_channel).EnumAt(r));
    c.target = std::string(b.column(k_target).StringAt(r));
    c.start = b.column(k_start_at).ints[r];
    c.end = b.column(k_end_at).ints[r];
    c.discount_pct = static_cast<double>(b.column(k_discount_pct).ints[r]) / 100.0;
    small.campaign_rows.push_back(std::move(c));
  }
}

}  // namespace ecomsim::report
