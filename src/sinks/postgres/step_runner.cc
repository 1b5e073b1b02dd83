#include "sinks/postgres/step_runner.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <thread>

namespace ecomsim::postgres {
namespace {

// How often a stop request is looked for while steps run.
constexpr auto kStopPoll = std::chrono::milliseconds(50);

// The state of a run, shared by the lanes; every member is guarded by `mu`.
class Run {
 public:
  Run(const std::vector<Step>& steps, int lanes) : steps_(steps), lane_step_(lanes, kNone) {
    const size_t n = steps.size();
    waiting_for_.assign(n, 0);
    state_.assign(n, State::kWaiting);
    successors_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      for (size_t d : steps[i].after) {
        successors_[d].push_back(i);
        ++waiting_for_[i];
      }
    }
    // The work on the longest chain from each step to the end.
    std::vector<double> rank(n, 0);
    for (size_t i = n; i-- > 0;) {
      double longest = 0;
      for (size_t s : successors_[i]) longest = std::max(longest, rank[s]);
      rank[i] = steps[i].cost + longest;
    }
    order_.resize(n);
    std::iota(order_.begin(), order_.end(), size_t{0});
    std::stable_sort(order_.begin(), order_.end(),
                     [&](size_t a, size_t b) { return rank[a] > rank[b]; });
    left_ = n;
  }

  std::mutex mu;
  std::condition_variable cv;

  bool finished() const { return left_ == 0 || !error_.ok(); }
  const Status& error() const { return error_; }
  void Fail(Status s) {
    if (error_.ok()) error_ = std::move(s);
    cv.notify_all();
  }

  // The steps that could start now, best first.
  std::vector<size_t> Startable() const {
    std::vector<size_t> out;
    std::vector<TableLock> reserved;
    for (size_t i : order_) {
      if (state_[i] != State::kWaiting || waiting_for_[i] > 0) continue;
      const bool blocked = ConflictsWithRunning(steps_[i]);
      if (!blocked && !Conflicts(steps_[i].locks, reserved)) out.push_back(i);
      if (blocked) {
        reserved.insert(reserved.end(), steps_[i].locks.begin(), steps_[i].locks.end());
      }
    }
    return out;
  }

  void Start(int lane, size_t i) {
    state_[i] = State::kRunning;
    lane_step_[static_cast<size_t>(lane)] = i;
  }

  void Finish(int lane, size_t i) {
    state_[i] = State::kDone;
    lane_step_[static_cast<size_t>(lane)] = kNone;
    --left_;
    for (size_t s : successors_[i]) --waiting_for_[s];
    cv.notify_all();
  }

  int IdleLanes() const {
    return static_cast<int>(std::count(lane_step_.begin(), lane_step_.end(), kNone));
  }

  // Lanes that are running a step, but not `except`.
  std::vector<int> BusyLanes(int except) const {
    std::vector<int> out;
    for (size_t l = 0; l < lane_step_.size(); ++l) {
      if (lane_step_[l] != kNone && static_cast<int>(l) != except) {
        out.push_back(static_cast<int>(l));
      }
    }
    return out;
  }

 private:
  enum class State { kWaiting, kRunning, kDone };
  static constexpr size_t kNone = static_cast<size_t>(-1);

  static bool Conflicts(const std::vector<TableLock>& a, const std::vector<TableLock>& b) {
    for (const TableLock& x : a) {
      for (const TableLock& y : b) {
        if (x.table == y.table && LocksConflict(x.mode, y.mode)) return true;
      }
    }
    return false;
  }

  bool ConflictsWithRunning(const Step& step) const {
    for (size_t running : lane_step_) {
      if (running != kNone && Conflicts(step.locks, steps_[running].locks)) return true;
    }
    return false;
  }

  const std::vector<Step>& steps_;
  std::vector<size_t> lane_step_;  // the step each lane runs, or kNone
  std::vector<int> waiting_for_;   // unfinished steps each one comes after
  std::vector<State> state_;
  std::vector<std::vector<size_t>> successors_;
  std::vector<size_t> order_;  // by rank, best first
  size_t left_ = 0;
  Status error_;
};

}  // namespace

bool LocksConflict(LockMode a, LockMode b) {
  // PostgreSQL's table of conflicting lock modes, for the modes of LockMode.
  constexpr int kModes = 6;
  // clang-format off
  constexpr bool kConflict[kModes][kModes] = {
      //  AS     RS     SUE    S      SRE    AE
      {false, false, false, false, false, true},   // AccessShare
      {false, false, false, false, false, true},   // RowShare
      {false, false, true,  true,  true,  true},   // ShareUpdateExclusive
      {false, false, true,  false, true,  true},   // Share
      {false, false, true,  true,  true,  true},   // ShareRowExclusive
      {true,  true,  true,  true,  true,  true},   // AccessExclusive
  };
  // clang-format on
  return kConflict[static_cast<int>(a)][static_cast<int>(b)];
}

Status RunSteps(const std::vector<Step>& steps, int lanes,
                const std::function<Status(const StepContext&, const Step&)>& run,
                const std::function<bool()>& stop, const std::function<void(int lane)>& cancel) {
  if (steps.empty()) return Status::Ok();
  for (size_t i = 0; i < steps.size(); ++i) {
    for (size_t d : steps[i].after) {
      if (d >= i) {
        return Status::Internal("step '" + steps[i].what + "' comes after a later step");
      }
    }
  }
  lanes = std::max(1, lanes);
  Run state(steps, lanes);

  auto cancel_others = [&](int except, std::unique_lock<std::mutex>& lock) {
    const std::vector<int> busy = state.BusyLanes(except);
    lock.unlock();
    for (int l : busy) cancel(l);
    lock.lock();
  };

  auto work = [&](int lane) {
    std::unique_lock<std::mutex> lock(state.mu);
    while (true) {
      std::vector<size_t> startable;
      state.cv.wait(lock, [&] {
        if (state.finished()) return true;
        startable = state.Startable();
        return !startable.empty();
      });
      if (state.finished()) return;
      const size_t i = startable.front();
      state.Start(lane, i);
      // The other lanes that will find nothing to start.
      const int spare = std::max(0, state.IdleLanes() - static_cast<int>(state.Startable().size()));
      lock.unlock();
      Status s = run(StepContext{lane, spare}, steps[i]);
      lock.lock();
      if (!s.ok()) {
        const bool first = state.error().ok();
        state.Fail(std::move(s));
        state.Finish(lane, i);
        if (first) cancel_others(lane, lock);
        return;
      }
      state.Finish(lane, i);
    }
  };

  std::vector<std::thread> threads;
  for (int l = 1; l < lanes && static_cast<size_t>(l) < steps.size(); ++l) {
    threads.emplace_back(work, l);
  }
  std::thread watcher;
  if (stop) {
    watcher = std::thread([&] {
      std::unique_lock<std::mutex> lock(state.mu);
      while (!state.finished()) {
        state.cv.wait_for(lock, kStopPoll);
        if (state.finished() || !stop()) continue;
        state.Fail(Status::Cancelled("interrupted"));
        cancel_others(-1, lock);
      }
    });
  }
  work(0);
  for (std::thread& t : threads) t.join();
  {
    // Wake the watcher: the run is over.
    std::lock_guard<std::mutex> lock(state.mu);
    state.cv.notify_all();
  }
  if (watcher.joinable()) watcher.join();
  std::lock_guard<std::mutex> lock(state.mu);
  return state.error();
}

}  // namespace ecomsim::postgres
