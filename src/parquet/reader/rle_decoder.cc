#include "parquet/reader/rle_decoder.h"

namespace ecomsim::parquet {
namespace {

constexpr int kMaxHeaderBytes = 10;
constexpr uint64_t kGroupSize = 8;

}  // namespace

bool RleDecoder::NextRun() {
  uint64_t header = 0;
  for (int i = 0;; ++i) {
    if (i == kMaxHeaderBytes || p_ >= end_) return false;
    const uint8_t b = *p_++;
    header |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) break;
  }
  const auto w = static_cast<uint64_t>(bit_width_);
  const auto left = static_cast<uint64_t>(end_ - p_);
  if (header & 1) {
    const uint64_t groups = header >> 1;
    // Each group takes w bytes: check before multiplying.
    if (w > 0 && groups > left / w) return false;
    packed_ = p_;
    packed_bit_ = 0;
    packed_left_ = groups * kGroupSize;
    p_ += groups * w;
    return true;
  }
  const uint64_t value_bytes = (w + 7) / 8;
  if (value_bytes > left) return false;
  uint32_t v = 0;
  for (uint64_t i = 0; i < value_bytes; ++i) v |= static_cast<uint32_t>(p_[i]) << (8 * i);
  p_ += value_bytes;
  rle_value_ = v;
  rle_left_ = header >> 1;
  return true;
}

}  // namespace ecomsim::parquet
