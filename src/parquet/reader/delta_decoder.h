#pragma once

#include <cstddef>
#include <cstdint>

namespace ecomsim::parquet {

// Decodes DELTA_BINARY_PACKED (Encodings.md), which writers such as DuckDB and Arrow use
// for integers in version 2 files: a header (block size, miniblocks per block, value
// count, first value), then blocks of a minimum delta, one bit width per miniblock and
// the bit-packed miniblocks. Arithmetic wraps in 64 bits, as the format specifies (INT32
// columns take the low 32 bits). Reads strictly within its bytes: a malformed header or
// block makes Reset or Get return false. Borrows the bytes; not thread-safe.
class DeltaBinaryPackedDecoder {
 public:
  static constexpr int kMaxBitWidth = 64;

  // Reads the header at data[0..size). False if it is malformed.
  bool Reset(const uint8_t* data, size_t size);
  // Values the header announces.
  uint64_t total() const { return total_; }
  // Decodes the next `n` values. False if fewer remain or a block is malformed.
  bool Get(int64_t* out, size_t n);
  // The byte after the data read so far: after the last value, the end of the encoding
  // (DELTA_LENGTH_BYTE_ARRAY's bytes follow it).
  const uint8_t* position() const { return p_; }

 private:
  bool NextMiniblock();

  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  uint64_t values_per_block_ = 0;
  uint64_t miniblocks_ = 0;
  uint64_t values_per_miniblock_ = 0;
  uint64_t total_ = 0;
  uint64_t remaining_ = 0;
  bool first_pending_ = false;
  uint64_t last_ = 0;
  // The current block and miniblock.
  uint64_t min_delta_ = 0;
  const uint8_t* bit_widths_ = nullptr;
  uint64_t miniblock_index_ = 0;  // of the next miniblock in the block
  bool in_block_ = false;
  const uint8_t* miniblock_ = nullptr;
  const uint8_t* miniblock_end_ = nullptr;
  int bit_width_ = 0;
  uint64_t miniblock_left_ = 0;
  uint64_t miniblock_bit_ = 0;
};

}  // namespace ecomsim::parquet
