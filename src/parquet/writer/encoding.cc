#include "parquet/writer/encoding.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <utility>

#include "parquet/writer/thrift_writer.h"

namespace ecomsim::parquet {
namespace {

constexpr size_t kGroupSize = 8;          // bit-packed runs hold whole groups of 8
constexpr size_t kMaxLiteralGroups = 63;  // keeps the bit-packed header at one byte
constexpr size_t kMaxLiteral = kMaxLiteralGroups * kGroupSize;
constexpr uint64_t kMaxRunLength = (uint64_t{1} << 31) - 1;  // the spec's limit per run
// Multiplying a byte by this repeats it in all eight bytes of a word.
constexpr uint64_t kEveryByte = 0x0101010101010101ull;
// Multiplying eight 0/1 bytes by this gathers byte k's bit at bit 56 + k (no carries).
constexpr uint64_t kGatherBits = 0x0102040810204080ull;

// Packs `groups` groups of 8 values of W bits each into W bytes per group at `out`,
// least significant bit first. W is a constant so that the shifts of a group unroll.
template <int W, typename T>
void PackGroups(const T* v, size_t groups, char* out) {
  for (size_t g = 0; g < groups; ++g, v += kGroupSize, out += W) {
    if constexpr (W == 1 && sizeof(T) == 1) {
      uint64_t x;
      std::memcpy(&x, v, sizeof(x));
      *out = static_cast<char>((x * kGatherBits) >> 56);
    } else {
      uint64_t acc = 0;
      int bits = 0;
      char* p = out;
#pragma GCC unroll 8
      for (size_t k = 0; k < kGroupSize; ++k) {
        acc |= static_cast<uint64_t>(v[k]) << bits;
        bits += W;
        if (bits >= 32) {
          const auto word = static_cast<uint32_t>(acc);
          std::memcpy(p, &word, sizeof(word));
          p += sizeof(word);
          acc >>= 32;
          bits -= 32;
        }
      }
      // 8 * W bits end on a byte boundary.
      const auto tail = static_cast<uint32_t>(acc);
      std::memcpy(p, &tail, static_cast<size_t>(bits / 8));
    }
  }
}

template <typename T, size_t... W>
constexpr auto PackerTable(std::index_sequence<W...>) {
  using Packer = void (*)(const T*, size_t, char*);
  return std::array<Packer, sizeof...(W)>{&PackGroups<static_cast<int>(W) + 1, T>...};
}

// Writes one bit-packed run of `count` values (padded with zeros to whole groups).
template <typename T>
void PutBitPackedRun(const T* values, size_t count, int bit_width, ByteBuffer& out) {
  static constexpr auto kPackers = PackerTable<T>(std::make_index_sequence<32>());
  const auto pack = kPackers[static_cast<size_t>(bit_width - 1)];
  const size_t groups = (count + kGroupSize - 1) / kGroupSize;
  PutVarint((uint64_t{groups} << 1) | 1, out);
  const auto width = static_cast<size_t>(bit_width);
  out.Reserve(groups * width);
  const size_t whole = count / kGroupSize;
  pack(values, whole, out.end());
  if (whole < groups) {
    T last[kGroupSize] = {};
    std::copy(values + whole * kGroupSize, values + count, last);
    pack(last, 1, out.end() + whole * width);
  }
  out.Advance(groups * width);
}

// Writes `count` copies of `value` as RLE runs.
void PutRepeatedRun(uint32_t value, size_t count, int bit_width, ByteBuffer& out) {
  const size_t value_bytes = (static_cast<size_t>(bit_width) + 7) / 8;
  while (count > 0) {
    const uint64_t run = std::min<uint64_t>(count, kMaxRunLength);
    PutVarint(run << 1, out);
    out.Reserve(sizeof(value));
    std::memcpy(out.end(), &value, sizeof(value));
    out.Advance(value_bytes);
    count -= run;
  }
}

// Whether the 8 values at `v` all equal `x`. Branch-free, so that the compiler can
// compare them at once.
template <typename T>
bool GroupEquals(const T* v, T x) {
  if constexpr (sizeof(T) == 1) {
    uint64_t word;
    std::memcpy(&word, v, sizeof(word));
    return word == uint64_t{x} * kEveryByte;
  } else {
    bool equal = true;
    for (size_t k = 0; k < kGroupSize; ++k) equal &= v[k] == x;
    return equal;
  }
}

// Walks the values a group of 8 at a time: a group of 8 equal values starts an RLE run,
// which then takes every following equal value; other groups gather into bit-packed
// runs. A repeat is thus found when it covers one whole group of the walk (any repeat
// of 15 or more values, shorter ones when aligned).
template <typename T>
void PutHybrid(std::span<const T> values, int bit_width, ByteBuffer& out) {
  assert(bit_width >= 1 && bit_width <= 32);
  const T* v = values.data();
  const size_t n = values.size();
  size_t literal = 0;  // values [literal, i) wait for a bit-packed run: whole groups
  size_t i = 0;
  while (i + kGroupSize <= n) {
    const T x = v[i];
    if (!GroupEquals(v + i, x)) {
      i += kGroupSize;
      if (i - literal == kMaxLiteral) {
        PutBitPackedRun(v + literal, kMaxLiteral, bit_width, out);
        literal = i;
      }
      continue;
    }
    size_t end = i + kGroupSize;
    while (end + kGroupSize <= n && GroupEquals(v + end, x)) end += kGroupSize;
    while (end < n && v[end] == x) ++end;
    if (i > literal) PutBitPackedRun(v + literal, i - literal, bit_width, out);
    PutRepeatedRun(static_cast<uint32_t>(x), end - i, bit_width, out);
    i = end;
    literal = i;
  }
  if (literal < n) PutBitPackedRun(v + literal, n - literal, bit_width, out);
}

}  // namespace

void PutFixed32(uint32_t v, ByteBuffer& out) {
  out.Reserve(sizeof(v));
  std::memcpy(out.end(), &v, sizeof(v));
  out.Advance(sizeof(v));
}

void PutPlainInt32(std::span<const int64_t> values, ByteBuffer& out) {
  out.Reserve(values.size() * sizeof(int32_t));
  char* p = out.end();
  for (size_t i = 0; i < values.size(); ++i) {
    const auto v = static_cast<int32_t>(values[i]);
    std::memcpy(p + i * sizeof(v), &v, sizeof(v));
  }
  out.Advance(values.size() * sizeof(int32_t));
}

void PutPlainInt64(std::span<const int64_t> values, ByteBuffer& out) {
  out.Append(std::string_view(reinterpret_cast<const char*>(values.data()), values.size_bytes()));
}

void PutPlainDouble(std::span<const double> values, ByteBuffer& out) {
  out.Append(std::string_view(reinterpret_cast<const char*>(values.data()), values.size_bytes()));
}

void PutPlainBoolean(std::span<const int64_t> values, ByteBuffer& out) {
  const size_t bytes = (values.size() + 7) / 8;
  out.Reserve(bytes);
  auto* p = reinterpret_cast<uint8_t*>(out.end());
  std::memset(p, 0, bytes);
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] != 0) p[i / 8] = static_cast<uint8_t>(p[i / 8] | (1u << (i % 8)));
  }
  out.Advance(bytes);
}

