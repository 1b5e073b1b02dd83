#include "parquet/reader/metadata.h"

#include "parquet/reader/thrift_reader.h"

namespace ecomsim::parquet {

namespace {

using T = ThriftReader;

// Reads a field of an expected type, or fails.
bool Expect(T& r, CompactType type, CompactType expected, int16_t id) {
  if (type == expected) return true;
  r.Fail("field " + std::to_string(id) + " has type " + std::to_string(static_cast<int>(type)) +
         ", expected " + std::to_string(static_cast<int>(expected)));
  return false;
}

int32_t ReadI32(T& r, CompactType type, int16_t id) {
  return Expect(r, type, CompactType::kI32, id) ? r.I32() : 0;
}
int64_t ReadI64(T& r, CompactType type, int16_t id) {
  return Expect(r, type, CompactType::kI64, id) ? r.I64() : 0;
}
std::string ReadString(T& r, CompactType type, int16_t id) {
  return Expect(r, type, CompactType::kBinary, id) ? std::string(r.Binary()) : std::string();
}
bool ReadBool(T& r, CompactType type) { return r.BoolField(type); }

// Calls `element` once per struct element of a list field.
template <typename F>
void ForEachStruct(T& r, CompactType type, int16_t id, F&& element) {
  if (!Expect(r, type, CompactType::kList, id)) return;
  CompactType element_type = CompactType::kStop;
  uint32_t size = 0;
  r.ListHeader(element_type, size);
  if (!r.ok()) return;
  if (element_type != CompactType::kStruct && size > 0) {
    r.Fail("list field " + std::to_string(id) + " does not hold structs");
    return;
  }
  for (uint32_t i = 0; i < size && r.ok(); ++i) {
    r.BeginStruct();
    element();
    r.EndStruct();
  }
}

// Calls `on_field(id, type)` for each field of the struct just entered.
template <typename F>
void Fields(T& r, F&& on_field) {
  int16_t id = 0;
  CompactType type = CompactType::kStop;
  while (r.NextField(id, type)) on_field(id, type);
}

void ReadTimeUnit(T& r, TimeUnit& unit) {
  Fields(r, [&](int16_t id, CompactType type) {
    switch (id) {
      case FieldId(TimeUnit::kMillis):
      case FieldId(TimeUnit::kMicros):
      case FieldId(TimeUnit::kNanos):
        if (type == CompactType::kStruct) unit = static_cast<TimeUnit>(id);
        break;
      default: break;
    }
    r.Skip(type);
  });
}

void ReadLogicalType(T& r, LogicalTypeInfo& out) {
  Fields(r, [&](int16_t id, CompactType type) {
    if (type != CompactType::kStruct) {
      r.Skip(type);
      return;
    }
    switch (id) {
      case FieldId(LogicalKind::kString):
      case FieldId(LogicalKind::kMap):
      case FieldId(LogicalKind::kList):
      case FieldId(LogicalKind::kEnum):
      case FieldId(LogicalKind::kDate):
      case FieldId(LogicalKind::kUnknown):
      case FieldId(LogicalKind::kJson):
      case FieldId(LogicalKind::kBson):
      case FieldId(LogicalKind::kUuid):
      case FieldId(LogicalKind::kFloat16):
        out.kind = static_cast<LogicalKind>(id);
        r.Skip(type);
        return;
      case FieldId(LogicalKind::kDecimal):
        out.kind = LogicalKind::kDecimal;
        r.BeginStruct();
        Fields(r, [&](int16_t f, CompactType t) {
          if (f == decimal_type::kScale) {
            out.decimal_scale = ReadI32(r, t, f);
          } else if (f == decimal_type::kPrecision) {
            out.decimal_precision = ReadI32(r, t, f);
          } else {
            r.Skip(t);
          }
        });
        r.EndStruct();
        return;
      case FieldId(LogicalKind::kTime):
      case FieldId(LogicalKind::kTimestamp):
        out.kind = static_cast<LogicalKind>(id);
        r.BeginStruct();
        Fields(r, [&](int16_t f, CompactType t) {
          if (f == timestamp_type::kIsAdjustedToUtc) {
            out.adjusted_to_utc = ReadBool(r, t);
          } else if (f == timestamp_type::kUnit && t == CompactType::kStruct) {
            r.BeginStruct();
            ReadTimeUnit(r, out.unit);
            r.EndStruct();
          } else {
            r.Skip(t);
          }
        });
        r.EndStruct();
        return;
      case FieldId(LogicalKind::kInteger):
        out.kind = LogicalKind::kInteger;
        r.BeginStruct();
        Fields(r, [&](int16_t f, CompactType t) {
          if (f == int_type::kIsSigned) {
            out.int_signed = ReadBool(r, t);
          } else {
            r.Skip(t);
          }
        });
        r.EndStruct();
        return;
      default:
        out.kind = LogicalKind::kOther;
        r.Skip(type);
        return;
    }
  });
}

void ReadSchemaElement(T& r, SchemaElement& e) {
  Fields(r, [&](int16_t id, CompactType type) {
    switch (id) {
      case schema_element::kType:
        e.has_type = true;
        e.type = ReadI32(r, type, id);
        return;
      case schema_element::kRepetitionType:
        e.has_repetition = true;
        e.repetition = ReadI32(r, type, id);
        return;
      case schema_element::kName: e.name = ReadString(r, type, id); return;
      case schema_element::kNumChildren: e.num_children = ReadI32(r, type, id); return;
      case schema_element::kConvertedType:
        e.has_converted_type = true;
        e.converted_type = ReadI32(r, type, id);
        return;
      case schema_element::kScale: e.scale = ReadI32(r, type, id); return;
      case schema_element::kPrecision: e.precision = ReadI32(r, type, id); return;
      case schema_element::kLogicalType:
        if (!Expect(r, type, CompactType::kStruct, id)) return;
        r.BeginStruct();
        ReadLogicalType(r, e.logical);
        r.EndStruct();
        return;
      default: r.Skip(type); return;
    }
  });
}

void ReadColumnMetaData(T& r, ColumnChunkInfo& c) {
  Fields(r, [&](int16_t id, CompactType type) {
    switch (id) {
      case column_metadata::kType: c.type = ReadI32(r, type, id); return;
      case column_metadata::kPathInSchema: {
        if (!Expect(r, type, CompactType::kList, id)) return;
        CompactType element = CompactType::kStop;
        uint32_t size = 0;
        r.ListHeader(element, size);
        if (size > 0 && element != CompactType::kBinary) {
          r.Fail("path_in_schema is not a list of strings");
          return;
        }
        for (uint32_t i = 0; i < size && r.ok(); ++i) c.path.emplace_back(r.Binary());
        return;
      }
      case column_metadata::kCodec: c.codec = ReadI32(r, type, id); return;
      case column_metadata::kNumValues: c.num_values = ReadI64(r, type, id); return;
      case column_metadata::kTotalCompressedSize:
        c.total_compressed_size = ReadI64(r, type, id);
        return;
      case column_metadata::kDataPageOffset: c.data_page_offset = ReadI64(r, type, id); return;
      case column_metadata::kDictionaryPageOffset:
        c.dictionary_page_offset = ReadI64(r, type, id);
        return;
      default: r.Skip(type); return;
    }
  });
}

void ReadColumnChunk(T& r, ColumnChunkInfo& c) {
  Fields(r, [&](int16_t id, CompactType type) {
    switch (id) {
      case column_chunk::kFilePath: c.file_path = ReadString(r, type, id); return;
      case column_chunk::kMetaData:
        if (!Expect(r, type, CompactType::kStruct, id)) return;
        c.has_metadata = true;
        r.BeginStruct();
        ReadColumnMetaData(r, c);
        r.EndStruct();
        return;
      case column_chunk::kCryptoMetadata:
      case column_chunk::kEncryptedColumnMetadata:
        c.encrypted = true;
        r.Skip(type);
        return;
      default: r.Skip(type); return;
    }
  });
}

void ReadRowGroup(T& r, RowGroupInfo& g) {
  Fields(r, [&](int16_t id, CompactType type) {
    switch (id) {
      case row_group::kColumns:
        ForEachStruct(r, type, id, [&] {
          g.columns.emplace_back();
          ReadColumnChunk(r, g.columns.back());
        });
        return;
      case row_group::kNumRows: g.num_rows = ReadI64(r, type, id); return;
      default: r.Skip(type); return;
    }
  });
}

}  // namespace

Result<FileMetaData> ParseFileMetaData(std::string_view bytes) {
  FileMetaData m;
  T r(bytes);
  r.BeginStruct();
  Fields(r, [&](int16_t id, CompactType type) {
    switch (id) {
      case file_metadata::kSchema:
        ForEachStruct(r, type, id, [&] {
          m.schema.emplace_back();
          ReadSchemaElement(r, m.schema.back());
        });
        return;
      case file_metadata::kNumRows: m.num_rows = ReadI64(r, type, id); return;
      case file_metadata::kRowGroups:
        ForEachStruct(r, type, id, [&] {
          m.row_groups.emplace_back();
          ReadRowGroup(r, m.row_groups.back());
        });
        return;
      case file_metadata::kEncryptionAlgorithm:
        m.encrypted = true;
        r.Skip(type);
        return;
      default: r.Skip(type); return;
    }
  });
  r.EndStruct();
  if (!r.ok()) return Status::Data("footer: " + r.error());
  return m;
}

Status ParsePageHeader(std::string_view bytes, PageHeader& out, size_t& header_size) {
  out = PageHeader{};
  bool seen_v1 = false;
  bool seen_dictionary = false;
  bool seen_v2 = false;
  T r(bytes);
  r.BeginStruct();
  Fields(r, [&](int16_t id, CompactType type) {
    switch (id) {
      case page_header::kType: out.type = ReadI32(r, type, id); return;
      case page_header::kUncompressedPageSize: out.uncompressed_size = ReadI32(r, type, id); return;
      case page_header::kCompressedPageSize: out.compressed_size = ReadI32(r, type, id); return;
      case page_header::kCrc:
        out.has_crc = true;
        out.crc = static_cast<uint32_t>(ReadI32(r, type, id));
        return;
      case page_header::kDataPageHeader:
        if (!Expect(r, type, CompactType::kStruct, id)) return;
        seen_v1 = true;
        r.BeginStruct();
        Fields(r, [&](int16_t f, CompactType t) {
          switch (f) {
            case data_page_header::kNumValues: out.num_values = ReadI32(r, t, f); return;
            case data_page_header::kEncoding: out.encoding = ReadI32(r, t, f); return;
            case data_page_header::kDefinitionLevelEncoding:
              out.definition_level_encoding = ReadI32(r, t, f);
              return;
            default: r.Skip(t); return;
          }
        });
        r.EndStruct();
        return;
      case page_header::kDictionaryPageHeader:
        if (!Expect(r, type, CompactType::kStruct, id)) return;
        seen_dictionary = true;
        r.BeginStruct();
        Fields(r, [&](int16_t f, CompactType t) {
          switch (f) {
            case dictionary_page_header::kNumValues: out.num_values = ReadI32(r, t, f); return;
            case dictionary_page_header::kEncoding: out.encoding = ReadI32(r, t, f); return;
            default: r.Skip(t); return;
          }
        });
        r.EndStruct();
        return;
      case page_header::kDataPageHeaderV2:
        if (!Expect(r, type, CompactType::kStruct, id)) return;
        seen_v2 = true;
        r.BeginStruct();
        Fields(r, [&](int16_t f, CompactType t) {
          switch (f) {
            case data_page_header_v2::kNumValues: out.num_values = ReadI32(r, t, f); return;
            case data_page_header_v2::kNumRows: out.num_rows = ReadI32(r, t, f); return;
            case data_page_header_v2::kEncoding: out.encoding = ReadI32(r, t, f); return;
            case data_page_header_v2::kDefinitionLevelsByteLength:
              out.definition_levels_bytes = ReadI32(r, t, f);
              return;
            case data_page_header_v2::kRepetitionLevelsByteLength:
              out.repetition_levels_bytes = ReadI32(r, t, f);
              return;
            case data_page_header_v2::kIsCompressed: out.is_compressed = ReadBool(r, t); return;
            default: r.Skip(t); return;
          }
        });
        r.EndStruct();
        return;
      default: r.Skip(type); return;
    }
  });
  r.EndStruct();
  if (!r.ok()) return Status::Data("page header: " + r.error());
  switch (static_cast<PageType>(out.type)) {
    case PageType::kDataPage: out.has_type_header = seen_v1; break;
    case PageType::kDictionaryPage: out.has_type_header = seen_dictionary; break;
    case PageType::kDataPageV2: out.has_type_header = seen_v2; break;
    default: break;
  }
  header_size = r.position();
  return Status::Ok();
}

}  // namespace ecomsim::parquet
