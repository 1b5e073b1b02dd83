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

#undef ECOMSIM_COLUMN_DEF

constexpr ForeignKey kProductKeys[] = {{"supplier_id", "suppliers", "supplier_id"}};
constexpr ForeignKey kSessionKeys[] = {{"customer_id", "customers", "customer_id"}};
constexpr ForeignKey kEventKeys[] = {{"session_id", "sessions", "session_id"},
                                     {"customer_id", "customers", "customer_id"},
                                     {"product_id", "products", "product_id"}};

const std::array<TableDef, kTableCount> kTables = {{
    {TableId::kSuppliers, "suppliers", "Companies that stock the catalog.", kSupplierColumns,
     "supplier_id", {}, ""},
    {TableId::kProducts, "products", "The catalog: one row per product.", kProductColumns,
     "product_id", kProductKeys, ""},
    {TableId::kCustomers, "customers",
     "Registered customers with their demographics, location, persona and segment.",
     kCustomerColumns, "customer_id", {}, ""},
    {TableId::kSessions, "sessions", "One row per visit, with the aggregates of its events.",
     kSessionColumns, "session_id", kSessionKeys, "start_at"},
    {TableId::kEvents, "events", "Clickstream: every step of every session.", kEventColumns,
     "event_id", kEventKeys, "ts"},
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
