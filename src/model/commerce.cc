#include "model/commerce.h"

#include <algorithm>
#include <cmath>

#include "model/streams.h"
#include "random/alias_table.h"
#include "random/distributions.h"

namespace ecomsim {
namespace {

// Delivery: late deliveries are late by 1 + Geometric(p) days.
constexpr double kLateGeometricP = 0.5;
// Lateness scales with supplier unreliability relative to this reliability.
constexpr double kReferenceUnreliability = 0.1;
constexpr double kMaxLateShare = 0.9;
// Orders with an item from the backup supplier of an outage arrive late this often.
constexpr double kBackupLateShare = 0.8;
// Fraud is charged back between these many days after the order.
constexpr int64_t kChargebackMinDays = 5;
constexpr int64_t kChargebackMaxDays = 40;
// Returns: share rejected; delivery that came late makes returns this much likelier.
constexpr double kReturnRejected = 0.1;
constexpr double kLateReturnFactor = 1.3;
constexpr double kLateDeliveryReason = 0.3;
// Carts bought after a reminder: the rate, per day at normal load, of the arrival process
// whose first moment after the reminder is the purchase (about an hour's wait by day).
constexpr double kReturnsAfterReminderPerDay = 24;
// Support: share of tickets whose survey is answered.
constexpr double kSurveyAnswered = 0.55;

// Return reasons, in ReturnReason order: wrong_size, defective, not_as_described,
// changed_mind, damaged_in_transit, late_delivery (chosen separately), better_price.
constexpr double kClothingReturns[] = {0.45, 0.05, 0.20, 0.20, 0.05, 0.0, 0.05};
constexpr double kElectronicsReturns[] = {0.02, 0.38, 0.20, 0.20, 0.10, 0.0, 0.10};
constexpr double kOtherReturns[] = {0.05, 0.20, 0.25, 0.30, 0.10, 0.0, 0.10};
constexpr int kClothing = 1;
constexpr int kElectronics = 0;

// Ticket channels by generation, in TicketChannel order: email, chat, phone, whatsapp, social.
constexpr double kTicketChannels[kGenerationCount][kTicketChannelCount] = {
    {0.00, 0.50, 0.00, 0.30, 0.20},  // gen_z
    {0.35, 0.40, 0.15, 0.10, 0.00},  // millennial
    {0.45, 0.20, 0.35, 0.00, 0.00},  // gen_x
    {0.30, 0.00, 0.70, 0.00, 0.00},  // boomer
};

// Abandonment reasons, in AbandonReason order (payment_failed is given by the stage).
constexpr double kCartReasons[] = {0.30, 0.18, 0.12, 0.18, 0.12, 0.10, 0.0, 0.0};
constexpr double kCheckoutReasons[] = {0.10, 0.20, 0.30, 0.15, 0.15, 0.10, 0.0, 0.0};
// Customers who find a product sold out ask when it is back this often.
constexpr double kRestockInquiry = 0.3;

Carrier CarrierFor(std::string_view country, Rng& rng) {
  if (country == "US") {
    const double u = rng.NextDouble();
    return u < 0.4 ? Carrier::kUps : (u < 0.7 ? Carrier::kFedex : Carrier::kUsps);
  }
  if (country == "CA") return rng.Bernoulli(0.5) ? Carrier::kUps : Carrier::kFedex;
  if (country == "GB") return rng.Bernoulli(0.6) ? Carrier::kRoyalMail : Carrier::kDhl;
  if (country == "FR") return rng.Bernoulli(0.6) ? Carrier::kLaPoste : Carrier::kDhl;
  if (country == "JP") return Carrier::kJapanPost;
  if (country == "CN") return Carrier::kSfExpress;
  return rng.Bernoulli(0.6) ? Carrier::kDhl : Carrier::kLocalCourier;
}

Micros Days(double d) { return static_cast<Micros>(d * static_cast<double>(kMicrosPerDay)); }
Micros Hours(double h) { return static_cast<Micros>(h * static_cast<double>(kMicrosPerHour)); }

}  // namespace

void CommerceRecord::Clear() {
  orders.clear();
  items.clear();
  payments.clear();
  shipments.clear();
  returns.clear();
  tickets.clear();
  carts.clear();
  history.clear();
}

void CommerceSimulator::OnSession(CustomerState& state, const SessionRecord& session,
                                  CommerceRecord& out) {
  const SessionSummary& s = session.summary;
  const CheckoutRecord& co = session.checkout;
  Rng rng(world_.seed(), StreamId(Stream::kCommerce), static_cast<uint64_t>(s.session_id));
  if (s.registers) {
    // A visitor opened an account: a new customer in bronze from this session on.
    state.customer.registered_at = s.start_at;
    state.versions.front().valid_from = s.start_at;
  }
  if (co.attempted) {
    OrderRow order{};
    order.order_id = s.session_id;
    order.customer_id = s.customer_id;
    order.visitor_id = s.visitor_id;
    order.session_id = s.session_id;
    order.ordered_at = co.ordered_at;
    order.channel = s.channel;
    order.payment_method = co.payments.back().method;
    order.totals = co.totals;
    order.campaign_id = s.campaign_id;
    order.recovered_cart_id = co.paid ? co.recovered_cart_id : 0;
    order.is_fraud = co.fraud.active;
    for (size_t i = 0; i < co.lines.size(); ++i) {
      const CartLine& l = co.lines[i];
      const int64_t line_total = l.unit_price_cents * l.quantity;
      out.items.push_back({order.order_id * 100 + static_cast<int64_t>(i), order.order_id,
                           l.product_id, l.category, l.quantity, l.unit_price_cents,
                           world_.campaigns().DiscountFor(order.campaign_id, l.category),
                           line_total});
    }
    for (size_t i = 0; i < co.payments.size(); ++i) {
      out.payments.push_back({order.order_id * 100 + static_cast<int64_t>(i) + 1, order.order_id,
                              s.customer_id, s.visitor_id, static_cast<int32_t>(i) + 1,
                              co.payments[i]});
    }
    order.status_at = order.ordered_at;
    if (!co.paid) {
      order.status = OrderStatus::kFailed;
      MaybeTicket(state, order.customer_id, order.order_id, order.ordered_at, TicketCategory::kPayment,
                  world_.scenario().commerce.ticket_payment_failure, false, 0, rng, out);
    } else {
      if (co.recovered_cart_id != 0) {
        for (AbandonedCart& c : state.carts) {
          if (c.cart_id == co.recovered_cart_id) c.recovered_order_id = order.order_id;
        }
      }
      Fulfil(state, session, order, rng, out);
      if (order.status == OrderStatus::kRefunded || order.status == OrderStatus::kCancelled) {
        out.payments.back().attempt_data.status = PaymentStatus::kRefunded;
      }
      if (order.status != OrderStatus::kCancelled && !order.is_fraud && order.customer_id != 0) {
        // Spend moves the customer across segments: a new SCD2 version.
        ++state.orders;
        state.spend_in_window_cents += order.totals.total;
        state.lifetime_spend_cents += order.totals.total;
        const Segment now = SegmentOf(world_, state.lifetime_spend_cents);
        if (now != state.segment()) {
          state.versions.push_back({now, state.lifetime_spend_cents, order.ordered_at});
        }
      }
    }
    out.orders.push_back(order);
    // An account that has been used to pay is what attackers take over.
    if (!order.is_fraud && order.customer_id > 0) {
      PlanTakeover(world_, order.order_id, order.ordered_at, state);
    }
  }
  if (!session.sold_out.empty()) {
    // Sold out at checkout: some ask when it will be back.
    MaybeTicket(state, s.customer_id, s.session_id, s.end_at, TicketCategory::kRestock, kRestockInquiry, false, 9,
                rng, out);
    if (!out.tickets.empty() && out.tickets.back().ticket_id == s.session_id * 10 + 9 &&
        !co.attempted) {
      out.tickets.back().order_id = 0;
    }
  }
  // A session still open at the window's end has not left its cart (yet).
  if (!s.converted && !s.open &&
      (!session.cart.empty() || !session.sold_out.empty() || (co.attempted && !co.paid))) {
    AbandonCart(state, session, rng);
  }
}

void CommerceSimulator::Fulfil(const CustomerState& state, const SessionRecord& session,
                               OrderRow& order, Rng& rng, CommerceRecord& out) {
  const CommerceConfig& cfg = world_.scenario().commerce;
  const Micros end = world_.scenario().world.end();
  const Customer& c = state.customer;
  const auto& city = reference::Cities()[c.city];
  const double load = world_.GridFor(c.city, c.generation).MultiplierAt(order.ordered_at);

  // A fraudster's payment is charged back some weeks later.
  if (order.is_fraud) {
    const Micros chargeback =
        order.ordered_at + rng.Between(kChargebackMinDays, kChargebackMaxDays) * kMicrosPerDay;
    if (chargeback < end) {
      order.status = OrderStatus::kRefunded;
      order.status_at = chargeback;
      return;
    }
  } else if (rng.Bernoulli(cfg.cancellation_rate)) {
    const Micros cancelled =
        order.ordered_at + rng.Between(10 * kMicrosPerMinute, Hours(cfg.processing_hours));
    if (cancelled < end) {
      order.status = OrderStatus::kCancelled;
      order.status_at = cancelled;
      MaybeTicket(state, order.customer_id, order.order_id, cancelled, TicketCategory::kOrderChange, 0.3, false, 1,
                  rng, out);
      return;
    }
  }

  // Shipping: processing takes longer under load; unreliable suppliers and busy days
  // make deliveries late.
  const int64_t first_product = session.checkout.lines.front().product_id;
  const Supplier& supplier =
      world_.suppliers()[static_cast<size_t>(world_.product(first_product).supplier_id - 1)];
  ShipmentRow sh{};
  sh.order_id = order.order_id;
  sh.carrier = CarrierFor(city.country_code, rng);
  sh.supplier_id = supplier.id;
  const double processing =
      Gamma(rng, 2.0, cfg.processing_hours / 2.0) * std::max(0.5, 1.0 + 0.3 * (load - 1.0));
  sh.shipped_at = order.ordered_at + Hours(processing);
  if (sh.shipped_at >= end) {
    order.status = OrderStatus::kPending;
    return;
  }
  sh.promised_at = sh.shipped_at + Days(cfg.transit_days);
  const double late_p = std::min(kMaxLateShare, cfg.late_share * (1 - supplier.reliability) /
                                                    kReferenceUnreliability * std::pow(load, 1.5));
  // Items of an outage come from the backup supplier, most of them late.
  bool from_backup = false;
  double backup = 0;
  for (const CartLine& l : session.checkout.lines)
    from_backup = from_backup || world_.effects().InOutage(l.product_id, order.ordered_at, backup);
  const bool late = rng.Bernoulli(from_backup ? kBackupLateShare : late_p);
  if (late) {
    int64_t days = from_backup ? rng.Between(2, 5) : 1;
    while (!rng.Bernoulli(kLateGeometricP) && days < 30) ++days;
    sh.delivered_at = sh.promised_at + days * kMicrosPerDay - rng.Between(0, kMicrosPerDay / 2);
  } else {
    sh.delivered_at = sh.promised_at - rng.Between(0, kMicrosPerDay);
  }
  sh.delivered_at = std::max(sh.delivered_at, sh.shipped_at + kMicrosPerHour);
  sh.delay_days = late ? static_cast<int32_t>(
                             (sh.delivered_at - sh.promised_at + kMicrosPerDay - 1) / kMicrosPerDay)
                       : 0;
  const bool delivered = sh.delivered_at < end;
  if (!delivered) {
    sh.delivered_at = -1;
    sh.delay_days = -1;
    order.status = OrderStatus::kShipped;
    order.status_at = sh.shipped_at;
  } else {
    order.status = OrderStatus::kCompleted;
    order.status_at = sh.delivered_at;
  }
  out.shipments.push_back(sh);
  if (late) {
    // A late parcel: the customer asks where it is, from the promised day on.
    MaybeTicket(state, order.customer_id, order.order_id, sh.promised_at, TicketCategory::kDelivery,
                cfg.ticket_late_delivery, true, 2, rng, out);
  }
  MaybeTicket(state, order.customer_id, order.order_id, order.ordered_at, TicketCategory::kProduct,
              cfg.ticket_base_rate, false, 3, rng, out);
  if (!delivered) return;

  // Returns, line by line, from the category's rate.
  int returned = 0, refunded = 0;
  Micros last_refund = 0;
  const auto& lines = session.checkout.lines;
  for (size_t i = 0; i < lines.size(); ++i) {
    const CartLine& l = lines[i];
    const auto& category = reference::Categories()[static_cast<size_t>(l.category)];
    const double effect = world_.effects().ReturnRate(sh.delivered_at, l.category, l.product_id,
                                                      world_.product(l.product_id).supplier_id);
    const double p = std::min(0.95, category.return_rate * cfg.return_rate_multiplier * effect *
                                        (late ? kLateReturnFactor : 1.0));
    if (!rng.Bernoulli(p)) continue;
    ReturnRow r{};
    r.order_item_id = order.order_id * 100 + static_cast<int64_t>(i);
    r.order_id = order.order_id;
    r.customer_id = order.customer_id;
    r.visitor_id = order.visitor_id;
    r.product_id = l.product_id;
    r.requested_at = sh.delivered_at + Hours(rng.Uniform(2, cfg.return_window_days * 24));
    if (r.requested_at >= end) continue;
    if (late && rng.Bernoulli(kLateDeliveryReason)) {
      r.reason = ReturnReason::kLateDelivery;
    } else {
      const double* mix = l.category == kClothing      ? kClothingReturns
                          : l.category == kElectronics ? kElectronicsReturns
                                                       : kOtherReturns;
      const AliasTable reasons(std::span<const double>(mix, kReturnReasonCount));
      r.reason = static_cast<ReturnReason>(reasons.Sample(rng));
    }
    const double processing =
        cfg.return_processing_days * world_.effects().ReturnProcessing(r.requested_at);
    const Micros resolved = r.requested_at + Hours(Gamma(rng, 3.0, processing * 24 / 3.0));
    r.resolved_at = -1;
    r.refund_cents = 0;
    if (resolved < end) {
      r.resolved_at = resolved;
      if (rng.Bernoulli(kReturnRejected)) {
        r.status = ReturnStatus::kRejected;
      } else {
        r.status = ReturnStatus::kRefunded;
        const int64_t line_total = l.unit_price_cents * l.quantity;
        r.refund_cents = line_total - LineDiscount(line_total, world_.campaigns().DiscountFor(
                                                                   order.campaign_id, l.category));
        ++refunded;
        last_refund = std::max(last_refund, resolved);
      }
    } else {
      r.status =
          r.requested_at + kMicrosPerDay < end ? ReturnStatus::kApproved : ReturnStatus::kRequested;
    }
    ++returned;
    out.returns.push_back(r);
    MaybeTicket(state, order.customer_id, order.order_id, r.requested_at, TicketCategory::kReturn, cfg.ticket_return,
                false, 4 + static_cast<int>(std::min<size_t>(i, 4)), rng, out);
  }
  if (refunded == static_cast<int>(lines.size())) {
    order.status = OrderStatus::kRefunded;
    order.status_at = last_refund;
  }
  (void)returned;
}

void CommerceSimulator::MaybeTicket(const CustomerState& state, int64_t customer_id,
                                    int64_t order_id, Micros after,
                                    TicketCategory category, double probability, bool severe, int k,
                                    Rng& rng, CommerceRecord& out) {
  if (!rng.Bernoulli(std::min(1.0, probability * world_.effects().TicketRate(after)))) return;
  const CommerceConfig& cfg = world_.scenario().commerce;
  const Micros end = world_.scenario().world.end();
  TicketRow t{};
  t.ticket_id = order_id * 10 + k;
  t.customer_id = customer_id;
  t.visitor_id = state.customer.id;
  t.order_id = order_id;
  // Payment problems are reported at once; other matters within hours or a day.
  const double mean_hours =
      category == TicketCategory::kPayment || category == TicketCategory::kRestock ? 0.5
      : category == TicketCategory::kProduct                                       ? 24.0
                                                                                   : 10.0;
  t.created_at = after + Hours(Exponential(rng, 1.0 / mean_hours)) + kMicrosPerMinute;
  if (t.created_at >= end) return;
  const auto& configured =
      world_.scenario().cohorts[static_cast<size_t>(state.customer.generation)].support_channels;
  const double* mix = configured.empty()
                          ? kTicketChannels[static_cast<int>(state.customer.generation)]
                          : configured.data();
  const AliasTable channels(std::span<const double>(mix, kTicketChannelCount));
  t.channel = static_cast<TicketChannel>(channels.Sample(rng));
  t.category = category;
  const double u = rng.NextDouble();
  if (category == TicketCategory::kPayment || severe) {
    t.priority = u < 0.25 ? TicketPriority::kUrgent : TicketPriority::kHigh;
  } else {
    t.priority = u < 0.5 ? TicketPriority::kLow
                         : (u < 0.9 ? TicketPriority::kMedium : TicketPriority::kHigh);
  }
  const double hours = Exponential(rng, 1.0 / cfg.ticket_resolution_hours) *
                       (t.priority >= TicketPriority::kHigh ? 0.6 : 1.2);
  const Micros resolved = t.created_at + Hours(hours) + 5 * kMicrosPerMinute;
  t.resolved_at = resolved < end ? resolved : -1;
  t.satisfaction = 0;
  if (t.resolved_at >= 0 && rng.Bernoulli(kSurveyAnswered)) {
    double score = 4.4 - (severe ? 1.0 : 0.0) - (category == TicketCategory::kPayment ? 0.6 : 0.0) -
                   (hours > 48 ? 1.0 : 0.0) + Normal(rng, 0.0, 0.7);
    t.satisfaction = static_cast<int32_t>(std::clamp<double>(std::lround(score), 1, 5));
  }
  // Returns of the fifth line and later share key slot 8: one ticket per key.
  for (const TicketRow& other : out.tickets) {
    if (other.ticket_id == t.ticket_id) return;
  }
  out.tickets.push_back(t);
}

void CommerceSimulator::AbandonCart(CustomerState& state, const SessionRecord& session, Rng& rng) {
  const CommerceConfig& cfg = world_.scenario().commerce;
  const Micros end = world_.scenario().world.end();
  const std::vector<CartLine>& lines = session.checkout.attempted ? session.checkout.lines
                                       : session.cart.empty()     ? session.sold_out
                                                                  : session.cart;
  if (lines.empty()) return;
  AbandonedCart cart{};
  cart.cart_id = session.summary.session_id;
  cart.customer_id = session.summary.customer_id;
  cart.abandoned_at = session.summary.end_at;
  cart.stage = session.stage;
  for (const CartLine& l : lines) {
    cart.items += l.quantity;
    cart.value_cents += l.unit_price_cents * l.quantity;
    cart.lines.push_back({l.product_id, l.quantity});
  }
  if (cart.stage == CartStage::kPayment) {
    cart.reason = AbandonReason::kPaymentFailed;
  } else if (!session.sold_out.empty()) {
    cart.reason = AbandonReason::kOutOfStock;
  } else {
    const double* mix = cart.stage == CartStage::kCheckout ? kCheckoutReasons : kCartReasons;
    const AliasTable reasons(std::span<const double>(mix, kAbandonReasonCount));
    cart.reason = static_cast<AbandonReason>(reasons.Sample(rng));
  }
  cart.recovered_order_id = 0;
  // A reminder brings some customers back to buy it, when they are next at the store:
  // after the reminder's delay, the first moment of a fast arrival process on the
  // customer's own hour-of-day profile (people buy from a reminder when they are awake).
  // Only a signed-in cart has an address to remind.
  if (cart.customer_id != 0 && rng.Bernoulli(cfg.cart_recovery)) {
    const Micros reminded =
        cart.abandoned_at + kMicrosPerMinute + Hours(Exponential(rng, 1.0 / cfg.recovery_hours));
    const Customer& c = state.customer;
    const Micros when = world_.GridFor(c.city, c.generation)
                            .NextArrival(reminded, kReturnsAfterReminderPerDay, rng);
    if (when < end) {
      ScheduledSession visit{};
      visit.kind = ScheduledSession::Kind::kRecovery;
      visit.start = when;
      visit.cart_id = cart.cart_id;
      auto at = std::upper_bound(state.scheduled.begin(), state.scheduled.end(), when,
                                 [](Micros t, const ScheduledSession& s) { return t < s.start; });
      state.scheduled.insert(at, visit);
    }
  }
  state.carts.push_back(std::move(cart));
}

void CommerceSimulator::FinishCustomer(CustomerState& state, CommerceRecord& out) {
  for (AbandonedCart& c : state.carts) {
    out.carts.push_back({c.cart_id, state.customer.id, std::move(c)});
  }
  state.carts.clear();
  if (state.customer.registered_at == kNoAccount) return;  // a visitor throughout
  for (size_t i = 0; i < state.versions.size(); ++i) {
    const Micros to = i + 1 < state.versions.size() ? state.versions[i + 1].valid_from : -1;
    out.history.push_back({state.customer.id, static_cast<int32_t>(i) + 1, state.versions[i], to});
  }
}

}  // namespace ecomsim
