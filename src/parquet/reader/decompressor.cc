#include "parquet/reader/decompressor.h"

#include <snappy.h>
#include <zstd.h>

#include <cstring>
#include <string>

#include "parquet/parquet_thrift.h"
#include "parquet/reader/metadata.h"

namespace ecomsim::parquet {

struct Decompressor::ZstdContext {
  ZstdContext() : dctx(ZSTD_createDCtx()) {}
  ~ZstdContext() { ZSTD_freeDCtx(dctx); }
  ZstdContext(const ZstdContext&) = delete;
  ZstdContext& operator=(const ZstdContext&) = delete;
  ZSTD_DCtx* dctx;
};

Decompressor::Decompressor() = default;
Decompressor::~Decompressor() = default;

bool Decompressor::Supports(int32_t codec) {
  switch (static_cast<CompressionCodec>(codec)) {
    case CompressionCodec::kUncompressed:
    case CompressionCodec::kSnappy:
    case CompressionCodec::kZstd: return true;
    default: return false;
  }
}

Status Decompressor::Decompress(int32_t codec, std::string_view in, char* out, size_t out_size) {
  switch (static_cast<CompressionCodec>(codec)) {
    case CompressionCodec::kUncompressed:
      if (in.size() != out_size) {
        return Status::Data("uncompressed page of " + std::to_string(in.size()) +
                            " bytes, header says " + std::to_string(out_size));
      }
      if (out_size > 0) std::memcpy(out, in.data(), out_size);
      return Status::Ok();
    case CompressionCodec::kSnappy: {
      size_t length = 0;
      if (!snappy::GetUncompressedLength(in.data(), in.size(), &length)) {
        return Status::Data("snappy: corrupt page");
      }
      if (length != out_size) {
        return Status::Data("snappy: page decompresses to " + std::to_string(length) +
                            " bytes, header says " + std::to_string(out_size));
      }
      if (!snappy::RawUncompress(in.data(), in.size(), out)) {
        return Status::Data("snappy: corrupt page");
      }
      return Status::Ok();
    }
    case CompressionCodec::kZstd: {
      if (!zstd_) zstd_ = std::make_unique<ZstdContext>();
      if (zstd_->dctx == nullptr) return Status::Internal("zstd: cannot create a context");
      const size_t got = ZSTD_decompressDCtx(zstd_->dctx, out, out_size, in.data(), in.size());
      if (ZSTD_isError(got)) return Status::Data(std::string("zstd: ") + ZSTD_getErrorName(got));
      if (got != out_size) {
        return Status::Data("zstd: page decompresses to " + std::to_string(got) +
                            " bytes, header says " + std::to_string(out_size));
      }
      return Status::Ok();
    }
    default: return Status::Data("unsupported compression codec " + CodecName(codec));
  }
}

}  // namespace ecomsim::parquet
