// PartitionSessions: sessions cut by the gap per person, closed by the watermark, late
// events within the allowed lateness (joining, extending, merging), too-late ones, and a
// restart from a ResumePoint that gives the same output as a run that never stopped.
#include "jobs/sessionize/partition_sessions.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace ecomsim::sessionize {
namespace {

constexpr Micros kSecond = kMicrosPerSecond;

SessionEvent Ev(Micros seconds, EventType type = EventType::kPageView, int64_t product = 0,
                int64_t price = 0, int32_t qty = 0) {
  SessionEvent e;
  e.ts = seconds * kSecond;
  e.type = type;
  e.product_id = product;
  e.price_cents = price;
  e.has_price = price != 0;
  e.quantity = qty;
  e.customer_id = 7;
  e.has_customer = true;
  return e;
}

// The rows a run leaves in a table: upserts by session_id, deletes removing them.
struct Table {
  std::map<int64_t, SessionRow> rows;
  void Take(SessionOutput& out) {
    for (const SessionRow& r : out.upserts) rows[r.session_id] = r;
    for (int64_t id : out.deletes) rows.erase(id);
    out.Clear();
  }
};

WindowOptions Gap(Micros seconds, Micros lateness = 0) {
  return WindowOptions{seconds * kSecond, lateness * kSecond};
}

TEST(PartitionSessionsTest, TheGapCutsSessionsPerPerson) {
  PartitionSessions p(Gap(60), ResumePoint{});
  Table t;
  int64_t offset = 0;
  for (Micros s : {0, 30, 89}) p.Add(offset++, "a", Ev(s));  // 59 s apart: one session
  p.Add(offset++, "b", Ev(100));
  p.Add(offset++, "a", Ev(149));  // exactly 60 s after 89: a new session
  t.Take(p.output());
  // The watermark is 149: a's first session (last 89) closed at 149; b's (100) not yet.
  ASSERT_EQ(t.rows.size(), 1u);
  const SessionRow& first = t.rows.begin()->second;
  EXPECT_EQ(first.start_at, 0);
  EXPECT_EQ(first.last_event_at, 89 * kSecond);
  EXPECT_EQ(first.event_count, 3);
  EXPECT_EQ(p.open_sessions(), 2u);
  p.Add(offset++, "c", Ev(300));
  t.Take(p.output());
  EXPECT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(p.open_sessions(), 1u);
  p.FlushOpen();
  t.Take(p.output());
  EXPECT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(p.open_sessions(), 1u);  // written, not forgotten
}

TEST(PartitionSessionsTest, LateEventsWithinTheLatenessUpdateAndMerge) {
  PartitionSessions p(Gap(60, 120), ResumePoint{});
  Table t;
  p.Add(0, "a", Ev(0));
  p.Add(1, "a", Ev(100));  // 100 s later: a second session
  p.Add(2, "z", Ev(150));  // watermark 150: the first (0) closed at 60; the second open
  t.Take(p.output());
  ASSERT_EQ(t.rows.size(), 1u);
  // 50 s: behind the watermark, within gap of both: they merge into one session.
  EXPECT_EQ(p.Add(3, "a", Ev(50)), Arrival::kLate);
  p.Add(4, "z", Ev(400));
  t.Take(p.output());
  std::vector<SessionRow> of_a;
  for (const auto& [id, r] : t.rows) {
    if (r.start_at == 0) of_a.push_back(r);
  }
  ASSERT_EQ(of_a.size(), 1u);
  EXPECT_EQ(of_a[0].event_count, 3);
  EXPECT_EQ(of_a[0].last_event_at, 100 * kSecond);
  EXPECT_EQ(of_a[0].late_events, 1);
  // A late event before a written session's start moves its row to a new session_id.
  PartitionSessions q(Gap(60, 120), ResumePoint{});
  Table u;
  q.Add(0, "a", Ev(100));
  q.Add(1, "z", Ev(200));
  u.Take(q.output());
  ASSERT_EQ(u.rows.size(), 1u);
  const int64_t old_id = u.rows.begin()->first;
  EXPECT_EQ(q.Add(2, "a", Ev(90)), Arrival::kLate);
  u.Take(q.output());
  ASSERT_EQ(u.rows.size(), 1u);
  EXPECT_NE(u.rows.begin()->first, old_id);
  EXPECT_EQ(u.rows.begin()->second.start_at, 90 * kSecond);
}

TEST(PartitionSessionsTest, BeyondTheLatenessIsTooLate) {
  PartitionSessions p(Gap(60, 30), ResumePoint{});
  p.Add(0, "a", Ev(0));
  p.Add(1, "z", Ev(200));
  // 100 + 60 + 30 <= 200: its session would have closed and been forgotten.
  EXPECT_EQ(p.Add(2, "b", Ev(100)), Arrival::kTooLate);
  // 120 + 60 + 30 > 200: late, applied; its session closes at once (180) and is kept.
  EXPECT_EQ(p.Add(3, "b", Ev(120)), Arrival::kLate);
  EXPECT_EQ(p.output().upserts.size(), 2u);  // a's (closed at 200) and b's
  // a's session (last 0) closed at 60 and was forgotten at 90: an event at 10 is too late.
  EXPECT_EQ(p.Add(4, "a", Ev(10)), Arrival::kTooLate);
  EXPECT_EQ(p.open_sessions(), 1u);  // z's
  EXPECT_EQ(p.kept_sessions(), 2u);  // and b's, until 210
}

// A stream of several people with late events, cut at every offset: run to `cut`, take
// the ResumePoint (what is committed with the rows), then a new instance from it gets
// the messages from resume_offset on. The table is the same as without the cut.
TEST(PartitionSessionsTest, ARestartFromTheResumePointChangesNothing) {
  std::vector<std::pair<std::string, SessionEvent>> stream;
  const char* people[] = {"a", "b", "c", "d"};
  Micros ts = 0;
  for (int i = 0; i < 200; ++i) {
    ts += (i * 37 % 11) * kSecond;
    const Micros late = (i % 13 == 0) ? 50 * kSecond : 0;  // some arrive behind
    const EventType type = i % 9 == 0 ? EventType::kAddToCart : EventType::kProductView;
    stream.push_back({people[(i * 7) % 4], Ev((ts - late) / kSecond, type, 1 + i % 5, 250, 1)});
  }
  auto run = [&](PartitionSessions& p, int64_t from, int64_t to, Table& t) {
    for (int64_t i = from; i < to; ++i) {
      p.Add(i, stream[static_cast<size_t>(i)].first, stream[static_cast<size_t>(i)].second);
      t.Take(p.output());
    }
  };
  const WindowOptions w = Gap(20, 40);
  Table whole;
  {
    PartitionSessions p(w, ResumePoint{});
    run(p, 0, 200, whole);
    p.FlushOpen();
    whole.Take(p.output());
  }
  ASSERT_GT(whole.rows.size(), 10u);
  for (int64_t cut = 1; cut < 200; cut += 7) {
    Table t;
    PartitionSessions first(w, ResumePoint{});
    run(first, 0, cut, t);
    const ResumePoint r = first.resume();
    ASSERT_LE(r.resume_offset, cut);
    ASSERT_EQ(r.next_offset, cut);
    PartitionSessions second(w, r);
    run(second, r.resume_offset, 200, t);
    second.FlushOpen();
    t.Take(second.output());
    ASSERT_EQ(t.rows.size(), whole.rows.size()) << "cut at " << cut;
    for (const auto& [id, row] : whole.rows) {
      auto it = t.rows.find(id);
      ASSERT_NE(it, t.rows.end()) << "cut at " << cut;
      EXPECT_EQ(it->second.event_count, row.event_count) << "cut at " << cut;
      EXPECT_EQ(it->second.last_event_at, row.last_event_at) << "cut at " << cut;
      EXPECT_EQ(it->second.late_events, row.late_events) << "cut at " << cut;
    }
  }
}

TEST(SessionRowTest, MetricsFollowTheCartAndThePages) {
  std::vector<SessionEvent> e = {
      Ev(0, EventType::kSessionStart),
      Ev(1, EventType::kProductView, 10, 500),
      Ev(2, EventType::kAddToCart, 10, 500, 2),
      Ev(3, EventType::kProductView, 11, 300),
      Ev(4, EventType::kProductView, 10, 500),
      Ev(5, EventType::kAddToCart, 10, 550, 1),  // the line keeps its first price
      Ev(6, EventType::kAddToCart, 11, 300, 1),
      Ev(7, EventType::kRemoveFromCart, 11, 300, 1),
      Ev(8, EventType::kCheckoutInitiated, 0, 1500, 3),
      Ev(9, EventType::kPurchase, 0, 1710, 3),
      Ev(10, EventType::kSessionEnd),
  };
  SessionRow r;
  ComputeRow(e, "7", r);
  EXPECT_EQ(r.products_viewed, 3);
  EXPECT_EQ(r.unique_products_viewed, 2);
  EXPECT_EQ(r.cart_additions, 3);
  EXPECT_EQ(r.cart_removals, 1);
  EXPECT_EQ(r.cart_value_cents, 1500);  // 3 x 5.00 at the purchase
  EXPECT_TRUE(r.converted);
  EXPECT_EQ(r.purchase_value_cents, 1710);
  EXPECT_TRUE(r.has_end);
  EXPECT_EQ(r.duration_ms, 10'000);
  EXPECT_EQ(r.pages, 5);  // 3 product views, the cart, checkout
  EXPECT_EQ(r.avg_page_ms, 2'000);
  EXPECT_FALSE(r.bounce);
  EXPECT_EQ(r.session_id, SessionId("7", 0));
  EXPECT_NE(SessionId("7", 0), SessionId("8", 0));

  // One page and an end: a bounce. No end: no duration, no bounce.
  SessionRow b;
  const std::vector<SessionEvent> bounce = {Ev(0, EventType::kSessionStart), Ev(3),
                                            Ev(9, EventType::kSessionEnd)};
  ComputeRow(bounce, "7", b);
  EXPECT_TRUE(b.bounce);
  ComputeRow(std::span(bounce).first(2), "7", b);
  EXPECT_FALSE(b.bounce);
  EXPECT_FALSE(b.has_end);

  // A removal of a line the session did not see added, then a checkout that states the
  // cart: its value counts.
  SessionRow c;
  ComputeRow(std::vector<SessionEvent>{Ev(0, EventType::kRemoveFromCart, 3, 200, 1),
                                       Ev(1, EventType::kCheckoutInitiated, 0, 900, 2)},
             "7", c);
  EXPECT_EQ(c.cart_value_cents, 900);
  EXPECT_FALSE(c.converted);
}

}  // namespace
}  // namespace ecomsim::sessionize
