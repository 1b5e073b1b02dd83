#pragma once

#include <cstdint>
#include <vector>

#include "random/rng.h"

namespace ecomsim::detect {

// A map from ids (int64) to dense positions 0..n-1, by open addressing with linear
// probing: the lookups of a join over millions of rows without a node per entry. Grows
// as it fills. Not thread-safe.
class IdIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  explicit IdIndex(size_t expected = 0) { Rehash(Capacity(expected)); }

  // Makes room for `n` ids without growing.
  void Reserve(size_t n) {
    if (Capacity(n) > slots_.size()) Rehash(Capacity(n));
  }
  // The position of `id`, adding it (as the next position) if new.
  uint32_t Insert(int64_t id) {
    if ((size_ + 1) * 2 > slots_.size()) Rehash(slots_.size() * 2);
    size_t i = Slot(id);
    while (slots_[i].value != kAbsent) {
      if (slots_[i].key == id) return slots_[i].value;
      i = (i + 1) & mask_;
    }
    slots_[i] = {id, static_cast<uint32_t>(size_)};
    return static_cast<uint32_t>(size_++);
  }
  // The position of `id`, or kAbsent.
  uint32_t Find(int64_t id) const {
    size_t i = Slot(id);
    while (slots_[i].value != kAbsent) {
      if (slots_[i].key == id) return slots_[i].value;
      i = (i + 1) & mask_;
    }
    return kAbsent;
  }
  size_t size() const { return size_; }

 private:
  struct Entry {
    int64_t key;
    uint32_t value;
  };
  static size_t Capacity(size_t n) {
    size_t c = 16;
    while (c < n * 2) c *= 2;
    return c;
  }
  size_t Slot(int64_t id) const { return Mix64(static_cast<uint64_t>(id)) & mask_; }
  void Rehash(size_t capacity) {
    std::vector<Entry> old = std::move(slots_);
    slots_.assign(capacity, Entry{0, kAbsent});
    mask_ = capacity - 1;
    for (const Entry& e : old) {
      if (e.value == kAbsent) continue;
      size_t i = Slot(e.key);
      while (slots_[i].value != kAbsent) i = (i + 1) & mask_;
      slots_[i] = e;
    }
  }

  std::vector<Entry> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace ecomsim::detect
