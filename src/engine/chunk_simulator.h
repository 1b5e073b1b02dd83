#pragma once

#include <cstdint>

#include "engine/aggregates.h"
#include "engine/table_rows.h"
#include "model/commerce.h"
#include "model/session.h"
#include "model/world.h"

namespace ecomsim {

// Simulates a range of customers from registration to the end of the window: their
// sessions (arrivals by the non-homogeneous Poisson process of their city's grid, plus
// the visits earlier sessions scheduled), every event, and what the sessions caused
// (orders and everything after them). Output depends only on the world and the
// customer ids, never on which worker runs it. One per worker; not thread-safe.
class ChunkSimulator {
 public:
  // `aggregates`, if not null, receives the cross-customer counters.
  ChunkSimulator(const World& world, Aggregates* aggregates);

  // Appends the rows of customers [first, end) to the wanted batches of `out`. After
  // each session, calls `after_session(out)`, which may point `out` at other batches (to
  // bound their size): rows keep their order across the switch.
  template <typename AfterSession>
  void Simulate(int64_t first, int64_t end, ChunkOutput& out, AfterSession&& after_session);
  void Simulate(int64_t first, int64_t end, ChunkOutput out) {
    Simulate(first, end, out, [](ChunkOutput&) {});
  }
  // Walks every session even when no row is wanted, recording the purchases of
  // stock-capped products (the first pass of a world with stock caps).
  void set_cap_recorder(std::vector<CapAttempt>* recorder) {
    walker_.set_cap_recorder(recorder);
    walk_always_ = recorder != nullptr;
  }

 private:
  void SimulateCustomer(int64_t id, ChunkOutput& out, auto&& after_session);

  const World& world_;
  Aggregates* aggregates_;
  SessionWalker walker_;
  SessionRecord record_;
  CommerceSimulator commerce_;
  CommerceRecord commerce_record_;
  bool walk_always_ = false;
};

// Resolves the stock caps of the world's effects: a first pass simulates every customer
// without rows, recording purchases of capped products, and serves them in time order
// until each cap is reached. Does nothing when the scenario has no stock cap. Must run
// before any other simulation of the world.
void ResolveStockCaps(World& world, int64_t customers_per_chunk, int threads);

template <typename AfterSession>
void ChunkSimulator::Simulate(int64_t first, int64_t end, ChunkOutput& out,
                              AfterSession&& after_session) {
  for (int64_t id = first; id < end; ++id) SimulateCustomer(id, out, after_session);
}

void ChunkSimulator::SimulateCustomer(int64_t id, ChunkOutput& out, auto&& after_session) {
  CustomerState state = StartCustomer(world_, id);
  if (out.any_activity() || aggregates_ != nullptr || walk_always_) {
    SessionCursor cursor(world_, state);
    while (cursor.Next(walker_, record_)) {
      if (Batch* b = out[TableId::kSessions]) AppendSessionRow(record_, *b);
      if (Batch* b = out[TableId::kEvents]) AppendEventRows(record_, *b);
      commerce_record_.Clear();
      commerce_.OnSession(state, record_, commerce_record_);
      AppendCommerceRows(world_, commerce_record_, out);
      if (aggregates_ != nullptr) {
        aggregates_->AddSession(record_);
        aggregates_->AddCommerce(commerce_record_);
      }
      after_session(out);
    }
  }
  commerce_record_.Clear();
  commerce_.FinishCustomer(state, commerce_record_);
  AppendCommerceRows(world_, commerce_record_, out);
  // Everyone with an account by the window's end is a customer (a visitor who never
  // opened one is not).
  if (Batch* b = out[TableId::kCustomers]; b != nullptr && state.customer.registered_at != kNoAccount)
    AppendCustomerRow(world_, state, *b);
}

}  // namespace ecomsim
