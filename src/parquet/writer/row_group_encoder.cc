#include "parquet/writer/row_group_encoder.h"

namespace ecomsim::parquet {

Status RowGroupEncoder::Encode(const RowGroupData& rows, EncodedRowGroup& out) {
  out.bytes.Clear();
  RowGroupMeta& meta = out.meta;
  meta.columns.resize(rows.column_count());
  meta.num_rows = rows.rows();
  meta.file_offset = 0;
  meta.total_byte_size = 0;
  meta.total_compressed_size = 0;
  for (size_t i = 0; i < rows.column_count(); ++i) {
    ColumnChunkMeta& column = meta.columns[i];
    ECOMSIM_RETURN_IF_ERROR(
        writer_.Write(rows.table().columns[i], rows.column(i), out.bytes, column));
    meta.total_byte_size += column.total_uncompressed_size;
    meta.total_compressed_size += column.total_compressed_size;
  }
  return Status::Ok();
}

}  // namespace ecomsim::parquet
