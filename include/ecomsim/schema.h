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
  kCampaigns,
  kCustomers,
  kCustomerHistory,
  kSessions,
  kEvents,
  kOrders,
  kOrderItems,
  kPayments,
  kShipments,
  kReturns,
  kSupportTickets,
  kAbandonedCarts,
  kProductUpdates,
  kSystemMetrics,
};
inline constexpr int kTableCount = 16;

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
  // The column whose value keys the table's messages in a stream: what a consumer groups
  // by stays in one partition, in order (a person's activity by visitor_id, product
  // updates by product_id, ...).
  std::string_view stream_key;

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

#define ECOMSIM_SUPPLIERS_COLUMNS(X)                                                              \
  X(supplier_id, kInt64, false, 0, "Supplier key, 1..N.")                                         \
  X(name, kString, false, 0, "Company name.")                                                     \
  X(country, kString, false, 0, "Country of the supplier's main warehouse.")                      \
  X(country_code, kString, false, 0, "ISO 3166-1 alpha-2 code of that country.")                  \
  X(reliability, kDouble, false, 0, "Share of shipments the supplier hands over on time (0..1).") \
  X(lead_time_days, kInt32, false, 0, "Typical days from purchase order to stock.")

#define ECOMSIM_PRODUCTS_COLUMNS(X)                                                        \
  X(product_id, kInt64, false, 0, "Product key, 1..N.")                                    \
  X(sku, kString, false, 0, "Stock keeping unit, unique: category prefix and product id.") \
  X(name, kString, false, 0, "Display name: brand, adjective and noun.")                   \
  X(category, kEnum, false, 0, "Top-level category.")                                      \
  X(subcategory, kString, false, 0, "Subcategory within the category.")                    \
  X(brand, kString, false, 0, "Brand name.")                                               \
  X(supplier_id, kInt64, false, 0, "Supplier that stocks it (suppliers.supplier_id).")     \
  X(base_price, kDecimal, false, 2, "List price before discount, in the store currency.")  \
  X(discount_pct, kDecimal, false, 2,                                                      \
    "Discount in percent at the start of the window (0 if none).")                         \
  X(current_price, kDecimal, false, 2, "base_price after discount, rounded to the cent.")  \
  X(cost, kDecimal, false, 2, "Unit cost to the store.")                                   \
  X(stock, kInt32, false, 0, "Units in stock at the start of the window.")                 \
  X(popularity_rank, kInt32, false, 0,                                                     \
    "1 = most viewed; product views follow a Zipf law over this rank.")                    \
  X(created_at, kTimestamp, false, 0, "When the product was listed.")

#define ECOMSIM_CUSTOMERS_COLUMNS(X)                                                          \
  X(customer_id, kInt64, false, 0, "Customer key = the visitor_id of the person (1..N: accounts "   \
    "at the start; above N: visitors who registered in the window).")                          \
  X(first_name, kString, false, 0, "Given name.")                                             \
  X(last_name, kString, false, 0, "Family name.")                                             \
  X(email, kString, false, 0, "Email address, unique across customers.")                      \
  X(birth_year, kInt32, false, 0, "Year of birth.")                                           \
  X(generation, kEnum, false, 0,                                                              \
    "Generation cohort from birth_year: gen_z, millennial, gen_x, boomer.")                   \
  X(country, kString, false, 0, "Country of residence.")                                      \
  X(country_code, kString, false, 0, "ISO 3166-1 alpha-2 code of the country.")               \
  X(city, kString, false, 0, "City of residence.")                                            \
  X(region, kEnum, false, 0, "World region: north_america, europe, asia, other.")             \
  X(latitude, kDouble, false, 0, "Latitude of the city, degrees.")                            \
  X(longitude, kDouble, false, 0, "Longitude of the city, degrees.")                          \
  X(utc_offset_minutes, kInt32, false, 0, "Standard offset of local time from UTC, minutes.") \
  X(registered_at, kTimestamp, false, 0, "Account creation; no activity precedes it.")        \
  X(acquisition_channel, kEnum, false, 0, "How the customer first came to the store.")        \
  X(preferred_device, kEnum, false, 0, "Device used for most sessions.")                      \
  X(persona, kEnum, false, 0, "Behavioural persona from the scenario (ground truth label).")  \
  X(user_type, kEnum, false, 0, "new, regular or vip at the start of the window.")            \
  X(segment, kEnum, false, 0,                                                                 \
    "Current value segment (at the end of the window): bronze..platinum; history in "         \
    "customer_history.")

