#include "parquet/writer/file_metadata.h"

#include "parquet/writer/schema_mapping.h"
#include "parquet/writer/thrift_writer.h"

namespace ecomsim::parquet {
namespace {

constexpr int32_t kFormatVersion = 1;
constexpr int kEncodingBits = 32;

void PutStatistics(const ColumnStatistics& s, ThriftWriter& w) {
  w.FieldStruct(column_metadata::kStatistics);
  w.FieldI64(statistics::kNullCount, s.null_count);
  if (s.has_min_max) {
    w.FieldBinary(statistics::kMaxValue, s.max_value);
    w.FieldBinary(statistics::kMinValue, s.min_value);
    w.FieldBool(statistics::kIsMaxValueExact, true);
    w.FieldBool(statistics::kIsMinValueExact, true);
  }
  if (s.has_nan_count) w.FieldI64(statistics::kNanCount, s.nan_count);
  w.EndStruct();
}

void PutEncodingStats(PageType type, Encoding encoding, int32_t count, ThriftWriter& w) {
  w.BeginStruct();
  w.FieldI32(page_encoding_stats::kPageType, static_cast<int32_t>(type));
  w.FieldI32(page_encoding_stats::kEncoding, static_cast<int32_t>(encoding));
  w.FieldI32(page_encoding_stats::kCount, count);
  w.EndStruct();
}

void PutColumnChunk(const ColumnDef& def, const ColumnChunkMeta& c, ThriftWriter& w) {
  w.BeginStruct();
  // Deprecated; the format asks for 0 when no ColumnMetaData is written outside the footer.
  w.FieldI64(column_chunk::kFileOffset, 0);
  w.FieldStruct(column_chunk::kMetaData);
  w.FieldI32(column_metadata::kType, static_cast<int32_t>(c.type));
  uint32_t encodings = 0;
  for (int e = 0; e < kEncodingBits; ++e) encodings += (c.encodings >> e) & 1;
  w.FieldList(column_metadata::kEncodings, CompactType::kI32, encodings);
  for (int e = 0; e < kEncodingBits; ++e) {
    if ((c.encodings >> e) & 1) w.I32(e);
  }
  w.FieldList(column_metadata::kPathInSchema, CompactType::kBinary, 1);
  w.Binary(def.name);
  w.FieldI32(column_metadata::kCodec, static_cast<int32_t>(c.codec));
  w.FieldI64(column_metadata::kNumValues, c.num_values);
  w.FieldI64(column_metadata::kTotalUncompressedSize, c.total_uncompressed_size);
  w.FieldI64(column_metadata::kTotalCompressedSize, c.total_compressed_size);
  w.FieldI64(column_metadata::kDataPageOffset, c.data_page_offset);
  if (c.has_dictionary())
    w.FieldI64(column_metadata::kDictionaryPageOffset, c.dictionary_page_offset);
  PutStatistics(c.statistics, w);
  w.FieldList(column_metadata::kEncodingStats, CompactType::kStruct, c.has_dictionary() ? 2 : 1);
  if (c.has_dictionary()) PutEncodingStats(PageType::kDictionaryPage, Encoding::kPlain, 1, w);
  PutEncodingStats(PageType::kDataPage, c.data_page_encoding, c.data_pages, w);
  w.EndStruct();  // ColumnMetaData
  if (c.offset_index_offset >= 0) {
    w.FieldI64(column_chunk::kOffsetIndexOffset, c.offset_index_offset);
    w.FieldI32(column_chunk::kOffsetIndexLength, c.offset_index_length);
  }
  if (c.column_index_offset >= 0) {
    w.FieldI64(column_chunk::kColumnIndexOffset, c.column_index_offset);
    w.FieldI32(column_chunk::kColumnIndexLength, c.column_index_length);
  }
  w.EndStruct();  // ColumnChunk
}

void PutRowGroup(const TableDef& table, const RowGroupMeta& rg, ThriftWriter& w) {
  w.BeginStruct();
  w.FieldList(row_group::kColumns, CompactType::kStruct, static_cast<uint32_t>(rg.columns.size()));
  for (size_t i = 0; i < rg.columns.size(); ++i) PutColumnChunk(table.columns[i], rg.columns[i], w);
  w.FieldI64(row_group::kTotalByteSize, rg.total_byte_size);
  w.FieldI64(row_group::kNumRows, rg.num_rows);
  w.FieldI64(row_group::kFileOffset, rg.file_offset);
  w.FieldI64(row_group::kTotalCompressedSize, rg.total_compressed_size);
  w.EndStruct();
}

}  // namespace

void ColumnChunkMeta::Shift(int64_t delta) {
  data_page_offset += delta;
  if (has_dictionary()) dictionary_page_offset += delta;
  for (PageLocation& page : pages) page.offset += delta;
}

void PutFileMetaData(const TableDef& table, const FileMetaDataInfo& info, ByteBuffer& out) {
  const auto columns = static_cast<uint32_t>(table.columns.size());
  ThriftWriter w(out);
  w.BeginStruct();
  w.FieldI32(file_metadata::kVersion, kFormatVersion);

  w.FieldList(file_metadata::kSchema, CompactType::kStruct, columns + 1);
  w.BeginStruct();
  w.FieldBinary(schema_element::kName, table.name);
  w.FieldI32(schema_element::kNumChildren, static_cast<int32_t>(columns));
  w.EndStruct();
  for (const ColumnDef& def : table.columns) PutSchemaElement(def, w);

  w.FieldI64(file_metadata::kNumRows, info.num_rows);
  w.FieldList(file_metadata::kRowGroups, CompactType::kStruct,
              static_cast<uint32_t>(info.row_groups.size()));
  for (const RowGroupMeta& rg : info.row_groups) PutRowGroup(table, rg, w);

  if (!info.key_value_metadata.empty()) {
    w.FieldList(file_metadata::kKeyValueMetadata, CompactType::kStruct,
                static_cast<uint32_t>(info.key_value_metadata.size()));
    for (const auto& [key, value] : info.key_value_metadata) {
      w.BeginStruct();
      w.FieldBinary(key_value::kKey, key);
      w.FieldBinary(key_value::kValue, value);
      w.EndStruct();
    }
  }
  w.FieldBinary(file_metadata::kCreatedBy, info.created_by);

  w.FieldList(file_metadata::kColumnOrders, CompactType::kStruct, columns);
  for (uint32_t i = 0; i < columns; ++i) {
    w.BeginStruct();
    w.FieldStruct(column_order::kTypeOrder);  // TypeDefinedOrder: no fields
    w.EndStruct();
    w.EndStruct();
  }
  w.EndStruct();
}

}  // namespace ecomsim::parquet
