// RunSteps without a server: the order it starts steps in, the dependencies and lock
// conflicts it respects, and how it stops.
#include "sinks/postgres/step_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace ecomsim::postgres {
namespace {

Step MakeStep(std::string what, double cost, std::vector<size_t> after = {},
              std::vector<TableLock> locks = {}) {
  Step s;
  s.what = std::move(what);
  s.cost = cost;
  s.after = std::move(after);
  s.locks = std::move(locks);
  return s;
}

// Runs steps, each taking a few milliseconds, and records what ran when.
class Recorder {
 public:
  Status Run(const StepContext& context, const Step& step) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const Step* other : running_) {
        for (const TableLock& a : step.locks) {
          for (const TableLock& b : other->locks) {
            if (a.table == b.table && LocksConflict(a.mode, b.mode)) {
              conflicts_.push_back(step.what + " while " + other->what);
            }
          }
        }
      }
      running_.insert(&step);
      started_.push_back(step.what);
      events_.push_back("start " + step.what);
      spare_.push_back(context.spare_lanes);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::lock_guard<std::mutex> lock(mu_);
    running_.erase(&step);
    events_.push_back("end " + step.what);
    return Status::Ok();
  }

  std::vector<std::string> started() const { return started_; }
  // Whether `first` had finished when `second` started.
  bool Before(const std::string& first, const std::string& second) const {
    const auto end = std::find(events_.begin(), events_.end(), "end " + first);
    const auto start = std::find(events_.begin(), events_.end(), "start " + second);
    return end != events_.end() && start != events_.end() && end < start;
  }
  std::vector<std::string> conflicts() const { return conflicts_; }
  std::vector<int> spare() const { return spare_; }

 private:
  std::mutex mu_;
  std::set<const Step*> running_;
  std::vector<std::string> started_;
  std::vector<std::string> events_;  // "start x", "end x" in the order they happened
  std::vector<std::string> conflicts_;
  std::vector<int> spare_;
};

Status RunRecorded(const std::vector<Step>& steps, int lanes, Recorder& recorder) {
  return RunSteps(
      steps, lanes,
      [&](const StepContext& context, const Step& step) { return recorder.Run(context, step); },
      nullptr, [](int) {});
}

TEST(LockModes, ConflictAsPostgresDocumentsThem) {
  EXPECT_FALSE(LocksConflict(LockMode::kShare, LockMode::kShare));  // two CREATE INDEX
  EXPECT_TRUE(LocksConflict(LockMode::kShare, LockMode::kShareUpdateExclusive));  // + ANALYZE
  EXPECT_TRUE(LocksConflict(LockMode::kShareRowExclusive, LockMode::kShareRowExclusive));
  EXPECT_TRUE(LocksConflict(LockMode::kShareRowExclusive, LockMode::kShare));
  EXPECT_FALSE(LocksConflict(LockMode::kRowShare, LockMode::kShareRowExclusive));
  EXPECT_FALSE(LocksConflict(LockMode::kRowShare, LockMode::kShareUpdateExclusive));
  EXPECT_TRUE(LocksConflict(LockMode::kShareUpdateExclusive, LockMode::kShareUpdateExclusive));
  EXPECT_TRUE(LocksConflict(LockMode::kAccessShare, LockMode::kAccessExclusive));
  EXPECT_FALSE(LocksConflict(LockMode::kAccessShare, LockMode::kShareRowExclusive));
  for (int a = 0; a <= static_cast<int>(LockMode::kAccessExclusive); ++a) {
    for (int b = 0; b <= static_cast<int>(LockMode::kAccessExclusive); ++b) {
      EXPECT_EQ(LocksConflict(static_cast<LockMode>(a), static_cast<LockMode>(b)),
                LocksConflict(static_cast<LockMode>(b), static_cast<LockMode>(a)));
    }
  }
}

