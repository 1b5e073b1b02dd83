#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "dataset/manifest.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "sinks/part_writer.h"

namespace ecomsim {

// The partition key of a table that is not partitioned.
inline constexpr int64_t kWholeTable = std::numeric_limits<int64_t>::min();

// Where the generate pipeline (engine/generate.cc) puts a dataset: a directory of files
// (DatasetWriter) or a database (PostgresTarget). The pipeline encodes chunks on its
// workers with encoder(id), then hands them in chunk order, on one writer thread, to
// Part(id, day)->Append. Nothing becomes visible until Commit(); a target destroyed or
// aborted without a successful Commit() leaves what it replaces as it was.
//
// encoder() and partitioned() are thread-safe; everything else is for the writer thread.
class DatasetTarget {
 public:
  virtual ~DatasetTarget() = default;

  // An unopened writer of the target's encoding, for EncodeChunk from any thread.
  virtual const PartWriter& encoder(TableId id) const = 0;
  // Whether the table's rows go to one part per UTC day (then `day` in Part() is a day
  // number since the epoch); otherwise Part() is always called with kWholeTable.
  virtual bool partitioned(TableId id) const = 0;
  // The part that takes the table's rows for `day`, made on first use.
  virtual Result<PartWriter*> Part(TableId id, int64_t day) = 0;
  // Finishes every part and makes the dataset appear as a whole. `run` describes the run
  // (its `format` and `files` are the target's to fill). On failure nothing appears and
  // what was there before is untouched.
  virtual Status Commit(const Manifest& run) = 0;
  // Discards everything written so far. Safe to call more than once.
  virtual void Abort() = 0;
};

}  // namespace ecomsim
