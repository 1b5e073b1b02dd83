#include "sinks/text_part_writer.h"

#include <cmath>

#include "sinks/text_buffer.h"

namespace ecomsim {
namespace {

// Room for any non-string value in either text format, separators included.
constexpr size_t kFieldRoom = 40;

bool CsvNeedsQuotes(std::string_view s) {
  if (s.empty()) return true;  // "" tells an empty string from a null
  if (s.front() == ' ' || s.back() == ' ') return true;
  for (char c : s) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

void PutCsvString(TextWriter& w, std::string_view s) {
  w.Reserve(s.size() * 2 + 3);
  if (!CsvNeedsQuotes(s)) {
    w.PutRaw(s);
    return;
  }
  w.PutChar('"');
  for (char c : s) {
    if (c == '"') w.PutChar('"');
    w.PutChar(c);
  }
  w.PutChar('"');
}

void PutJsonString(TextWriter& w, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  w.Reserve(s.size() * 6 + 3);
  w.PutChar('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      w.PutChar('\\');
      w.PutChar(ch);
    } else if (c < 0x20) {
      switch (c) {
        case '\n': w.PutRaw("\\n"); break;
        case '\r': w.PutRaw("\\r"); break;
        case '\t': w.PutRaw("\\t"); break;
        default:
          w.PutRaw("\\u00");
          w.PutChar(kHex[c >> 4]);
          w.PutChar(kHex[c & 0xf]);
      }
    } else {
      w.PutChar(ch);
    }
  }
  w.PutChar('"');
}

// Writes a non-null, non-string value the same way in both formats.
void PutScalar(TextWriter& w, const Column& col, size_t row) {
  switch (col.type()) {
    case ColumnType::kInt32:
    case ColumnType::kInt64: w.PutInt(col.ints[row]); break;
    case ColumnType::kDouble: w.PutDouble(col.doubles[row]); break;
    case ColumnType::kBool: w.PutRaw(col.ints[row] != 0 ? "true" : "false"); break;
    case ColumnType::kDecimal: w.PutDecimal(col.ints[row], col.def->scale); break;
    default: break;
  }
}

}  // namespace

Status TextPartWriter::Open(const std::string& path, const std::string& display_path) {
  ECOMSIM_RETURN_IF_ERROR(file_.Open(path, display_path));
  ByteBuffer header;
  Header(header);
  return file_.Write(header.view());
}

Status TextPartWriter::Append(const Batch& batch, std::string_view encoded) {
  rows_ += static_cast<int64_t>(batch.rows());
  return file_.Write(encoded);
}

Status TextPartWriter::Finish(PartStats& stats) {
  ECOMSIM_RETURN_IF_ERROR(file_.Close());
  stats.rows = rows_;
  stats.bytes = file_.bytes();
  stats.crc32c = file_.crc32c();
  return Status::Ok();
}

void CsvPartWriter::Header(ByteBuffer& out) const {
  bool first = true;
  for (const ColumnDef& c : table_.columns) {
    if (!first) out.Append(",");
    out.Append(c.name);
    first = false;
  }
  out.Append("\n");
}

void CsvPartWriter::EncodeChunk(const Batch& batch, ByteBuffer& out) const {
  TextWriter w(out);
  const size_t columns = batch.column_count();
  for (size_t row = 0; row < batch.rows(); ++row) {
    w.Reserve(columns * kFieldRoom + 1);
    for (size_t i = 0; i < columns; ++i) {
      const Column& col = batch.column(static_cast<int>(i));
      if (i > 0) {
        w.Reserve(kFieldRoom);
        w.PutChar(',');
      }
      if (col.IsNull(row)) continue;
      switch (col.type()) {
        case ColumnType::kString: PutCsvString(w, col.StringAt(row)); break;
        case ColumnType::kEnum: PutCsvString(w, col.EnumAt(row)); break;
        case ColumnType::kTimestamp:
          w.Reserve(kFieldRoom);
          w.PutTimestamp(col.ints[row]);
          break;
        case ColumnType::kDate:
          w.Reserve(kFieldRoom);
          w.PutDate(col.ints[row]);
          break;
        default: w.Reserve(kFieldRoom); PutScalar(w, col, row);
      }
    }
    w.Reserve(1);
    w.PutChar('\n');
  }
}

JsonlPartWriter::JsonlPartWriter(const TableDef& table) : TextPartWriter(table) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    keys_.push_back(std::string(i == 0 ? "{\"" : ",\"") + std::string(table.columns[i].name) +
                    "\":");
  }
}

void JsonlPartWriter::EncodeChunk(const Batch& batch, ByteBuffer& out) const {
  TextWriter w(out);
  const size_t columns = batch.column_count();
  for (size_t row = 0; row < batch.rows(); ++row) {
    for (size_t i = 0; i < columns; ++i) {
      const Column& col = batch.column(static_cast<int>(i));
      w.Reserve(keys_[i].size() + kFieldRoom);
      w.PutRaw(keys_[i]);
      if (col.IsNull(row)) {
        w.PutRaw("null");
        continue;
      }
      switch (col.type()) {
        case ColumnType::kString: PutJsonString(w, col.StringAt(row)); break;
        case ColumnType::kEnum: PutJsonString(w, col.EnumAt(row)); break;
        case ColumnType::kTimestamp:
          w.PutChar('"');
          w.PutTimestamp(col.ints[row]);
          w.PutChar('"');
          break;
        case ColumnType::kDate:
          w.PutChar('"');
          w.PutDate(col.ints[row]);
          w.PutChar('"');
          break;
        case ColumnType::kDouble: {
          // JSON has no NaN or infinity: such a value is the string "NaN", "Infinity" or
          // "-Infinity", as BigQuery and Jackson read them.
          const double v = col.doubles[row];
          if (std::isfinite(v)) {
            w.PutDouble(v);
          } else {
            w.PutRaw(std::isnan(v) ? "\"NaN\"" : v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
          }
          break;
        }
        default: PutScalar(w, col, row);
      }
    }
    w.Reserve(2);
    w.PutRaw("}\n");
  }
}

}  // namespace ecomsim
