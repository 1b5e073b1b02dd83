#include "jobs/key_set.h"

#include <algorithm>
#include <utility>

namespace ecomsim::validation {
namespace {

// A bitmap is used when it takes at most as many bits as the vector: 64 per id.
constexpr uint64_t kDenseBitsPerId = 64;

}  // namespace

KeySet::KeySet(std::vector<int64_t> ids) : ids_(std::move(ids)) {
  if (ids_.empty()) return;
  min_ = ids_.front();
  max_ = ids_.back();
  const auto range = static_cast<uint64_t>(max_) - static_cast<uint64_t>(min_) + 1;
  if (range == 0 || range / kDenseBitsPerId > ids_.size())
    return;  // sparse (or the full int64 range)
  bits_.assign(static_cast<size_t>((range + 63) / 64), 0);
  for (const int64_t id : ids_) {
    const uint64_t offset = static_cast<uint64_t>(id) - static_cast<uint64_t>(min_);
    bits_[offset / 64] |= uint64_t{1} << (offset % 64);
  }
}

bool KeySet::ContainsSorted(int64_t id) const {
  return std::binary_search(ids_.begin(), ids_.end(), id);
}

}  // namespace ecomsim::validation
