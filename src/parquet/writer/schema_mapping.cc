#include "parquet/writer/schema_mapping.h"

namespace ecomsim::parquet {
namespace {

void PutConvertedType(ConvertedType type, ThriftWriter& w) {
  w.FieldI32(schema_element::kConvertedType, static_cast<int32_t>(type));
}

// An empty struct field: how the format spells a union member without parameters.
void PutEmptyStruct(int16_t id, ThriftWriter& w) {
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

void PutSchemaElement(const ColumnDef& def, ThriftWriter& w) {
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
      PutEmptyStruct(FieldId(LogicalKind::kString), w);
      w.EndStruct();
      break;
    case LogicalType::kTimestampUtc:
      PutConvertedType(ConvertedType::kTimestampMicros, w);
      w.FieldStruct(schema_element::kLogicalType);
      w.FieldStruct(FieldId(LogicalKind::kTimestamp));
      w.FieldBool(timestamp_type::kIsAdjustedToUtc, true);
      w.FieldStruct(timestamp_type::kUnit);
      PutEmptyStruct(FieldId(TimeUnit::kMicros), w);
      w.EndStruct();  // unit
      w.EndStruct();  // TimestampType
      w.EndStruct();  // LogicalType
      break;
    case LogicalType::kDate:
      PutConvertedType(ConvertedType::kDate, w);
      w.FieldStruct(schema_element::kLogicalType);
      PutEmptyStruct(FieldId(LogicalKind::kDate), w);
      w.EndStruct();
      break;
    case LogicalType::kDecimal:
      PutConvertedType(ConvertedType::kDecimal, w);
      w.FieldI32(schema_element::kScale, s.scale);
      w.FieldI32(schema_element::kPrecision, kDecimalPrecision);
      w.FieldStruct(schema_element::kLogicalType);
      w.FieldStruct(FieldId(LogicalKind::kDecimal));
      w.FieldI32(decimal_type::kScale, s.scale);
      w.FieldI32(decimal_type::kPrecision, kDecimalPrecision);
      w.EndStruct();  // DecimalType
      w.EndStruct();  // LogicalType
      break;
  }
  w.EndStruct();
}

}  // namespace ecomsim::parquet
