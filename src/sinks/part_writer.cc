#include "sinks/part_writer.h"

#include "sinks/parquet_part_writer.h"
#include "sinks/text_part_writer.h"

namespace ecomsim {

Result<parquet::Compression> ParseCompression(std::string_view name) {
  if (name == "zstd") return parquet::Compression::kZstd;
  if (name == "snappy") return parquet::Compression::kSnappy;
  if (name == "none" || name == "uncompressed") return parquet::Compression::kNone;
  return Status::Usage("unknown compression '" + std::string(name) +
                       "' (expected zstd, snappy or none)");
}

std::unique_ptr<PartWriter> MakePartWriter(const FormatOptions& options, const TableDef& table) {
  switch (options.format) {
    case FileFormat::kParquet: return std::make_unique<ParquetPartWriter>(table, options.parquet);
    case FileFormat::kCsv: return std::make_unique<CsvPartWriter>(table);
    case FileFormat::kJsonl: return std::make_unique<JsonlPartWriter>(table);
  }
  return nullptr;
}

}  // namespace ecomsim
