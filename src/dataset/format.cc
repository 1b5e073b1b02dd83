#include "dataset/format.h"

#include <string>

namespace ecomsim {

Result<FileFormat> ParseFileFormat(std::string_view name) {
  if (name == "parquet") return FileFormat::kParquet;
  if (name == "csv") return FileFormat::kCsv;
  if (name == "jsonl" || name == "json") return FileFormat::kJsonl;
  return Status::Usage("unknown format '" + std::string(name) +
                       "' (expected parquet, csv or jsonl)");
}

std::string_view FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kParquet: return "parquet";
    case FileFormat::kCsv: return "csv";
    case FileFormat::kJsonl: return "jsonl";
  }
  return "";
}

}  // namespace ecomsim
