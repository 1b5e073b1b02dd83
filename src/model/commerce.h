#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"
#include "model/checkout.h"
#include "model/customer_state.h"
#include "model/session.h"
#include "model/world.h"
#include "schema/vocabulary.h"

namespace ecomsim {

struct OrderRow {
  int64_t order_id;
  int64_t customer_id;  // 0 for a guest
  int64_t visitor_id;
  int64_t session_id;
  Micros ordered_at;
  OrderStatus status;
  Channel channel;
  PaymentMethod payment_method;
  OrderTotals totals;
  int64_t campaign_id;        // 0 when none
  int64_t recovered_cart_id;  // 0 when none
  bool is_fraud;
  // When the order reached `status`: ordered_at for failed and pending orders, the
  // chargeback or cancellation, the shipping, the delivery, or the last refund. Not a
  // column: the stream sends the order again when its status changes.
  Micros status_at;
};

struct OrderItemRow {
  int64_t order_item_id;
  int64_t order_id;
  int64_t product_id;
  int16_t category;
  int32_t quantity;
  int64_t unit_price_cents;
  int64_t discount_bp;
  int64_t line_total_cents;
};

struct PaymentRow {
  int64_t payment_id;
  int64_t order_id;
  int64_t customer_id;  // 0 for a guest
  int64_t visitor_id;
  int32_t attempt;
  PaymentAttempt attempt_data;
};

struct ShipmentRow {
  int64_t order_id;
  Carrier carrier;
  int64_t supplier_id;
  Micros shipped_at;
  Micros promised_at;
  Micros delivered_at;  // -1 while in transit
  int32_t delay_days;   // -1 while in transit
};

struct ReturnRow {
  int64_t order_item_id;
  int64_t order_id;
  int64_t customer_id;  // 0 for a guest
  int64_t visitor_id;
  int64_t product_id;
  Micros requested_at;
  ReturnReason reason;
  ReturnStatus status;
  int64_t refund_cents;
  Micros resolved_at;  // -1 if not yet
};

struct TicketRow {
  int64_t ticket_id;
  int64_t customer_id;  // 0 for a guest
  int64_t visitor_id;
  int64_t order_id;  // 0 when none
  Micros created_at;
  TicketChannel channel;
  TicketCategory category;
  TicketPriority priority;
  Micros resolved_at;    // -1 while open
  int32_t satisfaction;  // 0 when not answered
};

struct CartRow {
  int64_t session_id;
  int64_t visitor_id;
  AbandonedCart cart;  // its customer_id: 0 when the session was anonymous
};

struct HistoryRow {
  int64_t customer_id;
  int32_t version;
  SegmentVersion v;
  Micros valid_to;  // -1 for the current version
};

// What one session caused (or, at the end of a customer, what the customer's history
// holds), ready to be written. Reused: Clear() keeps the buffers.
struct CommerceRecord {
  std::vector<OrderRow> orders;
  std::vector<OrderItemRow> items;
  std::vector<PaymentRow> payments;
  std::vector<ShipmentRow> shipments;
  std::vector<ReturnRow> returns;
  std::vector<TicketRow> tickets;
  std::vector<CartRow> carts;
  std::vector<HistoryRow> history;
  void Clear();
};

// The consequences of sessions: a checkout makes an order, its items and payments; a
// paid order ships (later when the supplier is unreliable or the store is busy), may be
// cancelled, returned in part or charged back; late deliveries, failed payments and
// returns raise the chance of a support ticket; a cart left behind is kept with a
// reason and may be recovered by a reminder-driven visit; spend moves the customer
// across segments. Everything is as of the end of the window.
//
// Randomness comes from the session's own stream, so the result depends only on the
// world, the customer and the session. One per worker; not thread-safe.
class CommerceSimulator {
 public:
  explicit CommerceSimulator(const World& world) : world_(world) {}

  // Handles one finished session of the customer: appends its rows to `out` and updates
  // `state` (spend, segment versions, carts, scheduled recovery visits).
  void OnSession(CustomerState& state, const SessionRecord& session, CommerceRecord& out);
  // After the customer's last session: the abandoned carts and the segment history.
  void FinishCustomer(CustomerState& state, CommerceRecord& out);

 private:
  void Fulfil(const CustomerState& state, const SessionRecord& session, OrderRow& order, Rng& rng,
              CommerceRecord& out);
  // A ticket by `customer_id` (0 for a guest or an anonymous visitor) about `order_id`.
  void MaybeTicket(const CustomerState& state, int64_t customer_id, int64_t order_id, Micros after,
                   TicketCategory category, double probability, bool severe, int k, Rng& rng,
                   CommerceRecord& out);
  void AbandonCart(CustomerState& state, const SessionRecord& session, Rng& rng);

  const World& world_;
};

}  // namespace ecomsim
