#include "parquet/writer/encoding.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <vector>

// Expected bytes are worked out by hand from Encodings.md of the Parquet format.
namespace ecomsim::parquet {
namespace {

using V = std::vector<uint8_t>;

V Bytes(const ByteBuffer& b) { return V(b.data(), b.data() + b.size()); }

// Appends `bytes` to `v` (push_back: GCC 12 warns falsely on vector::insert at -O3).
void Add(V& v, std::initializer_list<uint8_t> bytes, size_t times = 1) {
  for (size_t t = 0; t < times; ++t) {
    for (uint8_t b : bytes) v.push_back(b);
  }
}

V Hybrid(const std::vector<uint32_t>& values, int width) {
  ByteBuffer b;
  PutRleBitPacked(values, width, b);
  return Bytes(b);
}

TEST(RleBitPacked, SpecExampleZeroToSevenWithWidthThree) {
  // One bit-packed run of one group: header (1 << 1) | 1; the packing of Encodings.md.
  EXPECT_EQ(Hybrid({0, 1, 2, 3, 4, 5, 6, 7}, 3), (V{0x03, 0x88, 0xc6, 0xfa}));
}

TEST(RleBitPacked, RepeatsBecomeRleRuns) {
  // Header run << 1, then the value in ceil(width / 8) bytes, little-endian.
  EXPECT_EQ(Hybrid(std::vector<uint32_t>(10, 5), 3), (V{0x14, 0x05}));
  EXPECT_EQ(Hybrid(std::vector<uint32_t>(20, 300), 9), (V{0x28, 0x2c, 0x01}));
  EXPECT_EQ(Hybrid(std::vector<uint32_t>(8, 1), 1), (V{0x10, 0x01}));
  // 1000 = 2000 >> 1: varint(2000) = 0xd0 0x0f.
  EXPECT_EQ(Hybrid(std::vector<uint32_t>(1000, 1), 1), (V{0xd0, 0x0f, 0x01}));
  // Three values are too few for a run: one bit-packed group of 8 x 32 bits, the five
  // values after them zeros.
  V expected = {0x03};
  Add(expected, {0x78, 0x56, 0x34, 0x12}, 3);
  Add(expected, {0x00}, 20);
  EXPECT_EQ(Hybrid(std::vector<uint32_t>(3, 0x12345678), 32), expected);
}

TEST(RleBitPacked, ShortTailIsPaddedToAGroup) {
  // 1, 0, 1 with width 1: one group, bits 101 -> 0x05.
  EXPECT_EQ(Hybrid({1, 0, 1}, 1), (V{0x03, 0x05}));
  // 5, 0, 7, 1, 2 with width 4: nibbles low first -> 0x05 0x17 0x02, padded to 4 bytes.
  EXPECT_EQ(Hybrid({5, 0, 7, 1, 2}, 4), (V{0x03, 0x05, 0x17, 0x02, 0x00}));
}

TEST(RleBitPacked, RepeatsAreFoundAGroupOfEightAtATime) {
  // 1..7, 0 then ten 4s (width 3): a bit-packed group (bytes 0xd1 0x58 0x1f), then an
  // RLE run of the ten 4s: header 20, value 4.
  const std::vector<uint32_t> v = {1, 2, 3, 4, 5, 6, 7, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
  EXPECT_EQ(Hybrid(v, 3), (V{0x03, 0xd1, 0x58, 0x1f, 0x14, 0x04}));
  // 1, 2, 3 then ten 4s: no group of the walk is all 4s, so all 13 values are
  // bit-packed: 1 2 3 4 4 4 4 4 (0xd1 0x48 0x92) and 4 4 4 4 4 0 0 0 (0x24 0x49 0x00).
  const std::vector<uint32_t> w = {1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
  EXPECT_EQ(Hybrid(w, 3), (V{0x05, 0xd1, 0x48, 0x92, 0x24, 0x49, 0x00}));
}

TEST(RleBitPacked, RepeatThenLiteralsThenTail) {
  // Nine 0s: the first group is all 0s, the run takes the ninth too (header 18, value
  // 0). The rest, 1 0 1 and eight 1s, is one mixed group and a short tail: bit-packed
  // as 1 0 1 1 1 1 1 1 (0xfd) and 1 1 1 (0x07).
  const std::vector<uint32_t> v = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(Hybrid(v, 1), (V{0x12, 0x00, 0x05, 0xfd, 0x07}));
}

TEST(RleBitPacked, LongLiteralsSplitIntoRunsOf63Groups) {
  // 600 alternating bits: 63 groups (504 values, header 0x7f) then 12 groups (0x19).
  std::vector<uint32_t> v(600);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<uint32_t>(i % 2);
  V expected = {0x7f};
  Add(expected, {0xaa}, 63);
  Add(expected, {0x19});
  Add(expected, {0xaa}, 12);
  EXPECT_EQ(Hybrid(v, 1), expected);
}

TEST(RleBitPacked, DefinitionLevelsFromBytes) {
  const std::vector<uint8_t> levels = {1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
  ByteBuffer b;
  PutRleBitPacked(levels, 1, b);
  // Three groups: bits 1 1 0 1 0 0 0 0 -> 0x0b, 0 1 1 1 1 1 1 1 -> 0xfe, then 1 -> 0x01.
  EXPECT_EQ(Bytes(b), (V{0x07, 0x0b, 0xfe, 0x01}));
  b.Clear();
  PutRleBitPacked(std::vector<uint8_t>{0, 0, 0, 0, 0, 0, 0, 1}, 1, b);
  EXPECT_EQ(Bytes(b), (V{0x03, 0x80}));
}

TEST(RleBitPacked, EmptyInputWritesNothing) { EXPECT_EQ(Hybrid({}, 3), V{}); }

TEST(BitWidth, CountsSignificantBits) {
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(2), 2);
  EXPECT_EQ(BitWidth(7), 3);
  EXPECT_EQ(BitWidth(8), 4);
  EXPECT_EQ(BitWidth(std::numeric_limits<uint32_t>::max()), 32);
}

TEST(Plain, Int32IsFourLittleEndianBytes) {
  ByteBuffer b;
  PutPlainInt32(std::vector<int64_t>{1, -1, std::numeric_limits<int32_t>::min(), 0x01020304}, b);
  EXPECT_EQ(Bytes(b), (V{0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x80,
                         0x04, 0x03, 0x02, 0x01}));
}

TEST(Plain, Int64IsEightLittleEndianBytes) {
  ByteBuffer b;
  PutPlainInt64(std::vector<int64_t>{std::numeric_limits<int64_t>::min(), -2, 0x0102030405060708},
                b);
  EXPECT_EQ(Bytes(b), (V{0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,  //
                         0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  //
                         0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01}));
}

TEST(Plain, DoubleIsIeeeLittleEndian) {
  ByteBuffer b;
  PutPlainDouble(std::vector<double>{1.5, -0.0}, b);
  // 1.5 = 0x3ff8000000000000; -0.0 = 0x8000000000000000.
  EXPECT_EQ(Bytes(b), (V{0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x80}));
}

TEST(Plain, BooleanIsOneBitPerValueLsbFirst) {
  ByteBuffer b;
  PutPlainBoolean(std::vector<int64_t>{1, 0, 1, 1, 0, 0, 0, 0, 1}, b);
  EXPECT_EQ(Bytes(b), (V{0x0d, 0x01}));
}

TEST(Plain, ByteArrayIsLengthThenBytes) {
  const std::string bytes = "abxyz\xc3\xa9";
  const std::vector<uint64_t> offsets = {2, 4, 4, 7};  // "xy", "", "zé"
  ByteBuffer b;
  PutPlainByteArrays(offsets, bytes.data(), b);
  EXPECT_EQ(Bytes(b), (V{0x02, 0, 0, 0, 'x', 'y', 0, 0, 0, 0, 0x03, 0, 0, 0, 'z', 0xc3, 0xa9}));

  ByteBuffer c;
  const std::vector<std::string_view> views = {"xy", "", "z\xc3\xa9"};
  PutPlainByteArrays(views, c);
  EXPECT_EQ(Bytes(c), Bytes(b));
}

TEST(Plain, Fixed32IsLittleEndian) {
  ByteBuffer b;
  PutFixed32(0x0a0b0c0d, b);
  EXPECT_EQ(Bytes(b), (V{0x0d, 0x0c, 0x0b, 0x0a}));
}

}  // namespace
}  // namespace ecomsim::parquet
