#include "engine/table_rows.h"

#include <cctype>
#include <cmath>
#include <string>

namespace ecomsim {
namespace {

constexpr std::string_view kRegionNames[] = {"north_america", "europe", "asia", "other"};

inline int64_t Code(auto e) { return static_cast<int64_t>(e); }

}  // namespace

BatchSet::BatchSet(const World& world, TableMask tables) {
  for (const TableDef& t : AllTables()) {
    const auto i = static_cast<size_t>(t.id);
    if (!tables.test(i)) continue;
    batches_[i] = std::make_unique<Batch>(t);
  }
  if (has(TableId::kProducts)) {
    get(TableId::kProducts).SetDictionary(products_col::k_category, world.category_names());
  }
  if (has(TableId::kCustomers)) {
    Batch& b = get(TableId::kCustomers);
    b.SetDictionary(customers_col::k_generation, kGenerationNames);
    b.SetDictionary(customers_col::k_region, kRegionNames);
    b.SetDictionary(customers_col::k_acquisition_channel, kAcquisitionChannelNames);
    b.SetDictionary(customers_col::k_preferred_device, kDeviceNames);
    b.SetDictionary(customers_col::k_persona, world.persona_names());
    b.SetDictionary(customers_col::k_user_type, kUserTypeNames);
    b.SetDictionary(customers_col::k_segment, kSegmentNames);
  }
  if (has(TableId::kSessions)) {
    Batch& b = get(TableId::kSessions);
    b.SetDictionary(sessions_col::k_device_type, kDeviceNames);
    b.SetDictionary(sessions_col::k_os, kOsNames);
    b.SetDictionary(sessions_col::k_browser, kBrowserNames);
    b.SetDictionary(sessions_col::k_channel, kChannelNames);
    b.SetDictionary(sessions_col::k_traffic_source, kTrafficSourceNames);
    b.SetDictionary(sessions_col::k_origin, kSessionOriginNames);
  }
  if (has(TableId::kEvents)) {
    Batch& b = get(TableId::kEvents);
    b.SetDictionary(events_col::k_event_type, kEventTypeNames);
    b.SetDictionary(events_col::k_category, world.category_names());
    b.SetDictionary(events_col::k_device_type, kDeviceNames);
  }
  if (has(TableId::kCampaigns))
    get(TableId::kCampaigns).SetDictionary(campaigns_col::k_channel, kCampaignChannelNames);
  if (has(TableId::kCustomerHistory)) {
    get(TableId::kCustomerHistory).SetDictionary(customer_history_col::k_segment, kSegmentNames);
  }
  if (has(TableId::kOrders)) {
    Batch& b = get(TableId::kOrders);
    b.SetDictionary(orders_col::k_status, kOrderStatusNames);
    b.SetDictionary(orders_col::k_channel, kChannelNames);
    b.SetDictionary(orders_col::k_payment_method, kPaymentMethodNames);
  }
  if (has(TableId::kOrderItems))
    get(TableId::kOrderItems).SetDictionary(order_items_col::k_category, world.category_names());
  if (has(TableId::kPayments)) {
    Batch& b = get(TableId::kPayments);
    b.SetDictionary(payments_col::k_method, kPaymentMethodNames);
    b.SetDictionary(payments_col::k_status, kPaymentStatusNames);
    b.SetDictionary(payments_col::k_failure_reason, kFailureReasonNames);
    b.SetDictionary(payments_col::k_fraud_type, kFraudTypeNames);
  }
  if (has(TableId::kShipments))
    get(TableId::kShipments).SetDictionary(shipments_col::k_carrier, kCarrierNames);
  if (has(TableId::kReturns)) {
    Batch& b = get(TableId::kReturns);
    b.SetDictionary(returns_col::k_reason, kReturnReasonNames);
    b.SetDictionary(returns_col::k_status, kReturnStatusNames);
  }
  if (has(TableId::kSupportTickets)) {
    Batch& b = get(TableId::kSupportTickets);
    b.SetDictionary(support_tickets_col::k_channel, kTicketChannelNames);
    b.SetDictionary(support_tickets_col::k_category, kTicketCategoryNames);
    b.SetDictionary(support_tickets_col::k_priority, kTicketPriorityNames);
  }
  if (has(TableId::kAbandonedCarts)) {
    Batch& b = get(TableId::kAbandonedCarts);
    b.SetDictionary(abandoned_carts_col::k_stage, kCartStageNames);
    b.SetDictionary(abandoned_carts_col::k_reason, kAbandonReasonNames);
  }
  if (has(TableId::kProductUpdates)) {
    Batch& b = get(TableId::kProductUpdates);
    b.SetDictionary(product_updates_col::k_change, kUpdateChangeNames);
    b.SetDictionary(product_updates_col::k_cause, kUpdateCauseNames);
  }
}

void BatchSet::Clear() {
  for (auto& b : batches_) {
    if (b && b->rows() > 0) b->Clear();
  }
}

size_t BatchSet::MemoryUsage() const {
  size_t total = 0;
  for (const auto& b : batches_) {
    if (b) total += b->MemoryUsage();
  }
  return total;
}

void AppendSupplierRow(const World& world, const Supplier& s, Batch& out) {
  (void)world;
  using namespace suppliers_col;
  const auto& city = reference::Cities()[s.city];
  std::string name(reference::SupplierWords()[s.word]);
  name += ' ';
  name += reference::SupplierKinds()[s.kind];
  out.column(k_supplier_id).AppendInt(s.id);
  out.column(k_name).AppendString(name);
  out.column(k_country).AppendString(city.country);
  out.column(k_country_code).AppendString(city.country_code);
  out.column(k_reliability).AppendDouble(std::round(s.reliability * 1e4) / 1e4);
  out.column(k_lead_time_days).AppendInt(s.lead_time_days);
  out.FinishRow();
}

void AppendProductRow(const World& world, const Product& p, Batch& out) {
  (void)world;
  using namespace products_col;
  const auto& cat = reference::Categories()[p.category];
  const std::string_view prefix = reference::BrandPrefixes()[p.brand_prefix];
  const std::string_view suffix = reference::BrandSuffixes()[p.brand_suffix];
  std::string brand(prefix);
  brand += suffix;
  std::string name = brand;
  name += ' ';
  name += reference::ProductAdjectives()[p.adjective];
  name += ' ';
  std::string_view noun = cat.nouns[p.noun];
  name += static_cast<char>(std::toupper(static_cast<unsigned char>(noun.front())));
  name += noun.substr(1);
  std::string sku(cat.name.substr(0, 3));
  for (char& ch : sku) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  sku += '-';
  const std::string digits = std::to_string(p.id);
  sku.append(digits.size() < 7 ? 7 - digits.size() : 0, '0');
  sku += digits;

  out.column(k_product_id).AppendInt(p.id);
  out.column(k_sku).AppendString(sku);
  out.column(k_name).AppendString(name);
  out.column(k_category).AppendInt(p.category);
  out.column(k_subcategory).AppendString(cat.subcategories[p.subcategory]);
  out.column(k_brand).AppendString(brand);
  out.column(k_supplier_id).AppendInt(p.supplier_id);
  out.column(k_base_price).AppendInt(p.base_price_cents);
  out.column(k_discount_pct).AppendInt(p.discount_bp);
  out.column(k_current_price).AppendInt(p.current_price_cents);
  out.column(k_cost).AppendInt(p.cost_cents);
  out.column(k_stock).AppendInt(p.stock);
  out.column(k_popularity_rank).AppendInt(p.popularity_rank);
  out.column(k_created_at).AppendInt(p.created_at);
  out.FinishRow();
}

void AppendCampaignRow(const Campaign& c, Batch& out) {
  using namespace campaigns_col;
  out.column(k_campaign_id).AppendInt(c.id);
  out.column(k_name).AppendString(c.name);
  out.column(k_channel).AppendInt(Code(c.channel));
  out.column(k_start_at).AppendInt(c.start_at);
  out.column(k_end_at).AppendInt(c.end_at);
  out.column(k_discount_pct).AppendInt(c.discount_bp);
  out.column(k_target).AppendString(
      c.target_category < 0 ? std::string_view("all")
                            : reference::Categories()[static_cast<size_t>(c.target_category)].name);
  out.FinishRow();
}

void AppendCustomerRow(const World& world, const CustomerState& state, Batch& out) {
  using namespace customers_col;
  const Customer& c = state.customer;
  const auto& city = reference::Cities()[c.city];
  char email[128];
  const size_t email_length = FormatEmail(world, c, email);
  out.column(k_customer_id).AppendInt(c.id);
  out.column(k_first_name).AppendString(reference::FirstNames()[c.first_name]);
  out.column(k_last_name).AppendString(reference::LastNames()[c.last_name]);
  out.column(k_email).AppendString(std::string_view(email, email_length));
  out.column(k_birth_year).AppendInt(c.birth_year);
  out.column(k_generation).AppendInt(Code(c.generation));
  out.column(k_country).AppendString(city.country);
  out.column(k_country_code).AppendString(city.country_code);
  out.column(k_city).AppendString(city.name);
  out.column(k_region).AppendInt(Code(city.region));
  out.column(k_latitude).AppendDouble(city.latitude);
  out.column(k_longitude).AppendDouble(city.longitude);
  out.column(k_utc_offset_minutes).AppendInt(city.utc_offset_minutes);
  out.column(k_registered_at).AppendInt(c.registered_at);
  out.column(k_acquisition_channel).AppendInt(Code(c.acquisition_channel));
  out.column(k_preferred_device).AppendInt(Code(c.preferred_device));
  out.column(k_persona).AppendInt(c.persona);
  out.column(k_user_type).AppendInt(Code(c.user_type));
  out.column(k_segment).AppendInt(Code(state.segment()));
  out.FinishRow();
}

void AppendSessionRow(const SessionRecord& record, Batch& out) {
  using namespace sessions_col;
  const SessionSummary& s = record.summary;
  out.column(k_session_id).AppendInt(s.session_id);
  out.column(k_customer_id).AppendIntOrNull(s.customer_id, s.customer_id != 0);
  out.column(k_visitor_id).AppendInt(s.visitor_id);
  out.column(k_start_at).AppendInt(s.start_at);
  out.column(k_end_at).AppendIntOrNull(s.end_at, !s.open);
  out.column(k_device_type).AppendInt(Code(s.device));
  out.column(k_os).AppendInt(Code(s.os));
  out.column(k_browser).AppendInt(Code(s.browser));
  out.column(k_channel).AppendInt(Code(s.channel));
  out.column(k_traffic_source).AppendInt(Code(s.traffic_source));
  out.column(k_campaign_id).AppendIntOrNull(s.campaign_id, s.campaign_id != 0);
  out.column(k_origin).AppendInt(Code(s.origin));
  out.column(k_page_views).AppendInt(s.page_views);
  out.column(k_products_viewed).AppendInt(s.products_viewed);
  out.column(k_unique_products_viewed).AppendInt(s.unique_products_viewed);
  out.column(k_searches).AppendInt(s.searches);
  out.column(k_cart_additions).AppendInt(s.cart_additions);
  out.column(k_cart_removals).AppendInt(s.cart_removals);
  out.column(k_cart_value).AppendInt(s.cart_value_cents);
  out.column(k_converted).AppendInt(s.converted ? 1 : 0);
  out.column(k_purchase_value).AppendInt(s.purchase_value_cents);
  out.column(k_duration_s).AppendIntOrNull((s.end_at - s.start_at) / 1000, !s.open);
  out.column(k_bounce).AppendInt(s.bounce ? 1 : 0);
  out.column(k_event_count).AppendInt(s.event_count);
  out.FinishRow();
}

void AppendEventRows(const SessionRecord& record, Batch& out) {
  using namespace events_col;
  const SessionSummary& s = record.summary;
  Column& event_id = out.column(k_event_id);
  Column& session_id = out.column(k_session_id);
  Column& customer_id = out.column(k_customer_id);
  Column& visitor_id = out.column(k_visitor_id);
  Column& ts = out.column(k_ts);
  Column& event_type = out.column(k_event_type);
  Column& product_id = out.column(k_product_id);
  Column& category = out.column(k_category);
  Column& page_url = out.column(k_page_url);
  Column& search_query = out.column(k_search_query);
  Column& quantity = out.column(k_quantity);
  Column& price = out.column(k_price);
  Column& duration = out.column(k_duration_s);
  Column& device = out.column(k_device_type);
  Column& seq = out.column(k_seq);
  int64_t n = 0;
  for (const EventRecord& e : record.events) {
    event_id.AppendInt(s.session_id * kEventsPerSession + n);
    session_id.AppendInt(s.session_id);
    customer_id.AppendIntOrNull(s.customer_id, s.customer_id != 0);
    visitor_id.AppendInt(s.visitor_id);
    ts.AppendInt(e.ts);
    event_type.AppendInt(Code(e.type));
    product_id.AppendIntOrNull(e.product_id, e.product_id != 0);
    category.AppendIntOrNull(e.category, e.category >= 0);
    page_url.AppendString(record.Url(e));
    search_query.AppendStringOrNull(e.query_length > 0 ? record.Query(e) : std::string_view(),
                                    e.query_length > 0);
    quantity.AppendIntOrNull(e.quantity, e.quantity > 0);
    price.AppendIntOrNull(e.price_cents, e.has_price);
    duration.AppendInt(e.duration_ms);
    device.AppendInt(Code(s.device));
    seq.AppendInt(n);
    out.FinishRow();
    ++n;
  }
}

bool ChunkOutput::any_activity() const {
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i] != nullptr && static_cast<TableId>(i) != TableId::kCustomers) return true;
  }
  return false;
}

