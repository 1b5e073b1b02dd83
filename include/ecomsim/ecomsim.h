#pragma once

// The public API of ecomsim: what an embedding program includes. The command-line tool
// is built on exactly this.
//
//   ecomsim::GenerateOptions options;
//   options.scenario = "baseline";
//   options.out_dir = "data";
//   ecomsim::GenerateReport report;
//   ecomsim::Status s = ecomsim::Generate(options, report);
//
// To take rows in memory instead of files, open a Simulation and ask it for the batches
// of any range of customers; any range can be produced on its own, in any order, on any
// thread, with the same result.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"

namespace ecomsim {

// The version written into every manifest and file.
std::string_view Version();

struct GenerateProgress {
  int64_t chunks_done = 0;
  int64_t chunks_total = 0;
  int64_t rows = 0;
  uint64_t bytes = 0;
};

struct GenerateOptions {
  std::string scenario = "baseline";      // built-in name or YAML path
  std::vector<std::string> overrides;     // "world.customers=5000"
  double scale = 1;
  uint64_t seed = 42;
  std::string out_dir = "data";
  std::string format = "parquet";         // parquet | csv | jsonl
  std::string compression = "zstd";       // parquet: zstd | snappy | none
  int64_t row_group_rows = 1'000'000;     // parquet: rows per row group
  std::vector<std::string> tables;        // empty: all
  std::string partition_by;               // "" or "none", or "day": Hive partitions by date
  int threads = 0;                        // 0: one per core
  int shard_index = 1;                    // 1-based
  int shard_count = 1;
  bool overwrite = false;
  // Called from the calling thread after each chunk is written.
  std::function<void(const GenerateProgress&)> on_progress;
  // Polled between chunks; returning true stops the run (nothing is left behind).
  std::function<bool()> should_stop;
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
  double seconds = 0;
  int threads = 0;
};

// Simulates the scenario and writes the dataset under options.out_dir, atomically.
Status Generate(const GenerateOptions& options, GenerateReport& report);

// A loaded world for in-memory generation. Thread-safe: several threads may call
// SimulateCustomers at once with their own batches.
class Simulation {
 public:
  static Result<std::unique_ptr<Simulation>> Open(const std::string& scenario,
                                                  const std::vector<std::string>& overrides,
                                                  double scale, uint64_t seed);
  virtual ~Simulation() = default;

  virtual int64_t customer_count() const = 0;
  virtual int64_t product_count() const = 0;
  // Batches for the customers, sessions and events tables, bound to this world's
  // vocabularies (persona and category names). Reuse them across calls.
  virtual std::unique_ptr<Batch> MakeBatch(TableId table) const = 0;
  // Appends the customers, sessions and events of customers [first, end) (1-based ids)
  // to whichever of the three batches is not null.
  virtual void SimulateCustomers(int64_t first, int64_t end, Batch* customers, Batch* sessions,
                                 Batch* events) const = 0;
};

}  // namespace ecomsim
