#include "jobs/commerce_checks.h"

#include <algorithm>
#include <limits>

#include "schema/vocabulary.h"

namespace ecomsim::validation {
namespace {

__extension__ using Int128 = __int128;

constexpr Micros kNotDelivered = std::numeric_limits<Micros>::max();
constexpr int kFailed = static_cast<int>(OrderStatus::kFailed);
constexpr int kSucceeded = static_cast<int>(PaymentStatus::kSucceeded);
constexpr int kRefunded = static_cast<int>(PaymentStatus::kRefunded);
// discount_pct is a percentage with two decimals: 100% is 10,000.
constexpr int64_t kPercentScale = 10'000;

Part MakePart(std::string_view check, std::string label, std::vector<TableId> tables) {
  Part p;
  p.check = check;
  p.label = std::move(label);
  p.tables = std::move(tables);
  return p;
}

// a + b, a - b and a * b without undefined behaviour on overflow: the checks compare the
// result with a value read from the file, and a wrapped result simply does not match.
int64_t Add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t Sub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t Mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

// The campaign discount of a line: line_total x discount_pct / 100, rounded half up to
// the cent (model/checkout.h, LineDiscount).
int64_t LineDiscount(int64_t line_total, int64_t discount_pct) {
  const Int128 product = static_cast<Int128>(line_total) * discount_pct;
  const Int128 num = 2 * product + kPercentScale;
  const Int128 den = 2 * kPercentScale;
  Int128 q = num / den;
  if (num % den != 0 && num < 0) --q;
  return static_cast<int64_t>(q);
}

bool TookMoney(int status) { return status == kSucceeded || status == kRefunded; }

std::string PaymentStatusName(int status) {
  return status < 0 ? std::string("unknown") : std::string(kPaymentStatusNames[status]);
}

std::string DeliveredText(Micros t) { return t == kNotDelivered ? std::string("null") : Ts(t); }

}  // namespace

CommerceChecks::CommerceChecks(const TableStates& states, const ActivityChecks& activity)
    : states_(states),
      activity_(activity),
      registration_(MakePart("registration", "orders", {TableId::kCustomers, TableId::kOrders})),
      money_(MakePart("order_money", "orders and order_items",
                      {TableId::kOrders, TableId::kOrderItems})),
      payments_(
          MakePart("payments", "orders and payments", {TableId::kOrders, TableId::kPayments})),
      shipments_(MakePart("shipments", "shipments", {TableId::kShipments, TableId::kOrders})),
      returns_(MakePart("returns", "returns",
                        {TableId::kReturns, TableId::kOrderItems, TableId::kShipments})),
      tickets_(MakePart("support_tickets", "support_tickets",
                        {TableId::kSupportTickets, TableId::kOrders})),
      carts_(MakePart("abandoned_carts", "abandoned_carts",
                      {TableId::kAbandonedCarts, TableId::kOrders})) {}

bool CommerceChecks::Handles(TableId id) {
  switch (id) {
    case TableId::kOrders:
    case TableId::kOrderItems:
    case TableId::kPayments:
    case TableId::kShipments:
    case TableId::kReturns:
    case TableId::kSupportTickets:
    case TableId::kAbandonedCarts: return true;
    default: return false;
  }
}

void CommerceChecks::OnBatch(const Batch& batch) {
  switch (batch.table().id) {
    case TableId::kOrders: OnOrders(batch); break;
    case TableId::kOrderItems: OnItems(batch); break;
    case TableId::kPayments: OnPayments(batch); break;
    case TableId::kShipments: OnShipments(batch); break;
    case TableId::kReturns: OnReturns(batch); break;
    case TableId::kSupportTickets: OnTickets(batch); break;
    case TableId::kAbandonedCarts: OnCarts(batch); break;
    default: break;
  }
}

CommerceChecks::OrderRow* CommerceChecks::FindOrder(int64_t id) {
  if (cached_order_ != nullptr && cached_order_->id == id) return cached_order_;
  OrderRow* o = FindById(orders_, id);
  if (o != nullptr) cached_order_ = o;
  return o;
}

void CommerceChecks::OnOrders(const Batch& b) {
  namespace c = orders_col;
  const Column& id = b.column(c::k_order_id);
  const Column& customer = b.column(c::k_customer_id);
  const Column& ordered_at = b.column(c::k_ordered_at);
  if (states_.usable(registration_.tables)) {
    for (size_t r = 0; r < b.rows(); ++r) {
      registration_.tally.Count();
      const CustomerRow* cu = activity_.FindCustomer(customer.ints[r]);
      if (cu == nullptr || ordered_at.ints[r] >= cu->registered_at) continue;
      registration_.tally.Fail([&] {
        return "orders " + Id("order_id", id.ints[r]) + ": ordered_at " + Ts(ordered_at.ints[r]) +
               " is before " + Id("customer_id", cu->id) + " registered (" + Ts(cu->registered_at) +
               ")";
      });
    }
  }
  const Column& status = b.column(c::k_status);
  codes_.Build(status, kOrderStatusNames);
  for (size_t r = 0; r < b.rows(); ++r) {
    OrderRow o{};
    o.id = id.ints[r];
    o.customer_id = customer.ints[r];
    o.ordered_at = ordered_at.ints[r];
    o.subtotal = b.column(c::k_subtotal).ints[r];
    o.discount = b.column(c::k_discount).ints[r];
    o.shipping = b.column(c::k_shipping).ints[r];
    o.tax = b.column(c::k_tax).ints[r];
    o.total = b.column(c::k_total).ints[r];
    o.item_count = b.column(c::k_item_count).ints[r];
    o.status = static_cast<int8_t>(codes_.At(status, r));
    o.last_status = -1;
    o.last_attempt = std::numeric_limits<int64_t>::min();
    orders_.push_back(o);
  }
}

void CommerceChecks::OnItems(const Batch& b) {
  namespace c = order_items_col;
  const Column& id = b.column(c::k_order_item_id);
  const Column& order_id = b.column(c::k_order_id);
  const Column& product = b.column(c::k_product_id);
  if (states_.usable(money_.tables)) {
    const Column& quantity = b.column(c::k_quantity);
    const Column& unit_price = b.column(c::k_unit_price);
    const Column& discount_pct = b.column(c::k_discount_pct);
    const Column& line_total = b.column(c::k_line_total);
    money_.tally.Count(static_cast<int64_t>(b.rows()));
    for (size_t r = 0; r < b.rows(); ++r) {
      const int64_t total = line_total.ints[r];
      const int64_t expected = Mul(unit_price.ints[r], quantity.ints[r]);
      if (total != expected) {
        money_.tally.Fail([&] {
          return "order_items " + Id("order_item_id", id.ints[r]) + ": line_total " + Cents(total) +
                 ", unit_price x quantity = " + Cents(unit_price.ints[r]) + " x " +
                 std::to_string(quantity.ints[r]) + " = " + Cents(expected);
        });
      }
      OrderRow* o = FindOrder(order_id.ints[r]);
      if (o == nullptr) continue;  // an orphan: foreign_keys reports it
      ++o->items;
      o->items_subtotal = Add(o->items_subtotal, total);
      o->items_discount = Add(o->items_discount, LineDiscount(total, discount_pct.ints[r]));
      o->items_units = Add(o->items_units, quantity.ints[r]);
    }
  }
  if (states_.usable(returns_.tables)) {
    for (size_t r = 0; r < b.rows(); ++r)
      items_.push_back({id.ints[r], order_id.ints[r], product.ints[r]});
  }
}

void CommerceChecks::OnPayments(const Batch& b) {
  if (!states_.usable(payments_.tables)) return;
  namespace c = payments_col;
  const Column& id = b.column(c::k_payment_id);
  const Column& order_id = b.column(c::k_order_id);
  const Column& attempt = b.column(c::k_attempt);
  const Column& amount = b.column(c::k_amount);
  const Column& status = b.column(c::k_status);
  codes_.Build(status, kPaymentStatusNames);
  payments_.tally.Count(static_cast<int64_t>(b.rows()));
  for (size_t r = 0; r < b.rows(); ++r) {
    OrderRow* o = FindOrder(order_id.ints[r]);
    if (o == nullptr) {
      payments_.tally.Fail([&] {
        return "payments " + Id("payment_id", id.ints[r]) + ": " +
               Id("order_id", order_id.ints[r]) + " is not in orders";
      });
      continue;
    }
    const int s = codes_.At(status, r);
    ++o->payments;
    if (attempt.ints[r] > o->last_attempt) {
      o->last_attempt = attempt.ints[r];
      o->last_payment_id = id.ints[r];
      o->last_status = static_cast<int8_t>(s);
      o->last_amount = amount.ints[r];
    }
    if (TookMoney(s) && amount.ints[r] == o->total && o->paid_payment_id == 0) {
      o->paid_payment_id = id.ints[r];
    }
  }
}

void CommerceChecks::OnShipments(const Batch& b) {
  namespace c = shipments_col;
  const Column& id = b.column(c::k_shipment_id);
  const Column& order_id = b.column(c::k_order_id);
  const Column& delivered = b.column(c::k_delivered_at);
  if (states_.usable(shipments_.tables)) {
    const Column& shipped = b.column(c::k_shipped_at);
    const Column& promised = b.column(c::k_promised_at);
    const Column& delay = b.column(c::k_delay_days);
    shipments_.tally.Count(static_cast<int64_t>(b.rows()));
    for (size_t r = 0; r < b.rows(); ++r) {
      const OrderRow* o = FindOrder(order_id.ints[r]);
      const Micros shipped_at = shipped.ints[r];
      const Micros promised_at = promised.ints[r];
      const Micros delivered_at = IntOr(delivered, r, kNotDelivered);
      std::string problem;
      if (o != nullptr && shipped_at <= o->ordered_at) {
        problem = "shipped_at " + Ts(shipped_at) + " is not after the order's ordered_at " +
                  Ts(o->ordered_at);
      } else if (promised_at <= shipped_at) {
        problem = "promised_at " + Ts(promised_at) + " is not after shipped_at " + Ts(shipped_at);
      } else if (delivered_at != kNotDelivered && delivered_at <= shipped_at) {
        problem = "delivered_at " + Ts(delivered_at) + " is not after shipped_at " + Ts(shipped_at);
      } else if (delay.IsNull(r) != (delivered_at == kNotDelivered)) {
        problem = "delay_days is " +
                  (delay.IsNull(r) ? std::string("null") : std::to_string(delay.ints[r])) +
                  " but delivered_at is " + DeliveredText(delivered_at);
      } else if (delivered_at != kNotDelivered) {
        // Whole days late, rounded up; 0 when delivered by the promise.
        const int64_t late = Sub(delivered_at, promised_at);
        const int64_t expected =
            late <= 0 ? 0 : late / kMicrosPerDay + (late % kMicrosPerDay != 0 ? 1 : 0);
        if (delay.ints[r] != expected) {
          problem = "delay_days " + std::to_string(delay.ints[r]) + " but delivered_at " +
                    Ts(delivered_at) + " is " + std::to_string(expected) +
                    " days after promised_at " + Ts(promised_at);
        }
      }
      if (!problem.empty()) {
        shipments_.tally.Fail(
            [&] { return "shipments " + Id("shipment_id", id.ints[r]) + ": " + problem; });
      }
    }
  }
  if (states_.usable(returns_.tables)) {
    for (size_t r = 0; r < b.rows(); ++r) {
      deliveries_.push_back({order_id.ints[r], IntOr(delivered, r, kNotDelivered)});
    }
  }
}

void CommerceChecks::OnReturns(const Batch& b) {
  if (!states_.usable(returns_.tables)) return;
  namespace c = returns_col;
  const Column& id = b.column(c::k_return_id);
  const Column& item_id = b.column(c::k_order_item_id);
  const Column& order_id = b.column(c::k_order_id);
  const Column& product = b.column(c::k_product_id);
  const Column& requested = b.column(c::k_requested_at);
  returns_.tally.Count(static_cast<int64_t>(b.rows()));
  for (size_t r = 0; r < b.rows(); ++r) {
    std::string problem;
    const ItemRow* item = FindById(items_, item_id.ints[r]);
    const DeliveryRow* delivery = FindById(deliveries_, order_id.ints[r]);
    const Micros delivered_at = delivery == nullptr ? kNotDelivered : delivery->delivered_at;
    if (item != nullptr && item->order_id != order_id.ints[r]) {
      problem = Id("order_item_id", item->id) + " belongs to " + Id("order_id", item->order_id) +
                ", not " + std::to_string(order_id.ints[r]);
    } else if (item != nullptr && item->product_id != product.ints[r]) {
      problem = Id("order_item_id", item->id) + " is of " + Id("product_id", item->product_id) +
                ", not " + std::to_string(product.ints[r]);
    } else if (delivered_at == kNotDelivered) {
      problem = Id("order_id", order_id.ints[r]) + " has no delivered shipment";
    } else if (delivered_at > requested.ints[r]) {
      problem = "requested_at " + Ts(requested.ints[r]) + " is before " +
                Id("order_id", order_id.ints[r]) + " was delivered (" + Ts(delivered_at) + ")";
    }
    if (!problem.empty()) {
      returns_.tally.Fail(
          [&] { return "returns " + Id("return_id", id.ints[r]) + ": " + problem; });
    }
  }
}

void CommerceChecks::OnTickets(const Batch& b) {
  if (!states_.usable(tickets_.tables)) return;
  namespace c = support_tickets_col;
  const Column& id = b.column(c::k_ticket_id);
  const Column& order_id = b.column(c::k_order_id);
  const Column& created = b.column(c::k_created_at);
  const Column& resolved = b.column(c::k_resolved_at);
  tickets_.tally.Count(static_cast<int64_t>(b.rows()));
  for (size_t r = 0; r < b.rows(); ++r) {
    std::string problem;
    const OrderRow* o = order_id.IsNull(r) ? nullptr : FindOrder(order_id.ints[r]);
    if (o != nullptr && created.ints[r] <= o->ordered_at) {
      problem = "created_at " + Ts(created.ints[r]) + " is not after " + Id("order_id", o->id) +
                " was placed (" + Ts(o->ordered_at) + ")";
    } else if (!resolved.IsNull(r) && resolved.ints[r] <= created.ints[r]) {
      problem =
          "resolved_at " + Ts(resolved.ints[r]) + " is not after created_at " + Ts(created.ints[r]);
    }
    if (!problem.empty()) {
      tickets_.tally.Fail(
          [&] { return "support_tickets " + Id("ticket_id", id.ints[r]) + ": " + problem; });
    }
  }
}

void CommerceChecks::OnCarts(const Batch& b) {
  if (!states_.usable(carts_.tables)) return;
  namespace c = abandoned_carts_col;
  const Column& id = b.column(c::k_cart_id);
  const Column& customer = b.column(c::k_customer_id);
  const Column& abandoned = b.column(c::k_abandoned_at);
  const Column& recovered = b.column(c::k_recovered_order_id);
  carts_.tally.Count(static_cast<int64_t>(b.rows()));
  for (size_t r = 0; r < b.rows(); ++r) {
    if (recovered.IsNull(r)) continue;
    const OrderRow* o = FindOrder(recovered.ints[r]);
    if (o == nullptr) continue;  // foreign_keys reports it
    std::string problem;
    if (o->customer_id != customer.ints[r]) {
      problem = "recovered by " + Id("order_id", o->id) + " of " +
                Id("customer_id", o->customer_id) + ", not of the cart's customer " +
                std::to_string(customer.ints[r]);
    } else if (o->ordered_at <= abandoned.ints[r]) {
      problem = "recovered by " + Id("order_id", o->id) + " placed " + Ts(o->ordered_at) +
                ", not after abandoned_at " + Ts(abandoned.ints[r]);
    }
    if (!problem.empty()) {
      carts_.tally.Fail(
          [&] { return "abandoned_carts " + Id("cart_id", id.ints[r]) + ": " + problem; });
    }
  }
}

void CommerceChecks::EndTable(TableId id) {
  switch (id) {
    case TableId::kOrders:
      SortByIdKeepFirst(orders_);
      cached_order_ = nullptr;
      break;
    case TableId::kOrderItems: SortByIdKeepFirst(items_); break;
    case TableId::kShipments:
      // One row per order: its earliest delivery (kNotDelivered sorts last).
      std::sort(deliveries_.begin(), deliveries_.end(),
                [](const DeliveryRow& a, const DeliveryRow& b) {
                  return a.id != b.id ? a.id < b.id : a.delivered_at < b.delivered_at;
                });
      SortByIdKeepFirst(deliveries_);
      break;
    default: break;
  }
}

void CommerceChecks::Finish() {
  const bool money = states_.usable(money_.tables);
  const bool payments = states_.usable(payments_.tables);
  for (const OrderRow& o : orders_) {
    if (money) {
      money_.tally.Count();
      std::string problem;
      const int64_t expected_total = Add(Sub(o.subtotal, o.discount), Add(o.shipping, o.tax));
      if (o.items == 0) {
        problem = "no order_items";
      } else if (o.subtotal != o.items_subtotal) {
        problem = "subtotal " + Cents(o.subtotal) + ", its " + std::to_string(o.items) +
                  " items' line_total sum to " + Cents(o.items_subtotal);
      } else if (o.discount != o.items_discount) {
        problem = "discount " + Cents(o.discount) +
                  ", its items' discounts (line_total x discount_pct, rounded) sum to " +
                  Cents(o.items_discount);
      } else if (o.total != expected_total) {
        problem = "total " + Cents(o.total) +
                  ", subtotal - discount + shipping + tax = " + Cents(o.subtotal) + " - " +
                  Cents(o.discount) + " + " + Cents(o.shipping) + " + " + Cents(o.tax) + " = " +
                  Cents(expected_total);
      } else if (o.item_count != o.items_units) {
        problem = "item_count " + std::to_string(o.item_count) + ", its items' quantities sum to " +
                  std::to_string(o.items_units);
      }
      if (!problem.empty()) {
        money_.tally.Fail([&] { return "orders " + Id("order_id", o.id) + ": " + problem; });
      }
    }
    if (payments) {
      payments_.tally.Count();
      std::string problem;
      if (o.payments == 0) {
        problem = "no payment";
      } else if (o.status == kFailed) {
        if (o.paid_payment_id != 0) {
          problem = "status failed, but " + Id("payment_id", o.paid_payment_id) +
                    " took its total " + Cents(o.total);
        }
      } else if (!TookMoney(o.last_status)) {
        problem =
            "status " +
            (o.status < 0 ? std::string("unknown") : std::string(kOrderStatusNames[o.status])) +
            ", but its last attempt " + Id("payment_id", o.last_payment_id) + " is " +
            PaymentStatusName(o.last_status);
      } else if (o.last_amount != o.total) {
        problem = "total " + Cents(o.total) + ", but its last attempt " +
                  Id("payment_id", o.last_payment_id) + " took " + Cents(o.last_amount);
      }
      if (!problem.empty()) {
        payments_.tally.Fail([&] { return "orders " + Id("order_id", o.id) + ": " + problem; });
      }
    }
  }
}

void CommerceChecks::CollectParts(std::vector<const Part*>& out) const {
  out.push_back(&registration_);
  out.push_back(&money_);
  out.push_back(&payments_);
  out.push_back(&shipments_);
  out.push_back(&returns_);
  out.push_back(&tickets_);
  out.push_back(&carts_);
}

}  // namespace ecomsim::validation
