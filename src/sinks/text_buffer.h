#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/byte_buffer.h"
#include "core/time.h"

namespace ecomsim {

// Formats values into a ByteBuffer through a raw cursor: the hot path of the text
// formats. Reserve() before writing guarantees room; the Put* methods do not check.
// The destructor (or Commit) hands the written bytes to the buffer. Not thread-safe.
class TextWriter {
 public:
  explicit TextWriter(ByteBuffer& out) : out_(out) {}
  ~TextWriter() { Commit(); }
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;

  void Reserve(size_t n) {
    if (static_cast<size_t>(limit_ - cursor_) >= n) return;
    Commit();
    out_.Reserve(n < kSlack ? kSlack : n);
    cursor_ = out_.end();
    limit_ = cursor_ + (out_.capacity() - out_.size());
  }
  void Commit() {
    if (cursor_ != nullptr) out_.Advance(static_cast<size_t>(cursor_ - out_.end()));
    cursor_ = out_.end();
    limit_ = cursor_ + (out_.capacity() - out_.size());
  }

  void PutChar(char c) { *cursor_++ = c; }
  void PutRaw(std::string_view s) {
    std::memcpy(cursor_, s.data(), s.size());
    cursor_ += s.size();
  }
  void PutInt(int64_t v) { cursor_ = std::to_chars(cursor_, cursor_ + 24, v).ptr; }    // <= 20
  void PutDouble(double v) { cursor_ = std::to_chars(cursor_, cursor_ + 32, v).ptr; }  // <= 24
  void PutTimestamp(Micros t) { cursor_ = FormatTimestamp(t, cursor_); }               // 27
  void PutDate(int64_t day) { cursor_ = FormatDate(day, cursor_); }                    // 10
  // A scaled integer: 12345 with scale 2 is "123.45". At most 24 bytes.
  void PutDecimal(int64_t v, int scale) {
    if (scale == 0) {
      PutInt(v);
      return;
    }
    static constexpr uint64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    const uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    if (v < 0) PutChar('-');
    const uint64_t unit = kPow10[scale];
    cursor_ = std::to_chars(cursor_, cursor_ + 24, mag / unit).ptr;
    PutChar('.');
    uint64_t frac = mag % unit;
    for (int i = scale - 1; i >= 0; --i) {
      cursor_[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    cursor_ += scale;
  }

 private:
  static constexpr size_t kSlack = 1 << 16;

  ByteBuffer& out_;
  char* cursor_ = nullptr;
  char* limit_ = nullptr;
};

}  // namespace ecomsim
