#include "sinks/pacer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace ecomsim {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

// A clock that only moves when told: SleepUntil jumps to the time asked plus an
// overshoot (a real sleep wakes late), and the test advances it by the cost of sending.
class FakeClock final : public PaceClock {
 public:
  explicit FakeClock(int64_t overshoot = 0) : overshoot_(overshoot) {}
  int64_t NowNanos() override {
    ++reads;
    return now;
  }
  void SleepUntil(int64_t nanos) override {
    ++sleeps;
    now = std::max(now, nanos) + overshoot_;
  }
  int64_t now = 1'000 * kSecond;
  int64_t reads = 0;
  int64_t sleeps = 0;

 private:
  int64_t overshoot_;
};

Pacing Rate(double r) { return {Pacing::Mode::kRate, r}; }
Pacing Speed(double s) { return {Pacing::Mode::kSpeed, s}; }

TEST(Pacer, RateSchedulesMessageIAtStartPlusIOverRate) {
  FakeClock clock;
  Pacer pacer(Rate(3000), clock);
  const int64_t start = clock.now;
  for (int64_t i = 0; i < 10'000; ++i) {
    pacer.Wait(0);
    // i / 3000 s, truncated to the nanosecond: no error accumulates over 10,000 steps.
    ASSERT_EQ(clock.now - start, static_cast<int64_t>(static_cast<double>(i) * (1e9 / 3000)))
        << "message " << i;
  }
}

TEST(Pacer, SpeedFollowsEventTimeScaled) {
  FakeClock clock;
  Pacer pacer(Speed(60), clock);
  const int64_t start = clock.now;
  const int64_t minute = 60'000'000;  // microseconds
  const int64_t t0 = 1'722'470'400'000'000;
  std::vector<int64_t> ts = {t0, t0, t0 + minute, t0 + minute, t0 + 10 * minute, t0 + 61 * minute};
  std::vector<int64_t> left;
  for (int64_t t : ts) {
    pacer.Wait(t);
    left.push_back(clock.now - start);
  }
  // One simulated minute per wall second; ties leave together.
  EXPECT_EQ(left, (std::vector<int64_t>{0, 0, kSecond, kSecond, 10 * kSecond, 61 * kSecond}));
}

TEST(Pacer, MaxNeverReadsTheClock) {
  FakeClock clock;
  Pacer pacer(Pacing{}, clock);
  for (int i = 0; i < 1000; ++i) pacer.Wait(i);
  EXPECT_EQ(clock.reads, 0);
  EXPECT_EQ(clock.sleeps, 0);
  EXPECT_EQ(pacer.stats().messages, 1000);
}

// Runs `seconds` of simulated sending at `rate` with a sleep that wakes `overshoot` late
// and a cost per message, and returns the messages sent in each 100 ms.
std::vector<int64_t> Simulate(double rate, int seconds, int64_t overshoot, int64_t cost,
                              FakeClock* out = nullptr) {
  FakeClock clock(overshoot);
  Pacer pacer(Rate(rate), clock);
  const int64_t start = clock.now;
  const int64_t bucket = kSecond / 10;
  std::vector<int64_t> counts(static_cast<size_t>(seconds) * 10 + 1, 0);
  while (true) {
    pacer.Wait(0);
    const int64_t at = clock.now - start;
    if (at >= seconds * kSecond) break;
    ++counts[static_cast<size_t>(at / bucket)];
    clock.now += cost;
  }
  counts.pop_back();
  if (out != nullptr) *out = clock;
  return counts;
}

// The promise: within 1% of the asked rate over any 10-second window, from 100 to
// 500,000 messages per second, with sleeps that wake 80 us late and 1 us per send.
TEST(Pacer, HoldsTheRateWithinOnePercentOverEveryTenSecondWindow) {
  for (double rate : {100.0, 1000.0, 50'000.0, 500'000.0}) {
    const std::vector<int64_t> counts = Simulate(rate, 25, 80'000, 1'000);
    const double want = rate * 10;
    for (size_t first = 0; first + 100 <= counts.size(); ++first) {
      int64_t sum = 0;
      for (size_t b = first; b < first + 100; ++b) sum += counts[b];
      ASSERT_LE(std::abs(static_cast<double>(sum) - want), 0.01 * want)
          << "rate " << rate << ", window from " << first / 10.0 << " s";
    }
  }
}

