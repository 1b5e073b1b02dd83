#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/byte_buffer.h"
#include "ecomsim/schema.h"
#include "parquet/parquet_thrift.h"
#include "parquet/writer/page_index.h"
#include "parquet/writer/statistics.h"

namespace ecomsim::parquet {

// What the footer records about one column chunk. Offsets are relative to the start of
// the chunk's row group while it is encoded, absolute once the file writer places it.
struct ColumnChunkMeta {
  PhysicalType type = PhysicalType::kInt64;
  uint32_t encodings = 0;  // bit (1 << Encoding) for each encoding used in the chunk
  CompressionCodec codec = CompressionCodec::kUncompressed;
  int64_t num_values = 0;               // rows, nulls included
  int64_t total_uncompressed_size = 0;  // pages with their headers
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  int64_t dictionary_page_offset = -1;  // -1: no dictionary page
  Encoding data_page_encoding = Encoding::kPlain;
  int32_t data_pages = 0;
  ColumnStatistics statistics;
  // The page index: one location per data page, and the serialized ColumnIndex (empty
  // when the chunk has none: no min/max to give, see page_index.h).
  std::vector<PageLocation> pages;
  std::string column_index;
  // Where the file writer placed the indexes; -1 while not placed.
  int64_t column_index_offset = -1;
  int32_t column_index_length = 0;
  int64_t offset_index_offset = -1;
  int32_t offset_index_length = 0;

  bool has_dictionary() const { return dictionary_page_offset >= 0; }
  void AddEncoding(Encoding e) { encodings |= uint32_t{1} << static_cast<int>(e); }
  // Moves the offsets of the pages by `delta` bytes.
  void Shift(int64_t delta);
};

struct RowGroupMeta {
  std::vector<ColumnChunkMeta> columns;  // in table order
  int64_t num_rows = 0;
  int64_t file_offset = 0;      // first page of the first column
  int64_t total_byte_size = 0;  // uncompressed, page headers included
  int64_t total_compressed_size = 0;
};

// The footer's contents besides the schema, which comes from the table.
struct FileMetaDataInfo {
  std::span<const RowGroupMeta> row_groups;
  int64_t num_rows = 0;
  std::span<const std::pair<std::string, std::string>> key_value_metadata;
  std::string_view created_by;
};

// Appends the Thrift FileMetaData of a file of `table`: version 1, the schema (a root
// named after the table, then one leaf per column, see schema_mapping.h), the row
// groups with each column chunk's metadata, statistics and page index offsets (when
// placed), the key/value metadata (left
// out when empty), created_by, and a TypeDefinedOrder column order for every column.
void PutFileMetaData(const TableDef& table, const FileMetaDataInfo& info, ByteBuffer& out);

}  // namespace ecomsim::parquet
