// The binary COPY encoding against bytes computed by hand from the PostgreSQL
// documentation of COPY and the numeric, timestamptz and date receive functions.
#include "sinks/postgres/copy_encoder.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ecomsim::postgres {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s += static_cast<char>(b);
  return s;
}

std::string Numeric(int64_t value, int scale) {
  char buf[kMaxNumericBytes];
  const size_t n = EncodeNumeric(value, scale, buf);
  EXPECT_LE(n, kMaxNumericBytes);
  return std::string(buf, n);
}

// "00 02 ..." for failure messages.
std::string Hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out += ' ';
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

TEST(EncodeNumeric, Zero) {
  // ndigits 0, weight 0, sign +, dscale 2.
  EXPECT_EQ(Hex(Numeric(0, 2)), Hex(Bytes({0, 0, 0, 0, 0, 0, 0, 2})));
  EXPECT_EQ(Hex(Numeric(0, 0)), Hex(Bytes({0, 0, 0, 0, 0, 0, 0, 0})));
}

TEST(EncodeNumeric, WholeAndFraction) {
  // 1234.56: digits 1234 (0x04d2) and 5600 (0x15e0), weight 0.
  EXPECT_EQ(Hex(Numeric(123456, 2)), Hex(Bytes({0, 2, 0, 0, 0, 0, 0, 2, 0x04, 0xd2, 0x15, 0xe0})));
  // 12.345 (scale 3): 12 and 3450 (0x0d7a).
  EXPECT_EQ(Hex(Numeric(12345, 3)), Hex(Bytes({0, 2, 0, 0, 0, 0, 0, 3, 0, 12, 0x0d, 0x7a})));
}

TEST(EncodeNumeric, TrailingZeroDigitsAreDropped) {
  // 100.00: one digit, 100; the zero fraction group is not sent.
  EXPECT_EQ(Hex(Numeric(10000, 2)), Hex(Bytes({0, 1, 0, 0, 0, 0, 0, 2, 0, 100})));
  // 10000.00: one digit, 1, of weight 1 (1 * 10000^1).
  EXPECT_EQ(Hex(Numeric(1000000, 2)), Hex(Bytes({0, 1, 0, 1, 0, 0, 0, 2, 0, 1})));
}

TEST(EncodeNumeric, BelowOneHasNegativeWeight) {
  // -0.05: digit 500 of weight -1 (500 * 10000^-1), sign 0x4000.
  EXPECT_EQ(Hex(Numeric(-5, 2)), Hex(Bytes({0, 1, 0xff, 0xff, 0x40, 0, 0, 2, 0x01, 0xf4})));
  // 0.001 (scale 3): digit 10 of weight -1.
  EXPECT_EQ(Hex(Numeric(1, 3)), Hex(Bytes({0, 1, 0xff, 0xff, 0, 0, 0, 3, 0, 10})));
  // 1e-18 (scale 18): digit 100 of weight -5.
  EXPECT_EQ(Hex(Numeric(1, 18)), Hex(Bytes({0, 1, 0xff, 0xfb, 0, 0, 0, 18, 0, 100})));
}

TEST(EncodeNumeric, ScaleZero) {
  EXPECT_EQ(Hex(Numeric(42, 0)), Hex(Bytes({0, 1, 0, 0, 0, 0, 0, 0, 0, 42})));
  EXPECT_EQ(Hex(Numeric(-20000, 0)), Hex(Bytes({0, 1, 0, 1, 0x40, 0, 0, 0, 0, 2})));
}

TEST(EncodeNumeric, Extremes) {
  // 92233720368547758.07: 9 2233 7203 6854 7758 . 0700, weight 4.
  EXPECT_EQ(Hex(Numeric(std::numeric_limits<int64_t>::max(), 2)),
            Hex(Bytes({0,    6,    0,    4,    0,    0,    0,    2,    0,    9,
                       0x08, 0xb9, 0x1c, 0x23, 0x1a, 0xc6, 0x1e, 0x4e, 0x02, 0xbc})));
  // -92233720368547758.08: the magnitude of INT64_MIN does not fit an int64.
  EXPECT_EQ(Hex(Numeric(std::numeric_limits<int64_t>::min(), 2)),
            Hex(Bytes({0,    6,    0,    4,    0x40, 0,    0,    2,    0,    9,
                       0x08, 0xb9, 0x1c, 0x23, 0x1a, 0xc6, 0x1e, 0x4e, 0x03, 0x20})));
}

// A table with one column of every type, for the encoder.
#define TEST_COLUMNS(X)           \
  X(i32, kInt32, true, 0, "")     \
  X(i64, kInt64, false, 0, "")    \
  X(f64, kDouble, false, 0, "")   \
  X(flag, kBool, false, 0, "")    \
  X(text, kString, true, 0, "")   \
  X(word, kEnum, false, 0, "")    \
  X(ts, kTimestamp, false, 0, "") \
  X(day, kDate, false, 0, "")     \
  X(money, kDecimal, false, 2, "")

