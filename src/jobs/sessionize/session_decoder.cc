#include "jobs/sessionize/session_decoder.h"

namespace ecomsim::sessionize {
namespace {

enum Col : int { kTs, kEventType, kCustomerId, kProductId, kPrice, kQuantity, kDeviceType };

// Extends `codes` (one entry per dictionary code) to the dictionary's size.
template <typename Enum, size_t N>
void Learn(const EnumDictionary& dictionary, const std::string_view (&names)[N],
           std::vector<int>& codes) {
  while (codes.size() < dictionary.size()) {
    const std::string_view word = dictionary.entries()[codes.size()];
    int found = -1;
    for (size_t i = 0; i < N; ++i) {
      if (names[i] == word) found = static_cast<int>(i);
    }
    codes.push_back(found);
  }
}

}  // namespace

Result<std::unique_ptr<SessionDecoder>> SessionDecoder::Make() {
  Result<std::unique_ptr<ProjectedRowDecoder>> rows = ProjectedRowDecoder::Make(
      TableId::kEvents,
      {"ts", "event_type", "customer_id", "product_id", "price", "quantity", "device_type"});
  if (!rows.ok()) return rows.status();
  return std::unique_ptr<SessionDecoder>(new SessionDecoder(std::move(*rows)));
}

bool SessionDecoder::Decode(std::string_view key, std::string_view value, SessionEvent& e,
                            std::string& why) {
  if (key.empty()) {
    why = "no key: whose event it is cannot be told";
    return false;
  }
  if (!rows_->Decode(value)) {
    why = "events: " + rows_->error();
    return false;
  }
  const Batch& b = rows_->batch();
  const int64_t type_code = b.column(kEventType).ints[0];
  const int64_t device_code = b.column(kDeviceType).ints[0];
  Learn<EventType>(rows_->dictionary(kEventType), kEventTypeNames, event_types_);
  Learn<Device>(rows_->dictionary(kDeviceType), kDeviceNames, devices_);
  const int type = event_types_[static_cast<size_t>(type_code)];
  const int device = devices_[static_cast<size_t>(device_code)];
  if (type < 0) {
    why = "events: unknown event_type '" + std::string(b.column(kEventType).EnumAt(0)) + "'";
    return false;
  }
  if (device < 0) {
    why = "events: unknown device_type '" + std::string(b.column(kDeviceType).EnumAt(0)) + "'";
    return false;
  }
  e.ts = b.column(kTs).ints[0];
  e.type = static_cast<EventType>(type);
  e.device = static_cast<Device>(device);
  const Column& customer = b.column(kCustomerId);
  e.has_customer = !customer.IsNull(0);
  e.customer_id = e.has_customer ? customer.ints[0] : 0;
  const Column& product = b.column(kProductId);
  e.product_id = product.IsNull(0) ? 0 : product.ints[0];
  const Column& price = b.column(kPrice);
  e.has_price = !price.IsNull(0);
  e.price_cents = e.has_price ? price.ints[0] : 0;
  const Column& quantity = b.column(kQuantity);
  e.quantity = quantity.IsNull(0) ? 0 : static_cast<int32_t>(quantity.ints[0]);
  return true;
}

}  // namespace ecomsim::sessionize
