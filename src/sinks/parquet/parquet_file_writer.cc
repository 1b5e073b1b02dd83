#include "sinks/parquet/parquet_file_writer.h"

#include "core/parquet_thrift.h"
#include "ecomsim/ecomsim.h"
#include "sinks/parquet/encoding.h"

namespace ecomsim::parquet {

ParquetFileWriter::ParquetFileWriter(const TableDef& table,
                                     std::vector<std::pair<std::string, std::string>> metadata)
    : table_(table), metadata_(std::move(metadata)) {}

Status ParquetFileWriter::Open(const std::string& path, const std::string& display_path) {
  row_groups_.clear();
  rows_ = 0;
  ECOMSIM_RETURN_IF_ERROR(file_.Open(path, display_path));
  return file_.Write(kMagic);
}

Status ParquetFileWriter::WriteRowGroup(const EncodedRowGroup& row_group) {
  const auto offset = static_cast<int64_t>(file_.bytes());
  ECOMSIM_RETURN_IF_ERROR(file_.Write(row_group.bytes.view()));
  RowGroupMeta meta = row_group.meta;
  meta.file_offset += offset;
  for (ColumnChunkMeta& c : meta.columns) c.Shift(offset);
  rows_ += meta.num_rows;
  row_groups_.push_back(std::move(meta));
  return Status::Ok();
}

Status ParquetFileWriter::Close(PartStats& stats) {
  const std::string created_by = "ecomsim version " + std::string(Version());
  FileMetaDataInfo info;
  info.row_groups = row_groups_;
  info.num_rows = rows_;
  info.key_value_metadata = metadata_;
  info.created_by = created_by;
  ByteBuffer footer;
  PutFileMetaData(table_, info, footer);
  PutFixed32(static_cast<uint32_t>(footer.size()), footer);
  footer.Append(kMagic);
  ECOMSIM_RETURN_IF_ERROR(file_.Write(footer.view()));
  ECOMSIM_RETURN_IF_ERROR(file_.Close());
  stats.rows = rows_;
  stats.bytes = file_.bytes();
  stats.crc32c = file_.crc32c();
  return Status::Ok();
}

}  // namespace ecomsim::parquet
