#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The one definition of every table: its columns, their types, whether they may be null,
// what they mean, and the keys. CSV headers, JSON field names, Parquet schemas,
// PostgreSQL DDL and `ecomsim schema` all come from here.
namespace ecomsim {

enum class ColumnType : uint8_t {
  kInt32,
  kInt64,
  kDouble,
  kBool,
  kString,
  kEnum,       // a string from a small vocabulary, stored as a code into a dictionary
  kTimestamp,  // int64 microseconds since the epoch, UTC
  kDate,       // int32 days since the epoch
  kDecimal,    // int64 scaled integer: `scale` decimal digits (money: 2, cents)
};

std::string_view TypeName(ColumnType type);

struct ColumnDef {
  std::string_view name;
  ColumnType type;
  bool nullable;
  int scale;  // kDecimal only: digits after the point
  std::string_view description;
};

// A column of another table that this one refers to.
struct ForeignKey {
  std::string_view column;
  std::string_view table;
  std::string_view ref_column;
};

enum class TableId : uint8_t {
  kSuppliers,
  kProducts,
  kCustomers,
  kSessions,
  kEvents,
};
inline constexpr int kTableCount = 5;

struct TableDef {
  TableId id;
  std::string_view name;
  std::string_view description;
  std::span<const ColumnDef> columns;
  std::string_view primary_key;
  std::span<const ForeignKey> foreign_keys;
  // The timestamp column whose UTC date partitions the table under --partition-by day;
  // empty for tables that are never partitioned (the dimensions).
  std::string_view partition_column;