TEST(Pacer, SleepsOncePerBatchAtHighRates) {
  FakeClock clock;
  Simulate(500'000, 2, 60'000, 500, &clock);
  // 1,000,000 messages: a sleep wakes 60 us late, by when 30 more are due; the clock is
  // read about twice per such batch, not once per message.
  EXPECT_LT(clock.sleeps, 1'000'000 / 20);
  EXPECT_LT(clock.reads, 1'000'000 / 5);
}

TEST(Pacer, CatchesUpAShortStallButMovesTheScheduleAfterALongOne) {
  {
    FakeClock clock;
    Pacer pacer(Rate(1000), clock);
    const int64_t start = clock.now;
    for (int i = 0; i < 100; ++i) pacer.Wait(0);
    clock.now += kSecond / 2;  // a half-second stall: the next 500 leave at once
    for (int i = 0; i < 500; ++i) pacer.Wait(0);
    EXPECT_EQ(clock.sleeps, 99);
    pacer.Wait(0);
    EXPECT_EQ(clock.now - start, 600 * kSecond / 1000);
    EXPECT_EQ(pacer.stats().rebases, 0);
  }
  {
    FakeClock clock;
    Pacer pacer(Rate(1000), clock);
    for (int i = 0; i < 100; ++i) pacer.Wait(0);
    clock.now += 5 * kSecond;  // longer than the 1 s it catches up
    pacer.Wait(0);
    const int64_t resumed = clock.now;
    for (int i = 0; i < 1000; ++i) pacer.Wait(0);
    EXPECT_EQ(pacer.stats().rebases, 1);
    EXPECT_EQ(clock.now - resumed, kSecond);  // at the asked rate again, no burst
  }
}

TEST(Pacer, HoldsALowRateInRealTime) {
  Pacer pacer(Rate(400));
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 800; ++i) pacer.Wait(0);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Message 799 is due 799 / 400 s after the first; it can only be late, and not by much.
  EXPECT_GE(took, 799.0 / 400);
  EXPECT_LE(took, 799.0 / 400 * 1.01);
}

class CollectingSink final : public MessageSink {
 public:
  Status Send(const StreamMessage& m) override {
    ts.push_back(m.ts);
    return Status::Ok();
  }
  Status Finish() override {
    finished = true;
    return Status::Ok();
  }
  std::vector<int64_t> ts;
  bool finished = false;
};

TEST(PacedSink, PassesEveryMessageOnInOrderAtItsTime) {
  FakeClock clock;
  CollectingSink inner;
  PacedSink paced(inner, Speed(2), clock);
  const int64_t start = clock.now;
  for (int64_t t : {0, 1'000'000, 3'000'000})
    ASSERT_TRUE(paced.Send({TableId::kEvents, t, "k", "{}"}).ok());
  EXPECT_EQ(clock.now - start, 1'500'000'000);  // 3 simulated seconds at 2x
  ASSERT_TRUE(paced.Finish().ok());
  EXPECT_TRUE(inner.finished);
  EXPECT_EQ(inner.ts, (std::vector<int64_t>{0, 1'000'000, 3'000'000}));
}

TEST(ParsePacing, ReadsSpeedAndRate) {
  EXPECT_EQ(ParsePacing("", "")->mode, Pacing::Mode::kMax);
  EXPECT_EQ(ParsePacing("max", "")->mode, Pacing::Mode::kMax);
  Result<Pacing> s = ParsePacing("60", "");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->mode, Pacing::Mode::kSpeed);
  EXPECT_EQ(s->value, 60);
  Result<Pacing> r = ParsePacing("", "50000");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->mode, Pacing::Mode::kRate);
  EXPECT_EQ(DescribePacing(*r), "50,000 messages/s");
  EXPECT_EQ(DescribePacing(*ParsePacing("1", "")), "real time");
  EXPECT_EQ(DescribePacing(*ParsePacing("0.5", "")), "0.5x real time");
  EXPECT_EQ(DescribePacing(*ParsePacing("", "")), "as fast as possible");
}

TEST(ParsePacing, RefusesWhatItCannotHold) {
  for (auto [speed, rate] : std::vector<std::pair<const char*, const char*>>{{"0", ""},
                                                                             {"-1", ""},
                                                                             {"fast", ""},
                                                                             {"60x", ""},
                                                                             {"", "0"},
                                                                             {"", "1e8"},
                                                                             {"", "x"},
                                                                             {"2", "100"},
                                                                             {"inf", ""}}) {
    Result<Pacing> p = ParsePacing(speed, rate);
    ASSERT_FALSE(p.ok()) << speed << " " << rate;
    EXPECT_EQ(p.status().code(), StatusCode::kUsage);
  }
}

}  // namespace
}  // namespace ecomsim
