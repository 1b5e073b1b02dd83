#pragma once

// The general decoder of an events message, read the way ecomsim sessionize reads an
// event: the JSON Lines reader's row decoder through a projection onto the seven columns
// the job uses (sources/projected_row_decoder.h). SessionDecoder, the job's own, must
// accept exactly what this accepts and read the same values: the sessionize unit tests
// and the sessionize fuzz target hold it to that.

#include <cstdlib>
#include <memory>
#include <string_view>

#include "jobs/sessionize/session_decoder.h"
#include "sources/projected_row_decoder.h"

namespace ecomsim::sessionize {

class GeneralEventDecoder {
 public:
  GeneralEventDecoder() {
    Result<std::unique_ptr<ProjectedRowDecoder>> rows = ProjectedRowDecoder::Make(
        TableId::kEvents,
        {"ts", "event_type", "customer_id", "product_id", "price", "quantity", "device_type"});
    if (!rows.ok()) std::abort();
    rows_ = std::move(*rows);
  }
  // False when the general decoder turns the value away, or names an event type or
  // device the job does not know.
  bool Decode(std::string_view value, SessionEvent& e) {
    if (!rows_->Decode(value)) return false;
    const Batch& b = rows_->batch();
    const int type = Index(kEventTypeNames, b.column(1).EnumAt(0));
    const int device = Index(kDeviceNames, b.column(6).EnumAt(0));
    if (type < 0 || device < 0) return false;
    e = SessionEvent{};
    e.ts = b.column(0).ints[0];
    e.type = static_cast<EventType>(type);
    e.has_customer = !b.column(2).IsNull(0);
    if (e.has_customer) e.customer_id = b.column(2).ints[0];
    if (!b.column(3).IsNull(0)) e.product_id = b.column(3).ints[0];
    e.has_price = !b.column(4).IsNull(0);
    if (e.has_price) e.price_cents = b.column(4).ints[0];
    if (!b.column(5).IsNull(0)) e.quantity = static_cast<int32_t>(b.column(5).ints[0]);
    e.device = static_cast<Device>(device);
    return true;
  }

 private:
  template <size_t N>
  static int Index(const std::string_view (&names)[N], std::string_view name) {
    for (size_t i = 0; i < N; ++i) {
      if (names[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
  std::unique_ptr<ProjectedRowDecoder> rows_;
};

}  // namespace ecomsim::sessionize
