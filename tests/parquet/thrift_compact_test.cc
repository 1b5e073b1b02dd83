#include "parquet/writer/thrift_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

// Expected bytes are worked out by hand from the Thrift compact protocol specification
// (doc/specs/thrift-compact-protocol.md): ULEB128 varints, zigzag integers, field
// headers with a 4-bit id delta and a 4-bit type, list headers with a 4-bit size.
namespace ecomsim::parquet {
namespace {

std::vector<uint8_t> Bytes(const ByteBuffer& b) {
  return std::vector<uint8_t>(b.data(), b.data() + b.size());
}

std::vector<uint8_t> Varint(uint64_t v) {
  ByteBuffer b;
  PutVarint(v, b);
  return Bytes(b);
}

using V = std::vector<uint8_t>;

TEST(ThriftCompact, VarintIsUleb128) {
  EXPECT_EQ(Varint(0), (V{0x00}));
  EXPECT_EQ(Varint(1), (V{0x01}));
  EXPECT_EQ(Varint(127), (V{0x7f}));
  EXPECT_EQ(Varint(128), (V{0x80, 0x01}));
  EXPECT_EQ(Varint(300), (V{0xac, 0x02}));
  EXPECT_EQ(Varint(16384), (V{0x80, 0x80, 0x01}));
  EXPECT_EQ(Varint(std::numeric_limits<uint64_t>::max()),
            (V{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST(ThriftCompact, ZigZagMapsSignToLowBit) {
  EXPECT_EQ(ZigZag(0), 0u);
  EXPECT_EQ(ZigZag(-1), 1u);
  EXPECT_EQ(ZigZag(1), 2u);
  EXPECT_EQ(ZigZag(-2), 3u);
  EXPECT_EQ(ZigZag(2147483647), 4294967294u);
  EXPECT_EQ(ZigZag(-2147483648LL), 4294967295u);
  EXPECT_EQ(ZigZag(std::numeric_limits<int64_t>::max()), std::numeric_limits<uint64_t>::max() - 1);
  EXPECT_EQ(ZigZag(std::numeric_limits<int64_t>::min()), std::numeric_limits<uint64_t>::max());
}

TEST(ThriftCompact, UnZigZagInvertsZigZag) {
  EXPECT_EQ(UnZigZag(0), 0);
  EXPECT_EQ(UnZigZag(1), -1);
  EXPECT_EQ(UnZigZag(2), 1);
  EXPECT_EQ(UnZigZag(3), -2);
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{150}, int64_t{-2147483648LL},
                    std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
    EXPECT_EQ(UnZigZag(ZigZag(v)), v);
  }
}

TEST(ThriftCompact, ShortFieldHeadersCarryTheIdDelta) {
  ByteBuffer b;
  ThriftWriter w(b);
  w.BeginStruct();
  w.FieldI32(1, 5);    // delta 1, type 5 (i32): 0x15, zigzag(5) = 10
  w.FieldI32(3, -1);   // delta 2: 0x25, zigzag(-1) = 1
  w.FieldI64(18, 64);  // delta 15: 0xf6, zigzag(64) = 128 = 0x80 0x01
  w.EndStruct();
  EXPECT_EQ(Bytes(b), (V{0x15, 0x0a, 0x25, 0x01, 0xf6, 0x80, 0x01, 0x00}));
  EXPECT_EQ(w.depth(), 0);
}

TEST(ThriftCompact, LongFieldHeadersCarryTheZigZagId) {
  ByteBuffer b;
  ThriftWriter w(b);
  w.BeginStruct();
  w.FieldI32(20, 1);    // delta 20 > 15: type byte 0x05, zigzag(20) = 40 = 0x28, value 0x02
  w.FieldI32(2, 1);     // id going down: long form, zigzag(2) = 4
  w.FieldI64(300, -3);  // type 6 (i64), zigzag(300) = 600 = 0xd8 0x04, zigzag(-3) = 5
  w.EndStruct();
  EXPECT_EQ(Bytes(b), (V{0x05, 0x28, 0x02, 0x05, 0x04, 0x02, 0x06, 0xd8, 0x04, 0x05, 0x00}));
}

TEST(ThriftCompact, I64ValuesUseZigZagVarints) {
  ByteBuffer b;
  ThriftWriter w(b);
  w.BeginStruct();
  w.FieldI64(1, -300);  // zigzag 599 = 0xd7 0x04
  w.FieldI64(2, std::numeric_limits<int64_t>::min());
  w.FieldI64(3, int64_t{1} << 40);  // zigzag 2^41: 6 groups of 7 bits
  w.EndStruct();
  EXPECT_EQ(Bytes(b), (V{0x16, 0xd7, 0x04,                                                  //
                         0x16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,  //
                         0x16, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40,                          //
                         0x00}));
}

TEST(ThriftCompact, BoolFieldsLiveInTheTypeNibble) {
  ByteBuffer b;
  ThriftWriter w(b);
  w.BeginStruct();
  w.FieldBool(1, true);   // type 1
  w.FieldBool(2, false);  // type 2
  w.FieldBool(40, true);  // long form
  w.EndStruct();
  EXPECT_EQ(Bytes(b), (V{0x11, 0x12, 0x01, 0x50, 0x00}));
}

TEST(ThriftCompact, BinaryIsLengthThenBytes) {
  ByteBuffer b;
  ThriftWriter w(b);
  w.BeginStruct();
  w.FieldBinary(4, "abc");
  w.FieldBinary(5, "");
  w.EndStruct();
  EXPECT_EQ(Bytes(b), (V{0x48, 0x03, 'a', 'b', 'c', 0x18, 0x00, 0x00}));
}

TEST(ThriftCompact, ListHeadersHoldSizeAndElementType) {
  ByteBuffer b;
  ThriftWriter w(b);
  w.BeginStruct();
  w.FieldList(1, CompactType::kI32, 3);  // field 0x19; list 3 x i32: 0x35
  w.I32(0);
  w.I32(-1);
  w.I32(3);
  w.FieldList(2, CompactType::kBinary, 0);  // 0x08
  w.FieldList(3, CompactType::kI64, 15);    // size 15 does not fit: 0xf6 then varint 15
  for (int i = 0; i < 15; ++i) w.I64(i);
  w.EndStruct();
  V expected = {0x19, 0x35, 0x00, 0x01, 0x06, 0x19, 0x08, 0x19, 0xf6, 0x0f};
  for (int i = 0; i < 15; ++i) expected.push_back(static_cast<uint8_t>(2 * i));
  expected.push_back(0x00);
  EXPECT_EQ(Bytes(b), expected);
}

TEST(ThriftCompact, NestedStructsRestartFieldIds) {
  ByteBuffer b;
  ThriftWriter w(b);
  w.BeginStruct();
  w.FieldI32(1, 1);                         // 0x15 0x02
  w.FieldStruct(2);                         // 0x1c
  w.FieldI32(1, 2);                         // ids restart inside: 0x15 0x04
  w.FieldStruct(8);                         // delta 7 from field 1: 0x7c
  w.EndStruct();                            // empty struct: 0x00
  w.EndStruct();                            // 0x00
  w.FieldI32(3, 3);                         // back in the outer struct, last id 2: 0x15 0x06
  w.FieldList(4, CompactType::kStruct, 2);  // 0x19 0x2c
  w.BeginStruct();
  w.FieldBinary(1, "x");  // 0x18 0x01 'x'
  w.EndStruct();
  w.BeginStruct();
  w.EndStruct();
  w.EndStruct();
  EXPECT_EQ(Bytes(b), (V{0x15, 0x02, 0x1c, 0x15, 0x04, 0x7c, 0x00, 0x00, 0x15, 0x06, 0x19, 0x2c,
                         0x18, 0x01, 'x', 0x00, 0x00, 0x00}));
  EXPECT_EQ(w.depth(), 0);
}

}  // namespace
}  // namespace ecomsim::parquet
