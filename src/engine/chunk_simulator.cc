#include "engine/chunk_simulator.h"


namespace ecomsim {

ChunkSimulator::ChunkSimulator(const World& world) : world_(world), walker_(world) {}

void ChunkSimulator::Simulate(int64_t first, int64_t end, Batch* customers, Batch* sessions,
                              Batch* events) {
  for (int64_t id = first; id < end; ++id) {
    const Customer c = MakeCustomer(world_, id);
    if (customers != nullptr) AppendCustomerRow(world_, c, *customers);
    if (sessions == nullptr && events == nullptr) continue;
    SessionCursor cursor(world_, c);
    while (cursor.Next(walker_, record_)) {
      if (sessions != nullptr) AppendSessionRow(record_, *sessions);
      if (events != nullptr) AppendEventRows(record_, *events);
    }
  }
}

}  // namespace ecomsim