#define ECOMSIM_SESSIONS_COLUMNS(X)                                                                \
  X(session_id, kInt64, false, 0,                                                                  \
    "Session key: visitor_id * 1,000,000 + the visitor's session number.")                          \
  X(customer_id, kInt64, true, 0, "customers.customer_id; null when no customer is signed in.")    \
  X(visitor_id, kInt64, false, 0, "The person: their cookie, kept across sign-ins.")               \
  X(start_at, kTimestamp, false, 0, "Time of the session_start event.")                            \
  X(end_at, kTimestamp, true, 0,                                                                   \
    "Time of the session_end event; null for a session still open when the window ended "          \
    "(scenarios whose session.at_window_end is cut).")                                             \
  X(device_type, kEnum, false, 0, "mobile, desktop or tablet.")                                    \
  X(os, kEnum, false, 0, "Operating system.")                                                      \
  X(browser, kEnum, false, 0, "Browser, or app for the native app.")                               \
  X(channel, kEnum, false, 0, "web, mobile_web or app.")                                           \
  X(traffic_source, kEnum, false, 0, "Where the visit came from.")                                 \
  X(campaign_id, kInt64, true, 0,                                                                  \
    "Marketing campaign that brought the visit, if any (campaigns.campaign_id).")                  \
  X(origin, kEnum, false, 0,                                                                       \
    "Why it happened: visit, cart_reminder (an abandoned-cart reminder), account_takeover "        \
    "(fraud; ground truth).")                                                                      \
  X(page_views, kInt32, false, 0, "Number of page_view events.")                                   \
  X(products_viewed, kInt32, false, 0, "Number of product_view events.")                           \
  X(unique_products_viewed, kInt32, false, 0, "Distinct products viewed.")                         \
  X(searches, kInt32, false, 0, "Number of search events.")                                        \
  X(cart_additions, kInt32, false, 0, "Number of add_to_cart events.")                             \
  X(cart_removals, kInt32, false, 0, "Number of remove_from_cart events.")                         \
  X(cart_value, kDecimal, false, 2, "Value of the cart when the session ended or purchased.")      \
  X(converted, kBool, false, 0, "Whether the session has a purchase event.")                       \
  X(purchase_value, kDecimal, false, 2, "Value of the purchase, 0 when not converted.")            \
  X(duration_s, kDecimal, true, 3,                                                                 \
    "end_at - start_at in seconds; null while the session is open.")                               \
  X(bounce, kBool, false, 0, "True when the visitor left after a single page (false while open).") \
  X(event_count, kInt32, false, 0,                                                                 \
    "Number of events, session_start and session_end (if any) included.")

#define ECOMSIM_EVENTS_COLUMNS(X)                                                                  \
  X(event_id, kInt64, false, 0, "Event key: session_id * 10,000 + seq.")                           \
  X(session_id, kInt64, false, 0, "sessions.session_id.")                                          \
  X(customer_id, kInt64, true, 0, "customers.customer_id; null when no customer is signed in.")    \
  X(visitor_id, kInt64, false, 0, "The person: their cookie, kept across sign-ins.")               \
  X(ts, kTimestamp, false, 0, "When it happened; strictly increasing within a session.")           \
  X(event_type, kEnum, false, 0,                                                                   \
    "session_start, page_view, search, product_view, scroll, add_to_cart, remove_from_cart, "      \
    "checkout_initiated, purchase, session_end.")                                                  \
  X(product_id, kInt64, true, 0,                                                                   \
    "Product concerned (product_view, add_to_cart, remove_from_cart).")                            \
  X(category, kEnum, true, 0, "Category of the product, or of the page browsed.")                  \
  X(page_url, kString, false, 0, "Path of the page.")                                              \
  X(search_query, kString, true, 0, "What was searched (search events).")                          \
  X(quantity, kInt32, true, 0, "Units added or removed (cart events), items bought (purchase).")   \
  X(price, kDecimal, true, 2, "Unit price (product and cart events) or order value (purchase).")   \
  X(duration_s, kDecimal, false, 3,                                                                \
    "Seconds until the next event of the session (0 for session_end, and for the last event of a " \
    "session still open at the window's end).")                                                    \
  X(device_type, kEnum, false, 0, "mobile, desktop or tablet.")                                    \
  X(seq, kInt32, false, 0, "Position in the session, from 0.")

