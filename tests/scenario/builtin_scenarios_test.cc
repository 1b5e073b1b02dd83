// Each built-in scenario changes what is simulated, not only its label: every test
// measures a scenario's defining effect against the baseline over the same window, with
// the same seed and customers.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "model/customer.h"
#include "model/customer_state.h"
#include "reference/reference.h"
#include "schema/vocabulary.h"
#include "simulated.h"

namespace ecomsim {
namespace {

int64_t Int(const Batch& b, int column, size_t row) { return b.column(column).ints[row]; }
bool Null(const Batch& b, int column, size_t row) { return b.column(column).IsNull(row); }
constexpr uint64_t kSeed = 21;

// The scenario and the baseline over the scenario's window (same customers and seed).
struct Pair {
  Pair(const std::string& name, int64_t customers, std::vector<std::string> extra = {})
      : scenario(name, Dense(With(extra, customers)), customers, kSeed),
        baseline("baseline", Dense(Window(name, extra, customers)), customers, kSeed) {}

  static std::vector<std::string> With(std::vector<std::string> v, int64_t customers) {
    v.push_back("world.customers=" + std::to_string(customers));
    v.push_back("world.products=400");
    return v;
  }
  static std::vector<std::string> Window(const std::string& name, std::vector<std::string> extra,
                                         int64_t customers) {
    const Scenario s = LoadNamed(name, With(extra, customers));
    // The baseline has no effects: keep only the overrides of the world.
    std::erase_if(extra, [](const std::string& o) { return o.starts_with("effects."); });
    extra.push_back("world.start=" + TimestampToString(s.world.start));
    extra.push_back("world.duration=" + std::to_string(s.world.duration / kMicrosPerSecond) + "s");
    return With(extra, customers);
  }
  SimulatedWorld scenario;
  SimulatedWorld baseline;
};

// Rows of a table whose timestamp column falls in [from, to).
size_t CountIn(const Batch& b, int ts_column, Micros from, Micros to) {
  size_t n = 0;
  for (size_t r = 0; r < b.rows(); ++r) {
    const Micros t = Int(b, ts_column, r);
    n += t >= from && t < to;
  }
  return n;
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

size_t PaidOrders(const Batch& orders, Micros from, Micros to) {
  size_t n = 0;
  for (size_t r = 0; r < orders.rows(); ++r) {
    using namespace orders_col;
    const Micros t = Int(orders, k_ordered_at, r);
    n += t >= from && t < to &&
         Int(orders, k_status, r) != static_cast<int64_t>(OrderStatus::kFailed);
  }
  return n;
}

double FirstAttemptFailureShare(const Batch& p, Micros from, Micros to) {
  double n = 0, failed = 0;
  for (size_t r = 0; r < p.rows(); ++r) {
    using namespace payments_col;
    const Micros t = Int(p, k_ts, r);
    if (t < from || t >= to || Int(p, k_is_fraud, r) != 0 || Int(p, k_attempt, r) != 1) continue;
    n += 1;
    const auto s = static_cast<PaymentStatus>(Int(p, k_status, r));
    failed += s == PaymentStatus::kDeclined || s == PaymentStatus::kFailed;
  }
  return Ratio(failed, n);
}

TEST(BuiltinScenarios, FlashSaleSpikesTrafficDiscountsElectronicsAndStressesPayments) {
  Pair p("flash_sale", 3000);
  const WorldConfig& w = p.scenario.scenario.world;
  const double sessions = Ratio(static_cast<double>(p.scenario[TableId::kSessions].rows()),
                                static_cast<double>(p.baseline[TableId::kSessions].rows()));
  EXPECT_NEAR(sessions, 8.5, 8.5 * 0.15) << "8.5x traffic";
  // The spike is early: the first hour busier than the last.
  const Batch& s = p.scenario[TableId::kSessions];
  const size_t first = CountIn(s, sessions_col::k_start_at, w.start, w.start + kMicrosPerHour);
  const size_t last = CountIn(s, sessions_col::k_start_at, w.end() - kMicrosPerHour, w.end());
  EXPECT_GT(first, 2 * last);
  // Electronics sell at 30% of their base price.
  const Batch& items = p.scenario[TableId::kOrderItems];
  size_t electronics = 0, discounted = 0;
  for (size_t r = 0; r < items.rows(); ++r) {
    using namespace order_items_col;
    if (Int(items, k_category, r) != 0) continue;
    ++electronics;
    const Product& product = p.scenario.world->product(Int(items, k_product_id, r));
    discounted +=
        Int(items, k_unit_price, r) == PriceBook::Discounted(product.base_price_cents, 7000);
  }
  ASSERT_GT(electronics, 50u);
  EXPECT_GT(static_cast<double>(discounted) / static_cast<double>(electronics), 0.9);
  EXPECT_NEAR(FirstAttemptFailureShare(p.scenario[TableId::kPayments], w.start, w.end()), 0.09,
              0.035);
  // Slower responses under the stressed gateway.
  auto mean_p50 = [](const Batch& m) {
    double sum = 0;
    for (size_t r = 0; r < m.rows(); ++r)
      sum += m.column(system_metrics_col::k_p50_latency_ms).doubles[r];
    return sum / static_cast<double>(m.rows());
  };
  EXPECT_GT(mean_p50(p.scenario[TableId::kSystemMetrics]),
            2 * mean_p50(p.baseline[TableId::kSystemMetrics]));
}

TEST(BuiltinScenarios, PaymentOutageCutsOrdersAndRaisesFailuresCartsAndTickets) {
  Pair p("payment_outage", 6000);
  const Micros start = p.scenario.scenario.world.start + 2 * kMicrosPerHour;
  const Micros end = start + 2 * kMicrosPerHour;
  const double orders =
      Ratio(static_cast<double>(PaidOrders(p.scenario[TableId::kOrders], start, end)),
            static_cast<double>(PaidOrders(p.baseline[TableId::kOrders], start, end)));
  EXPECT_NEAR(orders, 0.2, 0.08) << "order volume -80%";
  EXPECT_NEAR(FirstAttemptFailureShare(p.scenario[TableId::kPayments], start, end), 0.75, 0.06);
  const double carts =
      Ratio(static_cast<double>(CountIn(p.scenario[TableId::kAbandonedCarts],
                                        abandoned_carts_col::k_abandoned_at, start, end)),
            static_cast<double>(CountIn(p.baseline[TableId::kAbandonedCarts],
                                        abandoned_carts_col::k_abandoned_at, start, end)));
  EXPECT_GT(carts, 1.3);
  const size_t tickets = CountIn(p.scenario[TableId::kSupportTickets],
                                 support_tickets_col::k_created_at, start, end + kMicrosPerHour);
  const size_t normal = CountIn(p.baseline[TableId::kSupportTickets],
                                support_tickets_col::k_created_at, start, end + kMicrosPerHour);
  EXPECT_GT(tickets, 10u);
  EXPECT_GT(tickets, 3 * std::max<size_t>(normal, 1))
      << "support tickets at least 3x: " << normal << " -> " << tickets;
}

TEST(BuiltinScenarios, ViralMomentNeverSellsMoreThanTheCap) {
  Pair p("viral_moment", 6000);
  const Scenario& s = p.scenario.scenario;
  const auto& caps = p.scenario.world->effects().caps();
  ASSERT_EQ(caps.size(), 1u);
  ASSERT_FALSE(caps[0].products.empty());
  std::unordered_set<int64_t> capped(caps[0].products.begin(), caps[0].products.end());
  std::unordered_map<int64_t, int64_t> status;
  const Batch& orders = p.scenario[TableId::kOrders];
  for (size_t r = 0; r < orders.rows(); ++r)
    status[Int(orders, orders_col::k_order_id, r)] = Int(orders, orders_col::k_status, r);
  int64_t sold = 0;
  const Batch& items = p.scenario[TableId::kOrderItems];
  for (size_t r = 0; r < items.rows(); ++r) {
    using namespace order_items_col;
    if (!capped.count(Int(items, k_product_id, r))) continue;
    if (status.at(Int(items, k_order_id, r)) == static_cast<int64_t>(OrderStatus::kFailed))
      continue;
    sold += Int(items, k_quantity, r);
  }
  EXPECT_LE(sold, 500) << "the stock cap is never exceeded; served "
                       << p.scenario.world->stock()->served_units(0);
  EXPECT_GE(sold, 400) << "and demand reaches it";
  const double sessions = Ratio(static_cast<double>(p.scenario[TableId::kSessions].rows()),
                                static_cast<double>(p.baseline[TableId::kSessions].rows()));
  EXPECT_NEAR(sessions, 2.5, 0.35);
  size_t restock = 0;
  const Batch& t = p.scenario[TableId::kSupportTickets];
  for (size_t r = 0; r < t.rows(); ++r)
    restock += Int(t, support_tickets_col::k_category, r) ==
               static_cast<int64_t>(TicketCategory::kRestock);
  EXPECT_GT(restock, 20u) << "many restock inquiries";
  EXPECT_GT(Ratio(static_cast<double>(t.rows()),
                  static_cast<double>(p.baseline[TableId::kSupportTickets].rows())),
            2.0);
  // An influencer campaign brings visits.
  size_t influenced = 0;
  const Batch& sess = p.scenario[TableId::kSessions];
  const auto& campaigns = p.scenario.world->campaigns().all();
  for (size_t r = 0; r < sess.rows(); ++r) {
    if (Null(sess, sessions_col::k_campaign_id, r)) continue;
    influenced +=
        campaigns[static_cast<size_t>(Int(sess, sessions_col::k_campaign_id, r) - 1)].name ==
        "skincare_set";
  }
  EXPECT_GT(influenced, 50u);
  (void)s;
}

TEST(BuiltinScenarios, ReturnsWaveTriplesReturnsMostInElectronicsAndClothing) {
  Pair p("returns_wave", 3000);
  auto rate = [](SimulatedWorld& w, bool heavy_only) {
    std::unordered_set<int64_t> delivered;
    const Batch& sh = w[TableId::kShipments];
    for (size_t r = 0; r < sh.rows(); ++r) {
      if (!Null(sh, shipments_col::k_delivered_at, r))
        delivered.insert(Int(sh, shipments_col::k_order_id, r));
    }
    std::unordered_set<int64_t> returned;
    const Batch& ret = w[TableId::kReturns];
    for (size_t r = 0; r < ret.rows(); ++r)
      returned.insert(Int(ret, returns_col::k_order_item_id, r));
    double items = 0, back = 0;
    const Batch& it = w[TableId::kOrderItems];
    for (size_t r = 0; r < it.rows(); ++r) {
      using namespace order_items_col;
      const int64_t c = Int(it, k_category, r);
      if (heavy_only && c != 0 && c != 1) continue;
      if (!delivered.count(Int(it, k_order_id, r))) continue;
      items += 1;
      back += returned.count(Int(it, k_order_item_id, r));
    }
    return Ratio(back, items);
  };
  const double all = Ratio(rate(p.scenario, false), rate(p.baseline, false));
  EXPECT_GT(all, 2.4);
  EXPECT_LT(all, 3.8);
  EXPECT_GT(Ratio(rate(p.scenario, true), rate(p.baseline, true)), all * 1.05)
      << "concentrated in electronics and clothing";
}

TEST(BuiltinScenarios, SupplyDisruptionCutsTrafficAndDelaysTheAffectedSkus) {
  Pair p("supply_disruption", 3000);
  const double sessions = Ratio(static_cast<double>(p.scenario[TableId::kSessions].rows()),
                                static_cast<double>(p.baseline[TableId::kSessions].rows()));
  EXPECT_NEAR(sessions, 0.8, 0.06);
  // The outage's products: fewer units sold, later deliveries.
  const World& world = *p.scenario.world;
  auto measure = [&](SimulatedWorld& w, double& units, double& late_share) {
    std::unordered_set<int64_t> affected_orders;
    units = 0;
    const Batch& it = w[TableId::kOrderItems];
    const Micros mid = w.scenario.world.start + w.scenario.world.duration / 2;
    for (size_t r = 0; r < it.rows(); ++r) {
      double backup;
      if (!world.effects().InOutage(Int(it, order_items_col::k_product_id, r), mid, backup))
        continue;
      units += static_cast<double>(Int(it, order_items_col::k_quantity, r));
      affected_orders.insert(Int(it, order_items_col::k_order_id, r));
    }
    double shipped = 0, late = 0;
    const Batch& sh = w[TableId::kShipments];
    for (size_t r = 0; r < sh.rows(); ++r) {
      if (!affected_orders.count(Int(sh, shipments_col::k_order_id, r)) ||
          Null(sh, shipments_col::k_delay_days, r))
        continue;
      shipped += 1;
      late += Int(sh, shipments_col::k_delay_days, r) > 0;
    }
    late_share = Ratio(late, shipped);
  };
  double units_s, late_s, units_b, late_b;
  measure(p.scenario, units_s, late_s);
  measure(p.baseline, units_b, late_b);
  EXPECT_LT(units_s, 0.7 * units_b) << "fewer orders of the affected SKUs";
  EXPECT_GT(late_s, late_b + 0.3) << "more delays";
}

TEST(BuiltinScenarios, TrafficLevelsOfPeakMaintenanceAndHolidays) {
  for (const auto& [name, want, tolerance] :
       std::vector<std::tuple<std::string, double, double>>{{"peak_traffic", 3.0, 0.2},
                                                            {"maintenance_mode", 0.1, 0.02},
                                                            {"black_friday", 8.0, 0.8},
                                                            {"christmas", 6.0, 0.5},
                                                            {"cyber_monday", 6.0, 0.6},
                                                            {"back_to_school", 1.5, 0.12},
                                                            {"seasonal_planning", 1.8, 0.15}}) {
    // Long windows are cut to a week: the ratio is the same.
    std::vector<std::string> extra;
    const Scenario s = LoadNamed(name);
    if (s.world.duration > 7 * kMicrosPerDay && name != "seasonal_planning")
      extra.push_back("world.duration=7d");
    Pair p(name, name == "maintenance_mode" ? 4000 : 1000, extra);
    const double ratio = Ratio(static_cast<double>(p.scenario[TableId::kSessions].rows()),
                               static_cast<double>(p.baseline[TableId::kSessions].rows()));
    EXPECT_NEAR(ratio, want, tolerance) << name;
  }
}

TEST(BuiltinScenarios, FraudTestingMakesOneOrderInTen) {
  SimulatedWorld w("fraud_testing", Dense({"world.customers=800", "world.duration=10d"}), 800, kSeed);
  const Batch& orders = w[TableId::kOrders];
  double fraud = 0;
  for (size_t r = 0; r < orders.rows(); ++r) fraud += Int(orders, orders_col::k_is_fraud, r);
  EXPECT_NEAR(fraud / static_cast<double>(orders.rows()), 0.10, 0.015);
}

TEST(BuiltinScenarios, MultiChannelMovesCustomersToTheApp) {
  Pair p("multi_channel", 1000, {"world.duration=30d", "effects.app_launch.end=30d"});
  auto app_share_late = [](SimulatedWorld& w) {
    const Batch& s = w[TableId::kSessions];
    const Micros from = w.scenario.world.start + 20 * kMicrosPerDay;
    double n = 0, app = 0;
    for (size_t r = 0; r < s.rows(); ++r) {
      if (Int(s, sessions_col::k_start_at, r) < from) continue;
      n += 1;
      app += Int(s, sessions_col::k_channel, r) == static_cast<int64_t>(Channel::kApp);
    }
    return Ratio(app, n);
  };
  const double base = app_share_late(p.baseline);
  const double moved = app_share_late(p.scenario);
  // 35% of customers move; before the launch about a fifth of visits already used the app.
  EXPECT_GT(moved, base + 0.2) << base << " -> " << moved;
}

TEST(BuiltinScenarios, CustomerSegmentsGrowsGenZAmongNewCustomers) {
  // Customers only: draw many and compare the cohort among those who register in the window.
  const Scenario seg = LoadNamed("customer_segments", {"world.customers=200000"});
  std::vector<std::string> window = {"world.customers=200000", "world.duration=180d"};
  const Scenario base = LoadBaseline(window);
  const World ws(seg, kSeed), wb(base, kSeed);
  auto share = [](const World& w) {
    double n = 0, genz = 0;
    for (int64_t id = 1; id <= w.scenario().world.customers; ++id) {
      const Customer c = MakeCustomer(w, id);
      if (c.registered_at < w.scenario().world.start) continue;
      n += 1;
      genz += c.generation == Generation::kGenZ;
    }
    return genz / n;
  };
  const double s = share(ws), b = share(wb);
  EXPECT_NEAR(s / b, 1.15, 0.05) << b << " -> " << s;
}

}  // namespace
}  // namespace ecomsim

namespace ecomsim {
namespace {

TEST(BuiltinScenarios, CohortsHaveTheirOwnChannelsPaymentsAcquisitionAndSupport) {
  const Scenario s = LoadNamed("customer_segments", {"world.customers=40000"});
  const World world(s, kSeed);
  double genz = 0, paid_social = 0, influencer = 0, app = 0, bnpl = 0;
  double boomer = 0, direct = 0, web = 0;
  for (int64_t id = 1; id <= s.world.customers; ++id) {
    const CustomerState st = StartCustomer(world, id);
    const Customer& c = st.customer;
    if (c.generation == Generation::kGenZ) {
      genz += 1;
      paid_social += c.acquisition_channel == AcquisitionChannel::kPaidSocial;
      influencer += c.acquisition_channel == AcquisitionChannel::kInfluencer;
      app += c.preferred_channel == Channel::kApp;
      bnpl += st.preferred_method == PaymentMethod::kBnpl;
    } else if (c.generation == Generation::kBoomer) {
      boomer += 1;
      direct += c.acquisition_channel == AcquisitionChannel::kDirect;
      web += c.preferred_channel == Channel::kWeb;
    }
  }
  EXPECT_NEAR(paid_social / genz, 0.40, 4 * StdErr(0.40, genz));
  EXPECT_NEAR(influencer / genz, 0.35, 4 * StdErr(0.35, genz));
  EXPECT_NEAR(app / genz, 0.50, 4 * StdErr(0.50, genz));
  // UPI takes some payments in India before the cohort's mix applies.
  EXPECT_NEAR(bnpl / genz, 0.40, 0.03);
  EXPECT_NEAR(direct / boomer, 0.50, 4 * StdErr(0.50, boomer));
  EXPECT_NEAR(web / boomer, 0.70, 4 * StdErr(0.70, boomer));
}

}  // namespace
}  // namespace ecomsim

namespace ecomsim {
namespace {

TEST(Presets, ClickstreamMlHasItsShape) {
  SimulatedWorld w("clickstream_ml", {}, 10000, 42);
  const double events = static_cast<double>(w[TableId::kEvents].rows());
  const double sessions = static_cast<double>(w[TableId::kSessions].rows());
  EXPECT_GE(events, 500'000);
  EXPECT_LE(events, 1'000'000);
  EXPECT_GE(sessions, 50'000);
  EXPECT_LE(sessions, 100'000);
  double purchases = 0, converted = 0;
  const Batch& e = w[TableId::kEvents];
  for (size_t r = 0; r < e.rows(); ++r)
    purchases += Int(e, events_col::k_event_type, r) == static_cast<int64_t>(EventType::kPurchase);
  const Batch& s = w[TableId::kSessions];
  for (size_t r = 0; r < s.rows(); ++r) converted += Int(s, sessions_col::k_converted, r);
  EXPECT_GE(purchases / events, 0.01);
  EXPECT_LE(purchases / events, 0.03);
  EXPECT_GE(converted / sessions, 0.03);
  EXPECT_LE(converted / sessions, 0.07);
  const Batch& p = w[TableId::kProducts];
  EXPECT_EQ(p.rows(), 0u) << "products are written by the dimension pass, not the simulation";
  double discounted = 0;
  for (const Product& product : w.world->products()) {
    discounted += product.discount_bp > 0;
    EXPECT_GE(product.base_price_cents, 1000);
    EXPECT_LE(product.base_price_cents, 200'000);
  }
  EXPECT_NEAR(discounted / 1000.0, 0.30, 0.06);
}

}  // namespace
}  // namespace ecomsim
