#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ecomsim/status.h"
#include "sinks/postgres/connection.h"

namespace ecomsim::postgres {

// No watermark stored (a job that keeps none, or a partition it has read nothing from).
inline constexpr int64_t kNoWatermark = INT64_MIN;

// A topic-partition's position as a stream job stores it: the offset of the next
// message whose effect is not yet in the job's tables. A job with state that spans
// messages (open session windows) also stores where to read again from to rebuild that
// state (resume_offset, at most next_offset) and the partition's event-time watermark
// just before that message, so that a restart replays the same computation.
struct StoredOffset {
  std::string topic;
  int32_t partition = 0;
  int64_t next_offset = 0;
  int64_t resume_offset = -1;        // -1: next_offset (no state to rebuild)
  int64_t watermark = kNoWatermark;  // microseconds since the epoch, UTC
};

// One transaction on a connection: BEGIN when made, ROLLBACK when destroyed unless
// committed. A stream job writes its rows and their offsets (OffsetStore::Save) inside
// one, so that both are in the database or neither is. Not thread-safe.
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> Begin(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Commit();

 private:
  explicit Transaction(Connection& c) : connection_(c) {}
  Connection& connection_;
  bool open_ = true;
};

// Where a stream job consumed up to, kept in PostgreSQL beside its output:
// <schema>.ecomsim_offsets (job, topic, partition, next_offset, committed_at, and for
// jobs with state resume_offset and watermark, null otherwise), one row per
// topic-partition, primary key (job, topic, partition). Saved in the same transaction as
// the rows they account for, so that a job killed at any moment (kill -9, a lost
// connection, a crashed server) restarts from exactly the messages whose rows are not
// there: nothing lost, nothing twice. `job` names the job's instance (its consumer group),
// so several jobs share the table. Stateless beyond its names; thread-compatible.
class OffsetStore {
 public:
  OffsetStore(std::string schema, std::string job);

  // Creates the schema and the table if they are missing (and adds the state columns to
  // a table made by an earlier version).
  Status Prepare(Connection& connection) const;
  // The offsets stored for the job (none on its first run).
  Result<std::vector<StoredOffset>> Load(Connection& connection) const;
  // Stores `offsets` (insert or update). A row never moves back: an instance that lost
  // its partitions to another without noticing cannot undo the other's progress.
  // REQUIRES: inside the Transaction that writes the rows they account for.
  Status Save(Connection& connection, const std::vector<StoredOffset>& offsets) const;

  const std::string& table() const { return table_; }  // "schema.ecomsim_offsets"

 private:
  std::string schema_;
  std::string job_;
  std::string table_;
};

}  // namespace ecomsim::postgres