#define TEST_COLUMN_DEF(name, type, nullable, scale, doc) \
  ColumnDef{#name, ColumnType::type, nullable, scale, doc},
constexpr ColumnDef kColumns[] = {TEST_COLUMNS(TEST_COLUMN_DEF)};
const TableDef kTable{TableId::kSuppliers, "all_types", "", kColumns, "i64", {}, "", ""};
constexpr std::string_view kWords[] = {"alpha", "beta"};

TEST(CopyEncoder, OneRowOfEveryType) {
  Batch batch(kTable);
  batch.SetDictionary(5, kWords);
  batch.column(0).AppendInt(-2);
  batch.column(1).AppendInt(0x0102030405060708);
  batch.column(2).AppendDouble(1.5);  // 0x3ff8000000000000
  batch.column(3).AppendInt(1);
  batch.column(4).AppendString("hé");
  batch.column(5).AppendInt(1);                           // "beta"
  batch.column(6).AppendInt(kPgEpochMicros + 1'000'000);  // 2000-01-01 00:00:01 UTC
  batch.column(7).AppendInt(kPgEpochDays - 1);            // 1999-12-31
  batch.column(8).AppendInt(-123456);                     // -1234.56
  batch.FinishRow();
  batch.column(0).AppendNull();
  batch.column(1).AppendInt(-1);
  batch.column(2).AppendDouble(0);
  batch.column(3).AppendInt(0);
  batch.column(4).AppendNull();
  batch.column(5).AppendInt(0);
  batch.column(6).AppendInt(0);  // 1970-01-01: 946,684,800,000,000 us before 2000
  batch.column(7).AppendInt(0);
  batch.column(8).AppendInt(0);
  batch.FinishRow();

  ByteBuffer out;
  CopyEncoder(kTable).Encode(batch, out);
  // clang-format off
  const std::string expected =
      Bytes({0, 9}) +                                                // row 1: 9 fields
      Bytes({0, 0, 0, 4, 0xff, 0xff, 0xff, 0xfe}) +                  // -2
      Bytes({0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8}) +                  // 0x0102030405060708
      Bytes({0, 0, 0, 8, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0}) +            // 1.5
      Bytes({0, 0, 0, 1, 1}) +                                       // true
      Bytes({0, 0, 0, 3, 'h', 0xc3, 0xa9}) +                         // UTF-8 as is
      Bytes({0, 0, 0, 4, 'b', 'e', 't', 'a'}) +                      // the enum's word
      Bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0x0f, 0x42, 0x40}) +         // 1,000,000 us
      Bytes({0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff}) +                  // day -1
      Bytes({0, 0, 0, 12, 0, 2, 0, 0, 0x40, 0, 0, 2, 0x04, 0xd2, 0x15, 0xe0}) +  // -1234.56
      Bytes({0, 9}) +                                                // row 2
      Bytes({0xff, 0xff, 0xff, 0xff}) +                              // null
      Bytes({0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) +  // -1
      Bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0}) +                  // 0.0
      Bytes({0, 0, 0, 1, 0}) +                                       // false
      Bytes({0xff, 0xff, 0xff, 0xff}) +                              // null
      Bytes({0, 0, 0, 5, 'a', 'l', 'p', 'h', 'a'}) +                 // the enum's word
      // -946,684,800,000,000 = 0xfffca2fec4c82000 (two's complement)
      Bytes({0, 0, 0, 8, 0xff, 0xfc, 0xa2, 0xfe, 0xc4, 0xc8, 0x20, 0x00}) +
      Bytes({0, 0, 0, 4, 0xff, 0xff, 0xd5, 0x33}) +                  // -10,957 days
      Bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 2});                   // 0.00
  // clang-format on
  EXPECT_EQ(Hex(std::string(out.view())), Hex(expected));
}

TEST(CopyEncoder, AppendsAfterWhatIsThere) {
  Batch batch(kTable);
  batch.SetDictionary(5, kWords);
  ByteBuffer out;
  out.Append("xy");
  CopyEncoder(kTable).Encode(batch, out);  // no rows: nothing added
  EXPECT_EQ(out.view(), "xy");
}

TEST(CopyFormat, HeaderAndTrailer) {
  EXPECT_EQ(Hex(std::string(kCopyHeader)), Hex(Bytes({'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff,
                                                      '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0})));
  EXPECT_EQ(Hex(std::string(kCopyTrailer)), Hex(Bytes({0xff, 0xff})));
  EXPECT_EQ(kPgEpochMicros, 946'684'800'000'000);
}

}  // namespace
}  // namespace ecomsim::postgres
