#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

// What the fraud detector knows about a payment when it scores it, and about the
// person who pays: a customer (an account) or an anonymous visitor checking out as a
// guest, known by visitor_id either way (a customer's visitor_id is their customer_id). Nothing here can hold a label (is_fraud, fraud_type, fraud_score,
// sessions.origin, orders.is_fraud): the detector cannot read what it does not have.
namespace ecomsim::detect {

// A device type, as sessions.device_type names it.
enum class DeviceType : int8_t { kUnknown = -1, kMobile, kDesktop, kTablet };
inline constexpr int kDeviceTypeCount = 3;
// "mobile", "desktop", "tablet", "unknown".
const char* DeviceTypeName(DeviceType type);
// The type `name` names; kUnknown for anything else.
DeviceType ParseDeviceType(const char* data, size_t size);

// From the customers table: where the customer lives. A guest has no such row.
struct CustomerFacts {
  double latitude = 0;
  double longitude = 0;
  int32_t utc_offset_minutes = 0;
};

// One payment attempt with what is joined to it: its order's categories (order_items)
// and the device type of the session that placed the order (sessions). The payer is
// visitor_id; customer_id is the account signed in, absent (has_customer false) for a
// guest checkout.
struct PaymentFacts {
  int64_t payment_id = 0;
  int64_t order_id = 0;
  int64_t visitor_id = 0;
  int64_t customer_id = 0;  // meaningful only when has_customer
  Micros ts = 0;
  int64_t amount_cents = 0;
  bool has_customer = false;  // false: a guest checkout (payments.customer_id is null)
  bool succeeded = false;     // succeeded (or refunded later): the money moved
  uint64_t device = 0;     // a hash of payments.device_id
  double latitude = 0;
  double longitude = 0;
  DeviceType device_type = DeviceType::kUnknown;
  uint64_t categories = 0;  // CategoryBits of the order's items; 0 when unknown
};

// Category names as bits of a 64-bit set, each name its bit in order of first appearance
// (the 64th and later names share the last bit, which Names() calls by the 64th). A set of
// categories is an order's items or a customer's habits; only intersections matter, so the
// numbering (which differs between a file and a stream) never changes a result while there are
// fewer than 64 categories (the catalog has 13). Not thread-safe.
class CategoryBits {
 public:
  static constexpr int kMaxBits = 64;
  uint64_t Bit(std::string_view name);
  // "books, clothing": the names of the bits in `set`, sorted (not in bit order, which
  // depends on what was read first).
  std::string Names(uint64_t set) const;
  std::vector<std::string_view> NameList(uint64_t set) const;

 private:
  std::vector<std::string> names_;
};

}  // namespace ecomsim::detect
