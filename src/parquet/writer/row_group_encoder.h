#pragma once

#include "core/byte_buffer.h"
#include "ecomsim/status.h"
#include "parquet/writer/column_chunk_writer.h"
#include "parquet/writer/column_data.h"
#include "parquet/writer/file_metadata.h"
#include "parquet/writer/writer_options.h"

namespace ecomsim::parquet {

// One row group in its final form: the column chunks back to back, and their metadata
// with offsets relative to the start of `bytes` (the file writer moves them).
struct EncodedRowGroup {
  ByteBuffer bytes;
  RowGroupMeta meta;
};

// Turns the rows of a row group into an EncodedRowGroup, column after column. The
// result is a pure function of the rows and the options. Keeps its scratch (a
// ColumnChunkWriter) from one row group to the next. Not thread-safe; one per thread.
class RowGroupEncoder {
 public:
  explicit RowGroupEncoder(const WriterOptions& options) : writer_(options) {}

  // Replaces the contents of `out`. Fails only if compression does.
  Status Encode(const RowGroupData& rows, EncodedRowGroup& out);

 private:
  ColumnChunkWriter writer_;
};

}  // namespace ecomsim::parquet
