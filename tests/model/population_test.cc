// The population of the realistic baseline: customers and anonymous visitors, sign-in,
// registration at checkout and guest checkouts, checked on the rows of a small world of
// the baseline's own shape (not the dense one the other model tests use).
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "simulated.h"

namespace ecomsim {
namespace {

constexpr int64_t kCustomers = 3000;

class Population : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::vector<std::string> overrides = {"world.customers=3000", "world.products=300"};
    scenario_ = new Scenario(LoadBaseline(overrides));
    world_ = new World(*scenario_, 11);
    ResolveStockCaps(*world_, 64, 2);
    sim_ = new Simulated(*world_, scenario_->world.people());
  }
  static void TearDownTestSuite() {
    delete sim_;
    delete world_;
    delete scenario_;
  }
  static Scenario* scenario_;
  static World* world_;
  static Simulated* sim_;
};
Scenario* Population::scenario_ = nullptr;
World* Population::world_ = nullptr;
Simulated* Population::sim_ = nullptr;

// registered_at of every customers row, by customer_id.
std::map<int64_t, Micros> Registrations(const Batch& customers) {
  std::map<int64_t, Micros> out;
  for (size_t r = 0; r < customers.rows(); ++r) {
    out[customers.column(customers_col::k_customer_id).ints[r]] =
        customers.column(customers_col::k_registered_at).ints[r];
  }
  return out;
}

