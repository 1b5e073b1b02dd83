#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/byte_buffer.h"
#include "ecomsim/ecomsim.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "schema/table_mask.h"
#include "sinks/postgres/connection.h"
#include "sinks/postgres/ddl.h"
#include "sinks/postgres/step_runner.h"

namespace ecomsim::postgres {

struct LoaderOptions {
  std::string conninfo;               // libpq connection string; "" for libpq's defaults
  std::string schema;                 // the target schema
  bool replace = false;               // drop a non-empty target at the swap
  int jobs = 1;                       // connections
  TableMask tables;                   // the tables to create and load
  IndexSet indexes = IndexSet::kAll;  // what Commit() builds once the data is in
  // Called on the calling thread when a phase starts ("keys and indexes", ...).
  std::function<void(std::string_view)> on_phase;
  // Polled between the statements of the finishing phases; true stops the load
  // (Status::Cancelled).
  std::function<bool()> should_stop;
  // When the load began (times() count from here); default: when Start() is called.
  std::chrono::steady_clock::time_point started{};
};

// Loads tables into a PostgreSQL schema atomically.
//
// Start() connects `jobs` connections, checks the target schema and the privileges, and
// creates a staging schema "<target>__ecomsim_staging_<backend pid>" with the tables
// (no keys). Append() takes binary COPY rows (copy_encoder.h) and sends them with COPY
// over the connections, tables spread over them, from one sender thread per connection
// behind a bounded queue, so that the caller does not wait on the network while it can
// do useful work. Commit() waits for the data, builds the primary keys, indexes and
// foreign keys that options.indexes asks for, over all the connections at once
// (key_plan.h), runs ANALYZE, validates in the database (load_checks.h), and swaps the
// staging schema in as the target in one transaction.
//
// With one connection, all of it is one transaction (COPY FREEZE into tables created in
// it): a failure at any point, the server's death included, leaves no trace. With more,
// the staging schema is committed before the data goes in; a failure drops it, and one
// left by a server or client that died is dropped by the next load into the same target
// (each load holds an advisory lock on its staging schema while it runs). Either way the
// target changes only in the swap's transaction.
//
// Append() may be called from several threads at once for different tables; the calls
// for one table must come from one thread at a time. Everything else: one thread.
class Loader {
 public:
  static Result<std::unique_ptr<Loader>> Start(const LoaderOptions& options);
  ~Loader();
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  // "user@host:port/dbname"; never a password.
  const std::string& where() const { return where_; }
  const std::string& server_version() const { return server_version_; }
  const std::string& schema() const { return options_.schema; }
  // Whether the target existed with objects in it (and is replaced at the swap).
  bool replaces() const { return target_nonempty_; }
  int jobs() const { return static_cast<int>(lanes_.size()); }

  // Queues `tuples` (binary COPY rows without header or trailer) holding `rows` rows of
  // table `id`. Blocks while the connections are behind. Returns the first error of
  // any connection.
  Status Append(TableId id, int64_t rows, std::string_view tuples);

  // Finishes the load (see the class comment). `expected` holds the rows each loaded
  // table must have; `schema_comment` becomes the target schema's comment. Status::Data
  // when a validation check fails; nothing is swapped in then.
  Status Commit(const std::array<int64_t, kTableCount>& expected,
                const std::string& schema_comment);
  // Stops the senders and discards the staging schema. Safe to call more than once;
  // does nothing after a successful Commit().
  void Abort();

  int64_t rows_sent(TableId id) const { return rows_sent_[static_cast<size_t>(id)]; }
  uint64_t bytes_sent(TableId id) const { return bytes_sent_[static_cast<size_t>(id)]; }
  // Row counts in the database, filled by Commit().
  int64_t rows_loaded(TableId id) const { return rows_loaded_[static_cast<size_t>(id)]; }
  const std::vector<LoadCheck>& checks() const { return checks_; }
  // Seconds from Start() to the end of each phase.
  const LoadTimes& times() const { return times_; }

 private:
  struct Item {
    TableId table;
    ByteBuffer data;
    int64_t rows = 0;
  };
  // A connection and the thread that sends its queue.
  struct Lane {
    std::unique_ptr<Connection> conn;
    std::deque<Item> queue;     // guarded by mu_
    uint64_t queued_bytes = 0;  // guarded by mu_, the item being sent included
    bool busy = false;          // guarded by mu_
    std::thread sender;
    // The connection's session settings for bulk builds, as last set (-1: unknown).
    int64_t maintenance_work_mem_kb = -1;
    int parallel_workers = -1;
  };

  explicit Loader(const LoaderOptions& options);
  Status Connect();
  Status CheckTarget(Connection& conn, bool at_swap);
  Status DropStaleStaging();
  Status CreateStaging();
  void Send(Lane& lane);
  Status SendItems(Lane& lane, Item& first);
  void Dispatch(TableId id);
  // Whether a connection that may take the next item is waiting for one.
  bool AnyLaneIdle() const;
  Status FinishData();
  // Runs the steps of a finishing phase over every connection (step_runner.h).
  Status RunOnLanes(const std::vector<Step>& steps);
  Status RunStep(const StepContext& context, const Step& step);
  Status BuildKeys();
  Status Validate(const std::array<int64_t, kTableCount>& expected);
  Status Swap(const std::string& schema_comment);
  void Phase(std::string_view name) const;
  double Elapsed() const;
  void Fail(Status status);
  Status error() const;

  LoaderOptions options_;
  std::string where_;
  std::string server_version_;
  std::string staging_;
  bool single_transaction_ = true;
  bool target_exists_ = false;
  bool target_nonempty_ = false;
  bool staging_created_ = false;
  bool committed_ = false;
  bool aborted_ = false;
  // The server's maintenance_work_mem (kB) and max_parallel_maintenance_workers.
  int64_t server_maintenance_work_mem_kb_ = 0;
  int server_parallel_workers_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::vector<std::unique_ptr<Lane>> lanes_;

  std::array<ByteBuffer, kTableCount> pending_;  // per table: its Append caller only
  std::array<int64_t, kTableCount> pending_rows_{};
  std::array<int64_t, kTableCount> rows_sent_{};
  std::array<uint64_t, kTableCount> bytes_sent_{};
  std::array<int64_t, kTableCount> rows_loaded_{};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ByteBuffer> free_buffers_;  // guarded by mu_
  size_t queued_items_ = 0;               // guarded by mu_
  bool closing_ = false;                  // guarded by mu_: no more items
  Status error_;                          // guarded by mu_: the first failure

  std::vector<LoadCheck> checks_;
  LoadTimes times_;
};

}  // namespace ecomsim::postgres
