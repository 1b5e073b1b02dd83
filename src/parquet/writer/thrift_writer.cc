#include "parquet/writer/thrift_writer.h"

#include <cassert>

namespace ecomsim::parquet {
namespace {

constexpr int kMaxVarintBytes = 10;
constexpr int kMaxShortDelta = 15;
constexpr uint32_t kMaxShortListSize = 14;  // 15 in the size nibble means "size follows"

void PutByte(uint8_t b, ByteBuffer& out) {
  out.Reserve(1);
  *out.end() = static_cast<char>(b);
  out.Advance(1);
}

}  // namespace

void PutVarint(uint64_t v, ByteBuffer& out) {
  out.Reserve(kMaxVarintBytes);
  char* p = out.end();
  size_t n = 0;
  while (v >= 0x80) {
    p[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  p[n++] = static_cast<char>(v);
  out.Advance(n);
}

void ThriftWriter::BeginStruct() {
  assert(depth_ < kMaxDepth);
  ++depth_;
  last_id_[static_cast<size_t>(depth_)] = 0;
}

void ThriftWriter::EndStruct() {
  assert(depth_ > 0);
  PutByte(static_cast<uint8_t>(CompactType::kStop), out_);
  --depth_;
}

void ThriftWriter::FieldHeader(int16_t id, CompactType type) {
  assert(depth_ > 0);
  int16_t& last = last_id_[static_cast<size_t>(depth_)];
  const int delta = id - last;
  if (delta > 0 && delta <= kMaxShortDelta) {
    PutByte(static_cast<uint8_t>((delta << 4) | static_cast<int>(type)), out_);
  } else {
    PutByte(static_cast<uint8_t>(type), out_);
    PutVarint(ZigZag(id), out_);
  }
  last = id;
}

void ThriftWriter::FieldStruct(int16_t id) {
  FieldHeader(id, CompactType::kStruct);
  BeginStruct();
}

void ThriftWriter::FieldBool(int16_t id, bool value) {
  FieldHeader(id, value ? CompactType::kBoolTrue : CompactType::kBoolFalse);
}

void ThriftWriter::FieldI32(int16_t id, int32_t value) {
  FieldHeader(id, CompactType::kI32);
  PutVarint(ZigZag(value), out_);
}

void ThriftWriter::FieldI64(int16_t id, int64_t value) {
  FieldHeader(id, CompactType::kI64);
  PutVarint(ZigZag(value), out_);
}

void ThriftWriter::FieldBinary(int16_t id, std::string_view value) {
  FieldHeader(id, CompactType::kBinary);
  Binary(value);
}

void ThriftWriter::FieldList(int16_t id, CompactType element, uint32_t size) {
  FieldHeader(id, CompactType::kList);
  const auto type = static_cast<uint8_t>(element);
  if (size <= kMaxShortListSize) {
    PutByte(static_cast<uint8_t>((size << 4) | type), out_);
  } else {
    PutByte(static_cast<uint8_t>(0xf0 | type), out_);
    PutVarint(size, out_);
  }
}

void ThriftWriter::Binary(std::string_view value) {
  PutVarint(value.size(), out_);
  out_.Append(value);
}

}  // namespace ecomsim::parquet
