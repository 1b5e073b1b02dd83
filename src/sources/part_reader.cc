#include "sources/part_reader.h"

#include "sources/csv_reader.h"
#include "sources/jsonl_reader.h"
#include "sources/parquet/parquet_reader.h"

namespace ecomsim {

Result<std::unique_ptr<PartReader>> OpenPartReader(FileFormat format, const TableDef& table,
                                                   const std::string& path,
                                                   const std::string& display_path,
                                                   EnumDictionaries& dictionaries,
                                                   const PartReaderOptions& options) {
  switch (format) {
    case FileFormat::kCsv: {
      auto r = CsvReader::Open(table, path, display_path, dictionaries, options);
      if (!r.ok()) return r.status();
      return std::unique_ptr<PartReader>(std::move(*r));
    }
    case FileFormat::kJsonl: {
      auto r = JsonlReader::Open(table, path, display_path, dictionaries, options);
      if (!r.ok()) return r.status();
      return std::unique_ptr<PartReader>(std::move(*r));
    }
    case FileFormat::kParquet: {
      auto r = parquet_read::ParquetReader::Open(table, path, display_path, dictionaries);
      if (!r.ok()) return r.status();
      return std::unique_ptr<PartReader>(std::move(*r));
    }
  }
  return Status::Internal("unknown data format");
}

}  // namespace ecomsim
