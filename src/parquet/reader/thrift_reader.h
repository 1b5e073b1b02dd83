#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "parquet/thrift_compact.h"

namespace ecomsim::parquet {

// Decodes the Thrift compact protocol from a byte range, bounds-checked: a truncated or
// corrupt input sets an error (the first one is kept) and from then on every read
// returns zero or empty, so that callers check ok() once at the end instead of after
// each read. Lists longer than the bytes left and structs nested deeper than kMaxDepth
// are errors. Unknown fields are skipped with Skip(). Borrows the bytes; not
// thread-safe.
//
//   ThriftReader r(bytes);
//   r.BeginStruct();
//   int16_t id; CompactType type;
//   while (r.NextField(id, type)) {
//     if (id == 1 && type == CompactType::kI32) x = r.I32(); else r.Skip(type);
//   }
//   r.EndStruct();
//   if (!r.ok()) ... r.error() ...
class ThriftReader {
 public:
  static constexpr int kMaxDepth = 32;

  explicit ThriftReader(std::string_view data) : data_(data) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // Bytes consumed so far.
  size_t position() const { return pos_; }

  // Enters a struct (the top-level one, a list element or a struct field).
  void BeginStruct();
  // The next field of the innermost struct: false at its stop byte or on error.
  bool NextField(int16_t& id, CompactType& type);
  // Leaves the innermost struct (after NextField returned false).
  void EndStruct();

  // Values. A bool field carries its value in its type (kBoolTrue/kBoolFalse): pass the
  // type NextField reported.
  bool BoolField(CompactType type);
  int32_t I32();
  int64_t I64();
  std::string_view Binary();
  // A list or set header: the element type (kBoolTrue for bools) and count. The element
  // type is not checked: Skip() fails on one that is unknown.
  void ListHeader(CompactType& element_type, uint32_t& size);
  // Skips one value of `type`, nested values included.
  void Skip(CompactType type);

  // Records `what` as the error (if none yet) and stops further reads.
  void Fail(std::string_view what);

 private:
  uint8_t Byte();
  uint64_t Varint();
  void SkipValue(CompactType type, int depth);

  std::string_view data_;
  size_t pos_ = 0;
  int depth_ = 0;
  int16_t last_id_[kMaxDepth + 1] = {};
  std::string error_;
};

}  // namespace ecomsim::parquet
