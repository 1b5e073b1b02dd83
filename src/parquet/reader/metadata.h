#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"
#include "parquet/parquet_thrift.h"

// The parts of a Parquet file's Thrift metadata that the reader uses (parquet.thrift):
// the footer's FileMetaData and the page headers. Decoding is bounds-checked; anything
// the reader does not need is skipped.
namespace ecomsim::parquet {

struct LogicalTypeInfo {
  LogicalKind kind = LogicalKind::kNone;
  int32_t decimal_scale = 0;
  int32_t decimal_precision = 0;
  bool adjusted_to_utc = false;  // TIME and TIMESTAMP
  TimeUnit unit = TimeUnit::kNone;
  bool int_signed = true;  // INTEGER
};

struct SchemaElement {
  std::string name;
  bool has_type = false;  // leaves have a type, groups do not
  int32_t type = 0;       // PhysicalType
  bool has_repetition = false;
  int32_t repetition = 0;  // Repetition
  int32_t num_children = 0;
  bool has_converted_type = false;
  int32_t converted_type = 0;  // ConvertedType
  int32_t scale = 0;
  int32_t precision = 0;
  LogicalTypeInfo logical;
};

struct ColumnChunkInfo {
  std::string file_path;  // set when the chunk lives in another file
  bool has_metadata = false;
  bool encrypted = false;
  int32_t type = 0;  // PhysicalType
  std::vector<std::string> path;
  int32_t codec = 0;  // CompressionCodec
  int64_t num_values = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  int64_t dictionary_page_offset = -1;  // -1: absent
};

struct RowGroupInfo {
  std::vector<ColumnChunkInfo> columns;
  int64_t num_rows = 0;
};

struct FileMetaData {
  std::vector<SchemaElement> schema;  // depth-first, the root first
  int64_t num_rows = 0;
  std::vector<RowGroupInfo> row_groups;
  bool encrypted = false;  // has an encryption algorithm (plaintext footer mode)
};

// Decodes a FileMetaData. Errors are Status::Data without a file name, for the caller to
// prefix: "footer: thrift: truncated at byte 123".
Result<FileMetaData> ParseFileMetaData(std::string_view bytes);

struct PageHeader {
  int32_t type = -1;  // PageType
  int32_t uncompressed_size = 0;
  int32_t compressed_size = 0;
  bool has_crc = false;
  uint32_t crc = 0;  // CRC-32 of the page's bytes as stored, header excluded
  // DATA_PAGE, DATA_PAGE_V2 and DICTIONARY_PAGE: values (levels) in the page.
  int32_t num_values = 0;
  int32_t encoding = 0;  // Encoding of the values
  // DATA_PAGE
  int32_t definition_level_encoding = static_cast<int32_t>(Encoding::kRle);
  // DATA_PAGE_V2
  int32_t num_rows = 0;
  int32_t definition_levels_bytes = 0;
  int32_t repetition_levels_bytes = 0;
  bool is_compressed = true;
  bool has_type_header = false;  // the header struct of `type` was present
};

// Decodes the page header at the start of `bytes` and sets `header_size` to its length.
// Errors are Status::Data without a location, for the caller to prefix.
Status ParsePageHeader(std::string_view bytes, PageHeader& out, size_t& header_size);

}  // namespace ecomsim::parquet
