#pragma once

#include <cstdint>

#include "engine/table_rows.h"
#include "model/session.h"
#include "model/world.h"

namespace ecomsim {

// Where a chunk's rows go; a null batch means the table is not wanted.
struct ChunkOutput {
  Batch* customers = nullptr;
  Batch* sessions = nullptr;
  Batch* events = nullptr;
};

// Simulates a range of customers from registration to the end of the window: their
// customer rows, their sessions (arrivals by the non-homogeneous Poisson process of
// their city's grid) and every event. Output depends only on the world and the customer
// ids, never on which worker runs it. One per worker; not thread-safe.
class ChunkSimulator {
 public:
  explicit ChunkSimulator(const World& world);

  // Appends the rows of customers [first, end) to whichever batch of `out` is not null.
  // After each session, calls `after_session(out)`, which may point `out` at other
  // batches (to bound their size): rows keep their order across the switch.
  template <typename AfterSession>
  void Simulate(int64_t first, int64_t end, ChunkOutput& out, AfterSession&& after_session);
  void Simulate(int64_t first, int64_t end, ChunkOutput out) {
    Simulate(first, end, out, [](ChunkOutput&) {});
  }

 private:
  const World& world_;
  SessionWalker walker_;
  SessionRecord record_;
};

template <typename AfterSession>
void ChunkSimulator::Simulate(int64_t first, int64_t end, ChunkOutput& out,
                              AfterSession&& after_session) {
  for (int64_t id = first; id < end; ++id) {
    const Customer c = MakeCustomer(world_, id);
    if (out.customers != nullptr) AppendCustomerRow(world_, c, *out.customers);
    if (out.sessions == nullptr && out.events == nullptr) continue;
    SessionCursor cursor(world_, c);
    while (cursor.Next(walker_, record_)) {
      if (out.sessions != nullptr) AppendSessionRow(record_, *out.sessions);
      if (out.events != nullptr) AppendEventRows(record_, *out.events);
      after_session(out);
    }
  }
}

}  // namespace ecomsim
