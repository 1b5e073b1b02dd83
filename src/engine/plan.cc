#include "engine/plan.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ecomsim {
namespace {

// Rows of the events table a chunk aims at: large enough to amortize the hand-off,
// small enough that the chunks in flight stay a few tens of megabytes.
constexpr double kTargetEventsPerChunk = 32'768;
constexpr int64_t kMaxCustomersPerChunk = 4096;
// A rough mean of events per session, only for sizing chunks.
constexpr double kEventsPerSessionGuess = 10;

Range SliceOf(int64_t total, const Shard& s, int64_t first) {
  const int64_t begin = total * (s.index - 1) / s.count;
  const int64_t end = total * s.index / s.count;
  return Range{first + begin, first + end};
}

}  // namespace

Plan::Plan(const World& world, Shard shard) : shard_(shard) {
  const Scenario& s = world.scenario();
  people_ = s.world.people();
  double rate = 0;
  for (const Persona& p : s.personas) rate += p.share * p.sessions_per_day;
  double activity = 0;
  for (const UserTypeMix& u : s.world.user_types) activity += u.share * u.activity;
  const double days = static_cast<double>(s.world.duration) / static_cast<double>(kMicrosPerDay);
  // Expected rows of the events table per customer, used to size chunks.
  const double events_per_customer =
      std::max(1e-3, rate * activity * days * kEventsPerSessionGuess);
  customers_per_chunk_ = std::clamp<int64_t>(
      static_cast<int64_t>(kTargetEventsPerChunk / events_per_customer), 1, kMaxCustomersPerChunk);
  total_chunks_ = (people_ + customers_per_chunk_ - 1) / customers_per_chunk_;
  chunks_ = SliceOf(total_chunks_, shard, 0);
  products_ = SliceOf(s.world.products, shard, 1);
  suppliers_ = SliceOf(s.world.suppliers, shard, 1);
}

Range Plan::Slice(int64_t total) const { return SliceOf(total, shard_, 0); }

Range Plan::PeopleOf(int64_t chunk) const {
  const int64_t first = chunk * customers_per_chunk_ + 1;
  return Range{first, std::min(first + customers_per_chunk_, people_ + 1)};
}

}  // namespace ecomsim