void AppendOrderRow(const World& world, const OrderRow& o, Batch& out) {
  using namespace orders_col;
  const std::string_view currency = world.scenario().commerce.currency;
  out.column(k_order_id).AppendInt(o.order_id);
  out.column(k_customer_id).AppendIntOrNull(o.customer_id, o.customer_id != 0);
  out.column(k_visitor_id).AppendInt(o.visitor_id);
  out.column(k_session_id).AppendInt(o.session_id);
  out.column(k_ordered_at).AppendInt(o.ordered_at);
  out.column(k_status).AppendInt(Code(o.status));
  out.column(k_channel).AppendInt(Code(o.channel));
  out.column(k_payment_method).AppendInt(Code(o.payment_method));
  out.column(k_item_count).AppendInt(o.totals.units);
  out.column(k_subtotal).AppendInt(o.totals.subtotal);
  out.column(k_discount).AppendInt(o.totals.discount);
  out.column(k_shipping).AppendInt(o.totals.shipping);
  out.column(k_tax).AppendInt(o.totals.tax);
  out.column(k_total).AppendInt(o.totals.total);
  out.column(k_currency).AppendString(currency);
  out.column(k_campaign_id).AppendIntOrNull(o.campaign_id, o.campaign_id != 0);
  out.column(k_recovered_cart_id).AppendIntOrNull(o.recovered_cart_id, o.recovered_cart_id != 0);
  out.column(k_is_fraud).AppendInt(o.is_fraud ? 1 : 0);
  out.FinishRow();
}

