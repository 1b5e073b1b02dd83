#pragma once

#include <memory>
#include <string_view>

#include "core/byte_buffer.h"
#include "ecomsim/status.h"
#include "parquet/parquet_thrift.h"
#include "parquet/writer/writer_options.h"

namespace ecomsim::parquet {

// Compresses page bodies with one codec: zstd frames (libzstd, at the given level),
// raw snappy blocks, or a plain copy. Keeps its compression context from page to page.
// Not thread-safe; one per encoding thread.
class Compressor {
 public:
  Compressor(Compression compression, int zstd_level);
  ~Compressor();
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  CompressionCodec codec() const;
  // Appends the compressed form of `in` to `out`. Fails only if the library does
  // (out of memory); the error names the codec.
  Status Compress(std::string_view in, ByteBuffer& out);

 private:
  struct ZstdContext;

  Compression compression_;
  int zstd_level_;
  std::unique_ptr<ZstdContext> zstd_;
};

}  // namespace ecomsim::parquet