#define ECOMSIM_CAMPAIGNS_COLUMNS(X)                                                              \
  X(campaign_id, kInt64, false, 0, "Campaign key, 1..N.")                                         \
  X(name, kString, false, 0, "Campaign name.")                                                    \
  X(channel, kEnum, false, 0,                                                                     \
    "Marketing channel: email, paid_social, paid_search, influencer, affiliate, display.")        \
  X(start_at, kTimestamp, false, 0, "First moment the campaign runs.")                            \
  X(end_at, kTimestamp, false, 0, "Moment it stops (exclusive).")                                 \
  X(discount_pct, kDecimal, false, 2, "Discount on targeted items of orders it brings, percent.") \
  X(target, kString, false, 0, "Category it promotes, or 'all'.")

#define ECOMSIM_CUSTOMER_HISTORY_COLUMNS(X)                                                        \
  X(customer_sk, kInt64, false, 0,                                                                 \
    "Surrogate key of this version: customer_id * 1,000 + version.")                               \
  X(customer_id, kInt64, false, 0, "customers.customer_id.")                                       \
  X(version, kInt32, false, 0, "1 for the first version, then 2, 3, ...")                          \
  X(segment, kEnum, false, 0, "Value segment in this version.")                                    \
  X(lifetime_spend, kDecimal, false, 2, "Lifetime spend when the version began.")                  \
  X(valid_from, kTimestamp, false, 0, "When the version took effect.")                             \
  X(valid_to, kTimestamp, true, 0, "When the next version took effect; null for the current one.") \
  X(is_current, kBool, false, 0, "True for exactly one version per customer.")

#define ECOMSIM_ORDERS_COLUMNS(X)                                                                \
  X(order_id, kInt64, false, 0, "Order key: the session_id of the session that placed it.")      \
  X(customer_id, kInt64, true, 0, "customers.customer_id; null when no customer is signed in.")  \
  X(visitor_id, kInt64, false, 0, "The person: their cookie, kept across sign-ins.")             \
  X(session_id, kInt64, false, 0, "sessions.session_id of the checkout.")                        \
  X(ordered_at, kTimestamp, false, 0,                                                            \
    "Time of the purchase (or of the last failed payment attempt).")                             \
  X(status, kEnum, false, 0,                                                                     \
    "As of the end of the window: completed, shipped, pending, cancelled, refunded, failed.")    \
  X(channel, kEnum, false, 0, "web, mobile_web or app.")                                         \
  X(payment_method, kEnum, false, 0, "Method of the last payment attempt.")                      \
  X(item_count, kInt32, false, 0, "Units ordered (sum of order_items.quantity).")                \
  X(subtotal, kDecimal, false, 2, "Sum of order_items.line_total.")                              \
  X(discount, kDecimal, false, 2,                                                                \
    "Campaign discount: sum over items of line_total * discount_pct / 100, rounded per item.")   \
  X(shipping, kDecimal, false, 2, "Shipping charged.")                                           \
  X(tax, kDecimal, false, 2, "Tax on subtotal - discount + shipping.")                           \
  X(total, kDecimal, false, 2, "subtotal - discount + shipping + tax.")                          \
  X(currency, kString, false, 0, "ISO 4217 code of the store currency.")                         \
  X(campaign_id, kInt64, true, 0, "Campaign the order is attributed to (that of its session).")  \
  X(recovered_cart_id, kInt64, true, 0, "abandoned_carts.cart_id this order recovered, if any.") \
  X(is_fraud, kBool, false, 0, "Ground truth: placed by a fraudster.")

#define ECOMSIM_ORDER_ITEMS_COLUMNS(X)                                            \
  X(order_item_id, kInt64, false, 0, "Key: order_id * 100 + line.")               \
  X(order_id, kInt64, false, 0, "orders.order_id.")                               \
  X(product_id, kInt64, false, 0, "products.product_id.")                         \
  X(category, kEnum, false, 0, "Category of the product.")                        \
  X(quantity, kInt32, false, 0, "Units.")                                         \
  X(unit_price, kDecimal, false, 2,                                               \
    "Price of one unit when ordered (after the product's own discount).")         \
  X(discount_pct, kDecimal, false, 2, "Campaign discount on this line, percent.") \
  X(line_total, kDecimal, false, 2, "unit_price * quantity, before the campaign discount.")