void AppendOrderItemRow(const World& world, const OrderItemRow& i, Batch& out) {
  using namespace order_items_col;
  (void)world;
  out.column(k_order_item_id).AppendInt(i.order_item_id);
  out.column(k_order_id).AppendInt(i.order_id);
  out.column(k_product_id).AppendInt(i.product_id);
  out.column(k_category).AppendInt(i.category);
  out.column(k_quantity).AppendInt(i.quantity);
  out.column(k_unit_price).AppendInt(i.unit_price_cents);
  out.column(k_discount_pct).AppendInt(i.discount_bp);
  out.column(k_line_total).AppendInt(i.line_total_cents);
  out.FinishRow();
}

void AppendPaymentRow(const World& world, const PaymentRow& p, Batch& out) {
  using namespace payments_col;
  (void)world;
  const auto cities = reference::Cities();
  const PaymentAttempt& a = p.attempt_data;
  char device[17];
  static constexpr char kHex[] = "0123456789abcdef";
  for (int k = 0; k < 16; ++k) device[k] = kHex[(a.device_id >> (60 - 4 * k)) & 0xf];
  out.column(k_payment_id).AppendInt(p.payment_id);
  out.column(k_order_id).AppendInt(p.order_id);
  out.column(k_customer_id).AppendIntOrNull(p.customer_id, p.customer_id != 0);
  out.column(k_visitor_id).AppendInt(p.visitor_id);
  out.column(k_ts).AppendInt(a.ts);
  out.column(k_attempt).AppendInt(p.attempt);
  out.column(k_amount).AppendInt(a.amount_cents);
  out.column(k_method).AppendInt(Code(a.method));
  out.column(k_status).AppendInt(Code(a.status));
  out.column(k_failure_reason).AppendIntOrNull(Code(a.failure_reason), a.has_failure_reason);
  out.column(k_device_id).AppendString(std::string_view(device, 16));
  out.column(k_ip_country).AppendString(cities[a.ip_city].country_code);
  out.column(k_latitude).AppendDouble(std::round(a.latitude * 1e4) / 1e4);
  out.column(k_longitude).AppendDouble(std::round(a.longitude * 1e4) / 1e4);
  out.column(k_is_fraud).AppendInt(a.is_fraud ? 1 : 0);
  out.column(k_fraud_type).AppendIntOrNull(Code(a.fraud_type), a.has_fraud_type);
  out.column(k_fraud_score).AppendDouble(std::round(a.fraud_score * 1e4) / 1e4);
  out.FinishRow();
}

