#include "parquet/writer/file_writer.h"

#include "ecomsim/ecomsim.h"
#include "parquet/parquet_thrift.h"
#include "parquet/writer/encoding.h"
#include "parquet/writer/page_index.h"

namespace ecomsim::parquet {

FileWriter::FileWriter(const TableDef& table,
                       std::vector<std::pair<std::string, std::string>> metadata)
    : table_(table), metadata_(std::move(metadata)) {}

Status FileWriter::Open(const std::string& path, const std::string& display_path) {
  row_groups_.clear();
  rows_ = 0;
  ECOMSIM_RETURN_IF_ERROR(file_.Open(path, display_path));
  return file_.Write(kMagic);
}

Status FileWriter::WriteRowGroup(const EncodedRowGroup& row_group) {
  const auto offset = static_cast<int64_t>(file_.bytes());
  ECOMSIM_RETURN_IF_ERROR(file_.Write(row_group.bytes.view()));
  RowGroupMeta meta = row_group.meta;
  meta.file_offset += offset;
  for (ColumnChunkMeta& c : meta.columns) c.Shift(offset);
  rows_ += meta.num_rows;
  row_groups_.push_back(std::move(meta));
  return Status::Ok();
}

Status FileWriter::WritePageIndexes() {
  ByteBuffer indexes;
  auto offset = static_cast<int64_t>(file_.bytes());
  // All ColumnIndex structs first, then all OffsetIndex structs, as the format lays them out.
  for (RowGroupMeta& rg : row_groups_) {
    for (ColumnChunkMeta& c : rg.columns) {
      if (c.column_index.empty()) continue;
      c.column_index_offset = offset + static_cast<int64_t>(indexes.size());
      c.column_index_length = static_cast<int32_t>(c.column_index.size());
      indexes.Append(c.column_index);
      std::string().swap(c.column_index);  // written: free it before the footer is built
    }
  }
  for (RowGroupMeta& rg : row_groups_) {
    for (ColumnChunkMeta& c : rg.columns) {
      const size_t start = indexes.size();
      PutOffsetIndex(c.pages, indexes);
      c.offset_index_offset = offset + static_cast<int64_t>(start);
      c.offset_index_length = static_cast<int32_t>(indexes.size() - start);
    }
  }
  return file_.Write(indexes.view());
}

Status FileWriter::Close() {
  ECOMSIM_RETURN_IF_ERROR(WritePageIndexes());
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
  return file_.Close();
}

}  // namespace ecomsim::parquet
