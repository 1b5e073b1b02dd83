#include "parquet/writer/dictionary.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/unaligned.h"
#include "parquet/writer/encoding.h"

namespace ecomsim::parquet {
namespace {

constexpr size_t kInitialSlots = 1024;  // power of two; grows at half load
constexpr int64_t kLengthPrefixBytes = 4;
constexpr uint64_t kHashMultiplier = 0xBF58476D1CE4E5B9ull;

uint64_t Mix(uint64_t h, uint64_t w) {
  h = (h ^ w) * kHashMultiplier;
  return h ^ (h >> 31);
}

// A fast 64-bit hash of a byte string: 8 bytes at a time with a multiply-xorshift mix;
// the tail is read as overlapping whole words, never byte by byte. Only used to place
// strings in the table: never written anywhere.
uint64_t HashBytes(const char* p, size_t n) {
  uint64_t h = (n + 1) * kHashMultiplier;
  if (n >= sizeof(uint64_t)) {
    const char* last = p + n - sizeof(uint64_t);
    for (; p < last; p += sizeof(uint64_t)) h = Mix(h, Load64(p));
    h = Mix(h, Load64(last));
  } else if (n >= sizeof(uint32_t)) {
    h = Mix(h, Load32(p) | (Load32(p + n - sizeof(uint32_t)) << 32));
  } else if (n > 0) {
    const auto b = [&](size_t i) { return uint64_t{static_cast<uint8_t>(p[i])}; };
    h = Mix(h, b(0) | (b(n / 2) << 8) | (b(n - 1) << 16));
  }
  h ^= h >> 29;
  h *= kHashMultiplier;
  return h ^ (h >> 32);
}

}  // namespace

void DictionaryBuilder::ExpectDistinct(size_t entries) { expected_distinct_ = entries; }

void DictionaryBuilder::Reset(Kind kind, size_t values) {
  kind_ = kind;
  size_ = 0;
  plain_bytes_ = 0;
  // Room for the expected entries at half load, never more than the most entries the
  // limits let through (3/5 of the values) need.
  const size_t most =
      values * DictionaryLimits::kDistinctNumerator / DictionaryLimits::kDistinctDenominator;
  const size_t slots =
      std::bit_ceil(std::max(kInitialSlots, 2 * std::min(expected_distinct_, most) + 1));
  expected_distinct_ = 0;
  slots_.assign(slots, Slot{});
  mask_ = slots - 1;
  shift_ = 64 - std::countr_zero(slots);
  indices_.resize(values);
  ints_.clear();
  doubles_.clear();
  strings_.clear();
  arena_.clear();
  arena_offsets_.clear();
}

void DictionaryBuilder::Grow() {
  // spare_ keeps its capacity, so growing allocates only the first time a size is seen.
  spare_.assign(slots_.size() * 2, Slot{});
  spare_.swap(slots_);
  mask_ = slots_.size() - 1;
  --shift_;
  for (const Slot& s : spare_) {
    if (s.entry == 0) continue;
    size_t pos = SlotOf(s.key);
    while (slots_[pos].entry != 0) pos = (pos + 1) & mask_;
    slots_[pos] = s;
  }
}

bool DictionaryBuilder::WithinLimits(int64_t distinct, int64_t seen, int64_t total,
                                     const DictionaryLimits& limits) const {
  constexpr int64_t kNum = DictionaryLimits::kDistinctNumerator;
  constexpr int64_t kDen = DictionaryLimits::kDistinctDenominator;
  constexpr int64_t kProbe = DictionaryLimits::kProbeValues;
  if (plain_bytes_ > limits.max_bytes) return false;
  // Entries only accumulate, so a limit crossed now stays crossed.
  if (distinct * kDen > total * kNum) return false;
  if (total > kProbe && seen <= kProbe && distinct * kDen > kProbe * kNum) return false;
  return true;
}

template <typename T>
bool DictionaryBuilder::BuildWords(std::span<const T> values, std::vector<T>& entries,
                                   int64_t entry_bytes, const DictionaryLimits& limits) {
  static_assert(sizeof(T) == sizeof(uint64_t));
  const auto total = static_cast<int64_t>(values.size());
  uint64_t last_key = 0;
  uint32_t last_index = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const auto key = std::bit_cast<uint64_t>(values[i]);
    if (i > 0 && key == last_key) {  // runs are common: a session's events, say
      indices_[i] = last_index;
      continue;
    }
    size_t pos = SlotOf(key);
    while (slots_[pos].entry != 0 && slots_[pos].key != key) pos = (pos + 1) & mask_;
    if (slots_[pos].entry == 0) {
      slots_[pos] = Slot{key, static_cast<uint32_t>(size_ + 1), 0};
      entries.push_back(values[i]);
      ++size_;
      plain_bytes_ += entry_bytes;
      if (!WithinLimits(static_cast<int64_t>(size_), static_cast<int64_t>(i) + 1, total, limits)) {
        return false;
      }
      last_index = static_cast<uint32_t>(size_ - 1);
      if (size_ * 2 > slots_.size()) Grow();
    } else {
      last_index = slots_[pos].entry - 1;
    }
    last_key = key;
    indices_[i] = last_index;
  }
  return true;
}

