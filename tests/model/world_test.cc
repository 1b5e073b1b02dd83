// Integrity and calibration of the simulated world, checked in memory on the rows the
// simulation produces (the same batches the file formats write).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "model/customer.h"
#include "simulated.h"

namespace ecomsim {
namespace {

class WorldIntegrity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new Scenario(LoadBaseline(Dense({"world.customers=600", "world.products=300"})));
    world_ = new World(*scenario_, 7);
    sim_ = new Simulated(*world_, 600);
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
Scenario* WorldIntegrity::scenario_ = nullptr;
World* WorldIntegrity::world_ = nullptr;
Simulated* WorldIntegrity::sim_ = nullptr;

TEST_F(WorldIntegrity, BatchesAreConsistentAndLarge) {
  EXPECT_TRUE(sim_->customers().Consistent());
  EXPECT_TRUE(sim_->sessions().Consistent());
  EXPECT_TRUE(sim_->events().Consistent());
  EXPECT_EQ(sim_->customers().rows(), 600u);
  EXPECT_GT(sim_->events().rows(), 100'000u);
}

TEST_F(WorldIntegrity, KeysAreUnique) {
  for (auto [batch, column] : {std::pair{&sim_->events(), int{events_col::k_event_id}},
                               std::pair{&sim_->sessions(), int{sessions_col::k_session_id}},
                               std::pair{&sim_->customers(), int{customers_col::k_customer_id}}}) {
    std::unordered_set<int64_t> seen;
    for (int64_t v : batch->column(column).ints) EXPECT_TRUE(seen.insert(v).second) << v;
  }
  std::unordered_set<std::string_view> emails;
  const Column& email = sim_->customers().column(customers_col::k_email);
  for (size_t i = 0; i < sim_->customers().rows(); ++i) {
    EXPECT_TRUE(emails.insert(email.StringAt(i)).second) << email.StringAt(i);
  }
}

TEST_F(WorldIntegrity, EventsFollowTheSessionRules) {
  const Batch& ev = sim_->events();
  const Batch& cu = sim_->customers();
  std::map<int64_t, Micros> registered;
  for (size_t i = 0; i < cu.rows(); ++i) {
    registered[cu.column(customers_col::k_customer_id).ints[i]] =
        cu.column(customers_col::k_registered_at).ints[i];
  }
  std::set<int64_t> session_ids;
  for (int64_t s : sim_->sessions().column(sessions_col::k_session_id).ints) session_ids.insert(s);

  const auto& session = ev.column(events_col::k_session_id).ints;
  const auto& customer = ev.column(events_col::k_customer_id).ints;
  const auto& ts = ev.column(events_col::k_ts).ints;
  const auto& type = ev.column(events_col::k_event_type).ints;
  const Column& product = ev.column(events_col::k_product_id);
  auto is = [&](size_t i, EventType t) { return type[i] == static_cast<int64_t>(t); };

  int64_t violations = 0;
  size_t i = 0;
  while (i < ev.rows()) {
    size_t end = i;
    while (end < ev.rows() && session[end] == session[i]) ++end;
    EXPECT_TRUE(session_ids.count(session[i])) << "event of unknown session " << session[i];
    EXPECT_TRUE(is(i, EventType::kSessionStart)) << "session " << session[i];
    EXPECT_TRUE(is(end - 1, EventType::kSessionEnd)) << "session " << session[i];
    bool viewed = false, checkout = false;
    int cart_lines = 0;
    for (size_t k = i; k < end; ++k) {
      if (ts[k] < registered.at(customer[k])) ++violations;  // no event before registration
      if (k > i && ts[k] <= ts[k - 1]) ++violations;         // strictly increasing
      if (k > i && k + 1 < end &&
          (is(k, EventType::kSessionStart) || is(k, EventType::kSessionEnd)))
        ++violations;
      if (is(k, EventType::kProductView)) viewed = true;
      if (is(k, EventType::kAddToCart)) {
        if (!viewed) ++violations;
        ++cart_lines;
      }
      if (is(k, EventType::kRemoveFromCart)) {
        if (cart_lines == 0) ++violations;  // never from an empty cart
        --cart_lines;
      }
      if (is(k, EventType::kCheckoutInitiated)) checkout = true;
      if (is(k, EventType::kPurchase) && !checkout) ++violations;
      if (!product.IsNull(k)) {
        const int64_t p = product.ints[k];
        if (p < 1 || p > scenario_->world.products) ++violations;
      }
    }
    i = end;
  }
  EXPECT_EQ(violations, 0);
}

TEST_F(WorldIntegrity, SessionAggregatesMatchTheirEvents) {
  const Batch& ev = sim_->events();
  const Batch& se = sim_->sessions();
  std::map<int64_t, std::array<int64_t, kEventTypeCount>> counts;
  std::map<int64_t, std::pair<Micros, Micros>> span;
  for (size_t i = 0; i < ev.rows(); ++i) {
    const int64_t s = ev.column(events_col::k_session_id).ints[i];
    ++counts[s][static_cast<size_t>(ev.column(events_col::k_event_type).ints[i])];
    const Micros t = ev.column(events_col::k_ts).ints[i];
    auto [it, inserted] = span.try_emplace(s, t, t);
    it->second.second = t;
  }
  for (size_t r = 0; r < se.rows(); ++r) {
    const int64_t s = se.column(sessions_col::k_session_id).ints[r];
    const auto& c = counts.at(s);
    auto n = [&](EventType t) { return c[static_cast<size_t>(t)]; };
    ASSERT_EQ(se.column(sessions_col::k_page_views).ints[r], n(EventType::kPageView));
    ASSERT_EQ(se.column(sessions_col::k_products_viewed).ints[r], n(EventType::kProductView));
    ASSERT_EQ(se.column(sessions_col::k_searches).ints[r], n(EventType::kSearch));
    ASSERT_EQ(se.column(sessions_col::k_cart_additions).ints[r], n(EventType::kAddToCart));
    ASSERT_EQ(se.column(sessions_col::k_cart_removals).ints[r], n(EventType::kRemoveFromCart));
    ASSERT_EQ(se.column(sessions_col::k_converted).ints[r], n(EventType::kPurchase));
    ASSERT_EQ(se.column(sessions_col::k_start_at).ints[r], span.at(s).first);
    ASSERT_EQ(se.column(sessions_col::k_end_at).ints[r], span.at(s).second);
    ASSERT_EQ(se.column(sessions_col::k_duration_s).ints[r] * 1000,
              span.at(s).second - span.at(s).first);
  }
}

TEST(WorldCalibration, PersonaSharesAndEmailsAcrossManyCustomers) {
  const Scenario s = LoadBaseline({"world.customers=200000"});
  const World world(s, 42);
  std::vector<int64_t> persona(s.personas.size());
  std::array<int64_t, kDeviceCount> device{};
  int64_t without_cohort_channels = 0;
  std::unordered_set<std::string> emails;
  char buf[128];
  constexpr int64_t kN = 200000;
  for (int64_t id = 1; id <= kN; ++id) {
    const Customer c = MakeCustomer(world, id);
    ++persona[c.persona];
    // Cohorts with a channel mix choose their device through it; the others use the mix.
    if (!c.has_preferred_channel) {
      ++device[static_cast<size_t>(c.preferred_device)];
      ++without_cohort_channels;
    }
    emails.emplace(buf, FormatEmail(world, c, buf));
  }
  EXPECT_EQ(emails.size(), static_cast<size_t>(kN)) << "emails must be unique by construction";
  for (size_t p = 0; p < s.personas.size(); ++p) {
    const double share = s.personas[p].share;
    EXPECT_NEAR(static_cast<double>(persona[p]) / kN, share, 4 * StdErr(share, kN))
        << s.personas[p].name;
  }
  const auto m = static_cast<double>(without_cohort_channels);
  ASSERT_GT(m, 0.4 * kN);
  for (size_t d = 0; d < device.size(); ++d) {
    const double share = s.world.devices[d];
    EXPECT_NEAR(static_cast<double>(device[d]) / m, share, 4 * StdErr(share, m));
  }
}

TEST(WorldCalibration, SessionsReproduceConversionDeviceMixAndHourProfile) {
  const Scenario s = LoadBaseline(Dense({"world.customers=1500", "world.products=300"}));
  const World world(s, 11);
  const Batch* customers;
  Simulated sim(world, 1500);
  customers = &sim.customers();
  std::map<int64_t, std::pair<uint8_t, int>> info;  // customer -> persona, utc offset
  std::unordered_set<int64_t> own_channels;         // customers of cohorts with a channel mix
  for (size_t i = 0; i < customers->rows(); ++i) {
    const int64_t id = customers->column(customers_col::k_customer_id).ints[i];
    info[id] = {static_cast<uint8_t>(customers->column(customers_col::k_persona).ints[i]),
                static_cast<int>(customers->column(customers_col::k_utc_offset_minutes).ints[i])};
    const auto g = static_cast<size_t>(customers->column(customers_col::k_generation).ints[i]);
    if (!s.cohorts[g].channels.empty()) own_channels.insert(id);
  }
  double device_n = 0;
  const Batch& se = sim.sessions();
  // A session that reached payment has an order, paid or not.
  std::unordered_set<int64_t> ordered;
  const Batch& orders = sim.batches.get(TableId::kOrders);
  for (size_t r = 0; r < orders.rows(); ++r)
    ordered.insert(orders.column(orders_col::k_session_id).ints[r]);
  std::vector<double> sessions(s.personas.size()), converted(s.personas.size());
  std::array<double, kDeviceCount> device{};
  std::array<double, 24> hour{};
  const double n = static_cast<double>(se.rows());
  for (size_t r = 0; r < se.rows(); ++r) {
    const auto [p, offset] = info.at(se.column(sessions_col::k_customer_id).ints[r]);
    // Conversion is the persona's for ordinary visits; reminders and fraud always buy.
    if (se.column(sessions_col::k_origin).ints[r] != static_cast<int64_t>(SessionOrigin::kVisit))
      continue;
    sessions[p] += 1;
    converted[p] += ordered.count(se.column(sessions_col::k_session_id).ints[r]) ? 1.0 : 0.0;
    if (!own_channels.count(se.column(sessions_col::k_customer_id).ints[r])) {
      device[static_cast<size_t>(se.column(sessions_col::k_device_type).ints[r])] += 1;
      device_n += 1;
    }
    const Micros local = se.column(sessions_col::k_start_at).ints[r] + offset * kMicrosPerMinute;
    hour[static_cast<size_t>((local - DayOf(local) * kMicrosPerDay) / kMicrosPerHour)] += 1;
  }
  ASSERT_GT(n, 200'000);
  for (size_t p = 0; p < s.personas.size(); ++p) {
    const double want = s.personas[p].conversion;
    EXPECT_NEAR(converted[p] / sessions[p], want, 4 * StdErr(want, sessions[p]) + 1e-4)
        << s.personas[p].name;
  }
  // Sessions use the preferred device (drawn from the mix) or a fresh draw from the mix:
  // either way the device shares are the mix. Clustering by customer widens the error.
  for (size_t d = 0; d < kDeviceCount; ++d) {
    EXPECT_NEAR(device[d] / device_n, s.world.devices[d], 0.03) << kDeviceNames[d];
  }
  // Sessions by local start hour follow the configured profile (normalized to mean 1).
  for (size_t h = 0; h < 24; ++h) {
    const double want = s.profiles.hour_of_day[h] / 24;
    EXPECT_NEAR(hour[h] / n, want, 0.06 * want + 4 * StdErr(want, n)) << "hour " << h;
  }
}

TEST(IntensityGrid, ArrivalCountsArePoissonWithTheIntegratedRate) {
  const Scenario s = LoadBaseline();
  const IntensityGrid grid(s, 0, ChooseBinWidth(s.world.duration), [](Micros) { return 1.0; });
  const double expected = grid.ExpectedFrom(s.world.start) * 2.0;  // rate 2 per day
  EXPECT_NEAR(grid.ExpectedFrom(s.world.start), 30.0, 1.5);        // ~30 days of mean-1 profile
  double sum = 0, sum_sq = 0;
  constexpr int kRuns = 4000;
  for (int run = 0; run < kRuns; ++run) {
    Rng rng(1, 99, static_cast<uint64_t>(run));
    int count = 0;
    for (Micros t = s.world.start;;) {
      t = grid.NextArrival(t, 2.0, rng);
      if (t >= s.world.end()) break;
      ++count;
    }
    sum += count;
    sum_sq += static_cast<double>(count) * count;
  }
  const double mean = sum / kRuns;
  const double var = sum_sq / kRuns - mean * mean;
  EXPECT_NEAR(mean, expected, 4 * std::sqrt(expected / kRuns));
  EXPECT_NEAR(var / mean, 1.0, 0.1);  // Poisson: variance equals mean
}

// Windows past 416 days keep hourly bins: the hour-of-day profile still shapes them.
TEST(IntensityGrid, ATwoYearWindowKeepsTheHourOfDayProfile) {
  const Scenario s = LoadBaseline({"world.duration=730d"});
  EXPECT_EQ(ChooseBinWidth(s.world.duration), kMicrosPerHour);
  EXPECT_EQ(ChooseBinWidth(3660 * kMicrosPerDay), kMicrosPerHour);
  const IntensityGrid grid(s, 0, ChooseBinWidth(s.world.duration), [](Micros) { return 1.0; });
  // A year into the window, 3 h and 20 h UTC (local time at offset 0).
  const Micros day = s.world.start + 365 * kMicrosPerDay;
  const double night = grid.MultiplierAt(day + 3 * kMicrosPerHour + kMicrosPerMinute);
  const double evening = grid.MultiplierAt(day + 20 * kMicrosPerHour + kMicrosPerMinute);
  EXPECT_NEAR(evening / night, s.profiles.hour_of_day[20] / s.profiles.hour_of_day[3], 1e-9);
  EXPECT_GT(evening, 5 * night);
}

}  // namespace
}  // namespace ecomsim
