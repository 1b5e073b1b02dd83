#pragma once

#include <cstdint>

#include "ecomsim/schema.h"
#include "parquet/parquet_thrift.h"
#include "parquet/writer/thrift_writer.h"

namespace ecomsim::parquet {

// Decimals are INT64 unscaled values: up to 18 digits always fit.
inline constexpr int32_t kDecimalPrecision = 18;

// The logical types this writer annotates columns with.
enum class LogicalType : uint8_t {
  kNone,
  kString,        // STRING (ConvertedType UTF8)
  kTimestampUtc,  // TIMESTAMP(isAdjustedToUTC = true, MICROS) (TIMESTAMP_MICROS)
  kDate,          // DATE (DATE)
  kDecimal,       // DECIMAL(18, scale) (DECIMAL, with scale and precision)
};

// How one of our columns is stored in Parquet.
struct ColumnSchema {
  PhysicalType physical = PhysicalType::kInt64;
  Repetition repetition = Repetition::kRequired;
  LogicalType logical = LogicalType::kNone;
  int32_t scale = 0;  // kDecimal only
};

// The mapping from our column types:
//   kInt32 -> INT32            kInt64 -> INT64            kDouble -> DOUBLE
//   kBool -> BOOLEAN           kString, kEnum -> BYTE_ARRAY STRING
//   kTimestamp -> INT64 TIMESTAMP(UTC, MICROS)            kDate -> INT32 DATE
//   kDecimal -> INT64 DECIMAL(18, def.scale)
// Nullable columns are OPTIONAL (definition level 0 or 1), the others REQUIRED.
ColumnSchema SchemaOf(const ColumnDef& def);

// Writes the SchemaElement (parquet.thrift) of a leaf column: type, repetition, name,
// ConvertedType (with scale and precision for decimals) and LogicalType.
void PutSchemaElement(const ColumnDef& def, ThriftWriter& w);

}  // namespace ecomsim::parquet