void AppendShipmentRow(const World& world, const ShipmentRow& s, Batch& out) {
  using namespace shipments_col;
  (void)world;
  out.column(k_shipment_id).AppendInt(s.order_id);
  out.column(k_order_id).AppendInt(s.order_id);
  out.column(k_carrier).AppendInt(Code(s.carrier));
  out.column(k_supplier_id).AppendInt(s.supplier_id);
  out.column(k_shipped_at).AppendInt(s.shipped_at);
  out.column(k_promised_at).AppendInt(s.promised_at);
  out.column(k_delivered_at).AppendIntOrNull(s.delivered_at, s.delivered_at >= 0);
  out.column(k_delay_days).AppendIntOrNull(s.delay_days, s.delay_days >= 0);
  out.FinishRow();
}

void AppendReturnRow(const World& world, const ReturnRow& x, Batch& out) {
  using namespace returns_col;
  (void)world;
  out.column(k_return_id).AppendInt(x.order_item_id);
  out.column(k_order_item_id).AppendInt(x.order_item_id);
  out.column(k_order_id).AppendInt(x.order_id);
  out.column(k_customer_id).AppendIntOrNull(x.customer_id, x.customer_id != 0);
  out.column(k_visitor_id).AppendInt(x.visitor_id);
  out.column(k_product_id).AppendInt(x.product_id);
  out.column(k_requested_at).AppendInt(x.requested_at);
  out.column(k_reason).AppendInt(Code(x.reason));
  out.column(k_status).AppendInt(Code(x.status));
  out.column(k_refund_amount).AppendInt(x.refund_cents);
  out.column(k_resolved_at).AppendIntOrNull(x.resolved_at, x.resolved_at >= 0);
  out.FinishRow();
}