bool DictionaryBuilder::BuildInts(std::span<const int64_t> values, Kind kind,
                                  const DictionaryLimits& limits) {
  Reset(kind, values.size());
  const int64_t entry_bytes = kind == Kind::kInt32 ? 4 : 8;
  return BuildWords(values, ints_, entry_bytes, limits);
}

bool DictionaryBuilder::BuildDoubles(std::span<const double> values,
                                     const DictionaryLimits& limits) {
  Reset(Kind::kDouble, values.size());
  return BuildWords(values, doubles_, sizeof(double), limits);
}

bool DictionaryBuilder::BuildByteArrays(std::span<const uint64_t> offsets, const char* bytes,
                                        const DictionaryLimits& limits) {
  const size_t n = offsets.empty() ? 0 : offsets.size() - 1;
  Reset(Kind::kByteArray, n);
  const auto total = static_cast<int64_t>(n);
  // Entries are compared in arena_, where they sit together, rather than at their first
  // occurrence somewhere in the column.
  for (size_t i = 0; i < n; ++i) {
    const char* value = bytes + offsets[i];
    const auto length = static_cast<uint32_t>(offsets[i + 1] - offsets[i]);
    const uint64_t hash = HashBytes(value, length);
    size_t pos = SlotOf(hash);
    uint32_t found = 0;
    for (;; pos = (pos + 1) & mask_) {
      const Slot& slot = slots_[pos];
      if (slot.entry == 0) break;
      if (slot.key == hash && slot.length == length &&
          std::memcmp(arena_.data() + arena_offsets_[slot.entry - 1], value, length) == 0) {
        found = slot.entry;
        break;
      }
    }
    if (found != 0) {
      indices_[i] = found - 1;
      continue;
    }
    slots_[pos] = Slot{hash, static_cast<uint32_t>(size_ + 1), length};
    arena_offsets_.push_back(arena_.size());
    arena_.append(value, length);
    indices_[i] = static_cast<uint32_t>(size_);
    ++size_;
    plain_bytes_ += kLengthPrefixBytes + static_cast<int64_t>(length);
    if (!WithinLimits(static_cast<int64_t>(size_), static_cast<int64_t>(i) + 1, total, limits)) {
      return false;
    }
    if (size_ * 2 > slots_.size()) Grow();
  }
  strings_.resize(size_);
  arena_offsets_.push_back(arena_.size());
  for (size_t e = 0; e < size_; ++e) {
    strings_[e] = std::string_view(arena_.data() + arena_offsets_[e],
                                   arena_offsets_[e + 1] - arena_offsets_[e]);
  }
  return true;
}

bool DictionaryBuilder::BuildCodes(std::span<const int64_t> codes,
                                   std::span<const std::string> vocabulary,
                                   const DictionaryLimits& limits) {
  Reset(Kind::kByteArray, codes.size());
  code_entries_.assign(vocabulary.size(), -1);
  const auto total = static_cast<int64_t>(codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    const auto code = static_cast<size_t>(codes[i]);
    int32_t& entry = code_entries_[code];
    if (entry < 0) {
      entry = static_cast<int32_t>(size_);
      strings_.push_back(vocabulary[code]);
      ++size_;
      plain_bytes_ += kLengthPrefixBytes + static_cast<int64_t>(vocabulary[code].size());
      if (!WithinLimits(static_cast<int64_t>(size_), static_cast<int64_t>(i) + 1, total, limits)) {
        return false;
      }
    }
    indices_[i] = static_cast<uint32_t>(entry);
  }
  return true;
}

void DictionaryBuilder::PutPlainEntries(ByteBuffer& out) const {
  switch (kind_) {
    case Kind::kInt32: PutPlainInt32(ints_, out); break;
    case Kind::kInt64: PutPlainInt64(ints_, out); break;
    case Kind::kDouble: PutPlainDouble(doubles_, out); break;
    case Kind::kByteArray: PutPlainByteArrays(strings_, out); break;
  }
}

}  // namespace ecomsim::parquet
