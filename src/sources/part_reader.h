#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dataset/format.h"
#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "schema/enum_dictionary.h"
#include "sources/block_window.h"

namespace ecomsim {

struct PartReaderOptions {
  // CSV and JSON Lines: bytes read per block. Small values exercise the block
  // boundaries in tests; a record longer than a block grows the window.
  size_t block_bytes = BlockWindow::kDefaultBlockBytes;
  // CSV and JSON Lines: a longer record is an error (most likely an unterminated quote),
  // not a reason to read the whole file into memory. The rows ecomsim writes take a few
  // hundred bytes; a hostile field of a gigabyte costs at most about three times this
  // (the window, and the batch column it goes into).
  size_t max_record_bytes = size_t{16} << 20;
  // Parquet: whether a page's CRC-32 must match (see parquet::FileReaderOptions).
  bool check_page_crc = true;
  // The file may hold columns that the table does not (CSV header fields, JSON keys,
  // Parquet columns): they are read past instead of being an error. A reader that needs
  // a few columns reads a projection of the table (TableProjection) this way, and does
  // not depend on the others being there.
  bool skip_extra_columns = false;
};

// Reads the rows of one part file of one table, batch by batch, checking every value
// against the table's schema. Enum columns are coded through the caller's dictionaries
// (one per column of the table, see enum_dictionary.h), which must outlive the reader.
// Not thread-safe; one reader per file.
class PartReader {
 public:
  virtual ~PartReader() = default;

  // Clears `batch` (a batch of the reader's table) and appends up to `max_rows` of the
  // next rows, pointing enum columns at their dictionaries. An empty batch means the
  // file is done. Errors (Status::Data for malformed content, Status::Io for the file
  // system) name the file, the line (CSV, JSON Lines) or row group (Parquet), and the
  // column; after one the reader must not be used again.
  // REQUIRES: max_rows >= 1.
  virtual Status Next(Batch& batch, size_t max_rows) = 0;

  // The rows the file says it holds before they are read (a Parquet footer's count), or
  // -1 when its format does not say (CSV, JSON Lines).
  virtual int64_t DeclaredRows() const { return -1; }
};

// Opens `path` as a part file of `table` in `format`, reading its header (CSV) or footer
// (Parquet) and checking them against the table. Errors name `display_path`.
Result<std::unique_ptr<PartReader>> OpenPartReader(FileFormat format, const TableDef& table,
                                                   const std::string& path,
                                                   const std::string& display_path,
                                                   EnumDictionaries& dictionaries,
                                                   const PartReaderOptions& options = {});

}  // namespace ecomsim
