#pragma once

#include <cstdint>

// What the two halves of the Thrift compact protocol share (the writer in
// writer/thrift_writer.h, the reader in reader/thrift_reader.h): the type codes of
// field, list and map headers, and zigzag integers. Facts of the protocol: never
// renumber them.
namespace ecomsim::parquet {

// Type codes of the Thrift compact protocol, as they appear in field and list headers.
// A bool field carries its value in its type (kBoolTrue, kBoolFalse); a list of bools
// has the element type kBoolTrue (readers accept kBoolFalse too).
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

// Maps signed to unsigned so that small magnitudes stay small: 0, -1, 1, -2 -> 0, 1, 2, 3.
// Parquet's DELTA_BINARY_PACKED uses the same mapping.
constexpr uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
// The inverse of ZigZag.
constexpr int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace ecomsim::parquet
