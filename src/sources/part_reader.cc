#include "sources/part_reader.h"

#include "parquet/reader/file_reader.h"
#include "sources/csv_reader.h"
#include "sources/jsonl_reader.h"

namespace ecomsim {
namespace {

// A Parquet part file, read by the format's own reader (src/parquet/reader).
class ParquetPartReader final : public PartReader {
 public:
  explicit ParquetPartReader(std::unique_ptr<parquet::FileReader> file) : file_(std::move(file)) {}

  Status Next(Batch& batch, size_t max_rows) override { return file_->Next(batch, max_rows); }
  int64_t DeclaredRows() const override { return file_->num_rows(); }

 private:
  std::unique_ptr<parquet::FileReader> file_;
};

}  // namespace

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
      parquet::FileReaderOptions parquet_options;
      parquet_options.check_page_crc = options.check_page_crc;
      parquet_options.skip_extra_columns = options.skip_extra_columns;
      auto r = parquet::FileReader::Open(table, path, display_path, dictionaries, parquet_options);
      if (!r.ok()) return r.status();
      return std::unique_ptr<PartReader>(std::make_unique<ParquetPartReader>(std::move(*r)));
    }
  }
  return Status::Internal("unknown data format");
}

}  // namespace ecomsim
