#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

// A set of int64 ids for membership tests while validating foreign keys.
namespace ecomsim::validation {

// An immutable set of ids: a sorted vector searched by bisection, plus a bitmap when the
// ids are dense (range at most 64 x count, so the bitmap is no larger than the vector),
// which turns the common lookup (customer, product ids 1..N) into one memory access.
// Thread-safe for concurrent lookups.
class KeySet {
 public:
  KeySet() = default;
  // REQUIRES: `ids` sorted ascending without duplicates.
  explicit KeySet(std::vector<int64_t> ids);

  bool Contains(int64_t id) const {
    if (!bits_.empty()) {
      if (id < min_ || id > max_) return false;
      const uint64_t offset = static_cast<uint64_t>(id) - static_cast<uint64_t>(min_);
      return (bits_[offset / 64] >> (offset % 64)) & 1;
    }
    return ContainsSorted(id);
  }
  size_t size() const { return ids_.size(); }

 private:
  bool ContainsSorted(int64_t id) const;

  std::vector<int64_t> ids_;
  int64_t min_ = 0;
  int64_t max_ = -1;
  std::vector<uint64_t> bits_;  // bit (id - min_) set for each id; empty when sparse
};

}  // namespace ecomsim::validation
