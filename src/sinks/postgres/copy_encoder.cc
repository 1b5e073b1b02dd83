#include "sinks/postgres/copy_encoder.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <utility>

namespace ecomsim::postgres {
namespace {

constexpr uint16_t kNumericPositive = 0x0000;
constexpr uint16_t kNumericNegative = 0x4000;
constexpr uint32_t kNumericBase = 10'000;

// clang-format off
constexpr uint64_t kPow10[] = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000,
    10'000'000'000, 100'000'000'000, 1'000'000'000'000, 10'000'000'000'000,
    100'000'000'000'000, 1'000'000'000'000'000, 10'000'000'000'000'000,
    100'000'000'000'000'000, 1'000'000'000'000'000'000};
// clang-format on

inline char* Put16(char* p, uint16_t v) {
  v = static_cast<uint16_t>((v >> 8) | (v << 8));
  std::memcpy(p, &v, 2);
  return p + 2;
}
inline char* Put32(char* p, uint32_t v) {
  v = __builtin_bswap32(v);
  std::memcpy(p, &v, 4);
  return p + 4;
}
inline char* Put64(char* p, uint64_t v) {
  v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
  return p + 8;
}

// What a column becomes on the wire; one switch per value over this small enum.
enum class Wire : uint8_t {
  kInt4,
  kInt8,
  kFloat8,
  kBool,
  kText,
  kEnumText,
  kTimestamp,
  kDate,
  kNumeric
};

Wire WireOf(ColumnType type) {
  switch (type) {
    case ColumnType::kInt32: return Wire::kInt4;
    case ColumnType::kInt64: return Wire::kInt8;
    case ColumnType::kDouble: return Wire::kFloat8;
    case ColumnType::kBool: return Wire::kBool;
    case ColumnType::kString: return Wire::kText;
    case ColumnType::kEnum: return Wire::kEnumText;
    case ColumnType::kTimestamp: return Wire::kTimestamp;
    case ColumnType::kDate: return Wire::kDate;
    case ColumnType::kDecimal: return Wire::kNumeric;
  }
  return Wire::kInt8;
}

}  // namespace

namespace {

// EncodeNumeric for one scale. A template so that the divisions by powers of ten are by
// constants (multiplications), which matters: money columns are most of a row.
template <int kScale>
size_t EncodeScaled(int64_t value, char* out) {
  constexpr auto kDscale = static_cast<uint16_t>(kScale);
  if (value == 0) {
    char* p = Put16(out, 0);  // ndigits
    p = Put16(p, 0);          // weight
    p = Put16(p, kNumericPositive);
    p = Put16(p, kDscale);
    return static_cast<size_t>(p - out);
  }
  const uint64_t magnitude =
      value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  constexpr uint64_t kUnit = kPow10[kScale];
  uint64_t whole = magnitude / kUnit;
  uint64_t fraction = magnitude % kUnit;

  // Base-10000 digits, most significant first: those of the whole part, then the
  // fraction's, whose last group is padded with zeros on the right to 4 decimal digits.
  uint16_t digits[10] = {};
  int count = 0;
  uint16_t whole_groups[5];
  int whole_count = 0;
  while (whole > 0) {
    whole_groups[whole_count++] = static_cast<uint16_t>(whole % kNumericBase);
    whole /= kNumericBase;
  }
  for (int i = whole_count - 1; i >= 0; --i) digits[count++] = whole_groups[i];
  constexpr int kFractionGroups = (kScale + 3) / 4;
  if constexpr (kFractionGroups > 0) {
    uint16_t groups[kFractionGroups];
    constexpr int kPad = kFractionGroups * 4 - kScale;  // 0..3 zeros after the last digit
    constexpr uint64_t kLastUnit = kPow10[4 - kPad];
    groups[kFractionGroups - 1] = static_cast<uint16_t>((fraction % kLastUnit) * kPow10[kPad]);
    fraction /= kLastUnit;
    for (int i = kFractionGroups - 2; i >= 0; --i) {
      groups[i] = static_cast<uint16_t>(fraction % kNumericBase);
      fraction /= kNumericBase;
    }
    for (int i = 0; i < kFractionGroups; ++i) digits[count++] = groups[i];
  }
  int weight = whole_count - 1;
  int first = 0;
  while (digits[first] == 0) {  // a value below 1: zero groups after the point
    ++first;
    --weight;
  }
  int last = count;
  while (digits[last - 1] == 0) --last;

  char* p = Put16(out, static_cast<uint16_t>(last - first));
  p = Put16(p, static_cast<uint16_t>(static_cast<int16_t>(weight)));
  p = Put16(p, value < 0 ? kNumericNegative : kNumericPositive);
  p = Put16(p, kDscale);
  for (int i = first; i < last; ++i) p = Put16(p, digits[i]);
  return static_cast<size_t>(p - out);
}

using EncodeFn = size_t (*)(int64_t, char*);

template <int... kScales>
constexpr std::array<EncodeFn, sizeof...(kScales)> MakeEncoders(
    std::integer_sequence<int, kScales...>) {
  return {&EncodeScaled<kScales>...};
}

constexpr auto kEncoders = MakeEncoders(std::make_integer_sequence<int, kMaxNumericScale + 1>());

}  // namespace

size_t EncodeNumeric(int64_t value, int scale, char* out) {
  return kEncoders[static_cast<size_t>(scale)](value, out);
}

CopyEncoder::CopyEncoder(const TableDef& table) : table_(table) {}

namespace {

// A column of a batch as raw pointers, for the row loop.
struct Source {
  Wire wire;
  EncodeFn numeric;  // kNumeric
  const int64_t* ints;
  const double* doubles;
  const uint32_t* offsets;             // kText
  const char* bytes;                   // kText
  const uint8_t* valid;                // null when the column is not nullable
  const std::string_view* dictionary;  // kEnumText
};

}  // namespace

void CopyEncoder::Encode(const Batch& batch, ByteBuffer& out) const {
  const size_t rows = batch.rows();
  if (rows == 0) return;
  const size_t columns = batch.column_count();

  // The columns, and an upper bound of the encoding, so that rows are written unchecked.
  std::vector<Source> sources(columns);
  size_t bound = rows * 2;
  for (size_t c = 0; c < columns; ++c) {
    const Column& col = batch.column(static_cast<int>(c));
    Source& src = sources[c];
    src.wire = WireOf(col.type());
    src.numeric =
        src.wire == Wire::kNumeric ? kEncoders[static_cast<size_t>(col.def->scale)] : nullptr;
    src.ints = col.ints.data();
    src.doubles = col.doubles.data();
    src.offsets = col.offsets.data();
    src.bytes = col.bytes.data();
    src.valid = col.nullable() ? col.valid.data() : nullptr;
    src.dictionary = col.dictionary.data();
    switch (src.wire) {
      case Wire::kInt4:
      case Wire::kDate: bound += rows * 8; break;
      case Wire::kInt8:
      case Wire::kFloat8:
      case Wire::kTimestamp: bound += rows * 12; break;
      case Wire::kBool: bound += rows * 5; break;
      case Wire::kNumeric: bound += rows * (4 + kMaxNumericBytes); break;
      case Wire::kText: bound += rows * 4 + col.bytes.size(); break;
      case Wire::kEnumText: {
        size_t longest = 0;
        for (std::string_view word : col.dictionary) longest = std::max(longest, word.size());
        bound += rows * (4 + longest);
        break;
      }
    }
  }
  out.Reserve(bound);

  char* const begin = out.end();
  char* p = begin;
  const auto field_count = static_cast<uint16_t>(columns);
  for (size_t row = 0; row < rows; ++row) {
    p = Put16(p, field_count);
    for (const Source& src : sources) {
      if (src.valid != nullptr && src.valid[row] == 0) {
        p = Put32(p, 0xFFFFFFFFu);
        continue;
      }
      switch (src.wire) {
        case Wire::kInt4:
          p = Put32(p, 4);
          p = Put32(p, static_cast<uint32_t>(static_cast<int32_t>(src.ints[row])));
          break;
        case Wire::kInt8:
          p = Put32(p, 8);
          p = Put64(p, static_cast<uint64_t>(src.ints[row]));
          break;
        case Wire::kFloat8:
          p = Put32(p, 8);
          p = Put64(p, std::bit_cast<uint64_t>(src.doubles[row]));
          break;
        case Wire::kBool:
          p = Put32(p, 1);
          *p++ = src.ints[row] != 0 ? 1 : 0;
          break;
        case Wire::kTimestamp:
          p = Put32(p, 8);
          p = Put64(p, static_cast<uint64_t>(src.ints[row] - kPgEpochMicros));
          break;
        case Wire::kDate:
          p = Put32(p, 4);
          p = Put32(p, static_cast<uint32_t>(static_cast<int32_t>(src.ints[row] - kPgEpochDays)));
          break;
        case Wire::kNumeric: {
          const size_t n = src.numeric(src.ints[row], p + 4);
          p = Put32(p, static_cast<uint32_t>(n)) + n;
          break;
        }
        case Wire::kText: {
          const uint32_t size = src.offsets[row + 1] - src.offsets[row];
          p = Put32(p, size);
          std::memcpy(p, src.bytes + src.offsets[row], size);
          p += size;
          break;
        }
        case Wire::kEnumText: {
          const std::string_view word = src.dictionary[static_cast<size_t>(src.ints[row])];
          p = Put32(p, static_cast<uint32_t>(word.size()));
          std::memcpy(p, word.data(), word.size());
          p += word.size();
          break;
        }
      }
    }
  }
  out.Advance(static_cast<size_t>(p - begin));
}

}  // namespace ecomsim::postgres
