#include "parquet/reader/file_reader.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "core/text.h"
#include "parquet/parquet_thrift.h"

namespace ecomsim::parquet {

namespace {

constexpr uint64_t kFooterTailBytes = 8;  // footer length and magic
constexpr uint64_t kMinFileBytes = 12;    // magic, footer length, magic
constexpr int64_t kMicrosPerMilli = 1000;
constexpr int64_t kNanosPerMicro = 1000;
constexpr int32_t kMaxInt32DecimalPrecision = 9;
constexpr int32_t kMaxInt64DecimalPrecision = 18;

// The annotation of a leaf, from its LogicalType or else its ConvertedType.
struct Annotation {
  enum class Kind : uint8_t { kNone, kString, kTimestamp, kDate, kDecimal, kInteger, kOther };
  Kind kind = Kind::kNone;
  TimeUnit unit = TimeUnit::kNone;
  int32_t scale = 0;
  int32_t precision = 0;
  bool is_signed = true;
  std::string text;  // for messages: "STRING", "TIMESTAMP(MICROS)", "DECIMAL(18,2)"
};

std::string UnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis: return "MILLIS";
    case TimeUnit::kMicros: return "MICROS";
    case TimeUnit::kNanos: return "NANOS";
    case TimeUnit::kNone: break;
  }
  return "?";
}

Annotation AnnotationOf(const SchemaElement& e) {
  Annotation a;
  using K = Annotation::Kind;
  const LogicalTypeInfo& l = e.logical;
  if (l.kind != LogicalKind::kNone) {
    switch (l.kind) {
      case LogicalKind::kString:
        a.kind = K::kString;
        a.text = "STRING";
        break;
      case LogicalKind::kEnum:
        a.kind = K::kString;
        a.text = "ENUM";
        break;
      case LogicalKind::kJson:
        a.kind = K::kString;
        a.text = "JSON";
        break;
      case LogicalKind::kTimestamp:
        a.kind = K::kTimestamp;
        a.unit = l.unit;
        a.text = "TIMESTAMP(" + UnitName(l.unit) + (l.adjusted_to_utc ? ", UTC)" : ", local)");
        break;
      case LogicalKind::kDate:
        a.kind = K::kDate;
        a.text = "DATE";
        break;
      case LogicalKind::kDecimal:
        a.kind = K::kDecimal;
        a.scale = l.decimal_scale;
        a.precision = l.decimal_precision;
        a.text = "DECIMAL(" + std::to_string(a.precision) + "," + std::to_string(a.scale) + ")";
        break;
      case LogicalKind::kInteger:
        a.kind = K::kInteger;
        a.is_signed = l.int_signed;
        a.text = l.int_signed ? "INT" : "UINT";
        break;
      default:
        a.kind = K::kOther;
        a.text = "logical type " + std::to_string(static_cast<int>(l.kind));
    }
    return a;
  }
  if (!e.has_converted_type) return a;
  switch (static_cast<ConvertedType>(e.converted_type)) {
    case ConvertedType::kUtf8:
      a.kind = K::kString;
      a.text = "UTF8";
      break;
    case ConvertedType::kEnum:
      a.kind = K::kString;
      a.text = "ENUM";
      break;
    case ConvertedType::kJson:
      a.kind = K::kString;
      a.text = "JSON";
      break;
    case ConvertedType::kTimestampMillis:
      a.kind = K::kTimestamp;
      a.unit = TimeUnit::kMillis;
      a.text = "TIMESTAMP_MILLIS";
      break;
    case ConvertedType::kTimestampMicros:
      a.kind = K::kTimestamp;
      a.unit = TimeUnit::kMicros;
      a.text = "TIMESTAMP_MICROS";
      break;
    case ConvertedType::kDate:
      a.kind = K::kDate;
      a.text = "DATE";
      break;
    case ConvertedType::kDecimal:
      a.kind = K::kDecimal;
      a.scale = e.scale;
      a.precision = e.precision;
      a.text = "DECIMAL(" + std::to_string(a.precision) + "," + std::to_string(a.scale) + ")";
      break;
    case ConvertedType::kInt8:
    case ConvertedType::kInt16:
    case ConvertedType::kInt32:
    case ConvertedType::kInt64:
      a.kind = K::kInteger;
      a.text = "INT";
      break;
    case ConvertedType::kUint8:
    case ConvertedType::kUint16:
    case ConvertedType::kUint32:
    case ConvertedType::kUint64:
      a.kind = K::kInteger;
      a.is_signed = false;
      a.text = "UINT";
      break;
    default: a.kind = K::kOther; a.text = "converted type " + std::to_string(e.converted_type);
  }
  return a;
}

