// The walker's setup, and the cursor over a customer's sessions. The walk itself is in
// session_walk.cc and session_events.cc.
#include "model/session.h"

#include <algorithm>
#include <cmath>

#include "model/intensity.h"
#include "model/streams.h"
#include "random/distributions.h"

namespace ecomsim {
namespace {

constexpr int32_t kMaxDwellMs = 3'600'000;

}  // namespace

SessionWalker::SessionWalker(const World& world)
    : world_(world),
      lines_per_order_(world.scenario().commerce.items_per_order),
      max_dwell_ms_(kMaxDwellMs) {
  const Scenario& s = world.scenario();
  if (s.session.inactivity_timeout > 0) {
    max_dwell_ms_ = static_cast<int32_t>(std::min<Micros>(
        kMaxDwellMs, (s.session.inactivity_timeout - kMicrosPerSecond) / 1000 - 1));
  }
  cdf_.resize(s.personas.size());
  dwell_mu_.resize(s.personas.size());
  const double sigma = s.session.dwell_sigma;
  for (size_t p = 0; p < s.personas.size(); ++p) {
    for (int from = 0; from < kEventTypeCount; ++from) {
      double acc = 0;
      for (int to = 0; to < kEventTypeCount; ++to) {
        acc += s.personas[p].transitions[static_cast<size_t>(from)][static_cast<size_t>(to)];
        cdf_[p][static_cast<size_t>(from)][static_cast<size_t>(to)] = acc;
      }
    }
    for (int t = 0; t < kEventTypeCount; ++t) {
      const double mean =
          std::max(1e-3, s.session.dwell_seconds[static_cast<size_t>(t)] * s.personas[p].dwell);
      // A log-normal with this mean: mu = ln(mean) - sigma^2 / 2.
      dwell_mu_[p][static_cast<size_t>(t)] = std::log(mean) - sigma * sigma / 2;
    }
  }
  viewed_.reserve(64);
}

SessionCursor::SessionCursor(const World& world, CustomerState& state)
    : world_(&world),
      state_(&state),
      arrivals_(world.seed(), StreamId(Stream::kArrivals),
                static_cast<uint64_t>(state.customer.id)),
      after_(ActiveFrom(state.customer, world.scenario().world.start)),
      next_start_(-1) {}

Micros SessionCursor::NextArrival() {
  const Micros end = world_->scenario().world.end();
  const EffectBook& effects = world_->effects();
  while (next_start_ < 0) {
    next_start_ = number_ >= kSessionsPerCustomer - 1
                      ? end
                      : world_->GridFor(state_->customer.city, state_->customer.generation)
                            .NextArrival(after_, state_->customer.sessions_per_day, arrivals_);
    // A new channel takes visits from the old ones: customers who did not move lose some.
    const double lost = next_start_ < end ? effects.Cannibalization(next_start_) : 0;
    Channel to;
    if (lost > 0 && !effects.Migrated(state_->customer.id, next_start_, to) &&
        arrivals_.Bernoulli(lost)) {
      after_ = next_start_;
      next_start_ = -1;
    }
  }
  return next_start_;
}

Micros SessionCursor::PeekStart() {
  const Micros arrival = NextArrival();
  const auto& scheduled = state_->scheduled;
  if (!scheduled.empty() && scheduled.front().start < arrival) {
    return std::max(scheduled.front().start, after_);
  }
  return arrival;
}

bool SessionCursor::Next(SessionWalker& walker, SessionRecord& out) {
  const Micros end = world_->scenario().world.end();
  const Micros arrival = NextArrival();
  auto& scheduled = state_->scheduled;
  const bool take_scheduled = !scheduled.empty() && scheduled.front().start < arrival;
  if (take_scheduled) {
    const ScheduledSession plan = scheduled.front();
    scheduled.erase(scheduled.begin());
    const Micros start = std::max(plan.start, after_);
    if (start >= end || number_ >= kSessionsPerCustomer - 1) return Next(walker, out);
    walker.Walk(*state_, number_, start, &plan, out);
  } else {
    if (arrival >= end) return false;
    walker.Walk(*state_, number_, arrival, nullptr, out);
    next_start_ = -1;
  }
  ++number_;
  // Sessions of one customer never overlap: the next one starts after this one ends (and
  // after the inactivity timeout, so that it is a new session by that rule too).
  after_ = out.summary.end_at + world_->scenario().session.inactivity_timeout;
  if (next_start_ >= 0 && next_start_ < after_) next_start_ = -1;
  return true;
}

}  // namespace ecomsim