void AppendTicketRow(const World& world, const TicketRow& t, Batch& out) {
  using namespace support_tickets_col;
  (void)world;
  out.column(k_ticket_id).AppendInt(t.ticket_id);
  out.column(k_customer_id).AppendIntOrNull(t.customer_id, t.customer_id != 0);
  out.column(k_visitor_id).AppendInt(t.visitor_id);
  out.column(k_order_id).AppendIntOrNull(t.order_id, t.order_id != 0);
  out.column(k_created_at).AppendInt(t.created_at);
  out.column(k_channel).AppendInt(Code(t.channel));
  out.column(k_category).AppendInt(Code(t.category));
  out.column(k_priority).AppendInt(Code(t.priority));
  out.column(k_resolved_at).AppendIntOrNull(t.resolved_at, t.resolved_at >= 0);
  out.column(k_satisfaction).AppendIntOrNull(t.satisfaction, t.satisfaction > 0);
  out.FinishRow();
}

void AppendCartRow(const World& world, const CartRow& c, Batch& out) {
  using namespace abandoned_carts_col;
  (void)world;
  out.column(k_cart_id).AppendInt(c.cart.cart_id);
  out.column(k_session_id).AppendInt(c.session_id);
  out.column(k_customer_id).AppendIntOrNull(c.cart.customer_id, c.cart.customer_id != 0);
  out.column(k_visitor_id).AppendInt(c.visitor_id);
  out.column(k_abandoned_at).AppendInt(c.cart.abandoned_at);
  out.column(k_stage).AppendInt(Code(c.cart.stage));
  out.column(k_items).AppendInt(c.cart.items);
  out.column(k_cart_value).AppendInt(c.cart.value_cents);
  out.column(k_reason).AppendInt(Code(c.cart.reason));
  out.column(k_recovered_order_id)
      .AppendIntOrNull(c.cart.recovered_order_id, c.cart.recovered_order_id != 0);
  out.FinishRow();
}