#define ECOMSIM_PAYMENTS_COLUMNS(X)                                                         \
  X(payment_id, kInt64, false, 0, "Key: order_id * 100 + attempt.")                         \
  X(order_id, kInt64, false, 0, "orders.order_id.")                                         \
  X(customer_id, kInt64, true, 0, "customers.customer_id; null when no customer is signed in.") \
  X(visitor_id, kInt64, false, 0, "The person: their cookie, kept across sign-ins.")        \
  X(ts, kTimestamp, false, 0, "Time of the attempt.")                                       \
  X(attempt, kInt32, false, 0, "1 for the first attempt of the order, then 2, 3, ...")      \
  X(amount, kDecimal, false, 2, "Amount charged or attempted.")                             \
  X(method, kEnum, false, 0,                                                                \
    "card, paypal, apple_pay, google_pay, bnpl, upi, bank_transfer, cod.")                  \
  X(status, kEnum, false, 0,                                                                \
    "succeeded, declined, failed, or refunded (succeeded, then returned).")                 \
  X(failure_reason, kEnum, true, 0, "Why a declined or failed attempt did not go through.") \
  X(device_id, kString, false, 0, "Device fingerprint of the payer.")                       \
  X(ip_country, kString, false, 0, "ISO code of the country the request came from.")        \
  X(latitude, kDouble, false, 0, "Geolocation of the request, degrees.")                    \
  X(longitude, kDouble, false, 0, "Geolocation of the request, degrees.")                   \
  X(is_fraud, kBool, false, 0, "Ground truth label.")                                       \
  X(fraud_type, kEnum, true, 0,                                                             \
    "Pattern of a fraudulent payment: velocity_burst, impossible_travel, amount_outlier, "  \
    "odd_hour, new_device, unusual_category.")                                              \
  X(fraud_score, kDouble, false, 0,                                                         \
    "Risk score 0..1 of the store's model: informative, not perfect.")

#define ECOMSIM_SHIPMENTS_COLUMNS(X)                                                    \
  X(shipment_id, kInt64, false, 0, "Key: the order_id.")                                \
  X(order_id, kInt64, false, 0, "orders.order_id.")                                     \
  X(carrier, kEnum, false, 0, "Carrier.")                                               \
  X(supplier_id, kInt64, false, 0, "Supplier of the order's first item, who ships it.") \
  X(shipped_at, kTimestamp, false, 0, "Handed to the carrier.")                         \
  X(promised_at, kTimestamp, false, 0, "Delivery promised to the customer.")            \
  X(delivered_at, kTimestamp, true, 0,                                                  \
    "Delivered; null while in transit at the end of the window.")                       \
  X(delay_days, kInt32, true, 0,                                                        \
    "Whole days delivered after the promise (0 if on time); null while in transit.")

#define ECOMSIM_RETURNS_COLUMNS(X)                                                         \
  X(return_id, kInt64, false, 0, "Key: the order_item_id.")                                \
  X(order_item_id, kInt64, false, 0, "order_items.order_item_id.")                         \
  X(order_id, kInt64, false, 0, "orders.order_id.")                                        \
  X(customer_id, kInt64, true, 0, "customers.customer_id; null when no customer is signed in.") \
  X(visitor_id, kInt64, false, 0, "The person: their cookie, kept across sign-ins.")       \
  X(product_id, kInt64, false, 0, "products.product_id.")                                  \
  X(requested_at, kTimestamp, false, 0, "When the customer asked; after delivery.")        \
  X(reason, kEnum, false, 0, "Why.")                                                       \
  X(status, kEnum, false, 0,                                                               \
    "As of the end of the window: requested, approved, refunded, rejected.")               \
  X(refund_amount, kDecimal, false, 2, "What the customer gets back (0 unless refunded).") \
  X(resolved_at, kTimestamp, true, 0, "When it was refunded or rejected.")

#define ECOMSIM_SUPPORT_TICKETS_COLUMNS(X)                                                   \
  X(ticket_id, kInt64, false, 0, "Key: session_id or order_id * 10 + n.")                    \
  X(customer_id, kInt64, true, 0, "customers.customer_id; null when no customer is signed in.") \
  X(visitor_id, kInt64, false, 0, "The person: their cookie, kept across sign-ins.")         \
  X(order_id, kInt64, true, 0, "The order it is about, if any.")                             \
  X(created_at, kTimestamp, false, 0, "Opened.")                                             \
  X(channel, kEnum, false, 0, "email, chat, phone, whatsapp, social.")                       \
  X(category, kEnum, false, 0, "delivery, payment, return, product, account, order_change.") \
  X(priority, kEnum, false, 0, "low, medium, high, urgent.")                                 \
  X(resolved_at, kTimestamp, true, 0, "Closed; null while open at the end of the window.")   \
  X(satisfaction, kInt32, true, 0, "Survey score 1..5 after resolution, when answered.")