TEST(RunSteps, OneLaneTakesTheLongestChainFirst) {
  // a -> b is 11 of work, c and d 5 each: a, then b (ready, 10), then c, d in list order.
  const std::vector<Step> steps{MakeStep("c", 5), MakeStep("a", 1), MakeStep("b", 10, {1}),
                                MakeStep("d", 5)};
  Recorder r;
  ASSERT_TRUE(RunRecorded(steps, 1, r).ok());
  EXPECT_EQ(r.started(), (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(RunSteps, StepsStartAfterWhatTheyComeAfterAndNeverBesideAConflictingLock) {
  const TableId t = TableId::kEvents;
  const TableId p = TableId::kSessions;
  std::vector<Step> steps;
  for (int i = 0; i < 5; ++i) {
    steps.push_back(MakeStep("index p" + std::to_string(i), 10, {}, {{p, LockMode::kShare}}));
  }
  steps.push_back(MakeStep("key p", 1, {0, 1, 2, 3, 4}, {{p, LockMode::kAccessExclusive}}));
  for (int i = 0; i < 5; ++i) {
    steps.push_back(MakeStep("index t" + std::to_string(i), 20, {}, {{t, LockMode::kShare}}));
  }
  steps.push_back(MakeStep("key t", 1, {6, 7, 8, 9, 10}, {{t, LockMode::kAccessExclusive}}));
  steps.push_back(MakeStep("foreign keys t", 1, {5},
                           {{t, LockMode::kShareRowExclusive}, {p, LockMode::kShareRowExclusive}}));
  steps.push_back(MakeStep("validate t.a", 8, {12},
                           {{t, LockMode::kShareUpdateExclusive}, {p, LockMode::kRowShare}}));
  steps.push_back(MakeStep("validate t.b", 8, {12},
                           {{t, LockMode::kShareUpdateExclusive}, {p, LockMode::kRowShare}}));
  for (int lanes : {1, 2, 4}) {
    SCOPED_TRACE("lanes " + std::to_string(lanes));
    Recorder r;
    ASSERT_TRUE(RunRecorded(steps, lanes, r).ok());
    ASSERT_EQ(r.started().size(), steps.size());
    EXPECT_EQ(r.conflicts(), std::vector<std::string>{});
    for (const Step& s : steps) {
      for (size_t d : s.after) {
        EXPECT_TRUE(r.Before(steps[d].what, s.what))
            << s.what << " started before " << steps[d].what << " finished";
      }
    }
  }
}

TEST(RunSteps, AStepWaitingForALockIsNotOvertakenByLesserOnes) {
  const TableId t = TableId::kOrders;
  // Two lanes: one builds i1; the key step (second in rank) must wait for it, and the
  // other lane must not start i2 or i3 meanwhile, or the key would wait behind them too.
  const std::vector<Step> steps{
      MakeStep("i1", 50, {}, {{t, LockMode::kShare}}),
      MakeStep("key", 40, {}, {{t, LockMode::kAccessExclusive}}),
      MakeStep("i2", 10, {}, {{t, LockMode::kShare}}),
      MakeStep("i3", 10, {}, {{t, LockMode::kShare}}),
  };
  Recorder r;
  ASSERT_TRUE(RunRecorded(steps, 2, r).ok());
  const std::vector<std::string> started = r.started();
  ASSERT_EQ(started.size(), 4u);
  EXPECT_EQ(started[0], "i1");
  EXPECT_EQ(started[1], "key");
  // i2 and i3 start once the key is in (on either lane, in either order).
  EXPECT_TRUE(r.Before("key", "i2"));
  EXPECT_TRUE(r.Before("key", "i3"));
  EXPECT_EQ(r.conflicts(), std::vector<std::string>{});
}

TEST(RunSteps, IdleConnectionsAreSpare) {
  // Three lanes, one step: the two others have nothing to do.
  Recorder r;
  ASSERT_TRUE(RunRecorded({MakeStep("only", 1)}, 3, r).ok());
  EXPECT_EQ(r.spare(), std::vector<int>{2});
  // Three lanes, three independent steps: none is spare when the first starts.
  Recorder all;
  ASSERT_TRUE(RunRecorded({MakeStep("a", 3), MakeStep("b", 2), MakeStep("c", 1)}, 3, all).ok());
  ASSERT_EQ(all.spare().size(), 3u);
  EXPECT_EQ(all.spare()[0], 0);
}

TEST(RunSteps, TheFirstFailureStopsTheRunAndCancelsTheOthers) {
  std::vector<Step> steps{MakeStep("slow", 100), MakeStep("bad", 50)};
  for (int i = 0; i < 10; ++i) steps.push_back(MakeStep("later" + std::to_string(i), 1));
  std::atomic<bool> cancelled{false};
  std::atomic<int> ran{0};
  const Status s = RunSteps(
      steps, 2,
      [&](const StepContext&, const Step& step) {
        ++ran;
        if (step.what == "bad") return Status::Network("bad: server said no");
        if (step.what == "slow") {
          // Runs until cancelled (or 10 s, which fails the test below).
          for (int i = 0; i < 1000 && !cancelled; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
          }
          return cancelled ? Status::Network("slow: canceling statement") : Status::Ok();
        }
        return Status::Ok();
      },
      nullptr, [&](int) { cancelled = true; });
  EXPECT_EQ(s.code(), StatusCode::kNetwork);
  EXPECT_EQ(s.message(), "bad: server said no");
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(ran, 2);  // no "later" step started
}

TEST(RunSteps, AStopRequestCancelsWhatRuns) {
  std::atomic<bool> cancelled{false};
  std::atomic<bool> stop{false};
  const auto start = std::chrono::steady_clock::now();
  const Status s = RunSteps(
      {MakeStep("long", 1), MakeStep("next", 1, {0})}, 1,
      [&](const StepContext&, const Step& step) {
        EXPECT_EQ(step.what, "long");
        stop = true;
        for (int i = 0; i < 1000 && !cancelled; ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return Status::Network("canceling statement due to user request");
      },
      [&] { return stop.load(); }, [&](int lane) { cancelled = lane == 0; });
  EXPECT_EQ(s.code(), StatusCode::kCancelled);
  EXPECT_TRUE(cancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(RunSteps, AStepBeforeWhatItComesAfterIsAnError) {
  Recorder r;
  const Status s = RunRecorded({MakeStep("a", 1, {1}), MakeStep("b", 1)}, 1, r);
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(r.started(), std::vector<std::string>{});
}

}  // namespace
}  // namespace ecomsim::postgres