std::string Describe(const SchemaElement& e) {
  const Annotation a = AnnotationOf(e);
  std::string s = PhysicalTypeName(e.type);
  if (!a.text.empty()) s += " " + a.text;
  return s;
}

std::string ExpectedOf(const ColumnDef& def) {
  switch (def.type) {
    case ColumnType::kBool: return "BOOLEAN";
    case ColumnType::kInt32: return "INT32";
    case ColumnType::kInt64: return "INT64";
    case ColumnType::kDouble: return "DOUBLE";
    case ColumnType::kString:
    case ColumnType::kEnum: return "BYTE_ARRAY STRING";
    case ColumnType::kTimestamp: return "INT64 TIMESTAMP";
    case ColumnType::kDate: return "INT32 DATE";
    case ColumnType::kDecimal: return "INT64 DECIMAL(18," + std::to_string(def.scale) + ")";
  }
  return "?";
}

// Fills `plan` for a table column stored as leaf `e`; false if the types do not fit.
bool PlanColumn(const ColumnDef& def, const SchemaElement& e, ColumnPlan& plan) {
  using K = Annotation::Kind;
  const Annotation a = AnnotationOf(e);
  const auto type = static_cast<PhysicalType>(e.type);
  plan.physical = type;
  const bool plain_integer = a.kind == K::kNone || (a.kind == K::kInteger && a.is_signed);
  switch (def.type) {
    case ColumnType::kBool: return type == PhysicalType::kBoolean && a.kind == K::kNone;
    case ColumnType::kInt32: return type == PhysicalType::kInt32 && plain_integer;
    case ColumnType::kInt64: return type == PhysicalType::kInt64 && plain_integer;
    case ColumnType::kDouble: return type == PhysicalType::kDouble && a.kind == K::kNone;
    case ColumnType::kString:
    case ColumnType::kEnum:
      return type == PhysicalType::kByteArray && (a.kind == K::kNone || a.kind == K::kString);
    case ColumnType::kDate: return type == PhysicalType::kInt32 && a.kind == K::kDate;
    case ColumnType::kTimestamp:
      if (type != PhysicalType::kInt64 || a.kind != K::kTimestamp) return false;
      switch (a.unit) {
        case TimeUnit::kMillis: plan.multiplier = kMicrosPerMilli; return true;
        case TimeUnit::kMicros: return true;
        case TimeUnit::kNanos: plan.divisor = kNanosPerMicro; return true;
        case TimeUnit::kNone: return false;
      }
      return false;
    case ColumnType::kDecimal:
      if (a.kind != K::kDecimal || a.scale != def.scale) return false;
      if (type == PhysicalType::kInt64) return a.precision <= kMaxInt64DecimalPrecision;
      if (type == PhysicalType::kInt32) return a.precision <= kMaxInt32DecimalPrecision;
      return false;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<FileReader>> FileReader::Open(const TableDef& table, const std::string& path,
                                                     const std::string& display_path,
                                                     EnumDictionaries& dictionaries,
                                                     const FileReaderOptions& options) {
  if (dictionaries.size() != table.columns.size()) {
    return Status::Internal("FileReader: one enum dictionary per column expected");
  }
  std::unique_ptr<FileReader> r(new FileReader(table, dictionaries, options));
  ECOMSIM_RETURN_IF_ERROR(r->file_.Open(path, display_path, /*sequential=*/false));
  ECOMSIM_RETURN_IF_ERROR(r->ReadFooter());
  ECOMSIM_RETURN_IF_ERROR(r->MapSchema());
  return r;
}

Status FileReader::ReadFooter() {
  const std::string& name = file_.display_path();
  const uint64_t size = file_.size();
  if (size < kMinFileBytes) {
    return Status::Data(name + ": not a Parquet file (" + std::to_string(size) +
                        " bytes: too short; truncated?)");
  }
  char head[4];
  char tail[kFooterTailBytes];
  ECOMSIM_RETURN_IF_ERROR(file_.ReadAt(0, sizeof(head), head));
  ECOMSIM_RETURN_IF_ERROR(file_.ReadAt(size - kFooterTailBytes, sizeof(tail), tail));
  const std::string_view end_magic(tail + 4, 4);
  if (end_magic == kEncryptedMagic) {
    return Status::Data(name + ": encrypted Parquet files are not supported");
  }
  if (end_magic != kMagic) {
    return Status::Data(name + ": not a Parquet file (no PAR1 at the end: truncated?)");
  }
  if (std::string_view(head, 4) != kMagic) {
    return Status::Data(name + ": not a Parquet file (no PAR1 at the start)");
  }
  uint32_t footer_length;
  std::memcpy(&footer_length, tail, sizeof(footer_length));
  if (footer_length > size - kMinFileBytes) {
    return Status::Data(name + ": footer length " + std::to_string(footer_length) +
                        " exceeds the file (" + std::to_string(size) + " bytes; truncated?)");
  }
  metadata_start_ = size - kFooterTailBytes - footer_length;
  std::string footer(footer_length, '\0');
  ECOMSIM_RETURN_IF_ERROR(file_.ReadAt(metadata_start_, footer_length, footer.data()));
  Result<FileMetaData> m = ParseFileMetaData(footer);
  if (!m.ok()) return m.status().WithContext(name);
  metadata_ = std::move(*m);
  if (metadata_.encrypted)
    return Status::Data(name + ": encrypted Parquet files are not supported");
  int64_t rows = 0;
  for (size_t g = 0; g < metadata_.row_groups.size(); ++g) {
    const int64_t n = metadata_.row_groups[g].num_rows;
    if (n < 0 || __builtin_add_overflow(rows, n, &rows)) {
      return Status::Data(name + ": row group " + std::to_string(g + 1) + ": bad row count " +
                          std::to_string(n));
    }
  }
  if (rows != metadata_.num_rows) {
    return Status::Data(name + ": the footer says " + std::to_string(metadata_.num_rows) +
                        " rows, its row groups hold " + std::to_string(rows));
  }
  return Status::Ok();
}

Status FileReader::MapSchema() {
  const std::string& name = file_.display_path();
  const std::vector<SchemaElement>& schema = metadata_.schema;
  if (schema.empty()) return Status::Data(name + ": the footer has no schema");
  const size_t leaves = schema.size() - 1;
  if (schema[0].num_children < 0 || static_cast<size_t>(schema[0].num_children) != leaves) {
    return Status::Data(name + ": nested schemas are not supported (the root has " +
                        std::to_string(schema[0].num_children) + " children, the schema " +
                        std::to_string(leaves) + " columns)");
  }
  std::map<std::string_view, size_t> by_name;
  for (size_t i = 1; i < schema.size(); ++i) {
    const SchemaElement& e = schema[i];
    if (!e.has_type || e.num_children != 0) {
      return Status::Data(name + ": column " + Excerpt(e.name) +
                          " is a group (nested schemas are not supported)");
    }
    if (e.has_repetition && e.repetition == static_cast<int32_t>(Repetition::kRepeated)) {
      return Status::Data(name + ": column " + Excerpt(e.name) + " is repeated (not supported)");
    }
    if (!by_name.emplace(e.name, i - 1).second) {
      return Status::Data(name + ": column " + Excerpt(e.name) + " appears twice in the schema");
    }
  }
  plans_.resize(table_.columns.size());
  std::vector<bool> used(leaves, false);
  for (size_t j = 0; j < table_.columns.size(); ++j) {
    const ColumnDef& def = table_.columns[j];
    const auto it = by_name.find(def.name);
    if (it == by_name.end()) {
      return Status::Data(name + ": column '" + std::string(def.name) + "' of table " +
                          std::string(table_.name) + " is missing from the file");
    }
    const SchemaElement& e = schema[it->second + 1];
    ColumnPlan& plan = plans_[j];
    plan.def = &def;
    plan.leaf = it->second;
    plan.optional = e.has_repetition && e.repetition == static_cast<int32_t>(Repetition::kOptional);
    used[it->second] = true;
    if (!PlanColumn(def, e, plan)) {
      return Status::Data(name + ": column '" + std::string(def.name) + "': the file stores " +
                          Describe(e) + ", table " + std::string(table_.name) + " expects " +
                          ExpectedOf(def));
    }
  }
  for (size_t i = 0; i < leaves && !options_.skip_extra_columns; ++i) {
    if (!used[i]) {
      return Status::Data(name + ": the file has a column " + Excerpt(schema[i + 1].name) +
                          " that table " + std::string(table_.name) + " does not");
    }
  }
  columns_.clear();
  for (size_t j = 0; j < plans_.size(); ++j) {
    columns_.push_back(std::make_unique<ColumnChunkReader>(plans_[j], &dictionaries_[j],
                                                           &page_codec_, options_.check_page_crc));
  }
  chunk_buffers_.resize(plans_.size());
  chunk_capacities_.assign(plans_.size(), 0);
  return Status::Ok();
}

Status FileReader::InRowGroup(const Status& s) const {
  return s.WithContext(file_.display_path() + ": row group " + std::to_string(row_group_ + 1) +
                       " of " + std::to_string(metadata_.row_groups.size()));
}

Status FileReader::InColumn(const Status& s, size_t column) const {
  return s.WithContext(file_.display_path() + ": row group " + std::to_string(row_group_ + 1) +
                       " of " + std::to_string(metadata_.row_groups.size()) + ", column " +
                       std::string(table_.columns[column].name));
}

Status FileReader::StartRowGroup(size_t index) {
  row_group_ = index;
  const RowGroupInfo& g = metadata_.row_groups[index];
  const size_t leaves = metadata_.schema.size() - 1;
  if (g.columns.size() != leaves) {
    return InRowGroup(Status::Data(std::to_string(g.columns.size()) +
                                   " column chunks, the schema has " + std::to_string(leaves) +
                                   " columns"));
  }
  for (size_t j = 0; j < plans_.size(); ++j) {
    const ColumnPlan& plan = plans_[j];
    const ColumnChunkInfo& c = g.columns[plan.leaf];
    const SchemaElement& e = metadata_.schema[plan.leaf + 1];
    auto fail = [&](const std::string& what) { return InColumn(Status::Data(what), j); };
    if (!c.file_path.empty())
      return fail("column chunk in another file (" + Excerpt(c.file_path) + ")");
    if (c.encrypted) return fail("encrypted column chunks are not supported");
    if (!c.has_metadata) return fail("column chunk without metadata");
    if (c.path.size() != 1 || c.path[0] != e.name)
      return fail("column chunk path does not match the schema");
    if (c.type != e.type) {
      return fail("column chunk of type " + PhysicalTypeName(c.type) + ", the schema says " +
                  PhysicalTypeName(e.type));
    }
    if (!PageCodec::Supports(static_cast<CompressionCodec>(c.codec)))
      return fail("unsupported compression codec " + CodecName(c.codec));
    if (c.num_values != g.num_rows) {
      return fail(std::to_string(c.num_values) + " values in a row group of " +
                  std::to_string(g.num_rows) + " rows");
    }
    int64_t start = c.data_page_offset;
    if (c.dictionary_page_offset > 0 && c.dictionary_page_offset < start)
      start = c.dictionary_page_offset;
    const int64_t length = c.total_compressed_size;
    if (start < static_cast<int64_t>(kMagic.size()) || length < 0 ||
        static_cast<uint64_t>(start) > metadata_start_ ||
        static_cast<uint64_t>(length) > metadata_start_ - static_cast<uint64_t>(start)) {
      return fail("column chunk at bytes " + std::to_string(start) + "+" + std::to_string(length) +
                  " lies outside the data of the file (" + std::to_string(metadata_start_) +
                  " bytes before the footer)");
    }
    const auto size = static_cast<size_t>(length);
    if (chunk_capacities_[j] < size || !chunk_buffers_[j]) {
      const size_t capacity = std::max<size_t>({size, chunk_capacities_[j] * 2, 1});
      chunk_buffers_[j].reset(new char[capacity]);
      chunk_capacities_[j] = capacity;
    }
    Status read = file_.ReadAt(static_cast<uint64_t>(start), size, chunk_buffers_[j].get());
    if (!read.ok()) return read;
    columns_[j]->Start(std::string_view(chunk_buffers_[j].get(), size), c.codec, g.num_rows, start);
  }
  row_group_rows_left_ = g.num_rows;
  in_row_group_ = true;
  return Status::Ok();
}

Status FileReader::FinishRowGroup() {
  in_row_group_ = false;
  for (size_t j = 0; j < columns_.size(); ++j) {
    Status s = columns_[j]->Finish();
    if (!s.ok()) return InColumn(s, j);
  }
  return Status::Ok();
}

Status FileReader::Next(Batch& batch, size_t max_rows) {
  batch.Clear();
  if (!error_.ok()) return error_;
  while (batch.rows() < max_rows) {
    if (row_group_rows_left_ == 0) {
      if (in_row_group_) {
        error_ = FinishRowGroup();
        if (!error_.ok()) return error_;
      }
      if (next_row_group_ == metadata_.row_groups.size()) break;
      error_ = StartRowGroup(next_row_group_++);
      if (!error_.ok()) return error_;
      continue;
    }
    const size_t n = static_cast<size_t>(
        std::min<int64_t>(row_group_rows_left_, static_cast<int64_t>(max_rows - batch.rows())));
    for (size_t j = 0; j < columns_.size(); ++j) {
      Status s = columns_[j]->Read(n, batch.column(static_cast<int>(j)));
      if (!s.ok()) {
        error_ = InColumn(s, j);
        return error_;
      }
    }
    for (size_t i = 0; i < n; ++i) batch.FinishRow();
    row_group_rows_left_ -= static_cast<int64_t>(n);
  }
  BindDictionaries(batch, dictionaries_);
  return Status::Ok();
}

}  // namespace ecomsim::parquet
