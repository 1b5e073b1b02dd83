#pragma once

#include <array>
#include <memory>
#include <string>

#include "schema/table_mask.h"
#include "sinks/dataset_target.h"
#include "sinks/postgres/copy_encoder.h"
#include "sinks/postgres/loader.h"

namespace ecomsim::postgres {

// The generate pipeline's target when it loads into PostgreSQL: the workers encode
// chunks as binary COPY rows (EncodeChunk, in parallel), the writer thread hands them to
// the Loader (Append), which sends them from its own threads. Commit() finishes the load
// (keys, validation, swap) with the row counts that went in as the expected ones, and
// the run's manifest fields, completed with those counts, as the schema's comment. Owns the
// Loader. Not thread-safe except encoder() and partitioned().
class PostgresTarget final : public DatasetTarget {
 public:
  PostgresTarget(std::unique_ptr<Loader> loader, TableMask tables);
  ~PostgresTarget() override;

  const PartWriter& encoder(TableId id) const override;
  bool partitioned(TableId) const override { return false; }
  Result<PartWriter*> Part(TableId id, int64_t day) override;
  Status Commit(const Manifest& run) override;
  void Abort() override;

  Loader& loader() { return *loader_; }

 private:
  class TableWriter;

  std::unique_ptr<Loader> loader_;
  std::array<std::unique_ptr<TableWriter>, kTableCount> writers_;
};

// The rows of each table in `tables`, as a JSON object for a manifest or comment:
// "  \"tables\": {\"suppliers\": 50, ...}\n".
std::string TableCountsJson(const Loader& loader, TableMask tables);

}  // namespace ecomsim::postgres
