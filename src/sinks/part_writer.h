#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/byte_buffer.h"
#include "dataset/format.h"
#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "parquet/writer/writer_options.h"

namespace ecomsim {

// "zstd", "snappy", "none".
Result<parquet::Compression> ParseCompression(std::string_view name);

// What a finished part file holds.
struct PartStats {
  int64_t rows = 0;
  uint64_t bytes = 0;
  uint32_t crc32c = 0;
};

// Writes one part file of one table. The work is split in two so that the costly part
// runs in parallel: EncodeChunk (const, called by any worker thread at the same time)
// turns a batch into bytes; Append (the writer thread only, in chunk order) puts them
// into the file. Owned by the dataset writer.
class PartWriter {
 public:
  virtual ~PartWriter() = default;

  // Thread-safe. Appends the encoding of `batch` to `out`.
  virtual void EncodeChunk(const Batch& batch, ByteBuffer& out) const = 0;
  // Creates the file at `path`; errors name `display_path`.
  virtual Status Open(const std::string& path, const std::string& display_path) = 0;
  // Adds a chunk: the batch and what EncodeChunk made of it.
  virtual Status Append(const Batch& batch, std::string_view encoded) = 0;
  // Completes and syncs the file.
  virtual Status Finish(PartStats& stats) = 0;
};

// The format of the files of a dataset and its settings. A value type.
struct FormatOptions {
  FileFormat format = FileFormat::kParquet;
  parquet::WriterOptions parquet;  // for kParquet
};

std::unique_ptr<PartWriter> MakePartWriter(const FormatOptions& options, const TableDef& table);

}  // namespace ecomsim
