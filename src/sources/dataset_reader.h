#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "sources/part_reader.h"

namespace ecomsim {

// One part file as manifest.json lists it. `path` is relative to the dataset directory.
struct ManifestFile {
  std::string table;
  std::string path;
  int64_t rows = 0;
  uint64_t bytes = 0;
  uint32_t crc32c = 0;
};

// What manifest.json says about a dataset (see DatasetWriter::Commit and
// engine/generate.cc). Fields other than `format` and `files` are empty or zero when the
// manifest does not have them.
struct Manifest {
  std::string ecomsim_version;
  std::string format;  // "parquet", "csv" or "jsonl"
  DataFormat data_format = DataFormat::kParquet;
  std::string scenario;
  std::string scenario_source;
  std::string scenario_hash;  // 16 hex digits
  uint64_t seed = 0;
  double scale = 0;
  std::string window_start;  // ISO 8601 UTC, as written
  std::string window_end;
  int shard_index = 1;
  int shard_count = 1;
  int64_t customers_first = 0;  // the customer ids [first, end) this dataset covers
  int64_t customers_end = 0;
  std::vector<ManifestFile> files;  // in the order the manifest lists them
};

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

  // Recomputes each listed file's size and CRC-32C and compares them with the manifest.
  // Returns the mismatches as human-readable lines, one per problem (a missing file, a
  // size or checksum that differs, a file in a table directory that the manifest does
  // not list); empty when all is well. An error only if the directory cannot be read.
  Result<std::vector<std::string>> VerifyChecksums();

  // Reading options for the part files (tests use small blocks).
  void set_part_options(const PartReaderOptions& options) { part_options_ = options; }

 private:
  DatasetReader() = default;

  std::string dir_;
  Manifest manifest_;
  PartReaderOptions part_options_;
};

}  // namespace ecomsim
