// Sessions under an inactivity timeout, and windows whose end cuts the sessions in
// flight, on the baseline's long dwell times (where the rules have the most to do).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "simulated.h"

namespace ecomsim {
namespace {

int64_t Int(const Batch& b, int column, size_t row) { return b.column(column).ints[row]; }
bool Null(const Batch& b, int column, size_t row) { return b.column(column).IsNull(row); }

// The longest gap between consecutive events of a session, and the shortest between a
// customer's session_end and the next session_start.
struct Gaps {
  Micros in_session = 0;
  Micros between_sessions = INT64_MAX;
};

Gaps MeasureGaps(SimulatedWorld& w) {
  Gaps g;
  const Batch& e = w[TableId::kEvents];
  for (size_t r = 1; r < e.rows(); ++r) {
    using namespace events_col;
    if (Int(e, k_session_id, r) != Int(e, k_session_id, r - 1)) continue;
    g.in_session = std::max(g.in_session, Int(e, k_ts, r) - Int(e, k_ts, r - 1));
  }
  const Batch& s = w[TableId::kSessions];
  for (size_t r = 1; r < s.rows(); ++r) {
    using namespace sessions_col;
    if (Int(s, k_customer_id, r) != Int(s, k_customer_id, r - 1)) continue;
    g.between_sessions =
        std::min(g.between_sessions, Int(s, k_start_at, r) - Int(s, k_end_at, r - 1));
  }
  return g;
}

TEST(InactivityTimeout, NoGapInASessionReachesItAndSessionsAreSeparatedByIt) {
  // A checkout short enough for a retry of the payment to fit in the minute (the
  // baseline's 90 s would leave no time for one), and payments that often fail.
  const std::vector<std::string> world = {
      "world.customers=500", "world.products=300", "world.duration=4d",
      "session.dwell_seconds.checkout_initiated=10", "commerce.payments.failure_rate=0.3"};
  std::vector<std::string> with = world;
  with.push_back("session.inactivity_timeout=60s");
  SimulatedWorld timed("baseline", Dense(with), 500, 11);
  SimulatedWorld free("baseline", Dense(world), 500, 11);
  const Gaps g = MeasureGaps(timed);
  EXPECT_LT(g.in_session, 60 * kMicrosPerSecond);
  EXPECT_GE(g.between_sessions, 60 * kMicrosPerSecond);
  // Without the timeout the baseline's dwell times (40 s on a product page on average)
  // and payment retries make longer gaps, and sessions may follow one another closely.
  const Gaps f = MeasureGaps(free);
  EXPECT_GT(f.in_session, 5 * 60 * kMicrosPerSecond);
  EXPECT_LT(f.between_sessions, 60 * kMicrosPerSecond);

  // Payments are still retried when the wait fits in the timeout (the purchase then
  // comes within it of the checkout: the gaps above include it).
  const Batch& p = timed[TableId::kPayments];
  size_t retries = 0;
  for (size_t r = 0; r < p.rows(); ++r) retries += Int(p, payments_col::k_attempt, r) > 1;
  EXPECT_GT(retries, 3u);
}

// The same world with sessions finished after the window's end, and cut at it.
class WindowCut : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::vector<std::string> world = {"world.customers=2000", "world.products=300",
                                            "world.duration=8h",
                                            "world.start=2024-08-15T12:00:00Z"};
    std::vector<std::string> cut = world;
    cut.push_back("session.at_window_end=cut");
    finished_ = new SimulatedWorld("baseline", Dense(world), 2000, 3);
    cut_ = new SimulatedWorld("baseline", Dense(cut), 2000, 3);
  }
  static void TearDownTestSuite() {
    delete finished_;
    delete cut_;
  }
  static SimulatedWorld* finished_;
  static SimulatedWorld* cut_;
};
SimulatedWorld* WindowCut::finished_ = nullptr;
SimulatedWorld* WindowCut::cut_ = nullptr;

// (event_id, ts, type) of every event, in order.
std::vector<std::tuple<int64_t, Micros, int64_t>> Events(SimulatedWorld& w, Micros before) {
  std::vector<std::tuple<int64_t, Micros, int64_t>> out;
  const Batch& e = w[TableId::kEvents];
  for (size_t r = 0; r < e.rows(); ++r) {
    using namespace events_col;
    if (Int(e, k_ts, r) < before)
      out.emplace_back(Int(e, k_event_id, r), Int(e, k_ts, r), Int(e, k_event_type, r));
  }
  return out;
}

TEST_F(WindowCut, KeepsExactlyTheEventsBeforeTheEnd) {
  const Micros end = cut_->scenario.world.end();
  const auto finished = Events(*finished_, end);
  const auto cut = Events(*cut_, INT64_MAX);
  ASSERT_GT(finished.size(), 10'000u);
  EXPECT_EQ(cut, finished) << "the cut stream is the finished one up to the window's end";
  EXPECT_LT(finished.size(), finished_->rows->events().rows()) << "some events came after the end";
  EXPECT_EQ(cut_->rows->sessions().rows(), finished_->rows->sessions().rows())
      << "the same sessions";
}

TEST_F(WindowCut, OpenSessionsHaveNoEndAndLeaveNoCartBehind) {
  const Micros end = cut_->scenario.world.end();
  const Batch& s = cut_->rows->sessions();
  std::set<int64_t> open;
  for (size_t r = 0; r < s.rows(); ++r) {
    using namespace sessions_col;
    EXPECT_EQ(Null(s, k_end_at, r), Null(s, k_duration_s, r));
    if (Null(s, k_end_at, r)) {
      open.insert(Int(s, k_session_id, r));
      EXPECT_EQ(Int(s, k_bounce, r), 0) << "an open session has not bounced (yet)";
    } else {
      EXPECT_LT(Int(s, k_end_at, r), end);
    }
  }
  EXPECT_GT(open.size(), 10u);
  // Their events: no session_end, the last one's duration 0 (what follows is unknown).
  const Batch& e = cut_->rows->events();
  std::map<int64_t, std::pair<int64_t, int64_t>> last;  // session -> (type, duration)
  for (size_t r = 0; r < e.rows(); ++r) {
    using namespace events_col;
    last[Int(e, k_session_id, r)] = {Int(e, k_event_type, r), Int(e, k_duration_s, r)};
  }
  for (int64_t id : open) {
    EXPECT_NE(last.at(id).first, static_cast<int64_t>(EventType::kSessionEnd)) << id;
    EXPECT_EQ(last.at(id).second, 0) << id;
  }
  // Carts of open sessions are not abandoned yet; the finished run abandons some of them.
  auto carts_of_open = [&](SimulatedWorld& w) {
    size_t n = 0;
    const Batch& c = w[TableId::kAbandonedCarts];
    for (size_t r = 0; r < c.rows(); ++r)
      n += open.count(Int(c, abandoned_carts_col::k_session_id, r));
    return n;
  };
  EXPECT_EQ(carts_of_open(*cut_), 0u);
  EXPECT_GT(carts_of_open(*finished_), 0u);
  // Orders and payments all happen before the end.
  const Batch& o = cut_->rows->table(TableId::kOrders);
  for (size_t r = 0; r < o.rows(); ++r) EXPECT_LT(Int(o, orders_col::k_ordered_at, r), end);
  const Batch& p = cut_->rows->table(TableId::kPayments);
  for (size_t r = 0; r < p.rows(); ++r) EXPECT_LT(Int(p, payments_col::k_ts, r), end);
}

}  // namespace
}  // namespace ecomsim
