#include "parquet/reader/delta_decoder.h"

#include <cstring>

#include "parquet/thrift_compact.h"

namespace ecomsim::parquet {
namespace {

constexpr int kMaxVarintBytes = 10;
constexpr uint64_t kBlockMultiple = 128;     // values per block: a multiple of 128
constexpr uint64_t kMiniblockMultiple = 32;  // values per miniblock: a multiple of 32
constexpr uint64_t kMaxValuesPerBlock = uint64_t{1} << 20;

bool Uleb(const uint8_t*& p, const uint8_t* end, uint64_t& out) {
  out = 0;
  for (int i = 0; i < kMaxVarintBytes; ++i) {
    if (p >= end) return false;
    const uint8_t b = *p++;
    out |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

// The `width`-bit value at bit `bit` of [data, end), least significant bit first.
// REQUIRES: the value's bits lie within [data, end).
uint64_t BitsAt(const uint8_t* data, const uint8_t* end, uint64_t bit, int width) {
  if (width == 0) return 0;
  const uint8_t* b = data + (bit >> 3);
  const unsigned shift = static_cast<unsigned>(bit & 7);
  uint64_t lo = 0;
  const size_t avail = static_cast<size_t>(end - b);
  std::memcpy(&lo, b, avail < 8 ? avail : 8);
  uint64_t v = lo >> shift;
  if (static_cast<unsigned>(width) + shift > 64) {
    // The value spills into a ninth byte.
    v |= static_cast<uint64_t>(b[8]) << (64 - shift);
  }
  return width == 64 ? v : v & ((uint64_t{1} << width) - 1);
}

}  // namespace

bool DeltaBinaryPackedDecoder::Reset(const uint8_t* data, size_t size) {
  p_ = data;
  end_ = data + size;
  uint64_t first = 0;
  if (!Uleb(p_, end_, values_per_block_) || !Uleb(p_, end_, miniblocks_) ||
      !Uleb(p_, end_, total_) || !Uleb(p_, end_, first)) {
    return false;
  }
  if (values_per_block_ == 0 || values_per_block_ % kBlockMultiple != 0 ||
      values_per_block_ > kMaxValuesPerBlock || miniblocks_ == 0 ||
      values_per_block_ % miniblocks_ != 0) {
    return false;
  }
  values_per_miniblock_ = values_per_block_ / miniblocks_;
  if (values_per_miniblock_ % kMiniblockMultiple != 0) return false;
  remaining_ = total_;
  first_pending_ = total_ > 0;
  last_ = static_cast<uint64_t>(UnZigZag(first));
  in_block_ = false;
  miniblock_left_ = 0;
  return true;
}

bool DeltaBinaryPackedDecoder::NextMiniblock() {
  if (!in_block_ || miniblock_index_ == miniblocks_) {
    uint64_t min_delta = 0;
    if (!Uleb(p_, end_, min_delta)) return false;
    min_delta_ = static_cast<uint64_t>(UnZigZag(min_delta));
    if (static_cast<uint64_t>(end_ - p_) < miniblocks_) return false;
    bit_widths_ = p_;
    p_ += miniblocks_;
    miniblock_index_ = 0;
    in_block_ = true;
  }
  bit_width_ = bit_widths_[miniblock_index_++];
  if (bit_width_ > kMaxBitWidth) return false;
  const uint64_t bytes = values_per_miniblock_ / 8 * static_cast<uint64_t>(bit_width_);
  if (static_cast<uint64_t>(end_ - p_) < bytes) return false;
  miniblock_ = p_;
  miniblock_end_ = p_ + bytes;
  p_ += bytes;
  miniblock_left_ = values_per_miniblock_;
  miniblock_bit_ = 0;
  return true;
}

bool DeltaBinaryPackedDecoder::Get(int64_t* out, size_t n) {
  if (n > remaining_) return false;
  for (size_t i = 0; i < n; ++i) {
    if (first_pending_) {
      first_pending_ = false;
    } else {
      if (miniblock_left_ == 0 && !NextMiniblock()) return false;
      last_ += min_delta_ + BitsAt(miniblock_, miniblock_end_, miniblock_bit_, bit_width_);
      miniblock_bit_ += static_cast<uint64_t>(bit_width_);
      --miniblock_left_;
    }
    out[i] = static_cast<int64_t>(last_);
  }
  remaining_ -= n;
  return true;
}

}  // namespace ecomsim::parquet
