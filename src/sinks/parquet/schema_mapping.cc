#include "sinks/parquet/schema_mapping.h"

namespace ecomsim::parquet {
namespace {

// Field ids of SchemaElement, LogicalType and the structs inside it (parquet.thrift).
namespace schema_element {
constexpr int16_t kType = 1;
constexpr int16_t kRepetitionType = 3;
constexpr int16_t kName = 4;
constexpr int16_t kConvertedType = 6;
constexpr int16_t kScale = 7;
constexpr int16_t kPrecision = 8;
constexpr int16_t kLogicalType = 10;
}  // namespace schema_element
namespace logical_type {
constexpr int16_t kString = 1;
constexpr int16_t kDecimal = 5;
constexpr int16_t kDate = 6;
constexpr int16_t kTimestamp = 8;
}  // namespace logical_type
namespace decimal_type {
constexpr int16_t kScale = 1;
constexpr int16_t kPrecision = 2;
}  // namespace decimal_type
namespace timestamp_type {
constexpr int16_t kIsAdjustedToUtc = 1;
constexpr int16_t kUnit = 2;
}  // namespace timestamp_type
namespace time_unit {
constexpr int16_t kMicros = 2;
}  // namespace time_unit

void PutConvertedType(ConvertedType type, CompactWriter& w) {
  w.FieldI32(schema_element::kConvertedType, static_cast<int32_t>(type));
}

// An empty struct field: how the format spells a union member without parameters.
void PutEmptyStruct(int16_t id, CompactWriter& w) {
  w.FieldStruct(id);
  w.EndStruct();
}

}  // namespace

ColumnSchema SchemaOf(const ColumnDef& def) {
  ColumnSchema s;
  s.repetition = def.nullable ? Repetition::kOptional : Repetition::kRequired;
  switch (def.type) {
    case ColumnType::kInt32: s.physical = PhysicalType::kInt32; break;
    case ColumnType::kInt64: s.physical = PhysicalType::kInt64; break;
    case ColumnType::kDouble: s.physical = PhysicalType::kDouble; break;
    case ColumnType::kBool: s.physical = PhysicalType::kBoolean; break;
    case ColumnType::kString:
    case ColumnType::kEnum:
      s.physical = PhysicalType::kByteArray;
      s.logical = LogicalType::kString;
      break;
    case ColumnType::kTimestamp:
      s.physical = PhysicalType::kInt64;
      s.logical = LogicalType::kTimestampUtc;
      break;
    case ColumnType::kDate:
      s.physical = PhysicalType::kInt32;
      s.logical = LogicalType::kDate;
      break;
    case ColumnType::kDecimal:
      s.physical = PhysicalType::kInt64;
      s.logical = LogicalType::kDecimal;
      s.scale = def.scale;
      break;
  }
  return s;
}

void PutSchemaElement(const ColumnDef& def, CompactWriter& w) {
  const ColumnSchema s = SchemaOf(def);
  w.BeginStruct();
  w.FieldI32(schema_element::kType, static_cast<int32_t>(s.physical));
  w.FieldI32(schema_element::kRepetitionType, static_cast<int32_t>(s.repetition));
  w.FieldBinary(schema_element::kName, def.name);
  switch (s.logical) {
    case LogicalType::kNone: break;
    case LogicalType::kString:
      PutConvertedType(ConvertedType::kUtf8, w);
      w.FieldStruct(schema_element::kLogicalType);
      PutEmptyStruct(logical_type::kString, w);
      w.EndStruct();
      break;
    case LogicalType::kTimestampUtc:
      PutConvertedType(ConvertedType::kTimestampMicros, w);
      w.FieldStruct(schema_element::kLogicalType);
      w.FieldStruct(logical_type::kTimestamp);
      w.FieldBool(timestamp_type::kIsAdjustedToUtc, true);
      w.FieldStruct(timestamp_type::kUnit);
      PutEmptyStruct(time_unit::kMicros, w);
      w.EndStruct();  // unit
      w.EndStruct();  // TimestampType
      w.EndStruct();  // LogicalType
      break;
    case LogicalType::kDate:
      PutConvertedType(ConvertedType::kDate, w);
      w.FieldStruct(schema_element::kLogicalType);
      PutEmptyStruct(logical_type::kDate, w);
      w.EndStruct();
      break;
    case LogicalType::kDecimal:
      PutConvertedType(ConvertedType::kDecimal, w);
      w.FieldI32(schema_element::kScale, s.scale);
      w.FieldI32(schema_element::kPrecision, kDecimalPrecision);
      w.FieldStruct(schema_element::kLogicalType);
      w.FieldStruct(logical_type::kDecimal);
      w.FieldI32(decimal_type::kScale, s.scale);
      w.FieldI32(decimal_type::kPrecision, kDecimalPrecision);
      w.EndStruct();  // DecimalType
      w.EndStruct();  // LogicalType
      break;
  }
  w.EndStruct();
}

}  // namespace ecomsim::parquet
