#include "sinks/part_writer.h"

#include "sinks/parquet_part_writer.h"
#include "sinks/text_part_writer.h"

namespace ecomsim {

Result<FileFormat> ParseFileFormat(std::string_view name) {
  if (name == "parquet") return FileFormat::kParquet;
  if (name == "csv") return FileFormat::kCsv;
  if (name == "jsonl" || name == "json") return FileFormat::kJsonl;
  return Status::Usage("unknown format '" + std::string(name) +
                       "' (expected parquet, csv or jsonl)");
}

std::string_view FileExtension(FileFormat format) {
  switch (format) {
    case FileFormat::kParquet: return "parquet";
    case FileFormat::kCsv: return "csv";
    case FileFormat::kJsonl: return "jsonl";
  }
  return "";
}

std::string_view FileFormatName(FileFormat format) { return FileExtension(format); }

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
