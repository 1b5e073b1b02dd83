#pragma once

// The public API of ecomsim: what an embedding program includes. This header brings in
// the rest: schema.h and batch.h (the tables and their rows), status.h (errors),
// scenarios.h, validate.h and postgres.h. The command-line tool (src/cli) is built on
// exactly this API and, beyond it, only on src/core's helpers for text, time and files
// (number formatting for people, durations, writing a file atomically); the build
// enforces it (src/CMakeLists.txt).
//
//   ecomsim::GenerateOptions options;
//   options.scenario = "baseline";
//   options.out_dir = "data";
//   ecomsim::GenerateReport report;
//   ecomsim::Status s = ecomsim::Generate(options, report);
//
// To load into PostgreSQL instead, fill LoadOptions (the same world options, a libpq
// connection string, a schema) and call Load.
//
// To take rows in memory instead of files, open a Simulation and ask it for the batches
// of any range of customers; any range can be produced on its own, in any order, on any
// thread, with the same result.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/postgres.h"
#include "ecomsim/report.h"
#include "ecomsim/scenarios.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "ecomsim/validate.h"

namespace ecomsim {

// The version written into every manifest and file.
std::string_view Version();

// `--shard K/N`: the K-th of N disjoint slices of a run (1-based), whose union is the
// whole run.
struct Shard {
  int index = 1;
  int count = 1;
};
// "3/8". Status::Usage unless 1 <= K <= N <= 100000.
Result<Shard> ParseShard(std::string_view text);

struct GenerateProgress {
  int64_t chunks_done = 0;
  int64_t chunks_total = 0;
  int64_t rows = 0;
  uint64_t bytes = 0;
};

struct GenerateOptions {
  std::string scenario = "baseline";   // built-in name or YAML path
  std::vector<std::string> overrides;  // "world.customers=5000"
  double scale = 1;
  uint64_t seed = 42;
  std::string out_dir = "data";
  std::string format = "parquet";      // parquet | csv | jsonl
  std::string compression = "zstd";    // parquet: zstd | snappy | none
  int64_t row_group_rows = 1'000'000;  // parquet: rows per row group
  std::vector<std::string> tables;     // empty: all
  std::string partition_by;            // "" or "none", or "day": Hive partitions by date
  int threads = 0;                     // 0: one per core
  int shard_index = 1;                 // 1-based
  int shard_count = 1;
  bool overwrite = false;
  // Also write the dataset's report (report.html, what `ecomsim report` writes) into it,
  // before it appears under out_dir: the dataset appears with its report or not at all.
  bool report = false;
  // Called from the calling thread after each chunk is written.
  std::function<void(const GenerateProgress&)> on_progress;
  // Polled between chunks; returning true stops the run (nothing is left behind).
  std::function<bool()> should_stop;
  // Called from the calling thread before writing, if this run cleared what killed runs
  // into the same out_dir had left beside it: one phrase per killed run, like
  // "removed .data.ecomsim-staging-4242" (its staging directory) or "removed
  // .data.ecomsim-staging-4242 and moved .data.ecomsim-staging-4242.old back to data"
  // (the previous dataset, when the run was killed while replacing it).
  std::function<void(const std::vector<std::string>&)> on_stale_cleared;
};

struct TableReport {
  std::string table;
  int64_t rows = 0;
  uint64_t bytes = 0;
};

struct GenerateReport {
  std::string out_dir;
  std::string scenario;
  uint64_t scenario_hash = 0;
  std::vector<TableReport> tables;
  double seconds = 0;  // the report's time included
  int threads = 0;
  std::string report_path;  // with options.report: out_dir/report.html
  uint64_t report_bytes = 0;
  double report_seconds = 0;
};

// Simulates the scenario and writes the dataset under options.out_dir, atomically.
Status Generate(const GenerateOptions& options, GenerateReport& report);

struct LoadOptions {
  // The world to simulate: scenario, overrides, scale, seed, tables, threads and the
  // callbacks. The file options (out_dir, format, ...) are ignored; the shard must be 1/1.
  GenerateOptions world;
  // When not empty, load this dataset directory (written earlier by Generate, in any
  // format) instead of simulating; `world` then only gives `tables` and the callbacks.
  std::string from_dir;
  // libpq connection string: "postgresql://user@host:5432/db?sslmode=require" or
  // "host=... dbname=...". What it leaves out comes from the PG* environment variables
  // and the password file (~/.pgpass), as for psql; "" uses those alone.
  std::string postgres;
  std::string schema = "ecomsim";  // the target schema
  bool replace = false;            // replace a target schema that has objects in it
  int jobs = 2;                    // connections that load in parallel (1..64)
  // What is built once the data is in: "all" (primary keys, foreign keys and an index on
  // every foreign-key and time column), "keys" (primary and foreign keys only) or "none"
  // (the tables alone, for those who add their own). ANALYZE runs in every case.
  std::string indexes = "all";
  // Called on the calling thread when a phase of the load starts ("keys and indexes").
  std::function<void(std::string_view phase)> on_phase;
};

// A validation query that ran in the database after the load.
struct LoadCheck {
  std::string name;    // "row counts", "foreign keys", ...
  std::string detail;  // what it found, for people
  bool ok = false;
  bool skipped = false;  // nothing to check (no keys with indexes = "none"); ok is true
};

// Seconds from the start of the load to the end of each phase.
struct LoadTimes {
  double data = 0;      // connected, staging created, rows generated or read, COPY done
  double keys = 0;      // primary keys, indexes, ANALYZE and foreign keys built (as asked)
  double validate = 0;  // validation queries done
  double swap = 0;      // the staging schema swapped in: the end
};

struct LoadReport {
  std::string server;          // "user@host:port/dbname"; never a password
  std::string server_version;  // "15.18"
  std::string schema;
  bool replaced = false;  // the target had objects that were replaced
  std::string scenario;   // or the dataset directory with --from
  uint64_t seed = 0;
  int jobs = 0;
  int threads = 0;                  // simulation threads (0 with --from)
  std::vector<TableReport> tables;  // rows and binary COPY bytes sent per table
  std::vector<LoadCheck> checks;
  LoadTimes times;
};

// Simulates the world (or reads options.from_dir) and loads every table into
// PostgreSQL: a staging schema is filled with binary COPY over options.jobs connections,
// then gets primary keys, foreign keys, indexes and ANALYZE, is validated in the
// database (row counts, keys, order totals), and replaces options.schema in one
// transaction. On any failure the target schema is as it was and the staging schema is
// gone. An existing target with objects in it is refused (Status::Usage) unless
// options.replace. Messages name the server as user@host:port/dbname, never with a
// password.
Status Load(const LoadOptions& options, LoadReport& report);

// A loaded world for in-memory generation. Thread-safe: several threads may call
// SimulateCustomers at once with their own batches.
class Simulation {
 public:
  static Result<std::unique_ptr<Simulation>> Open(const std::string& scenario,
                                                  const std::vector<std::string>& overrides,
                                                  double scale, uint64_t seed);
  virtual ~Simulation() = default;

  // Everyone simulated: customers at the window's start (1..world.customers), then the
  // anonymous visitors. Ids are visitor ids; a person who has an account has it as
  // customer_id too.
  virtual int64_t person_count() const = 0;
  virtual int64_t product_count() const = 0;
  // Batches for the customers, sessions and events tables, bound to this world's
  // vocabularies (persona and category names). Reuse them across calls.
  virtual std::unique_ptr<Batch> MakeBatch(TableId table) const = 0;
  // Appends the customers, sessions and events of people [first, end) (1-based ids)
  // to whichever of the three batches is not null.
  virtual void SimulateCustomers(int64_t first, int64_t end, Batch* customers, Batch* sessions,
                                 Batch* events) const = 0;
};

}  // namespace ecomsim
