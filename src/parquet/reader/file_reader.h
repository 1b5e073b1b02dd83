#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/input_file.h"
#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "parquet/page_codec.h"
#include "parquet/reader/column_reader.h"
#include "parquet/reader/metadata.h"
#include "schema/enum_dictionary.h"

namespace ecomsim::parquet {

struct FileReaderOptions {
  // Whether pages whose header has a CRC-32 must match it. The fuzz targets turn it off
  // so that changed bytes reach the decoders and codecs instead of stopping at the CRC.
  bool check_page_crc = true;
  // Columns the table does not have are read past instead of being an error (for a
  // reader of a projection of the table).
  bool skip_extra_columns = false;
};

// Reads a Parquet file of a table: the footer, a schema check against the table,
// then the row groups one at a time (their column chunks read with one pread each),
// decoded into batches that may span row groups. Flat schemas only.
//
// The schema check maps file columns to table columns by name (any order; a missing
// column is an error, and so is an extra one unless `skip_extra_columns`: then only the
// table's columns are read, which is how a reader asks for a projection) and requires,
// per column type:
//   kBool BOOLEAN; kInt32 INT32; kInt64 INT64; kDouble DOUBLE;
//   kString, kEnum BYTE_ARRAY (unannotated, STRING, ENUM or JSON);
//   kTimestamp INT64 TIMESTAMP (MILLIS, MICROS or NANOS, converted to microseconds; the
//     UTC flag is not checked) or the TIMESTAMP_MILLIS / TIMESTAMP_MICROS converted types;
//   kDate INT32 DATE; kDecimal INT32 or INT64 DECIMAL with the column's scale.
// A REQUIRED file column may fill a nullable table column; an OPTIONAL one a column that
// is not nullable as long as it holds no null. Errors name the file, and the row group
// and column where they apply. Enum columns are coded through `dictionaries` (one per
// column of the table), which must outlive the reader. Not thread-safe.
class FileReader {
 public:
  static Result<std::unique_ptr<FileReader>> Open(const TableDef& table, const std::string& path,
                                                  const std::string& display_path,
                                                  EnumDictionaries& dictionaries,
                                                  const FileReaderOptions& options = {});

  // Clears `batch` (a batch of the reader's table) and appends up to `max_rows` of the
  // next rows, pointing enum columns at their dictionaries. An empty batch means the
  // file is done; after an error the reader must not be used again.
  // REQUIRES: max_rows >= 1.
  Status Next(Batch& batch, size_t max_rows);

  // The rows the footer says the file holds (the sum of its row groups').
  int64_t num_rows() const { return metadata_.num_rows; }

 private:
  FileReader(const TableDef& table, EnumDictionaries& dictionaries,
             const FileReaderOptions& options)
      : table_(table), dictionaries_(dictionaries), options_(options) {}

  Status ReadFooter();
  Status MapSchema();
  Status StartRowGroup(size_t index);
  Status FinishRowGroup();
  // "path: row group 2 of 5, column price: " + status.
  Status InColumn(const Status& s, size_t column) const;
  Status InRowGroup(const Status& s) const;

  const TableDef& table_;
  EnumDictionaries& dictionaries_;
  const FileReaderOptions options_;
  InputFile file_;
  uint64_t metadata_start_ = 0;  // where the footer begins: column chunks end before it
  FileMetaData metadata_;
  std::vector<ColumnPlan> plans_;  // per table column
  PageCodec page_codec_;
  std::vector<std::unique_ptr<ColumnChunkReader>> columns_;  // per table column
  std::vector<std::unique_ptr<char[]>> chunk_buffers_;       // per table column
  std::vector<size_t> chunk_capacities_;
  size_t next_row_group_ = 0;
  size_t row_group_ = 0;  // the current one
  bool in_row_group_ = false;
  int64_t row_group_rows_left_ = 0;
  Status error_;
};

}  // namespace ecomsim::parquet