void AppendHistoryRow(const World& world, const HistoryRow& h, Batch& out) {
  using namespace customer_history_col;
  (void)world;
  out.column(k_customer_sk).AppendInt(h.customer_id * 1000 + h.version);
  out.column(k_customer_id).AppendInt(h.customer_id);
  out.column(k_version).AppendInt(h.version);
  out.column(k_segment).AppendInt(Code(h.v.segment));
  out.column(k_lifetime_spend).AppendInt(h.v.lifetime_spend_cents);
  out.column(k_valid_from).AppendInt(h.v.valid_from);
  out.column(k_valid_to).AppendIntOrNull(h.valid_to, h.valid_to >= 0);
  out.column(k_is_current).AppendInt(h.valid_to < 0 ? 1 : 0);
  out.FinishRow();
}

void AppendCommerceRows(const World& world, const CommerceRecord& r, const ChunkOutput& out) {
  if (Batch* b = out[TableId::kOrders]) {
    for (const OrderRow& o : r.orders) AppendOrderRow(world, o, *b);
  }
  if (Batch* b = out[TableId::kOrderItems]) {
    for (const OrderItemRow& i : r.items) AppendOrderItemRow(world, i, *b);
  }
  if (Batch* b = out[TableId::kPayments]) {
    for (const PaymentRow& p : r.payments) AppendPaymentRow(world, p, *b);
  }
  if (Batch* b = out[TableId::kShipments]) {
    for (const ShipmentRow& s : r.shipments) AppendShipmentRow(world, s, *b);
  }
  if (Batch* b = out[TableId::kReturns]) {
    for (const ReturnRow& x : r.returns) AppendReturnRow(world, x, *b);
  }
  if (Batch* b = out[TableId::kSupportTickets]) {
    for (const TicketRow& t : r.tickets) AppendTicketRow(world, t, *b);
  }
  if (Batch* b = out[TableId::kAbandonedCarts]) {
    for (const CartRow& c : r.carts) AppendCartRow(world, c, *b);
  }
  if (Batch* b = out[TableId::kCustomerHistory]) {
    for (const HistoryRow& h : r.history) AppendHistoryRow(world, h, *b);
  }
}

}  // namespace ecomsim
