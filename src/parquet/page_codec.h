#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/byte_buffer.h"
#include "ecomsim/status.h"
#include "parquet/parquet_thrift.h"

namespace ecomsim::parquet {

// Compresses and decompresses Parquet page bodies: UNCOMPRESSED (a copy), SNAPPY (raw
// blocks) and ZSTD (frames). Keeps its zstd contexts (made on first use, one each way)
// from page to page. Corrupt input is an error, never a read or write outside the
// buffers. Not thread-safe: one per encoding thread or per reader.
class PageCodec {
 public:
  PageCodec();
  ~PageCodec();
  PageCodec(const PageCodec&) = delete;
  PageCodec& operator=(const PageCodec&) = delete;

  // Whether `codec` is one of the three above.
  static bool Supports(CompressionCodec codec);

  // Appends the compressed form of `in` to `out`; `zstd_level` is for ZSTD (libzstd
  // clamps it). Fails only if the library does (out of memory) or the codec is not
  // supported (Status::Internal, naming the codec).
  Status Compress(CompressionCodec codec, int zstd_level, std::string_view in, ByteBuffer& out);

  // Decompresses `in` into exactly `out_size` bytes at `out`. Errors (Status::Data) name
  // the codec and what went wrong, without a location.
  Status Decompress(CompressionCodec codec, std::string_view in, char* out, size_t out_size);

  // Checks, before a reader makes room for `out_size` bytes (a page header's claim), that
  // `in` can decompress to that many, reading only its headers: snappy states the size in
  // its preamble and a zstd frame usually in its header; a zstd frame that does not (one
  // written in streaming mode) or several frames may expand at most kZstdMaxExpansion
  // times. A corrupt header never makes a reader allocate what the page cannot hold.
  // Errors as Decompress's.
  static Status CheckSize(CompressionCodec codec, std::string_view in, size_t out_size);

  // The most a zstd input can expand: every block (at most 128 KiB of output) takes at
  // least 4 bytes (a 3-byte header and one byte repeated).
  static constexpr uint64_t kZstdMaxExpansion = (uint64_t{128} << 10) / 4;

 private:
  struct ZstdContexts;
  // The contexts, made on first use.
  ZstdContexts& Zstd();

  std::unique_ptr<ZstdContexts> zstd_;
};

}  // namespace ecomsim::parquet
