#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace ecomsim {

// A growable byte buffer that, unlike std::string, never zero-fills what it reserves:
// encoders write straight into the room they reserved. Clear() keeps the capacity, so a
// buffer reused chunk after chunk stops allocating. Not thread-safe.
class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(ByteBuffer&&) = default;
  ByteBuffer& operator=(ByteBuffer&&) = default;

  // Guarantees room for `n` more bytes at end().
  void Reserve(size_t n) {
    if (capacity_ - size_ >= n) return;
    const size_t capacity = std::max({capacity_ * 2, size_ + n, size_t{4096}});
    std::unique_ptr<char[]> data(new char[capacity]);
    if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    capacity_ = capacity;
  }
  char* end() { return data_.get() + size_; }
  // Marks `n` bytes written at end() as part of the buffer.
  void Advance(size_t n) { size_ += n; }
  void Append(std::string_view s) {
    Reserve(s.size());
    if (!s.empty()) std::memcpy(end(), s.data(), s.size());
    size_ += s.size();
  }
  void Clear() { size_ = 0; }
  // Replaces the contents with a copy of `s`, keeping no more than a quarter of it spare
  // (for a buffer that is held a long time, where doubling's slack would add up).
  void AssignCompact(std::string_view s) {
    if (capacity_ < s.size() || capacity_ > s.size() + s.size() / 4) {
      data_.reset(s.empty() ? nullptr : new char[s.size()]);
      capacity_ = s.size();
    }
    if (!s.empty()) std::memcpy(data_.get(), s.data(), s.size());
    size_ = s.size();
  }

  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  std::string_view view() const { return std::string_view(data_.get(), size_); }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace ecomsim