  int ColumnIndex(std::string_view column) const;  // -1 when absent
};

// All tables in dependency order (a table only refers to tables before it).
std::span<const TableDef> AllTables();
const TableDef& Table(TableId id);
// nullptr when no table has that name.
const TableDef* FindTable(std::string_view name);
// "suppliers, products, ...": for error messages and help.
std::string TableNameList();

// Column positions, one enum per table, in the order of the table's columns.
#define ECOMSIM_COLUMN_ENUM(name, type, nullable, scale, doc) k_##name,

#define ECOMSIM_SUPPLIERS_COLUMNS(X)                                                         \
  X(supplier_id, kInt64, false, 0, "Supplier key, 1..N.")                                    \
  X(name, kString, false, 0, "Company name.")                                                \
  X(country, kString, false, 0, "Country of the supplier's main warehouse.")                 \
  X(country_code, kString, false, 0, "ISO 3166-1 alpha-2 code of that country.")             \
  X(reliability, kDouble, false, 0, "Share of shipments the supplier hands over on time (0..1).") \
  X(lead_time_days, kInt32, false, 0, "Typical days from purchase order to stock.")

#define ECOMSIM_PRODUCTS_COLUMNS(X)                                                          \
  X(product_id, kInt64, false, 0, "Product key, 1..N.")                                      \
  X(sku, kString, false, 0, "Stock keeping unit, unique: category prefix and product id.")   \
  X(name, kString, false, 0, "Display name: brand, adjective and noun.")                     \
  X(category, kEnum, false, 0, "Top-level category.")                                        \
  X(subcategory, kString, false, 0, "Subcategory within the category.")                      \
  X(brand, kString, false, 0, "Brand name.")                                                 \
  X(supplier_id, kInt64, false, 0, "Supplier that stocks it (suppliers.supplier_id).")       \
  X(base_price, kDecimal, false, 2, "List price before discount, in the store currency.")   \
  X(discount_pct, kDecimal, false, 2, "Discount in percent at the start of the window (0 if none).") \
  X(current_price, kDecimal, false, 2, "base_price after discount, rounded to the cent.")     \
  X(cost, kDecimal, false, 2, "Unit cost to the store.")                                     \
  X(stock, kInt32, false, 0, "Units in stock at the start of the window.")                   \
  X(popularity_rank, kInt32, false, 0, "1 = most viewed; product views follow a Zipf law over this rank.") \
  X(created_at, kTimestamp, false, 0, "When the product was listed.")

#define ECOMSIM_CUSTOMERS_COLUMNS(X)                                                         \
  X(customer_id, kInt64, false, 0, "Customer key, 1..N.")                                    \
  X(first_name, kString, false, 0, "Given name.")                                            \
  X(last_name, kString, false, 0, "Family name.")                                            \
  X(email, kString, false, 0, "Email address, unique across customers.")                     \
  X(birth_year, kInt32, false, 0, "Year of birth.")                                          \
  X(generation, kEnum, false, 0, "Generation cohort from birth_year: gen_z, millennial, gen_x, boomer.") \
  X(country, kString, false, 0, "Country of residence.")                                     \
  X(country_code, kString, false, 0, "ISO 3166-1 alpha-2 code of the country.")              \
  X(city, kString, false, 0, "City of residence.")                                           \
  X(region, kEnum, false, 0, "World region: north_america, europe, asia, other.")            \
  X(latitude, kDouble, false, 0, "Latitude of the city, degrees.")                           \
  X(longitude, kDouble, false, 0, "Longitude of the city, degrees.")                         \
  X(utc_offset_minutes, kInt32, false, 0, "Standard offset of local time from UTC, minutes.") \
  X(registered_at, kTimestamp, false, 0, "Account creation; no activity precedes it.")      \
  X(acquisition_channel, kEnum, false, 0, "How the customer first came to the store.")       \
  X(preferred_device, kEnum, false, 0, "Device used for most sessions.")                     \
  X(persona, kEnum, false, 0, "Behavioural persona from the scenario (ground truth label).") \
  X(user_type, kEnum, false, 0, "new, regular or vip at the start of the window.")           \
  X(segment, kEnum, false, 0, "Value segment at the start of the window: bronze..platinum.")

#define ECOMSIM_SESSIONS_COLUMNS(X)                                                          \
  X(session_id, kInt64, false, 0, "Session key: customer_id * 1,000,000 + the customer's session number.") \
  X(customer_id, kInt64, false, 0, "customers.customer_id.")                                 \
  X(start_at, kTimestamp, false, 0, "Time of the session_start event.")                      \
  X(end_at, kTimestamp, false, 0, "Time of the session_end event.")                          \
  X(device_type, kEnum, false, 0, "mobile, desktop or tablet.")                              \
  X(os, kEnum, false, 0, "Operating system.")                                                \
  X(browser, kEnum, false, 0, "Browser, or app for the native app.")                         \
  X(channel, kEnum, false, 0, "web, mobile_web or app.")                                     \
  X(traffic_source, kEnum, false, 0, "Where the visit came from.")                           \
  X(campaign_id, kInt64, true, 0, "Marketing campaign that brought the visit, if any.")      \
  X(page_views, kInt32, false, 0, "Number of page_view events.")                             \
  X(products_viewed, kInt32, false, 0, "Number of product_view events.")                     \
  X(unique_products_viewed, kInt32, false, 0, "Distinct products viewed.")                   \
  X(searches, kInt32, false, 0, "Number of search events.")                                  \
  X(cart_additions, kInt32, false, 0, "Number of add_to_cart events.")                       \
  X(cart_removals, kInt32, false, 0, "Number of remove_from_cart events.")                   \
  X(cart_value, kDecimal, false, 2, "Value of the cart when the session ended or purchased.") \
  X(converted, kBool, false, 0, "Whether the session has a purchase event.")                 \
  X(purchase_value, kDecimal, false, 2, "Value of the purchase, 0 when not converted.")      \
  X(duration_s, kDecimal, false, 3, "end_at - start_at in seconds.")                         \
  X(bounce, kBool, false, 0, "True when the visitor left after a single page.")              \
  X(event_count, kInt32, false, 0, "Number of events, session_start and session_end included.")

#define ECOMSIM_EVENTS_COLUMNS(X)                                                            \
  X(event_id, kInt64, false, 0, "Event key: session_id * 10,000 + seq.")                     \
  X(session_id, kInt64, false, 0, "sessions.session_id.")                                    \
  X(customer_id, kInt64, false, 0, "customers.customer_id.")                                 \
  X(ts, kTimestamp, false, 0, "When it happened; strictly increasing within a session.")     \
  X(event_type, kEnum, false, 0, "session_start, page_view, search, product_view, scroll, add_to_cart, remove_from_cart, checkout_initiated, purchase, session_end.") \
  X(product_id, kInt64, true, 0, "Product concerned (product_view, add_to_cart, remove_from_cart).") \
  X(category, kEnum, true, 0, "Category of the product, or of the page browsed.")            \
  X(page_url, kString, false, 0, "Path of the page.")                                        \
  X(search_query, kString, true, 0, "What was searched (search events).")                    \
  X(quantity, kInt32, true, 0, "Units added or removed (cart events), items bought (purchase).") \
  X(price, kDecimal, true, 2, "Unit price (product and cart events) or order value (purchase).") \
  X(duration_s, kDecimal, false, 3, "Seconds until the next event of the session (0 for session_end).") \
  X(device_type, kEnum, false, 0, "mobile, desktop or tablet.")                              \
  X(seq, kInt32, false, 0, "Position in the session, from 0.")

namespace suppliers_col { enum : int { ECOMSIM_SUPPLIERS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count }; }
namespace products_col { enum : int { ECOMSIM_PRODUCTS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count }; }
namespace customers_col { enum : int { ECOMSIM_CUSTOMERS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count }; }
namespace sessions_col { enum : int { ECOMSIM_SESSIONS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count }; }
namespace events_col { enum : int { ECOMSIM_EVENTS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count }; }

}  // namespace ecomsim
