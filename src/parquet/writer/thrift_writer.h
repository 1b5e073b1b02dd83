#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/byte_buffer.h"
#include "parquet/thrift_compact.h"

namespace ecomsim::parquet {

// Appends `v` as an unsigned LEB128 varint (1 to 10 bytes).
void PutVarint(uint64_t v, ByteBuffer& out);

// Serializes Thrift structs with the compact protocol, appending to a ByteBuffer: the
// writing half of the protocol, only what Parquet metadata needs (no maps, sets,
// doubles or messages). Callers describe the structs field by field:
//
//   ThriftWriter w(out);
//   w.BeginStruct();          // the top-level struct
//   w.FieldI32(1, 7);
//   w.FieldStruct(2);         // a nested struct field ...
//   w.FieldBool(1, true);
//   w.EndStruct();            // ... closed by its stop byte
//   w.FieldList(3, CompactType::kBinary, 2);
//   w.Binary("a");
//   w.Binary("b");
//   w.EndStruct();
//
// Field ids are short-form deltas when they grow by 1..15 within a struct, long form
// otherwise. Nesting is limited to kMaxDepth structs. Not thread-safe; borrows `out`.
class ThriftWriter {
 public:
  static constexpr int kMaxDepth = 16;

  explicit ThriftWriter(ByteBuffer& out) : out_(out) {}

  // Opens a struct that is not a field: the top-level one or a list element.
  void BeginStruct();
  // Writes the stop byte of the innermost open struct and closes it.
  void EndStruct();

  // Opens a struct-valued field; close it with EndStruct().
  void FieldStruct(int16_t id);
  void FieldBool(int16_t id, bool value);
  void FieldI32(int16_t id, int32_t value);
  void FieldI64(int16_t id, int64_t value);
  void FieldBinary(int16_t id, std::string_view value);
  // Writes a list header; follow it with exactly `size` elements of type `element`
  // (Bool, I32, I64 and Binary below, or BeginStruct/EndStruct pairs). A list of bools
  // has the element type kBoolTrue.
  void FieldList(int16_t id, CompactType element, uint32_t size);

  // List elements. A bool element is one byte: 1 for true, 2 for false.
  void Bool(bool value) {
    const auto b = static_cast<char>(value ? CompactType::kBoolTrue : CompactType::kBoolFalse);
    out_.Append(std::string_view(&b, 1));
  }
  void I32(int32_t value) { PutVarint(ZigZag(value), out_); }
  void I64(int64_t value) { PutVarint(ZigZag(value), out_); }
  void Binary(std::string_view value);

  // Structs currently open.
  int depth() const { return depth_; }

 private:
  void FieldHeader(int16_t id, CompactType type);

  ByteBuffer& out_;
  // last_id_[d]: the last field id written in the struct open at depth d (1-based).
  std::array<int16_t, kMaxDepth + 1> last_id_{};
  int depth_ = 0;
};

}  // namespace ecomsim::parquet