void PutPlainByteArrays(std::span<const uint64_t> offsets, const char* bytes, ByteBuffer& out) {
  if (offsets.size() < 2) return;
  const size_t n = offsets.size() - 1;
  out.Reserve(n * sizeof(uint32_t) + (offsets[n] - offsets[0]));
  char* p = out.end();
  for (size_t i = 0; i < n; ++i) {
    const auto len = static_cast<uint32_t>(offsets[i + 1] - offsets[i]);
    std::memcpy(p, &len, sizeof(len));
    std::memcpy(p + sizeof(len), bytes + offsets[i], len);
    p += sizeof(len) + len;
  }
  out.Advance(static_cast<size_t>(p - out.end()));
}

void PutPlainByteArrays(std::span<const std::string_view> values, ByteBuffer& out) {
  size_t total = 0;
  for (std::string_view v : values) total += sizeof(uint32_t) + v.size();
  out.Reserve(total);
  char* p = out.end();
  for (std::string_view v : values) {
    const auto len = static_cast<uint32_t>(v.size());
    std::memcpy(p, &len, sizeof(len));
    if (len > 0) std::memcpy(p + sizeof(len), v.data(), len);
    p += sizeof(len) + len;
  }
  out.Advance(total);
}

int BitWidth(uint64_t max_value) { return static_cast<int>(std::bit_width(max_value)); }

void PutRleBitPacked(std::span<const uint32_t> values, int bit_width, ByteBuffer& out) {
  PutHybrid(values, bit_width, out);
}

void PutRleBitPacked(std::span<const uint8_t> values, int bit_width, ByteBuffer& out) {
  PutHybrid(values, bit_width, out);
}

}  // namespace ecomsim::parquet
