#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"
#include "ecomsim/batch.h"
#include "jobs/activity_checks.h"
#include "jobs/check_support.h"

// The checks on what purchases cause: order money, payments, shipments, returns, support
// tickets and abandoned carts, each against the orders it belongs to.
namespace ecomsim::validation {

// Reads orders, order_items, payments, shipments, returns, support_tickets and
// abandoned_carts (in schema order) and runs "order_money", "payments", "registration"
// (orders), "shipments", "returns", "support_tickets" and "abandoned_carts". Keeps the
// orders (~140 bytes each), the order items (24 bytes) and the deliveries (16 bytes).
// Not thread-safe: one thread feeds it, in schema order.
class CommerceChecks {
 public:
  // `activity` gives the customers (for registration); it must have read them first.
  CommerceChecks(const TableStates& states, const ActivityChecks& activity);

  static bool Handles(TableId id);
  void OnBatch(const Batch& batch);
  void EndTable(TableId id);
  // After the last table: the per-order sums of items and payments.
  void Finish();

  void CollectParts(std::vector<const Part*>& out) const;

 private:
  struct OrderRow {
    int64_t id;
    int64_t customer_id;
    Micros ordered_at;
    int64_t subtotal;
    int64_t discount;
    int64_t shipping;
    int64_t tax;
    int64_t total;
    int64_t item_count;
    int8_t status;  // OrderStatus, -1 when unknown
    // From order_items.
    int32_t items;
    int64_t items_subtotal;
    int64_t items_discount;
    int64_t items_units;
    // From payments: the attempt with the highest number, and one that took the total.
    int32_t payments;
    int8_t last_status;  // PaymentStatus, -1 when unknown
    int64_t last_attempt;
    int64_t last_payment_id;
    int64_t last_amount;
    int64_t paid_payment_id;  // 0 when none took the total
  };
  struct ItemRow {
    int64_t id;
    int64_t order_id;
    int64_t product_id;
  };
  struct DeliveryRow {
    int64_t id;           // the order_id
    Micros delivered_at;  // the earliest delivery of the order, kNotDelivered when none
  };

  void OnOrders(const Batch& batch);
  void OnItems(const Batch& batch);
  void OnPayments(const Batch& batch);
  void OnShipments(const Batch& batch);
  void OnReturns(const Batch& batch);
  void OnTickets(const Batch& batch);
  void OnCarts(const Batch& batch);
  OrderRow* FindOrder(int64_t id);

  const TableStates& states_;
  const ActivityChecks& activity_;
  Part registration_;
  Part money_;
  Part payments_;
  Part shipments_;
  Part returns_;
  Part tickets_;
  Part carts_;

  std::vector<OrderRow> orders_;
  std::vector<ItemRow> items_;
  std::vector<DeliveryRow> deliveries_;
  OrderRow* cached_order_ = nullptr;
  CodeMap codes_;
};

}  // namespace ecomsim::validation
