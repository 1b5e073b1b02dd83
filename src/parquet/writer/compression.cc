#include "parquet/writer/compression.h"

#include <snappy.h>
#include <zstd.h>

#include <string>

namespace ecomsim::parquet {

struct Compressor::ZstdContext {
  ZstdContext() : cctx(ZSTD_createCCtx()) {}
  ~ZstdContext() { ZSTD_freeCCtx(cctx); }
  ZstdContext(const ZstdContext&) = delete;
  ZstdContext& operator=(const ZstdContext&) = delete;
  ZSTD_CCtx* cctx;
};

Compressor::Compressor(Compression compression, int zstd_level)
    : compression_(compression), zstd_level_(zstd_level) {
  if (compression_ == Compression::kZstd) zstd_ = std::make_unique<ZstdContext>();
}

Compressor::~Compressor() = default;

CompressionCodec Compressor::codec() const {
  switch (compression_) {
    case Compression::kNone: return CompressionCodec::kUncompressed;
    case Compression::kSnappy: return CompressionCodec::kSnappy;
    case Compression::kZstd: return CompressionCodec::kZstd;
  }
  return CompressionCodec::kUncompressed;
}

Status Compressor::Compress(std::string_view in, ByteBuffer& out) {
  switch (compression_) {
    case Compression::kNone:
      out.Append(in);
      return Status::Ok();
    case Compression::kSnappy: {
      out.Reserve(snappy::MaxCompressedLength(in.size()));
      size_t written = 0;
      snappy::RawCompress(in.data(), in.size(), out.end(), &written);
      out.Advance(written);
      return Status::Ok();
    }
    case Compression::kZstd: {
      if (zstd_->cctx == nullptr) return Status::Internal("zstd: cannot create a context");
      const size_t bound = ZSTD_compressBound(in.size());
      out.Reserve(bound);
      const size_t written =
          ZSTD_compressCCtx(zstd_->cctx, out.end(), bound, in.data(), in.size(), zstd_level_);
      if (ZSTD_isError(written)) {
        return Status::Internal(std::string("zstd: ") + ZSTD_getErrorName(written));
      }
      out.Advance(written);
      return Status::Ok();
    }
  }
  return Status::Internal("unknown compression");
}

}  // namespace ecomsim::parquet
