#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dataset/manifest.h"
#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "sources/part_reader.h"
#include "sources/table_projection.h"

namespace ecomsim {

// Reads a dataset directory written by `ecomsim generate`, in any of its formats: the
// manifest, every table's rows, and the files' checksums. Which tables, files and columns
// it expects comes from the schema (ecomsim/schema.h), never from hard-coded lists.
//
//   auto reader = DatasetReader::Open("data");
//   if (!reader.ok()) return reader.status();
//   Status s = (*reader)->ReadTable(TableId::kEvents, [&](const Batch& b) { ...; return
//   Status::Ok(); });
//
// Not thread-safe.
class DatasetReader {
 public:
  // Parses DIR/manifest.json. Errors (Status::Io when it cannot be read, Status::Data when
  // it is malformed) name the file, and the entry or key that is wrong. Rejects unknown
  // formats, tables the schema does not have, and file paths that are absolute or leave
  // the directory.
  static Result<std::unique_ptr<DatasetReader>> Open(const std::string& dir);

  const Manifest& manifest() const { return manifest_; }
  const std::string& dir() const { return dir_; }
  // Whether the manifest lists at least one file of the table.
  bool has(TableId id) const;

  // Reads every row of a table: its files in manifest order, rows in file order, as
  // batches of at most `batch_rows` rows (at least 1) shaped like Table(id): same
  // columns, types and nullability. Enum columns hold codes into a dictionary that stays
  // valid until the next callback; codes agree across all the batches of one call.
  // Checks each file's row count against the manifest. Stops at and returns the first
  // error, from the callback or from reading; reading errors name the file and the line
  // (CSV, JSON Lines) or row group (Parquet), and the column.
  Status ReadTable(TableId id, const std::function<Status(const Batch&)>& on_batch,
                   size_t batch_rows = 65536);
  // The same for some columns only: batches shaped like projection.table(). Files may
  // lack the table's other columns (a dataset whose label columns were removed), or hold
  // columns the schema does not know; only the projection's must be there.
  Status ReadColumns(const TableProjection& projection,
                     const std::function<Status(const Batch&)>& on_batch,
                     size_t batch_rows = 65536);

  // Recomputes each listed file's size and CRC-32C and compares them with the manifest.
  // Returns the mismatches as human-readable lines, one per problem (a missing file, a
  // size or checksum that differs, a file in a table directory that the manifest does
  // not list); empty when all is well. An error only if the directory cannot be read.
  Result<std::vector<std::string>> VerifyChecksums();

  // Reading options for the part files (tests use small blocks).
  void set_part_options(const PartReaderOptions& options) { part_options_ = options; }

 private:
  DatasetReader() = default;
  Status Read(const TableDef& table, const PartReaderOptions& options,
              const std::function<Status(const Batch&)>& on_batch, size_t batch_rows);

  std::string dir_;
  Manifest manifest_;
  PartReaderOptions part_options_;
};

}  // namespace ecomsim
