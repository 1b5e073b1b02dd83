#pragma once

#include <cstdint>
#include <string_view>

// Numeric values of the Parquet format's Thrift enums (parquet.thrift), limited to what
// this writer emits. They are part of the file format: never renumber them.
namespace ecomsim::parquet {

// The four bytes at the start and at the end of every Parquet file.
inline constexpr std::string_view kMagic = "PAR1";

enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kDouble = 5,
  kByteArray = 6,
};

enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kDecimal = 5,
  kDate = 6,
  kTimestampMicros = 10,
};

enum class Repetition : int32_t {
  kRequired = 0,
  kOptional = 1,
};

enum class Encoding : int32_t {
  kPlain = 0,
  kRle = 3,
  kRleDictionary = 8,
};

enum class CompressionCodec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kZstd = 6,
};

enum class PageType : int32_t {
  kDataPage = 0,
  kDictionaryPage = 2,
};

}  // namespace ecomsim::parquet