#define ECOMSIM_ABANDONED_CARTS_COLUMNS(X)                                                 \
  X(cart_id, kInt64, false, 0, "Key: the session_id.")                                     \
  X(session_id, kInt64, false, 0, "sessions.session_id.")                                  \
  X(customer_id, kInt64, true, 0, "customers.customer_id; null when no customer is signed in.") \
  X(visitor_id, kInt64, false, 0, "The person: their cookie, kept across sign-ins.")       \
  X(abandoned_at, kTimestamp, false, 0, "End of the session that left it.")                \
  X(stage, kEnum, false, 0, "How far it got: cart, checkout, payment (a payment failed).") \
  X(items, kInt32, false, 0, "Units in the cart.")                                         \
  X(cart_value, kDecimal, false, 2, "Value of the cart.")                                  \
  X(reason, kEnum, false, 0, "Why it was left (ground truth).")                            \
  X(recovered_order_id, kInt64, true, 0, "The later order that bought it, if any.")

#define ECOMSIM_PRODUCT_UPDATES_COLUMNS(X)                                               \
  X(update_id, kInt64, false, 0, "Key: product_id * 1,000,000 + n.")                     \
  X(product_id, kInt64, false, 0, "products.product_id.")                                \
  X(ts, kTimestamp, false, 0, "When the change took effect.")                            \
  X(change, kEnum, false, 0, "price (base price), discount (percent) or stock (units).") \
  X(old_value, kDecimal, false, 2, "Value before.")                                      \
  X(new_value, kDecimal, false, 2, "Value after.")                                       \
  X(cause, kEnum, false, 0,                                                              \
    "repricing, promotion_start, promotion_end, sales (a day's orders), restock.")

#define ECOMSIM_SYSTEM_METRICS_COLUMNS(X)                                                    \
  X(minute, kTimestamp, false, 0, "Start of the minute.")                                    \
  X(requests, kInt64, false, 0, "HTTP requests served (about three per clickstream event).") \
  X(events, kInt64, false, 0, "Clickstream events in the minute.")                           \
  X(active_sessions, kInt32, false, 0, "Sessions open at some point of the minute.")         \
  X(orders, kInt32, false, 0, "Orders placed.")                                              \
  X(revenue, kDecimal, false, 2, "Sum of the totals of the orders placed.")                  \
  X(payment_attempts, kInt32, false, 0, "Payment attempts.")                                 \
  X(p50_latency_ms, kDouble, false, 0, "Median response time; rises with load.")             \
  X(p95_latency_ms, kDouble, false, 0, "95th percentile response time; rises with load.")    \
  X(error_rate, kDouble, false, 0, "Share of requests that failed; rises with load.")        \
  X(payment_success_rate, kDouble, true, 0,                                                  \
    "Succeeded / attempted payments; null without attempts.")

namespace suppliers_col {
enum : int { ECOMSIM_SUPPLIERS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace products_col {
enum : int { ECOMSIM_PRODUCTS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace customers_col {
enum : int { ECOMSIM_CUSTOMERS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace sessions_col {
enum : int { ECOMSIM_SESSIONS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace events_col {
enum : int { ECOMSIM_EVENTS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace campaigns_col {
enum : int { ECOMSIM_CAMPAIGNS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace customer_history_col {
enum : int { ECOMSIM_CUSTOMER_HISTORY_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace orders_col {
enum : int { ECOMSIM_ORDERS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace order_items_col {
enum : int { ECOMSIM_ORDER_ITEMS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace payments_col {
enum : int { ECOMSIM_PAYMENTS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace shipments_col {
enum : int { ECOMSIM_SHIPMENTS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace returns_col {
enum : int { ECOMSIM_RETURNS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace support_tickets_col {
enum : int { ECOMSIM_SUPPORT_TICKETS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace abandoned_carts_col {
enum : int { ECOMSIM_ABANDONED_CARTS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace product_updates_col {
enum : int { ECOMSIM_PRODUCT_UPDATES_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}
namespace system_metrics_col {
enum : int { ECOMSIM_SYSTEM_METRICS_COLUMNS(ECOMSIM_COLUMN_ENUM) k_count };
}

}  // namespace ecomsim
