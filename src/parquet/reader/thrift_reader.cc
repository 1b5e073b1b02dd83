#include "parquet/reader/thrift_reader.h"

#include <limits>

namespace ecomsim::parquet {
namespace {

constexpr int kMaxVarintBytes = 10;
constexpr int kDoubleBytes = 8;

// The type code of a header's low nibble.
CompactType TypeOf(uint8_t nibble) { return static_cast<CompactType>(nibble & 0x0f); }
int Code(CompactType type) { return static_cast<int>(type); }

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

bool ThriftReader::NextField(int16_t& id, CompactType& type) {
  if (!ok() || depth_ == 0) return false;
  const uint8_t header = Byte();
  if (!ok() || header == Code(CompactType::kStop)) return false;
  type = TypeOf(header);
  const int delta = header >> 4;
  if (delta != 0) {
    const int next = last_id_[depth_] + delta;
    if (next > std::numeric_limits<int16_t>::max()) {
      Fail("field id out of range");
      return false;
    }
    id = static_cast<int16_t>(next);
  } else {
    const int64_t v = UnZigZag(Varint());
    if (v < std::numeric_limits<int16_t>::min() || v > std::numeric_limits<int16_t>::max()) {
      Fail("field id out of range");
      return false;
    }
    id = static_cast<int16_t>(v);
  }
  if (!ok()) return false;
  if (type == CompactType::kStop || type > CompactType::kStruct) {
    Fail("unknown field type " + std::to_string(Code(type)));
    return false;
  }
  last_id_[depth_] = id;
  return true;
}

bool ThriftReader::BoolField(CompactType type) {
  if (type == CompactType::kBoolTrue || type == CompactType::kBoolFalse) {
    return type == CompactType::kBoolTrue;
  }
  Fail("expected a bool");
  return false;
}

int32_t ThriftReader::I32() {
  const int64_t v = UnZigZag(Varint());
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    Fail("i32 out of range");
    return 0;
  }
  return static_cast<int32_t>(v);
}

int64_t ThriftReader::I64() { return UnZigZag(Varint()); }

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

void ThriftReader::ListHeader(CompactType& element_type, uint32_t& size) {
  element_type = CompactType::kStop;
  size = 0;
  const uint8_t header = Byte();
  if (!ok()) return;
  element_type = TypeOf(header);
  uint64_t n = header >> 4;
  if (n == 15) n = Varint();
  if (!ok()) return;
  // Every element takes at least one byte (structs their stop byte, bools a byte).
  if (n > data_.size() - pos_) {
    Fail("list longer than the bytes left");
    return;
  }
  if (element_type == CompactType::kBoolFalse) element_type = CompactType::kBoolTrue;
  size = static_cast<uint32_t>(n);
}

void ThriftReader::Skip(CompactType type) { SkipValue(type, depth_); }

void ThriftReader::SkipValue(CompactType type, int depth) {
  if (!ok()) return;
  if (depth >= kMaxDepth) {
    Fail("values nested too deeply");
    return;
  }
  switch (type) {
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse: return;  // in the field header
    case CompactType::kByte: Byte(); return;
    case CompactType::kI16:
    case CompactType::kI32:
    case CompactType::kI64: Varint(); return;
    case CompactType::kDouble:
      if (data_.size() - pos_ < kDoubleBytes) {
        Fail("truncated double");
        return;
      }
      pos_ += kDoubleBytes;
      return;
    case CompactType::kBinary: Binary(); return;
    case CompactType::kList:
    case CompactType::kSet: {
      CompactType element = CompactType::kStop;
      uint32_t size = 0;
      ListHeader(element, size);
      for (uint32_t i = 0; i < size && ok(); ++i) {
        if (element == CompactType::kBoolTrue) {
          Byte();
        } else {
          SkipValue(element, depth + 1);
        }
      }
      return;
    }
    case CompactType::kMap: {
      const uint64_t size = Varint();
      if (size == 0 || !ok()) return;
      const uint8_t types = Byte();
      if (size > data_.size() - pos_) {
        Fail("map longer than the bytes left");
        return;
      }
      for (uint64_t i = 0; i < size && ok(); ++i) {
        const CompactType key = TypeOf(static_cast<uint8_t>(types >> 4));
        const CompactType value = TypeOf(types);
        if (key == CompactType::kBoolTrue || key == CompactType::kBoolFalse)
          Byte();
        else
          SkipValue(key, depth + 1);
        if (value == CompactType::kBoolTrue || value == CompactType::kBoolFalse)
          Byte();
        else
          SkipValue(value, depth + 1);
      }
      return;
    }
    case CompactType::kStruct: {
      BeginStruct();
      int16_t id = 0;
      CompactType field = CompactType::kStop;
      while (NextField(id, field)) SkipValue(field, depth + 1);
      EndStruct();
      return;
    }
    default: Fail("unknown type " + std::to_string(Code(type))); return;
  }
}

}  // namespace ecomsim::parquet
