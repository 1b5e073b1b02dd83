#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_buffer.h"

namespace ecomsim::parquet {

// When a column chunk keeps its dictionary. The dictionary is dropped (the chunk falls
// back to PLAIN) when its PLAIN size would exceed `max_bytes`, or when the distinct
// values are more than 3/5 of the values: of the whole chunk, or of its first
// kProbeValues values, so that a column of unique ids gives up after a few thousand
// values instead of hashing most of the chunk. Both rules depend on the values only,
// never on how rows arrived, so the choice is deterministic.
struct DictionaryLimits {
  static constexpr int64_t kProbeValues = 65536;
  static constexpr int64_t kDistinctNumerator = 3;
  static constexpr int64_t kDistinctDenominator = 5;

  int64_t max_bytes = int64_t{1} << 20;
};

// Builds the dictionary of one column chunk: its distinct values in order of first
// occurrence, and for every value the index of its entry. Hashing is open addressing
// over the values themselves (64-bit patterns) or over indices of entries kept in an
// arena: no allocation per value, and buffers are kept from one chunk to the next.
// Entries of BuildCodes borrow the vocabulary: it must outlive the use of entries().
// Not thread-safe; one per encoding thread.
class DictionaryBuilder {
 public:
  enum class Kind : uint8_t { kInt32, kInt64, kDouble, kByteArray };

  // Each Build* returns whether the dictionary is kept (see DictionaryLimits). After
  // false the builder holds nothing useful.
  //
  // INT32 (`kind` kInt32: values fit in 32 bits) or INT64 (`kind` kInt64).
  bool BuildInts(std::span<const int64_t> values, Kind kind, const DictionaryLimits& limits);
  // Distinct bit patterns: -0.0 and 0.0 are two entries, as are NaNs with other payloads.
  bool BuildDoubles(std::span<const double> values, const DictionaryLimits& limits);
  // Value i is bytes[offsets[i], offsets[i + 1]). The entries are copied.
  bool BuildByteArrays(std::span<const uint64_t> offsets, const char* bytes,
                       const DictionaryLimits& limits);
  // Enum codes into `vocabulary`: the entries are the strings the codes stand for, so the
  // result is the same as for those strings given to BuildByteArrays.
  // REQUIRES: 0 <= code < vocabulary.size().
  bool BuildCodes(std::span<const int64_t> codes, std::span<const std::string> vocabulary,
                  const DictionaryLimits& limits);

  // Sizes the table of the next Build* for about `entries` distinct values: a speed
  // hint (no growing, or less), with no effect on the result.
  void ExpectDistinct(size_t entries);

  Kind kind() const { return kind_; }
  size_t size() const { return size_; }
  // One index per value given to the last successful Build*.
  std::span<const uint32_t> indices() const { return indices_; }
  // The entries, by kind: ints for kInt32/kInt64, doubles, strings for kByteArray.
  std::span<const int64_t> int_entries() const { return ints_; }
  std::span<const double> double_entries() const { return doubles_; }
  std::span<const std::string_view> string_entries() const { return strings_; }
  // Size of the dictionary page body: the entries, PLAIN-encoded.
  int64_t plain_bytes() const { return plain_bytes_; }

  // Appends the dictionary page body: the entries, PLAIN-encoded, in index order.
  void PutPlainEntries(ByteBuffer& out) const;

 private:
  struct Slot {
    uint64_t key = 0;     // the value's bits, or the hash of a byte array
    uint32_t entry = 0;   // entry index + 1; 0 marks an empty slot
    uint32_t length = 0;  // byte arrays: the entry's length
  };

  void Reset(Kind kind, size_t values);
  void Grow();
  // Whether `distinct` entries after `seen` of `total` values still pass the limits.
  bool WithinLimits(int64_t distinct, int64_t seen, int64_t total,
                    const DictionaryLimits& limits) const;
  // BuildInts and BuildDoubles: keys are the values' 64-bit patterns.
  template <typename T>
  bool BuildWords(std::span<const T> values, std::vector<T>& entries, int64_t entry_bytes,
                  const DictionaryLimits& limits);
  size_t SlotOf(uint64_t key) const { return static_cast<size_t>((key * kSpread) >> shift_); }

  // 2^64 / golden ratio: multiplying by it spreads consecutive keys over the table.
  static constexpr uint64_t kSpread = 0x9E3779B97F4A7C15ull;

  Kind kind_ = Kind::kInt64;
  size_t size_ = 0;
  int64_t plain_bytes_ = 0;
  std::vector<Slot> slots_;
  std::vector<Slot> spare_;  // the table before the last Grow(): capacity kept
  size_t expected_distinct_ = 0;
  size_t mask_ = 0;
  int shift_ = 0;
  std::vector<uint32_t> indices_;
  std::vector<int64_t> ints_;
  std::vector<double> doubles_;
  std::vector<std::string_view> strings_;  // views into arena_ or the vocabulary
  std::string arena_;                      // BuildByteArrays: the entries back to back
  std::vector<uint64_t> arena_offsets_;    // where each entry starts in arena_
  std::vector<int32_t> code_entries_;      // BuildCodes: entry of each code, -1 if none yet
};

}  // namespace ecomsim::parquet
