// The presets of issue 6 show the figures they promise, measured on their simulated rows
// at full size with the default seed. Each tolerance is stated where it is checked.
#include <gtest/gtest.h>

#include <algorithm>

#include "preset_figures.h"

namespace ecomsim {
namespace {

using preset_figures::Analytics;
using preset_figures::Realtime;

constexpr uint64_t kDefaultSeed = 42;

double Share(const Realtime& f, EventType t) { return f.event_share[static_cast<size_t>(t)]; }
double Count(const Realtime& f, EventType t) { return f.event_count[static_cast<size_t>(t)]; }

TEST(Presets, RealtimeSessionsHasItsShape) {
  SimulatedWorld w("realtime_sessions", {}, 400, kDefaultSeed);
  ASSERT_EQ(w.scenario.world.duration, 25 * kMicrosPerMinute);
  const Realtime f = preset_figures::MeasureRealtime(w);

  // 400 users, 40 events/s for 25 minutes.
  EXPECT_EQ(w[TableId::kCustomers].rows(), 400u);
  EXPECT_NEAR(f.events, 60'000, 6'000) << "60,000 events +-10%";
  EXPECT_NEAR(f.events_per_second, 40, 4);
  EXPECT_NEAR(f.sessions, 3'700, 370) << "3,700 sessions +-10%";
  EXPECT_NEAR(f.converted, 0.157, 0.02) << "15.7% of sessions converted, +-2 points";
  EXPECT_NEAR(f.cart_abandonment, 0.60, 0.05) << "60% of carts abandoned, +-5 points";

  // The event mix, each type within 1.5 points of the figure.
  EXPECT_NEAR(Share(f, EventType::kPageView), 0.295, 0.015);
  EXPECT_NEAR(Share(f, EventType::kProductView), 0.31, 0.015);
  EXPECT_NEAR(Share(f, EventType::kAddToCart), 0.12, 0.015);
  EXPECT_NEAR(Share(f, EventType::kSearch), 0.093, 0.015);
  EXPECT_NEAR(Share(f, EventType::kCheckoutInitiated), 0.043, 0.015);
  EXPECT_NEAR(Share(f, EventType::kRemoveFromCart), 0.043, 0.015);
  EXPECT_NEAR(Share(f, EventType::kSessionStart), 0.065, 0.015);
  EXPECT_NEAR(Share(f, EventType::kSessionEnd), 0.062, 0.015);
  EXPECT_EQ(Share(f, EventType::kScroll), 0) << "no scroll in this stream";
  // A session buys at most once: purchases are the converted sessions (about 1% of the
  // events; the 3.4% contradicts its own 15.7% converted, see the preset's file).
  EXPECT_EQ(Count(f, EventType::kPurchase), f.converted_sessions);
  EXPECT_NEAR(Share(f, EventType::kPurchase), 0.01, 0.003);
  // One session_start per session, one session_end per closed session.
  EXPECT_EQ(Count(f, EventType::kSessionStart), f.sessions);
  EXPECT_EQ(Count(f, EventType::kSessionEnd), f.sessions - f.open_sessions);

  // Devices within 4 points, personas within 2 (exact mixes: 400 customers show them).
  EXPECT_NEAR(f.device_share[static_cast<size_t>(Device::kMobile)], 0.50, 0.04);
  EXPECT_NEAR(f.device_share[static_cast<size_t>(Device::kDesktop)], 0.40, 0.04);
  EXPECT_NEAR(f.device_share[static_cast<size_t>(Device::kTablet)], 0.10, 0.04);
  ASSERT_EQ(w.scenario.personas.size(), 3u);
  EXPECT_EQ(w.scenario.personas[0].name, "window_shopper");
  EXPECT_NEAR(f.persona_share[0], 0.60, 0.02);
  EXPECT_EQ(w.scenario.personas[1].name, "intent_buyer");
  EXPECT_NEAR(f.persona_share[1], 0.25, 0.02);
  EXPECT_EQ(w.scenario.personas[2].name, "cart_abandoner");
  EXPECT_NEAR(f.persona_share[2], 0.15, 0.02);

  // The 60-second inactivity rule, both ways: sessionizing by it gives back the sessions.
  EXPECT_LT(f.max_gap_in_session, 60 * kMicrosPerSecond);
  EXPECT_GT(f.max_gap_in_session, 30 * kMicrosPerSecond) << "long pauses happen, below the timeout";
  EXPECT_GE(f.min_gap_between_sessions, 60 * kMicrosPerSecond);
  // The window cuts the stream: a few sessions are open at its end, without session_end.
  EXPECT_GT(f.open_sessions, 0.01 * f.sessions);
  EXPECT_LT(f.open_sessions, 0.10 * f.sessions);
  EXPECT_TRUE(f.open_sessions_lack_session_end);
  EXPECT_TRUE(f.nothing_after_the_window);
}

TEST(Presets, AnalyticsPlatformHasItsShape) {
  SimulatedWorld w("analytics_platform", {}, 1000, kDefaultSeed);
  ASSERT_EQ(w.scenario.world.duration, 730 * kMicrosPerDay) << "two years";
  const Analytics f = preset_figures::MeasureAnalytics(w);

  EXPECT_EQ(f.customers, 1000);
  EXPECT_NEAR(f.orders, 5'000, 500) << "5,000 orders +-10%";
  EXPECT_NEAR(f.items_per_order, 2.5, 0.2);
  EXPECT_NEAR(f.events, 50'000, 7'500) << "50,000 events +-15%";

  // Segments at the start within 5 points; 30% +-5 with segment history.
  EXPECT_NEAR(f.start_segment_share[0], 0.50, 0.05);
  EXPECT_NEAR(f.start_segment_share[1], 0.30, 0.05);
  EXPECT_NEAR(f.start_segment_share[2], 0.15, 0.05);
  EXPECT_NEAR(f.start_segment_share[3], 0.05, 0.05);
  EXPECT_NEAR(f.with_history, 0.30, 0.05);

  // The top 20% of customers place 80% +-6 of the orders.
  EXPECT_NEAR(f.top20_order_share, 0.80, 0.06);

  // Orders peak at 11-12 h and 20-22 h local time: the busiest hour is in one of the
  // peaks, and each peak has an hour busier than every hour outside them.
  auto in_peak = [](int h) { return h == 11 || h == 12 || (h >= 20 && h <= 22); };
  const auto& hours = f.order_hours;
  const int busiest =
      static_cast<int>(std::max_element(hours.begin(), hours.end()) - hours.begin());
  EXPECT_TRUE(in_peak(busiest)) << busiest;
  double outside = 0;
  for (int h = 0; h < 24; ++h) {
    if (!in_peak(h)) outside = std::max(outside, hours[static_cast<size_t>(h)]);
  }
  EXPECT_GT(std::max(hours[11], hours[12]), outside);
  EXPECT_GT(std::max({hours[20], hours[21], hours[22]}), outside);

  // Order values by segment: bronze $20-150 ... platinum $150-800 for at least 90% of
  // each segment's orders.
  for (int k = 0; k < kSegmentCount; ++k) {
    SCOPED_TRACE(std::string(kSegmentNames[k]));
    EXPECT_GT(f.orders_by_segment[static_cast<size_t>(k)], 200);
    EXPECT_GE(f.value_in_range[static_cast<size_t>(k)], 0.90);
  }
  EXPECT_EQ(w.scenario.commerce.order_value_cents[0][0], 2'000);
  EXPECT_EQ(w.scenario.commerce.order_value_cents[0][1], 15'000);
  EXPECT_EQ(w.scenario.commerce.order_value_cents[3][0], 15'000);
  EXPECT_EQ(w.scenario.commerce.order_value_cents[3][1], 80'000);
}

}  // namespace
}  // namespace ecomsim
