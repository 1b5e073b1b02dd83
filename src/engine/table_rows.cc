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
  }
  if (has(TableId::kEvents)) {
    Batch& b = get(TableId::kEvents);
    b.SetDictionary(events_col::k_event_type, kEventTypeNames);
    b.SetDictionary(events_col::k_category, world.category_names());
    b.SetDictionary(events_col::k_device_type, kDeviceNames);
  }
}

void BatchSet::Clear() {
  for (auto& b : batches_) {
    if (b) b->Clear();
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

void AppendCustomerRow(const World& world, const Customer& c, Batch& out) {
  using namespace customers_col;
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
  out.column(k_segment).AppendInt(Code(c.segment));
  out.FinishRow();
}

void AppendSessionRow(const SessionRecord& record, Batch& out) {
  using namespace sessions_col;
  const SessionSummary& s = record.summary;
  out.column(k_session_id).AppendInt(s.session_id);
  out.column(k_customer_id).AppendInt(s.customer_id);
  out.column(k_start_at).AppendInt(s.start_at);
  out.column(k_end_at).AppendInt(s.end_at);
  out.column(k_device_type).AppendInt(Code(s.device));
  out.column(k_os).AppendInt(Code(s.os));
  out.column(k_browser).AppendInt(Code(s.browser));
  out.column(k_channel).AppendInt(Code(s.channel));
  out.column(k_traffic_source).AppendInt(Code(s.traffic_source));
  out.column(k_campaign_id).AppendNull();
  out.column(k_page_views).AppendInt(s.page_views);
  out.column(k_products_viewed).AppendInt(s.products_viewed);
  out.column(k_unique_products_viewed).AppendInt(s.unique_products_viewed);
  out.column(k_searches).AppendInt(s.searches);
  out.column(k_cart_additions).AppendInt(s.cart_additions);
  out.column(k_cart_removals).AppendInt(s.cart_removals);
  out.column(k_cart_value).AppendInt(s.cart_value_cents);
  out.column(k_converted).AppendInt(s.converted ? 1 : 0);
  out.column(k_purchase_value).AppendInt(s.purchase_value_cents);
  out.column(k_duration_s).AppendInt((s.end_at - s.start_at) / 1000);
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
    customer_id.AppendInt(s.customer_id);
    ts.AppendInt(e.ts);
    event_type.AppendInt(Code(e.type));
    if (e.product_id != 0) product_id.AppendInt(e.product_id); else product_id.AppendNull();
    if (e.category >= 0) category.AppendInt(e.category); else category.AppendNull();
    page_url.AppendString(record.Url(e));
    if (e.query_length > 0) search_query.AppendString(record.Query(e)); else search_query.AppendNull();
    if (e.quantity > 0) quantity.AppendInt(e.quantity); else quantity.AppendNull();
    if (e.has_price) price.AppendInt(e.price_cents); else price.AppendNull();
    duration.AppendInt(e.duration_ms);
    device.AppendInt(Code(s.device));
    seq.AppendInt(n);
    out.FinishRow();
    ++n;
  }
}

}  // namespace ecomsim
