#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "core/time.h"
#include "ecomsim/ecomsim.h"
#include "ecomsim/stream.h"
#include "model/world.h"
#include "schema/table_mask.h"
#include "sinks/message_sink.h"

namespace ecomsim {

struct StreamEngineOptions {
  TableMask tables;  // the tables whose messages are sent
  Shard shard;       // whose rows: the customers of this slice of the plan
  // The column whose value keys each table's messages; empty: the table's stream_key.
  std::array<std::string, kTableCount> keys;
  // Polled between sessions; returning true ends the stream early (what was sent is
  // flushed by the caller through MessageSink::Finish).
  std::function<bool()> should_stop;
  // Called on the engine's thread every few thousand messages.
  std::function<void(const StreamProgress&)> on_progress;
};

struct StreamEngineReport {
  std::array<int64_t, kTableCount> messages{};  // sent per table
  Micros first_time = 0;                        // event time of the first message sent
  Micros last_time = 0;                         // and of the last
  bool stopped = false;                         // should_stop ended it early
};

// The world's window as a stream of messages in event-time order (ties in a fixed
// order), on the calling thread. Each customer's sessions are simulated one at a time,
// the earliest next session first, from one SessionCursor per customer; what a session
// causes waits in a heap until its time comes. Memory is bounded by the customers' state
// and what is in flight, not by the window.
//
// No message reveals the future: a row whose fields become known later is sent when it
// begins and again, under the same key, each time it changes (an order's status, a
// shipment's delivery, a ticket's resolution, a return's outcome, a cart's recovery,
// the end of a segment version, a customer's segment), so that the last message per
// primary key of each table is the row `generate` writes. Sessions are sent when they
// end; system_metrics at the end of each minute; product_updates as they happen (a day's
// sales at its last second). The dimensions (suppliers, products, campaigns) are sent at
// the window's start, customers when they register.
//
// REQUIRES: stock caps resolved (ResolveStockCaps) before, as for any simulation.
Status RunStream(const World& world, const StreamEngineOptions& options, MessageSink& sink,
                 StreamEngineReport& report);

}  // namespace ecomsim
