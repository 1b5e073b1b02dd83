#include "ecomsim/schema.h"

#include <array>

namespace ecomsim {
namespace {

#define ECOMSIM_COLUMN_DEF(name, type, nullable, scale, doc) \
  ColumnDef{#name, ColumnType::type, nullable, scale, doc},

constexpr ColumnDef kSupplierColumns[] = {ECOMSIM_SUPPLIERS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kProductColumns[] = {ECOMSIM_PRODUCTS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kCustomerColumns[] = {ECOMSIM_CUSTOMERS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kSessionColumns[] = {ECOMSIM_SESSIONS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kEventColumns[] = {ECOMSIM_EVENTS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kCampaignColumns[] = {ECOMSIM_CAMPAIGNS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kCustomerHistoryColumns[] = {
    ECOMSIM_CUSTOMER_HISTORY_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kOrderColumns[] = {ECOMSIM_ORDERS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kOrderItemColumns[] = {ECOMSIM_ORDER_ITEMS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kPaymentColumns[] = {ECOMSIM_PAYMENTS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kShipmentColumns[] = {ECOMSIM_SHIPMENTS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kReturnColumns[] = {ECOMSIM_RETURNS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kTicketColumns[] = {ECOMSIM_SUPPORT_TICKETS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kCartColumns[] = {ECOMSIM_ABANDONED_CARTS_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kUpdateColumns[] = {ECOMSIM_PRODUCT_UPDATES_COLUMNS(ECOMSIM_COLUMN_DEF)};
constexpr ColumnDef kMetricColumns[] = {ECOMSIM_SYSTEM_METRICS_COLUMNS(ECOMSIM_COLUMN_DEF)};

#undef ECOMSIM_COLUMN_DEF

constexpr ForeignKey kProductKeys[] = {{"supplier_id", "suppliers", "supplier_id"}};
constexpr ForeignKey kSessionKeys[] = {{"customer_id", "customers", "customer_id"},
                                       {"campaign_id", "campaigns", "campaign_id"}};
constexpr ForeignKey kHistoryKeys[] = {{"customer_id", "customers", "customer_id"}};
constexpr ForeignKey kOrderKeys[] = {{"customer_id", "customers", "customer_id"},
                                     {"session_id", "sessions", "session_id"},
                                     {"campaign_id", "campaigns", "campaign_id"}};
constexpr ForeignKey kOrderItemKeys[] = {{"order_id", "orders", "order_id"},
                                         {"product_id", "products", "product_id"}};
constexpr ForeignKey kPaymentKeys[] = {{"order_id", "orders", "order_id"},
                                       {"customer_id", "customers", "customer_id"}};
constexpr ForeignKey kShipmentKeys[] = {{"order_id", "orders", "order_id"},
                                        {"supplier_id", "suppliers", "supplier_id"}};
constexpr ForeignKey kReturnKeys[] = {{"order_item_id", "order_items", "order_item_id"},
                                      {"order_id", "orders", "order_id"},
                                      {"customer_id", "customers", "customer_id"},
                                      {"product_id", "products", "product_id"}};
constexpr ForeignKey kTicketKeys[] = {{"customer_id", "customers", "customer_id"},
                                      {"order_id", "orders", "order_id"}};
constexpr ForeignKey kCartKeys[] = {{"session_id", "sessions", "session_id"},
                                    {"customer_id", "customers", "customer_id"},
                                    {"recovered_order_id", "orders", "order_id"}};
constexpr ForeignKey kUpdateKeys[] = {{"product_id", "products", "product_id"}};
constexpr ForeignKey kEventKeys[] = {{"session_id", "sessions", "session_id"},
                                     {"customer_id", "customers", "customer_id"},
                                     {"product_id", "products", "product_id"}};

const std::array<TableDef, kTableCount> kTables = {{
    {TableId::kSuppliers,
     "suppliers",
     "Companies that stock the catalog.",
     kSupplierColumns,
     "supplier_id",
     {},
     "",
     "supplier_id"},
    {TableId::kProducts, "products", "The catalog: one row per product.", kProductColumns,
     "product_id", kProductKeys, "", "product_id"},
    {TableId::kCampaigns,
     "campaigns",
     "Marketing campaigns: channel, window, discount, target.",
     kCampaignColumns,
     "campaign_id",
     {},
     "",
     "campaign_id"},
    {TableId::kCustomers,
     "customers",
     "Registered customers with their demographics, location, persona and segment.",
     kCustomerColumns,
     "customer_id",
     {},
     "",
     "customer_id"},
    {TableId::kCustomerHistory, "customer_history",
     "SCD Type 2 history of the value segment: a new version when lifetime spend crosses a "
     "threshold.",
     kCustomerHistoryColumns, "customer_sk", kHistoryKeys, "", "customer_id"},
    {TableId::kSessions, "sessions", "One row per visit, with the aggregates of its events.",
     kSessionColumns, "session_id", kSessionKeys, "start_at", "visitor_id"},
    {TableId::kEvents, "events", "Clickstream: every step of every session.", kEventColumns,
     "event_id", kEventKeys, "ts", "visitor_id"},
    {TableId::kOrders, "orders", "One row per checkout that reached payment.", kOrderColumns,
     "order_id", kOrderKeys, "ordered_at", "visitor_id"},
    {TableId::kOrderItems, "order_items", "The lines of each order.", kOrderItemColumns,
     "order_item_id", kOrderItemKeys, "", "order_id"},
    {TableId::kPayments, "payments", "Every payment attempt, with fraud ground truth.",
     kPaymentColumns, "payment_id", kPaymentKeys, "ts", "visitor_id"},
    {TableId::kShipments, "shipments", "One per shipped order: carrier, promise, delivery.",
     kShipmentColumns, "shipment_id", kShipmentKeys, "shipped_at", "order_id"},
    {TableId::kReturns, "returns", "Returned order items.", kReturnColumns, "return_id",
     kReturnKeys, "requested_at", "visitor_id"},
    {TableId::kSupportTickets, "support_tickets", "Customer service tickets.", kTicketColumns,
     "ticket_id", kTicketKeys, "created_at", "visitor_id"},
    {TableId::kAbandonedCarts, "abandoned_carts",
     "Carts left behind, with the reason and the order that later recovered them.", kCartColumns,
     "cart_id", kCartKeys, "abandoned_at", "visitor_id"},
    {TableId::kProductUpdates, "product_updates", "Every change of price, discount and stock.",
     kUpdateColumns, "update_id", kUpdateKeys, "ts", "product_id"},
    {TableId::kSystemMetrics,
     "system_metrics",
     "Per-minute operational metrics of the store.",
     kMetricColumns,
     "minute",
     {},
     "minute",
     "minute"},
}};

}  // namespace

std::string_view TypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kInt32: return "int32";
    case ColumnType::kInt64: return "int64";
    case ColumnType::kDouble: return "double";
    case ColumnType::kBool: return "bool";
    case ColumnType::kString: return "string";
    case ColumnType::kEnum: return "enum";
    case ColumnType::kTimestamp: return "timestamp";
    case ColumnType::kDate: return "date";
    case ColumnType::kDecimal: return "decimal";
  }
  return "?";
}

int TableDef::ColumnIndex(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return static_cast<int>(i);
  }
  return -1;
}

std::span<const TableDef> AllTables() { return kTables; }

const TableDef& Table(TableId id) { return kTables[static_cast<size_t>(id)]; }

const TableDef* FindTable(std::string_view name) {
  for (const TableDef& t : kTables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::string TableNameList() {
  std::string out;
  for (const TableDef& t : kTables) {
    if (!out.empty()) out += ", ";
    out += t.name;
  }
  return out;
}

}  // namespace ecomsim
