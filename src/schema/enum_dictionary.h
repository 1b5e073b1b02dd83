#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ecomsim/batch.h"

namespace ecomsim {

// The vocabulary of one enum column as it is read: each distinct string gets the next
// code, in order of first appearance. A Batch's enum column points at entries(), which
// stays valid until Code() next adds an entry. Looking up a known string allocates
// nothing. Not thread-safe; owned by whoever reads the table (one per enum column,
// shared by all the files of the table so that codes agree across them).
class EnumDictionary {
 public:
  EnumDictionary() = default;
  EnumDictionary(const EnumDictionary&) = delete;
  EnumDictionary& operator=(const EnumDictionary&) = delete;
  EnumDictionary(EnumDictionary&&) = default;
  EnumDictionary& operator=(EnumDictionary&&) = default;

  // The code of `s`, added if new.
  int64_t Code(std::string_view s) {
    // Values repeat: try the last hit first.
    if (last_ < views_.size() && Equal(views_[last_], s)) return static_cast<int64_t>(last_);
    if (views_.size() <= kLinearEntries) {
      for (size_t i = 0; i < views_.size(); ++i) {
        if (Equal(views_[i], s)) {
          last_ = i;
          return static_cast<int64_t>(i);
        }
      }
      if (views_.size() < kLinearEntries) return Add(s);
    }
    const auto it = index_.find(s);
    if (it == index_.end()) return Add(s);
    last_ = static_cast<size_t>(it->second);
    return it->second;
  }

  std::span<const std::string_view> entries() const { return views_; }
  size_t size() const { return views_.size(); }

 private:
  // Up to this many entries a scan beats hashing.
  static constexpr size_t kLinearEntries = 16;

  int64_t Add(std::string_view s);

  // Equality of short strings without a call to memcmp.
  static bool Equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    size_t i = 0;
    for (; i + sizeof(uint64_t) <= a.size(); i += sizeof(uint64_t)) {
      uint64_t x;
      uint64_t y;
      std::memcpy(&x, a.data() + i, sizeof(x));
      std::memcpy(&y, b.data() + i, sizeof(y));
      if (x != y) return false;
    }
    for (; i < a.size(); ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }

  std::deque<std::string> storage_;  // stable addresses for the views
  std::vector<std::string_view> views_;
  std::unordered_map<std::string_view, int64_t> index_;  // complete once past kLinearEntries
  size_t last_ = 0;                                      // the entry found last
};

// One dictionary per column of a table (unused for non-enum columns).
using EnumDictionaries = std::vector<EnumDictionary>;

// Points the enum columns of `batch` at their dictionaries.
void BindDictionaries(Batch& batch, const EnumDictionaries& dictionaries);

}  // namespace ecomsim
