#include "parquet/page_codec.h"

#include <snappy.h>
#include <zstd.h>

#include <cstring>
#include <string>

namespace ecomsim::parquet {

struct PageCodec::ZstdContexts {
  ZstdContexts() = default;
  ~ZstdContexts() {
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
  }
  ZstdContexts(const ZstdContexts&) = delete;
  ZstdContexts& operator=(const ZstdContexts&) = delete;

  ZSTD_CCtx* cctx = nullptr;
  ZSTD_DCtx* dctx = nullptr;
};

PageCodec::PageCodec() = default;
PageCodec::~PageCodec() = default;

PageCodec::ZstdContexts& PageCodec::Zstd() {
  if (!zstd_) zstd_ = std::make_unique<ZstdContexts>();
  return *zstd_;
}

bool PageCodec::Supports(CompressionCodec codec) {
  switch (codec) {
    case CompressionCodec::kUncompressed:
    case CompressionCodec::kSnappy:
    case CompressionCodec::kZstd: return true;
    default: return false;
  }
}

Status PageCodec::Compress(CompressionCodec codec, int zstd_level, std::string_view in,
                           ByteBuffer& out) {
  switch (codec) {
    case CompressionCodec::kUncompressed: out.Append(in); return Status::Ok();
    case CompressionCodec::kSnappy: {
      out.Reserve(snappy::MaxCompressedLength(in.size()));
      size_t written = 0;
      snappy::RawCompress(in.data(), in.size(), out.end(), &written);
      out.Advance(written);
      return Status::Ok();
    }
    case CompressionCodec::kZstd: {
      ZstdContexts& zstd = Zstd();
      if (zstd.cctx == nullptr) zstd.cctx = ZSTD_createCCtx();
      if (zstd.cctx == nullptr) return Status::Internal("zstd: cannot create a context");
      const size_t bound = ZSTD_compressBound(in.size());
      out.Reserve(bound);
      const size_t written =
          ZSTD_compressCCtx(zstd.cctx, out.end(), bound, in.data(), in.size(), zstd_level);
      if (ZSTD_isError(written)) {
        return Status::Internal(std::string("zstd: ") + ZSTD_getErrorName(written));
      }
      out.Advance(written);
      return Status::Ok();
    }
    default:
      return Status::Internal("unsupported compression codec " +
                              CodecName(static_cast<int32_t>(codec)));
  }
}

Status PageCodec::CheckSize(CompressionCodec codec, std::string_view in, size_t out_size) {
  switch (codec) {
    case CompressionCodec::kSnappy: {
      size_t length = 0;
      if (!snappy::GetUncompressedLength(in.data(), in.size(), &length)) {
        return Status::Data("snappy: corrupt page");
      }
      if (length != out_size) {
        return Status::Data("snappy: page decompresses to " + std::to_string(length) +
                            " bytes, header says " + std::to_string(out_size));
      }
      return Status::Ok();
    }
    case CompressionCodec::kZstd: {
      const unsigned long long stated = ZSTD_getFrameContentSize(in.data(), in.size());
      if (stated == ZSTD_CONTENTSIZE_ERROR) return Status::Data("zstd: corrupt frame header");
      const size_t frame = ZSTD_findFrameCompressedSize(in.data(), in.size());
      const bool one_frame = !ZSTD_isError(frame) && frame == in.size();
      if (stated != ZSTD_CONTENTSIZE_UNKNOWN && (one_frame || stated > out_size) &&
          stated != out_size) {
        return Status::Data("zstd: page decompresses to " + std::to_string(stated) +
                            " bytes, header says " + std::to_string(out_size));
      }
      if (out_size / kZstdMaxExpansion > in.size()) {
        return Status::Data("zstd: a page of " + std::to_string(in.size()) +
                            " bytes cannot decompress to the " + std::to_string(out_size) +
                            " its header says");
      }
      return Status::Ok();
    }
    default: return Status::Ok();  // uncompressed: compared by Decompress; others refused there
  }
}

Status PageCodec::Decompress(CompressionCodec codec, std::string_view in, char* out,
                             size_t out_size) {
  switch (codec) {
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
      ZstdContexts& zstd = Zstd();
      if (zstd.dctx == nullptr) zstd.dctx = ZSTD_createDCtx();
      if (zstd.dctx == nullptr) return Status::Internal("zstd: cannot create a context");
      const size_t got = ZSTD_decompressDCtx(zstd.dctx, out, out_size, in.data(), in.size());
      if (ZSTD_isError(got)) return Status::Data(std::string("zstd: ") + ZSTD_getErrorName(got));
      if (got != out_size) {
        return Status::Data("zstd: page decompresses to " + std::to_string(got) +
                            " bytes, header says " + std::to_string(out_size));
      }
      return Status::Ok();
    }
    default:
      return Status::Data("unsupported compression codec " +
                          CodecName(static_cast<int32_t>(codec)));
  }
}

}  // namespace ecomsim::parquet
