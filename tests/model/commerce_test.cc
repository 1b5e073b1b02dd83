// The commerce world in memory: configured rates come back within sampling error, the
// money adds up, and the relationships the simulation causes can be measured.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "reference/reference.h"
#include "schema/vocabulary.h"
#include "simulated.h"

namespace ecomsim {
namespace {

int64_t Int(const Batch& b, int column, size_t row) { return b.column(column).ints[row]; }
bool Null(const Batch& b, int column, size_t row) { return b.column(column).IsNull(row); }

// Pearson correlation.
double Correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

class Commerce : public ::testing::Test {
 protected:
  // 60 days so that orders have time to ship, arrive and be returned.
  static void SetUpTestSuite() {
    w_ = new SimulatedWorld(Dense({"world.customers=1500", "world.products=400", "world.duration=60d"}),
                            1500, 3);
  }
  static void TearDownTestSuite() { delete w_; }
  static SimulatedWorld* w_;
};
SimulatedWorld* Commerce::w_ = nullptr;

TEST_F(Commerce, OrderMoneyAddsUp) {
  const Batch& orders = (*w_)[TableId::kOrders];
  const Batch& items = (*w_)[TableId::kOrderItems];
  ASSERT_GT(orders.rows(), 10'000u);
  std::unordered_map<int64_t, std::pair<int64_t, int64_t>> sum;  // order -> subtotal, discount
  for (size_t r = 0; r < items.rows(); ++r) {
    using namespace order_items_col;
    const int64_t line = Int(items, k_line_total, r);
    ASSERT_EQ(line, Int(items, k_unit_price, r) * Int(items, k_quantity, r));
    auto& s = sum[Int(items, k_order_id, r)];
    s.first += line;
    s.second += (line * Int(items, k_discount_pct, r) + 5000) / 10000;
  }
  for (size_t r = 0; r < orders.rows(); ++r) {
    using namespace orders_col;
    const auto& s = sum.at(Int(orders, k_order_id, r));
    ASSERT_EQ(Int(orders, k_subtotal, r), s.first);
    ASSERT_EQ(Int(orders, k_discount, r), s.second);
    ASSERT_EQ(Int(orders, k_total, r), Int(orders, k_subtotal, r) - Int(orders, k_discount, r) +
                                           Int(orders, k_shipping, r) + Int(orders, k_tax, r));
  }
}

TEST_F(Commerce, FirstPaymentAttemptsFailAtTheConfiguredRate) {
  const Batch& p = (*w_)[TableId::kPayments];
  double first = 0, failed = 0;
  for (size_t r = 0; r < p.rows(); ++r) {
    using namespace payments_col;
    if (Int(p, k_attempt, r) != 1 || Int(p, k_is_fraud, r) != 0) continue;
    first += 1;
    const auto status = static_cast<PaymentStatus>(Int(p, k_status, r));
    failed += (status == PaymentStatus::kDeclined || status == PaymentStatus::kFailed) ? 1 : 0;
  }
  const double want = w_->scenario.commerce.payment_failure_rate;
  EXPECT_NEAR(failed / first, want, 4 * StdErr(want, first));
}

TEST_F(Commerce, CartAbandonmentIsTheConfiguredShareOfCarts) {
  // Carts of ordinary visits: those that reached payment (an order) or left a cart.
  const Batch& sessions = (*w_)[TableId::kSessions];
  std::unordered_set<int64_t> visits;
  for (size_t r = 0; r < sessions.rows(); ++r) {
    using namespace sessions_col;
    if (Int(sessions, k_origin, r) == static_cast<int64_t>(SessionOrigin::kVisit))
      visits.insert(Int(sessions, k_session_id, r));
  }
  double paid = 0, abandoned = 0;
  const Batch& orders = (*w_)[TableId::kOrders];
  for (size_t r = 0; r < orders.rows(); ++r) {
    using namespace orders_col;
    if (visits.count(Int(orders, k_session_id, r)) &&
        Int(orders, k_status, r) != static_cast<int64_t>(OrderStatus::kFailed))
      paid += 1;
  }
  const Batch& carts = (*w_)[TableId::kAbandonedCarts];
  for (size_t r = 0; r < carts.rows(); ++r) {
    if (visits.count(Int(carts, abandoned_carts_col::k_session_id, r))) abandoned += 1;
  }
  const double n = paid + abandoned;
  const double want = w_->scenario.commerce.cart_abandonment;
  // Failed payments add a little abandonment on top of the configured share.
  EXPECT_NEAR(abandoned / n, want + 0.003, 4 * StdErr(want, n) + 0.005);
}

TEST_F(Commerce, ReturnsFollowTheCategoryRates) {
  // Items delivered on time long enough before the end that any return is in the data.
  const Micros end = w_->scenario.world.end();
  const Micros window =
      static_cast<Micros>(w_->scenario.commerce.return_window_days) * kMicrosPerDay;
  std::unordered_map<int64_t, bool> eligible_order;
  const Batch& sh = (*w_)[TableId::kShipments];
  for (size_t r = 0; r < sh.rows(); ++r) {
    using namespace shipments_col;
    if (Null(sh, k_delivered_at, r)) continue;
    eligible_order[Int(sh, k_order_id, r)] =
        Int(sh, k_delay_days, r) == 0 && Int(sh, k_delivered_at, r) + window < end;
  }
  std::unordered_set<int64_t> returned;
  const Batch& ret = (*w_)[TableId::kReturns];
  for (size_t r = 0; r < ret.rows(); ++r)
    returned.insert(Int(ret, returns_col::k_order_item_id, r));
  std::map<int64_t, std::pair<double, double>> by_category;  // items, returns
  const Batch& items = (*w_)[TableId::kOrderItems];
  for (size_t r = 0; r < items.rows(); ++r) {
    using namespace order_items_col;
    auto it = eligible_order.find(Int(items, k_order_id, r));
    if (it == eligible_order.end() || !it->second) continue;
    auto& c = by_category[Int(items, k_category, r)];
    c.first += 1;
    c.second += returned.count(Int(items, k_order_item_id, r)) ? 1 : 0;
  }
  int checked = 0;
  for (const auto& [category, c] : by_category) {
    if (c.first < 300) continue;
    const double want = reference::Categories()[static_cast<size_t>(category)].return_rate;
    EXPECT_NEAR(c.second / c.first, want, 4 * StdErr(want, c.first) + 0.003)
        << reference::Categories()[static_cast<size_t>(category)].name;
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

TEST_F(Commerce, SegmentHistoryIsAValidScd2AndMatchesTheCustomers) {
  const Batch& h = (*w_)[TableId::kCustomerHistory];
  std::map<int64_t, std::vector<size_t>> versions;
  for (size_t r = 0; r < h.rows(); ++r)
    versions[Int(h, customer_history_col::k_customer_id, r)].push_back(r);
  const Batch& customers = (*w_)[TableId::kCustomers];
  ASSERT_EQ(versions.size(), customers.rows());
  std::map<int64_t, int64_t> current_segment;
  size_t with_history = 0;
  for (const auto& [customer, rows] : versions) {
    using namespace customer_history_col;
    int current = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      const size_t r = rows[i];
      ASSERT_EQ(Int(h, k_version, r), static_cast<int64_t>(i) + 1);
      const bool is_current = Int(h, k_is_current, r) != 0;
      current += is_current;
      if (i + 1 < rows.size()) {
        // Intervals meet and do not overlap.
        ASSERT_FALSE(Null(h, k_valid_to, r));
        ASSERT_EQ(Int(h, k_valid_to, r), Int(h, k_valid_from, rows[i + 1]));
        ASSERT_LT(Int(h, k_valid_from, r), Int(h, k_valid_from, rows[i + 1]));
        ASSERT_GT(Int(h, k_segment, rows[i + 1]), Int(h, k_segment, r)) << "spend only grows";
      } else {
        ASSERT_TRUE(Null(h, k_valid_to, r));
        ASSERT_TRUE(is_current);
        current_segment[customer] = Int(h, k_segment, r);
      }
    }
    ASSERT_EQ(current, 1) << "exactly one current version, customer " << customer;
    with_history += rows.size() > 1;
  }
  for (size_t r = 0; r < customers.rows(); ++r) {
    using namespace customers_col;
    ASSERT_EQ(Int(customers, k_segment, r), current_segment.at(Int(customers, k_customer_id, r)));
  }
  EXPECT_GT(with_history, customers.rows() / 5) << "segments change: SCD2 has history";
}

TEST_F(Commerce, AMinorityOfCustomersBringsMostRevenue) {
  std::unordered_map<int64_t, double> revenue;
  const Batch& orders = (*w_)[TableId::kOrders];
  for (size_t r = 0; r < orders.rows(); ++r) {
    using namespace orders_col;
    const auto status = static_cast<OrderStatus>(Int(orders, k_status, r));
    if (status == OrderStatus::kFailed || status == OrderStatus::kCancelled) continue;
    revenue[Int(orders, k_customer_id, r)] += static_cast<double>(Int(orders, k_total, r));
  }
  std::vector<double> per_customer(static_cast<size_t>(w_->scenario.world.customers), 0.0);
  size_t i = 0;
  for (const auto& [customer, value] : revenue) per_customer[i++] = value;
  std::sort(per_customer.rbegin(), per_customer.rend());
  const double total = std::accumulate(per_customer.begin(), per_customer.end(), 0.0);
  const double top = std::accumulate(
      per_customer.begin(), per_customer.begin() + static_cast<long>(per_customer.size() / 5), 0.0);
  EXPECT_GT(top / total, 0.5) << "the top 20% of customers bring more than half the revenue";
}

TEST(CommerceEffects, TicketsRiseWithLateShipmentsAcrossDays) {
  // Strongly uneven days (busy weekends, quiet midweek) make the daily counts move.
  SimulatedWorld w(Dense({"world.customers=1500", "world.duration=42d",
                    "profiles.day_of_week=[1.0, 0.5, 0.4, 0.6, 1.2, 2.0, 2.3]",
                    "commerce.fulfillment.late_share=0.10"}),
                   1500, 8);
  const int days = 42;
  std::vector<double> late(days, 0), tickets(days, 0);
  const Micros start = w.scenario.world.start;
  const Batch& sh = w[TableId::kShipments];
  for (size_t r = 0; r < sh.rows(); ++r) {
    using namespace shipments_col;
    if (Null(sh, k_delay_days, r) || Int(sh, k_delay_days, r) == 0) continue;
    const int64_t d = (Int(sh, k_promised_at, r) - start) / kMicrosPerDay;
    if (d >= 0 && d < days) late[static_cast<size_t>(d)] += 1;
  }
  const Batch& t = w[TableId::kSupportTickets];
  for (size_t r = 0; r < t.rows(); ++r) {
    const int64_t d = (Int(t, support_tickets_col::k_created_at, r) - start) / kMicrosPerDay;
    if (d >= 0 && d < days) tickets[static_cast<size_t>(d)] += 1;
  }
  // Skip the first week, before any parcel could be late.
  const std::vector<double> l(late.begin() + 7, late.end()), k(tickets.begin() + 7, tickets.end());
  EXPECT_GT(Correlation(l, k), 0.5) << "days with more late deliveries have more tickets";

  // The size: a late order is much more likely to get a ticket than one on time.
  std::unordered_set<int64_t> late_orders, on_time;
  for (size_t r = 0; r < sh.rows(); ++r) {
    using namespace shipments_col;
    if (Null(sh, k_delay_days, r)) continue;
    (Int(sh, k_delay_days, r) > 0 ? late_orders : on_time).insert(Int(sh, k_order_id, r));
  }
  std::unordered_set<int64_t> ticketed;
  for (size_t r = 0; r < t.rows(); ++r) {
    if (!Null(t, support_tickets_col::k_order_id, r))
      ticketed.insert(Int(t, support_tickets_col::k_order_id, r));
  }
  double late_with = 0, on_time_with = 0;
  for (int64_t o : late_orders) late_with += static_cast<double>(ticketed.count(o));
  for (int64_t o : on_time) on_time_with += static_cast<double>(ticketed.count(o));
  const double late_rate = late_with / static_cast<double>(late_orders.size());
  const double on_time_rate = on_time_with / static_cast<double>(on_time.size());
  const double added = w.scenario.commerce.ticket_late_delivery;
  EXPECT_NEAR(late_rate - on_time_rate, added, 0.4 * added) << late_rate << " vs " << on_time_rate;
}

// Counts for the payment-failure comparison.
struct FailureEffect {
  double paid_orders = 0;
  double abandoned = 0;
  double payment_tickets = 0;
};

FailureEffect Measure(std::vector<std::string> overrides) {
  overrides.insert(overrides.end(), {"world.customers=800", "world.duration=20d"});
  SimulatedWorld w(Dense(overrides), 800, 5);
  FailureEffect e;
  const Batch& orders = w[TableId::kOrders];
  for (size_t r = 0; r < orders.rows(); ++r) {
    e.paid_orders +=
        Int(orders, orders_col::k_status, r) != static_cast<int64_t>(OrderStatus::kFailed);
  }
  e.abandoned = static_cast<double>(w[TableId::kAbandonedCarts].rows());
  const Batch& t = w[TableId::kSupportTickets];
  for (size_t r = 0; r < t.rows(); ++r) {
    e.payment_tickets += Int(t, support_tickets_col::k_category, r) ==
                         static_cast<int64_t>(TicketCategory::kPayment);
  }
  return e;
}

TEST(CommerceEffects, PaymentFailuresMoveOrdersAndAbandonedCartsApart) {
  const FailureEffect normal = Measure({});
  const FailureEffect outage = Measure({"commerce.payments.failure_rate=0.6"});
  // Same customers and sessions; only payments fail more often.
  EXPECT_LT(outage.paid_orders, 0.75 * normal.paid_orders);
  EXPECT_GT(outage.abandoned, 1.1 * normal.abandoned);
  EXPECT_GT(outage.payment_tickets, 3 * normal.payment_tickets);
}

TEST(CommerceCalibration, FraudIsTheConfiguredShareOfOrdersWithEveryPattern) {
  SimulatedWorld w(Dense({"world.customers=1000", "world.duration=20d", "commerce.fraud.rate=0.05"}), 1000,
                   9);
  const Batch& orders = w[TableId::kOrders];
  double fraud = 0;
  for (size_t r = 0; r < orders.rows(); ++r) fraud += Int(orders, orders_col::k_is_fraud, r);
  const double n = static_cast<double>(orders.rows());
  EXPECT_NEAR(fraud / n, 0.05, 4 * StdErr(0.05, n) + 0.004);
  // Every pattern appears; fraud scores are informative but imperfect.
  const Batch& p = w[TableId::kPayments];
  std::array<int, kFraudTypeCount> patterns{};
  double fraud_score = 0, fraud_n = 0, legit_score = 0, legit_n = 0, legit_high = 0, fraud_low = 0;
  for (size_t r = 0; r < p.rows(); ++r) {
    using namespace payments_col;
    const double score = p.column(k_fraud_score).doubles[r];
    if (Int(p, k_is_fraud, r) != 0) {
      ++patterns[static_cast<size_t>(Int(p, k_fraud_type, r))];
      fraud_score += score;
      fraud_n += 1;
      fraud_low += score < 0.3;
    } else {
      ASSERT_TRUE(Null(p, k_fraud_type, r));
      legit_score += score;
      legit_n += 1;
      legit_high += score > 0.5;
    }
  }
  for (int k = 0; k < kFraudTypeCount; ++k)
    EXPECT_GT(patterns[static_cast<size_t>(k)], 0) << kFraudTypeNames[k];
  EXPECT_GT(fraud_score / fraud_n, legit_score / legit_n + 0.3);
  EXPECT_GT(fraud_low, 0) << "some fraud looks ordinary";
  EXPECT_GT(legit_high, 0) << "some ordinary payments look risky";
}

TEST(CommerceCalibration, LinesPerOrderFollowTheConfiguredMix) {
  // Without segment upgrades, reminders or fraud, order sizes are exactly the mix.
  SimulatedWorld w(Dense({"world.customers=1500", "world.duration=20d", "commerce.carts.recovery=0",
                    "commerce.fraud.rate=0", "commerce.segments.gold=100000000",
                    "commerce.segments.platinum=200000000"}),
                   1500, 4);
  std::unordered_map<int64_t, int> lines;
  const Batch& items = w[TableId::kOrderItems];
  for (size_t r = 0; r < items.rows(); ++r) ++lines[Int(items, order_items_col::k_order_id, r)];
  const auto& mix = w.scenario.commerce.items_per_order;
  std::vector<double> count(mix.size() + 1, 0);
  for (const auto& [order, n] : lines)
    count[static_cast<size_t>(std::min<int>(n, static_cast<int>(mix.size())))] += 1;
  const double n = static_cast<double>(lines.size());
  for (size_t k = 1; k <= 3; ++k) {
    EXPECT_NEAR(count[k] / n, mix[k - 1], 4 * StdErr(mix[k - 1], n)) << k << " lines";
  }
}

TEST(CommerceCalibration, TicketsPerOrderMatchTheirCauses) {
  SimulatedWorld w(Dense({"world.customers=1500", "world.duration=45d"}), 1500, 6);
  const auto& c = w.scenario.commerce;
  const Micros cutoff = w.scenario.world.end() - 25 * kMicrosPerDay;  // room for tickets to come
  const Batch& orders = w[TableId::kOrders];
  std::unordered_set<int64_t> early;
  double failed = 0;
  for (size_t r = 0; r < orders.rows(); ++r) {
    using namespace orders_col;
    if (Int(orders, k_ordered_at, r) >= cutoff) continue;
    early.insert(Int(orders, k_order_id, r));
    failed += Int(orders, k_status, r) == static_cast<int64_t>(OrderStatus::kFailed);
  }
  double late = 0, returns = 0, tickets = 0;
  const Batch& sh = w[TableId::kShipments];
  for (size_t r = 0; r < sh.rows(); ++r) {
    using namespace shipments_col;
    if (early.count(Int(sh, k_order_id, r)) && !Null(sh, k_delay_days, r) &&
        Int(sh, k_delay_days, r) > 0)
      late += 1;
  }
  const Batch& ret = w[TableId::kReturns];
  for (size_t r = 0; r < ret.rows(); ++r)
    returns += early.count(Int(ret, returns_col::k_order_id, r));
  const Batch& t = w[TableId::kSupportTickets];
  for (size_t r = 0; r < t.rows(); ++r)
    tickets += early.count(Int(t, support_tickets_col::k_order_id, r));
  const double n = static_cast<double>(early.size());
  const double shipped = n - failed;
  // Every cause adds its probability; a ticket that would open after the end is lost,
  // so the expectation is an upper bound close to the measure.
  const double expected = (c.ticket_base_rate * shipped + c.ticket_late_delivery * late +
                           c.ticket_payment_failure * failed + c.ticket_return * returns +
                           0.3 * c.cancellation_rate * shipped) /
                          n;
  EXPECT_NEAR(tickets / n, expected, 0.1 * expected + 4 * std::sqrt(expected / n));
}

}  // namespace
}  // namespace ecomsim