TEST_F(Population, VisitorsOutnumberCustomersAndMakeMostSessions) {
  const WorldConfig& w = scenario_->world;
  ASSERT_EQ(w.customers, kCustomers);
  EXPECT_EQ(w.people(), kCustomers + 10'500);  // 3.5 visitors per customer
  const Batch& s = sim_->sessions();
  size_t by_visitors = 0;
  std::set<int64_t> people;
  for (size_t r = 0; r < s.rows(); ++r) {
    const int64_t v = s.column(sessions_col::k_visitor_id).ints[r];
    people.insert(v);
    by_visitors += v > kCustomers ? 1 : 0;
  }
  EXPECT_GT(by_visitors * 2, s.rows()) << by_visitors << " of " << s.rows();
  EXPECT_GT(people.size(), 5000u);
}

TEST_F(Population, ASignedInSessionIsItsPersonsAccountAndNothingPrecedesIt) {
  const std::map<int64_t, Micros> registered = Registrations(sim_->customers());
  const Batch& s = sim_->sessions();
  const Column& customer = s.column(sessions_col::k_customer_id);
  const Column& visitor = s.column(sessions_col::k_visitor_id);
  const Column& start = s.column(sessions_col::k_start_at);
  for (size_t r = 0; r < s.rows(); ++r) {
    if (customer.IsNull(r)) continue;
    ASSERT_EQ(customer.ints[r], visitor.ints[r]) << "row " << r;
    auto it = registered.find(customer.ints[r]);
    ASSERT_NE(it, registered.end()) << "signed in without an account: " << customer.ints[r];
    EXPECT_GE(start.ints[r], it->second) << "session of " << customer.ints[r];
  }
}

TEST_F(Population, CustomersAreSignedInForTheirShareOfBrowsingVisits) {
  // Visits that buy, or come back for a cart, are always signed in; the others of the
  // accounts opened before the window are signed in with probability logged_in.
  const Batch& s = sim_->sessions();
  const Column& customer = s.column(sessions_col::k_customer_id);
  const Column& visitor = s.column(sessions_col::k_visitor_id);
  const Column& converted = s.column(sessions_col::k_converted);
  const Column& origin = s.column(sessions_col::k_origin);
  double n = 0;
  double signed_in = 0;
  for (size_t r = 0; r < s.rows(); ++r) {
    if (visitor.ints[r] > kCustomers || converted.ints[r] != 0) continue;
    if (origin.EnumAt(r) != "visit") continue;
    ++n;
    signed_in += customer.IsNull(r) ? 0 : 1;
  }
  ASSERT_GT(n, 2000);
  EXPECT_NEAR(signed_in / n, scenario_->world.logged_in, 4 * StdErr(0.6, n) + 0.01)
      << signed_in << " of " << n;
}

TEST_F(Population, AVisitorRegistersAtCheckoutOrChecksOutAsAGuest) {
  const std::map<int64_t, Micros> registered = Registrations(sim_->customers());
  // The accounts of the start are all there, and every later one is a visitor's.
  for (int64_t id = 1; id <= kCustomers; ++id) ASSERT_TRUE(registered.count(id)) << id;

  const Batch& o = sim_->table(TableId::kOrders);
  const Column& customer = o.column(orders_col::k_customer_id);
  const Column& visitor = o.column(orders_col::k_visitor_id);
  const Column& session = o.column(orders_col::k_session_id);
  // The start of every session, to find where a registration happened.
  std::map<int64_t, Micros> session_start;
  const Batch& s = sim_->sessions();
  for (size_t r = 0; r < s.rows(); ++r) {
    session_start[s.column(sessions_col::k_session_id).ints[r]] =
        s.column(sessions_col::k_start_at).ints[r];
  }
  // Per visitor (above the accounts of the start): the starts of their orders' sessions,
  // and whether each was signed in.
  std::map<int64_t, std::vector<std::pair<Micros, bool>>> visitor_orders;
  size_t guest_orders = 0;
  for (size_t r = 0; r < o.rows(); ++r) {
    const int64_t v = visitor.ints[r];
    if (customer.IsNull(r)) {
      ++guest_orders;
      ASSERT_GT(v, kCustomers) << "an account holder checked out as a guest";
    } else {
      ASSERT_EQ(customer.ints[r], v);
    }
    if (v > kCustomers) {
      visitor_orders[v].emplace_back(session_start.at(session.ints[r]), !customer.IsNull(r));
    }
  }
  EXPECT_GT(guest_orders, 100u);

  // A visitor without an account checks out as a guest or opens one at that checkout:
  // the account's registered_at is that session's start, the orders before it are guest
  // checkouts and those after it signed in. No visitor who never bought has an account.
  double checkouts_without_account = 0;
  double registrations = 0;
  for (auto& [v, orders] : visitor_orders) {
    std::sort(orders.begin(), orders.end());
    auto it = registered.find(v);
    const Micros opened =
        it == registered.end() ? std::numeric_limits<Micros>::max() : it->second;
    bool seen_registration = false;
    for (const auto& [at, signed_in] : orders) {
      if (at < opened) {
        EXPECT_FALSE(signed_in) << "visitor " << v << " signed in before registering";
        ++checkouts_without_account;
      } else {
        EXPECT_TRUE(signed_in) << "customer " << v << " checked out as a guest";
        if (at == opened) {
          seen_registration = true;
          ++checkouts_without_account;
          ++registrations;
        }
      }
    }
    EXPECT_EQ(seen_registration, it != registered.end()) << "visitor " << v;
  }
  for (const auto& [id, at] : registered) {
    if (id <= kCustomers) continue;
    ASSERT_TRUE(visitor_orders.count(id)) << "account " << id << " without an order";
  }
  EXPECT_NEAR(registrations / checkouts_without_account,
              scenario_->world.visitors.register_at_checkout,
              4 * StdErr(0.4, checkouts_without_account))
      << registrations << " of " << checkouts_without_account << " checkouts without an account";
}

TEST_F(Population, ActivityIsHeavyTailedAcrossPeople) {
  // Most people who came in the month came once or twice; a few came often.
  std::map<int64_t, int> visits;
  const Batch& s = sim_->sessions();
  for (size_t r = 0; r < s.rows(); ++r) ++visits[s.column(sessions_col::k_visitor_id).ints[r]];
  std::vector<int> counts;
  for (const auto& [v, n] : visits) counts.push_back(n);
  std::sort(counts.begin(), counts.end());
  const int median = counts[counts.size() / 2];
  const int p99 = counts[counts.size() * 99 / 100];
  size_t top = 0;
  size_t all = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    all += static_cast<size_t>(counts[i]);
    if (i >= counts.size() * 4 / 5) top += static_cast<size_t>(counts[i]);
  }
  EXPECT_LE(median, 2);
  EXPECT_GE(p99, 8 * median) << "median " << median << ", p99 " << p99;
  EXPECT_GT(static_cast<double>(top), 0.5 * static_cast<double>(all))
      << "the most active 20% made " << top << " of " << all << " visits";
}

}  // namespace
}  // namespace ecomsim
