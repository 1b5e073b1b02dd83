#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/file.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "parquet/writer/file_metadata.h"
#include "parquet/writer/row_group_encoder.h"

namespace ecomsim::parquet {

// Lays out one Parquet file: "PAR1", the row groups in the order they are given, the
// page indexes (every chunk's ColumnIndex, when it has one, then every chunk's
// OffsetIndex, in row group and column order), then the footer (the Thrift
// FileMetaData, its length as 4 little-endian bytes, "PAR1"). Keeps the metadata of the
// row groups written so far, page indexes included, for the end of the file: a few
// bytes per page. A file with no row group is valid: the schema and zero rows. Not
// thread-safe; the writer thread only.
class FileWriter {
 public:
  // `metadata` goes to the footer's key_value_metadata.
  FileWriter(const TableDef& table, std::vector<std::pair<std::string, std::string>> metadata);

  // Creates `path` (which must not exist) and writes the leading magic.
  Status Open(const std::string& path, const std::string& display_path);
  // Appends a row group at the current end of the file.
  Status WriteRowGroup(const EncodedRowGroup& row_group);
  // Writes the footer, syncs and closes.
  Status Close();

  int64_t rows() const { return rows_; }
  // The file's size and CRC-32C: complete after Close().
  uint64_t bytes() const { return file_.bytes(); }
  uint32_t crc32c() const { return file_.crc32c(); }

 private:
  // Writes the page indexes of all row groups and records where they are.
  Status WritePageIndexes();

  const TableDef& table_;
  const std::vector<std::pair<std::string, std::string>> metadata_;
  OutputFile file_;
  std::vector<RowGroupMeta> row_groups_;
  int64_t rows_ = 0;
};

}  // namespace ecomsim::parquet
