#pragma once

#include <cstdint>

#include "engine/table_rows.h"
#include "model/streams.h"
#include "model/session.h"
#include "model/world.h"

namespace ecomsim {

// Simulates a range of customers from registration to the end of the window: their
// customer rows, their sessions (arrivals by the non-homogeneous Poisson process of
// their city's grid) and every event. Output depends only on the world and the customer
// ids, never on which worker runs it. One per worker; not thread-safe.
class ChunkSimulator {
 public:
  explicit ChunkSimulator(const World& world);

  // Appends the rows of customers [first, end) to whichever batch is not null.
  void Simulate(int64_t first, int64_t end, Batch* customers, Batch* sessions, Batch* events);

  // Calls `on_session(const Customer&, const SessionRecord&)` for each session of one
  // customer, in time order. The record is reused between calls.
  template <typename OnSession>
  void ForEachSession(const Customer& customer, OnSession&& on_session);

 private:
  const World& world_;
  SessionWalker walker_;
  SessionRecord record_;
};

template <typename OnSession>
void ChunkSimulator::ForEachSession(const Customer& customer, OnSession&& on_session) {
  const Scenario& s = world_.scenario();
  const IntensityGrid& grid = world_.GridForCity(customer.city);
  Rng arrivals(world_.seed(), StreamId(Stream::kArrivals), static_cast<uint64_t>(customer.id));
  Micros t = std::max(s.world.start, customer.registered_at);
  const Micros end = s.world.end();
  for (int64_t n = 0; n < kSessionsPerCustomer; ++n) {
    t = grid.NextArrival(t, customer.sessions_per_day, arrivals);
    if (t >= end) break;
    walker_.Walk(customer, n, t, record_);
    on_session(customer, record_);
    // Sessions of one customer never overlap: the next one starts after this one ends.
    t = record_.summary.end_at;
  }
}

}  // namespace ecomsim
