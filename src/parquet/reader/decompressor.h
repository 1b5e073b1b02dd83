#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "ecomsim/status.h"

namespace ecomsim::parquet {

// Decompresses Parquet page bodies: UNCOMPRESSED, SNAPPY (raw blocks) and ZSTD (frames).
// Corrupt input is an error, never a read or write outside the buffers. Keeps its zstd
// context from page to page. Not thread-safe; one per reader.
class Decompressor {
 public:
  Decompressor();
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  // Whether `codec` (parquet.thrift CompressionCodec) is supported.
  static bool Supports(int32_t codec);

  // Decompresses `in` into exactly `out_size` bytes at `out`. Errors (Status::Data) name
  // the codec and what went wrong, without a location.
  Status Decompress(int32_t codec, std::string_view in, char* out, size_t out_size);

 private:
  struct ZstdContext;
  std::unique_ptr<ZstdContext> zstd_;
};

}  // namespace ecomsim::parquet
