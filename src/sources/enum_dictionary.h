#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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
    if (views_.size() <= kLinearEntries) {
      for (size_t i = 0; i < views_.size(); ++i) {
        if (views_[i] == s) return static_cast<int64_t>(i);
      }
      if (views_.size() < kLinearEntries) return Add(s);
    }
    const auto it = index_.find(s);
    return it != index_.end() ? it->second : Add(s);
  }

  std::span<const std::string_view> entries() const { return views_; }
  size_t size() const { return views_.size(); }

 private:
  // Up to this many entries a scan beats hashing.
  static constexpr size_t kLinearEntries = 16;

  int64_t Add(std::string_view s);

  std::deque<std::string> storage_;  // stable addresses for the views
  std::vector<std::string_view> views_;
  std::unordered_map<std::string_view, int64_t> index_;  // complete once past kLinearEntries
};

// One dictionary per column of a table (unused for non-enum columns).
using EnumDictionaries = std::vector<EnumDictionary>;

}  // namespace ecomsim
