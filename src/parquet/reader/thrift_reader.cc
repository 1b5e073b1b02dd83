#include "parquet/reader/thrift_reader.h"

#include <limits>

namespace ecomsim::parquet {
namespace {

constexpr int kMaxVarintBytes = 10;
constexpr int kDoubleBytes = 8;

int64_t ZigZagDecode(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace

void ThriftReader::Fail(std::string_view what) {
  if (error_.empty()) error_ = "thrift: " + std::string(what) + " at byte " + std::to_string(pos_);
  pos_ = data_.size();
}

uint8_t ThriftReader::Byte() {
  if (pos_ >= data_.size()) {
    Fail("truncated");
    return 0;
  }
  return static_cast<uint8_t>(data_[pos_++]);
}

uint64_t ThriftReader::Varint() {
  uint64_t v = 0;
  for (int i = 0; i < kMaxVarintBytes; ++i) {
    const uint8_t b = Byte();
    if (!ok()) return 0;
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return v;
  }
  Fail("varint longer than 10 bytes");
  return 0;
}

void ThriftReader::BeginStruct() {
  if (!ok()) return;
  if (depth_ >= kMaxDepth) {
    Fail("structs nested too deeply");
    return;
  }
  last_id_[++depth_] = 0;
}

void ThriftReader::EndStruct() {
  if (depth_ > 0) --depth_;
}

bool ThriftReader::NextField(int16_t& id, uint8_t& type) {
  if (!ok() || depth_ == 0) return false;
  const uint8_t header = Byte();
  if (!ok() || header == kStop) return false;
  type = header & 0x0f;
  const int delta = header >> 4;
  if (delta != 0) {
    const int next = last_id_[depth_] + delta;
    if (next > std::numeric_limits<int16_t>::max()) {
      Fail("field id out of range");
      return false;
    }
    id = static_cast<int16_t>(next);
  } else {
    const int64_t v = ZigZagDecode(Varint());
    if (v < std::numeric_limits<int16_t>::min() || v > std::numeric_limits<int16_t>::max()) {
      Fail("field id out of range");
      return false;
    }
    id = static_cast<int16_t>(v);
  }
  if (!ok()) return false;
  if (type == kStop || type > kStruct) {
    Fail("unknown field type " + std::to_string(type));
    return false;
  }
  last_id_[depth_] = id;
  return true;
}

bool ThriftReader::BoolField(uint8_t type) {
  if (type == kTrue || type == kFalse) return type == kTrue;
  Fail("expected a bool");
  return false;
}

int32_t ThriftReader::I32() {
  const int64_t v = ZigZagDecode(Varint());
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    Fail("i32 out of range");
    return 0;
  }
  return static_cast<int32_t>(v);
}

int64_t ThriftReader::I64() { return ZigZagDecode(Varint()); }

std::string_view ThriftReader::Binary() {
  const uint64_t n = Varint();
  if (!ok()) return {};
  if (n > data_.size() - pos_) {
    Fail("truncated binary");
    return {};
  }
  const std::string_view v = data_.substr(pos_, n);
  pos_ += n;
  return v;
}

void ThriftReader::ListHeader(uint8_t& element_type, uint32_t& size) {
  element_type = 0;
  size = 0;
  const uint8_t header = Byte();
  if (!ok()) return;
  element_type = header & 0x0f;
  uint64_t n = header >> 4;
  if (n == 15) n = Varint();
  if (!ok()) return;
  // Every element takes at least one byte (structs their stop byte, bools a byte).
  if (n > data_.size() - pos_) {
    Fail("list longer than the bytes left");
    return;
  }
  if (element_type == kFalse) element_type = kTrue;
  size = static_cast<uint32_t>(n);
}

void ThriftReader::Skip(uint8_t type) { SkipValue(type, depth_); }

void ThriftReader::SkipValue(uint8_t type, int depth) {
  if (!ok()) return;
  if (depth >= kMaxDepth) {
    Fail("values nested too deeply");
    return;
  }
  switch (type) {
    case kTrue:
    case kFalse: return;  // in the field header
    case kByte: Byte(); return;
    case kI16:
    case kI32:
    case kI64: Varint(); return;
    case kDouble:
      if (data_.size() - pos_ < kDoubleBytes) {
        Fail("truncated double");
        return;
      }
      pos_ += kDoubleBytes;
      return;
    case kBinary: Binary(); return;
    case kList:
    case kSet: {
      uint8_t element = 0;
      uint32_t size = 0;
      ListHeader(element, size);
      for (uint32_t i = 0; i < size && ok(); ++i) {
        if (element == kTrue) {
          Byte();
        } else {
          SkipValue(element, depth + 1);
        }
      }
      return;
    }
    case kMap: {
      const uint64_t size = Varint();
      if (size == 0 || !ok()) return;
      const uint8_t types = Byte();
      if (size > data_.size() - pos_) {
        Fail("map longer than the bytes left");
        return;
      }
      for (uint64_t i = 0; i < size && ok(); ++i) {
        const uint8_t key = types >> 4;
        const uint8_t value = types & 0x0f;
        if (key == kTrue || key == kFalse)
          Byte();
        else
          SkipValue(key, depth + 1);
        if (value == kTrue || value == kFalse)
          Byte();
        else
          SkipValue(value, depth + 1);
      }
      return;
    }
    case kStruct: {
      BeginStruct();
      int16_t id = 0;
      uint8_t field = 0;
      while (NextField(id, field)) SkipValue(field, depth + 1);
      EndStruct();
      return;
    }
    default: Fail("unknown type " + std::to_string(type)); return;
  }
}

}  // namespace ecomsim::parquet
