#pragma once

#include <cstdint>

#include "engine/table_rows.h"
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

 private:
  const World& world_;
  SessionWalker walker_;
  SessionRecord record_;
};

}  // namespace ecomsim
