#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "sinks/postgres/connection.h"

// Runs a set of SQL steps with dependencies over several connections, as the finishing
// phases of a load need: each connection takes, when it is free, the ready step on the
// longest remaining path, and no two steps whose table locks conflict run at once.
namespace ecomsim::postgres {

// The table-level lock modes of PostgreSQL that the steps take (a subset of the eight).
enum class LockMode {
  kAccessShare,           // SELECT
  kRowShare,              // VALIDATE CONSTRAINT, on the referenced table
  kShareUpdateExclusive,  // ANALYZE; VALIDATE CONSTRAINT, on the table checked
  kShare,                 // CREATE INDEX
  kShareRowExclusive,     // ADD FOREIGN KEY, on both tables
  kAccessExclusive,       // ADD PRIMARY KEY USING INDEX
};
// Whether PostgreSQL lets two transactions hold these modes on one table at once.
bool LocksConflict(LockMode a, LockMode b);

struct TableLock {
  TableId table;
  LockMode mode;
};

// One SQL statement list, run on any connection.
struct Step {
  std::string what;  // for messages and tests: "index events_ts_idx"
  std::string sql;
  double cost = 0;               // estimated work (rows read or sorted)
  std::vector<size_t> after;     // steps (indexes into the list, all smaller) done first
  std::vector<TableLock> locks;  // what it locks, as PostgreSQL will
  bool builds_index = false;     // CREATE INDEX: may use parallel workers
  // Rows the step keeps in maintenance_work_mem: those an index build sorts, the keys a
  // foreign-key check hashes; 0 when it needs no more than the server's setting.
  int64_t memory_rows = 0;
  std::function<Status(const Rows&)> on_rows;  // for queries; null for commands
};

// What the runner tells the code that runs a step on a connection.
struct StepContext {
  int lane = 0;  // which connection, 0 .. lanes - 1
  // Connections that were idle with nothing they could start when this step began:
  // the step may use their share of the server (parallel workers).
  int spare_lanes = 0;
};

// Runs `steps` on `lanes` threads (lane 0 is the calling thread). A step starts once the
// steps it comes after have finished and no running step holds a conflicting lock; among
// those, a free lane takes the one whose longest chain of dependent steps is the most
// work (its cost plus its successors'), the list order breaking ties. A step that waits
// only for a lock keeps lower-ranked steps that would conflict with it from starting
// (as PostgreSQL queues lock requests), so that it is not starved.
//
// `run` executes a step on a lane (it is called from that lane's thread; different
// lanes at once). `stop`, when set, is polled while steps run; true stops with
// Status::Cancelled. On the first failure or stop no more steps start, `cancel(lane)`
// is called for every lane that is running one (it must be thread-safe), and, once all
// lanes are back, that first status is returned.
//
// REQUIRES: every `after` index is smaller than the step's own (the list is in a
// topological order).
Status RunSteps(const std::vector<Step>& steps, int lanes,
                const std::function<Status(const StepContext&, const Step&)>& run,
                const std::function<bool()>& stop, const std::function<void(int lane)>& cancel);

}  // namespace ecomsim::postgres
