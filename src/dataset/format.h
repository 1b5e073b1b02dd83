#pragma once

#include <cstdint>
#include <string_view>

#include "ecomsim/status.h"

namespace ecomsim {

// The file formats a dataset can be in. The name is what --format takes, what
// manifest.json records and the part files' extension.
enum class FileFormat : uint8_t { kParquet, kCsv, kJsonl };

// "parquet", "csv", "jsonl" (also "json"). Status::Usage names the unknown format.
Result<FileFormat> ParseFileFormat(std::string_view name);
// "parquet", "csv", "jsonl".
std::string_view FileFormatName(FileFormat format);
// The extension of part files, without the dot: the format's name.
inline std::string_view FileExtension(FileFormat format) { return FileFormatName(format); }

}  // namespace ecomsim
