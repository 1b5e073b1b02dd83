#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ecomsim::parquet {

// Decodes the RLE / bit-packing hybrid of Parquet (Encodings.md), used for definition
// levels and dictionary indices: a sequence of runs, each a ULEB128 header followed by
// either one repeated value (ceil(bit_width / 8) bytes, little-endian) or groups of 8
// values bit-packed least significant bit first. The decoder reads strictly within the
// bytes it was given: a run that claims more bytes than are left is an error, reported
// by Get returning false. Values are not range-checked here (callers check dictionary
// indices and levels). Borrows the bytes; not thread-safe.
class RleDecoder {
 public:
  static constexpr int kMaxBitWidth = 32;

  // REQUIRES: 0 <= bit_width <= kMaxBitWidth (width 0: every value is 0).
  void Reset(const uint8_t* data, size_t size, int bit_width) {
    p_ = data;
    end_ = data + size;
    bit_width_ = bit_width;
    rle_left_ = 0;
    packed_left_ = 0;
  }

  // Decodes the next `n` values into out[0..n). False if the runs end before `n` values
  // or a run is malformed; `out` then holds garbage.
  template <typename T>
  bool Get(T* out, size_t n) {
    while (n > 0) {
      if (rle_left_ > 0) {
        const size_t m = rle_left_ < n ? static_cast<size_t>(rle_left_) : n;
        const T v = static_cast<T>(rle_value_);
        for (size_t i = 0; i < m; ++i) out[i] = v;
        out += m;
        n -= m;
        rle_left_ -= m;
      } else if (packed_left_ > 0) {
        const size_t m = packed_left_ < n ? static_cast<size_t>(packed_left_) : n;
        Unpack(out, m);
        out += m;
        n -= m;
        packed_left_ -= m;
      } else if (!NextRun()) {
        return false;
      }
    }
    return true;
  }

  // Bytes after the runs consumed so far.
  const uint8_t* position() const { return p_; }

 private:
  bool NextRun();

  template <typename T>
  void Unpack(T* out, size_t m) {
    const uint32_t w = static_cast<uint32_t>(bit_width_);
    if (w == 0) {
      for (size_t i = 0; i < m; ++i) out[i] = 0;
      return;
    }
    const uint64_t mask = (uint64_t{1} << w) - 1;
    uint64_t bit = packed_bit_;
    for (size_t i = 0; i < m; ++i, bit += w) {
      const uint8_t* b = packed_ + (bit >> 3);
      uint64_t word = 0;
      if (end_ - b >= 8) {
        std::memcpy(&word, b, sizeof(word));
      } else {
        // Near the end of the bytes: only those that exist (the run's own are checked).
        std::memcpy(&word, b, static_cast<size_t>(end_ - b));
      }
      out[i] = static_cast<T>((word >> (bit & 7)) & mask);
    }
    packed_bit_ = bit;
  }

  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  uint64_t rle_left_ = 0;
  uint32_t rle_value_ = 0;
  uint64_t packed_left_ = 0;
  const uint8_t* packed_ = nullptr;
  uint64_t packed_bit_ = 0;
};

}  // namespace ecomsim::parquet
